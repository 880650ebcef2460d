import { describe, expect, it } from 'vitest';
import { expectedWaitSeconds } from './expectedWait.ts';

describe('expectedWaitSeconds', () => {
  it('estimates nothing before the group has answered a call', () => {
    expect(expectedWaitSeconds(3, 2, [])).toBeNull();
  });

  it('estimates nothing while no agent can take calls', () => {
    expect(expectedWaitSeconds(1, 0, [120])).toBeNull();
  });

  it('is the average handling time for the first caller with one agent', () => {
    expect(expectedWaitSeconds(1, 1, [100, 200])).toBe(150);
  });

  it('grows with the position and shrinks with the agents taking calls', () => {
    expect(expectedWaitSeconds(3, 1, [60])).toBe(180);
    expect(expectedWaitSeconds(3, 3, [60])).toBe(60);
    expect(expectedWaitSeconds(4, 3, [90])).toBe(120);
  });
});
