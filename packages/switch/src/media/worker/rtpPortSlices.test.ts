import { describe, expect, it } from 'vitest';
import { defaultMediaWorkers, rtpPortPairs, rtpPortSlices } from './rtpPortSlices.ts';

describe('rtpPortSlices', () => {
  it('cuts the range into whole even/odd pairs, one slice per worker, the last taking what is left', () => {
    expect(rtpPortSlices({ min: 20000, max: 20021 }, 2)).toEqual([
      { min: 20000, max: 20009 },
      { min: 20010, max: 20021 },
    ]);
  });

  it('starts the first slice on an even port', () => {
    expect(rtpPortSlices({ min: 20001, max: 20012 }, 3).map((s) => s.min)).toEqual([20002, 20004, 20006]);
  });

  it('gives one worker the whole range', () => {
    expect(rtpPortSlices({ min: 20000, max: 20999 }, 1)).toEqual([{ min: 20000, max: 20999 }]);
  });

  it('never lets two slices share a port', () => {
    const slices = rtpPortSlices({ min: 10000, max: 10999 }, 7);
    for (let i = 1; i < slices.length; i++) expect(slices[i]!.min).toBe(slices[i - 1]!.max + 1);
    expect(slices.every((s) => s.min % 2 === 0 && s.max - s.min + 1 >= 2)).toBe(true);
  });

  it('runs one worker per core by default, never more than the range has port pairs', () => {
    expect(defaultMediaWorkers({ min: 20000, max: 20999 }, 8)).toBe(8);
    expect(defaultMediaWorkers({ min: 20000, max: 20005 }, 8)).toBe(3);
    expect(rtpPortPairs({ min: 20001, max: 20004 })).toBe(1);
  });

  it('refuses a range with fewer pairs than workers', () => {
    expect(() => rtpPortSlices({ min: 20000, max: 20003 }, 3)).toThrow(/too few for 3 media workers/);
  });
});
