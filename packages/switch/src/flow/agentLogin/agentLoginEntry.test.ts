import { describe, expect, it } from 'vitest';
import { parseAgentLoginCode } from './agentLoginEntry.ts';

describe('parseAgentLoginCode', () => {
  it('reads *45 and a numeric ID as logging in to that group', () => {
    expect(parseAgentLoginCode('*4512')).toEqual({ code: '*4512', loggedIn: true, numericId: '12' });
  });

  it('reads *46 and a numeric ID as logging out of that group', () => {
    expect(parseAgentLoginCode('*467')).toEqual({ code: '*467', loggedIn: false, numericId: '7' });
  });

  it('reads *45 alone as logging in to every group', () => {
    expect(parseAgentLoginCode('*45')).toEqual({ code: '*45', loggedIn: true, numericId: null });
  });

  it('reads *46 alone as logging out of every group', () => {
    expect(parseAgentLoginCode('*46')).toEqual({ code: '*46', loggedIn: false, numericId: null });
  });

  it('keeps leading zeros of the numeric ID as dialled', () => {
    expect(parseAgentLoginCode('*45007')?.numericId).toBe('007');
  });

  it('does not take other feature codes or numbers for a login code', () => {
    for (const dialled of ['*98', '*4', '*47', '45', '1001', '+46812300050', '*44'])
      expect(parseAgentLoginCode(dialled), dialled).toBeNull();
  });

  it('takes a closing # as the dial key of the phone, not as part of the code', () => {
    expect(parseAgentLoginCode('*4512#')).toEqual({ code: '*4512#', loggedIn: true, numericId: '12' });
    expect(parseAgentLoginCode('*46#')).toEqual({ code: '*46#', loggedIn: false, numericId: null });
  });

  it('does not take a code followed by anything but digits', () => {
    for (const dialled of ['*45*12', '*45#12', '*46 1', '*45a', '*4512##'])
      expect(parseAgentLoginCode(dialled), dialled).toBeNull();
  });
});
