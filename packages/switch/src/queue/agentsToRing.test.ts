import { describe, expect, it } from 'vitest';
import { agentsToRing, type AgentCandidate } from './agentsToRing.ts';

const agent = (userId: string, facts: Partial<AgentCandidate> = {}): AgentCandidate => ({ userId, loggedIn: true, busy: false, devices: 1, ...facts });
const skipBoth = { skipBusyAgents: true, skipLoggedOutAgents: true };

describe('agentsToRing', () => {
  it('rings every logged-in agent with a registered device at once', () => {
    expect(agentsToRing(skipBoth, [agent('a'), agent('b', { devices: 2 })])).toEqual({ reachable: ['a', 'b'], ring: ['a', 'b'] });
  });

  it('leaves out agents who are logged out, and agents without a registered device', () => {
    expect(agentsToRing(skipBoth, [agent('a', { loggedIn: false }), agent('b', { devices: 0 }), agent('c')])).toEqual({ reachable: ['c'], ring: ['c'] });
  });

  it('rings logged-out agents too when the group does not skip them', () => {
    expect(agentsToRing({ ...skipBoth, skipLoggedOutAgents: false }, [agent('a', { loggedIn: false })])).toEqual({ reachable: ['a'], ring: ['a'] });
  });

  it('keeps busy agents reachable but does not ring them while busy agents are skipped', () => {
    expect(agentsToRing(skipBoth, [agent('a', { busy: true }), agent('b')])).toEqual({ reachable: ['a', 'b'], ring: ['b'] });
  });

  it('rings busy agents (call waiting) when the group does not skip them', () => {
    expect(agentsToRing({ ...skipBoth, skipBusyAgents: false }, [agent('a', { busy: true })])).toEqual({ reachable: ['a'], ring: ['a'] });
  });

  it('finds nobody reachable in a group without agents', () => {
    expect(agentsToRing(skipBoth, [])).toEqual({ reachable: [], ring: [] });
  });
});
