/**
 * An agent logs in to or out of response groups from their own phone (R16): `*45` / `*46`, with
 * a group's numeric ID or alone for every group they are an agent of (agentLoginEntry.ts). The
 * call is the user's own, authenticated by the phone's SIP digest like `*98`. The switch answers,
 * changes the logins through the store (audited as the user's change), tells the switch the
 * settings changed so the queues see the login at once, says what it did in the organisation's
 * language, and hangs up. A numeric ID that names no group of theirs changes nothing and says so.
 */
import { abortedCause } from '../../call/endCauses.ts';
import { sleep } from '../../kernel/clock.ts';
import { playToCaller, promptClips, type PromptCall } from '../playPrompts.ts';
import type { FlowCall, FlowServices, StepResult } from '../step.ts';
import { MESSAGE_TAIL_MS } from '../steps/playMessage.ts';
import { say } from '../voicemail/phrases.ts';
import type { AgentLoginEntry } from './agentLoginEntry.ts';
import { agentLoginPlan } from './agentLoginPlan.ts';
import { agentLoginFailedPhrase, agentLoginPhrase } from './agentLoginPhrases.ts';

/** The flow's start: what was dialled, from which address (for the audit log). */
export interface AgentLoginStart {
  entry: AgentLoginEntry;
  sourceAddress: string;
}

export type AgentLoginCall = PromptCall &
  Pick<FlowCall, 'leg' | 'caller' | 'language'> & {
    readonly services: Pick<FlowServices, 'prompts' | 'logger' | 'clock' | 'agentLogins'>;
  };

export async function agentLogin(call: AgentLoginCall, start: AgentLoginStart): Promise<StepResult> {
  const { agentLogins: logins, logger } = call.services;
  const { entry } = start;
  if (call.caller.type !== 'user')
    return { kind: 'end', cause: { by: 'failure', detail: 'an agent login code from a caller who is not a user' } };
  const userId = call.caller.userId;
  await call.leg.answer();
  let text: string;
  let changedAny = false;
  try {
    const plan = agentLoginPlan(await logins.groups(call.organisationId), userId, entry);
    if (plan.kind === 'change') {
      for (const group of plan.groups) {
        changedAny = true;
        await logins.set({
          organisationId: call.organisationId,
          group,
          userId,
          loggedIn: entry.loggedIn,
          code: entry.code,
          sourceAddress: start.sourceAddress,
        });
      }
      logger.info('agent login by phone', {
        userId,
        loggedIn: entry.loggedIn,
        responseGroupIds: plan.groups.map((g) => g.id),
      });
    } else {
      logger.info('agent login by phone changed nothing', { userId, code: entry.code, why: plan.kind });
    }
    text = agentLoginPhrase(call.language, plan, entry.loggedIn);
  } catch (error) {
    logger.error('agent login by phone failed', { userId, code: entry.code, error: String(error) });
    text = agentLoginFailedPhrase(call.language);
  } finally {
    // Also after a failure part-way: the groups changed before it must reach the queues.
    if (changedAny) logins.changed(call.organisationId);
  }
  const clips = await promptClips(call, [say(call.language, text)]);
  const played = await playToCaller(call, clips, { bargeIn: false });
  if (played.reason === 'finished' && clips.length > 0) await sleep(call.services.clock, MESSAGE_TAIL_MS, call.abort);
  if (call.abort.aborted) return { kind: 'end', cause: abortedCause(call.abort) };
  return { kind: 'end', cause: { by: 'flow', outcome: 'answered' } };
}
