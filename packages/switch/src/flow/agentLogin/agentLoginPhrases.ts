/**
 * What the phone hears after an agent-login code (R16), in the organisation's language, for the
 * switch's text-to-speech. Pure.
 */
import type { Language } from '@vaxel/domain';
import type { AgentLoginPlan } from './agentLoginPlan.ts';

/** Up to this many groups are named; more are "all your groups" (a long list helps nobody). */
export const MAX_NAMED_GROUPS = 3;

/** "Support", "Support och Sälj", "Support, Sälj och Växel". */
function listed(language: Language, names: readonly string[]): string {
  const and = language === 'sv' ? 'och' : 'and';
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${and} ${names.at(-1)}`;
}

/** The confirmation (or the refusal) for `plan`, with `loggedIn` what the code asked for. */
export function agentLoginPhrase(language: Language, plan: AgentLoginPlan, loggedIn: boolean): string {
  const sv = language === 'sv';
  switch (plan.kind) {
    case 'notAgent':
      return sv ? `Du är inte agent i grupp ${plan.numericId}.` : `You are not an agent of group ${plan.numericId}.`;
    case 'noGroups':
      return sv ? 'Du är inte agent i någon grupp.' : 'You are not an agent of any group.';
    case 'change': {
      const names = plan.groups.map((g) => g.name);
      const many = plan.all && names.length > MAX_NAMED_GROUPS;
      if (sv) {
        const where = many ? 'alla dina grupper' : listed(language, names);
        return loggedIn ? `Du är inloggad i ${where}.` : `Du är utloggad från ${where}.`;
      }
      const where = many ? 'all your groups' : listed(language, names);
      return loggedIn ? `You are logged in to ${where}.` : `You are logged out of ${where}.`;
    }
  }
}

/** Said when the store could not take the change: nothing was confirmed, so the agent tries again. */
export function agentLoginFailedPhrase(language: Language): string {
  return language === 'sv'
    ? 'Inloggningen kunde inte ändras. Försök igen om en stund.'
    : 'Your login could not be changed. Please try again in a moment.';
}
