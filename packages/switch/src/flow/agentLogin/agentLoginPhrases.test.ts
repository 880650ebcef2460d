import { describe, expect, it } from 'vitest';
import { agentLoginFailedPhrase, agentLoginPhrase } from './agentLoginPhrases.ts';
import { testGroup } from './testGroups.ts';

const named = (...names: string[]) => names.map((name, i) => testGroup(name, String(i + 1), [['u1', true]]));

describe('agentLoginPhrase', () => {
  it('confirms a login to one group by its name, in Swedish and English', () => {
    const plan = { kind: 'change' as const, groups: named('Support'), all: false };
    expect(agentLoginPhrase('sv', plan, true)).toBe('Du är inloggad i Support.');
    expect(agentLoginPhrase('en', plan, true)).toBe('You are logged in to Support.');
  });

  it('confirms a logout of one group by its name', () => {
    const plan = { kind: 'change' as const, groups: named('Support'), all: false };
    expect(agentLoginPhrase('sv', plan, false)).toBe('Du är utloggad från Support.');
    expect(agentLoginPhrase('en', plan, false)).toBe('You are logged out of Support.');
  });

  it('names every group of a code without numeric ID when they are few', () => {
    const plan = { kind: 'change' as const, groups: named('Sales', 'Support', 'Billing'), all: true };
    expect(agentLoginPhrase('sv', plan, false)).toBe('Du är utloggad från Sales, Support och Billing.');
    expect(agentLoginPhrase('en', plan, true)).toBe('You are logged in to Sales, Support and Billing.');
  });

  it('says all your groups when there are more than three', () => {
    const plan = { kind: 'change' as const, groups: named('A', 'B', 'C', 'D'), all: true };
    expect(agentLoginPhrase('sv', plan, true)).toBe('Du är inloggad i alla dina grupper.');
    expect(agentLoginPhrase('en', plan, false)).toBe('You are logged out of all your groups.');
  });

  it('says which numeric ID the user is not an agent of', () => {
    expect(agentLoginPhrase('sv', { kind: 'notAgent', numericId: '12' }, true)).toBe('Du är inte agent i grupp 12.');
    expect(agentLoginPhrase('en', { kind: 'notAgent', numericId: '12' }, false)).toBe(
      'You are not an agent of group 12.',
    );
  });

  it('says so when the user is an agent of no group', () => {
    expect(agentLoginPhrase('sv', { kind: 'noGroups' }, true)).toBe('Du är inte agent i någon grupp.');
    expect(agentLoginPhrase('en', { kind: 'noGroups' }, false)).toBe('You are not an agent of any group.');
  });
});

describe('agentLoginFailedPhrase', () => {
  it('asks the agent to try again, in the organisation language', () => {
    expect(agentLoginFailedPhrase('sv')).toContain('Försök igen');
    expect(agentLoginFailedPhrase('en')).toContain('try again');
  });
});
