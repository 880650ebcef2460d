import { describe, expect, it } from 'vitest';
import { rtpPortSlices } from './rtpPortSlices.ts';

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

  it('refuses a range with fewer pairs than workers', () => {
    expect(() => rtpPortSlices({ min: 20000, max: 20003 }, 3)).toThrow(/too few for 3 media workers/);
  });
});
