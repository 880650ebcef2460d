import type { CallDirection } from '@vaxel/domain';
import { getFrom, isSipUri, isTelUri } from '@vaxel/sip';
import type { SwitchDirectory } from '../directory/switchDirectory.ts';
import type { SipAuthenticator } from '../registrar/registrar.ts';
import { InvalidDialledNumber, parseDialledNumber } from '../routing/dialledNumber.ts';
import { destinationStep, unassignedNumberStep, type DestinationStep } from '../routing/destinationStep.ts';
import { resolveNumber } from '../routing/resolveNumber.ts';
import { trunkForSource } from '../routing/selectTrunk.ts';
import type { ServerInvite } from '../signalling/signallingPort.ts';
import type { Caller } from './callContext.ts';

export type Admission =
  | {
      ok: true;
      organisationId: string;
      caller: Caller;
      direction: CallDirection;
      dialled: string;
      fromNumber: string;
      fromName: string | null;
      first: DestinationStep;
    }
  | { ok: false; status: number; reason: string; warning: string | null; headers: Array<[string, string]> };

const refusal = (status: number, reason: string, warning: string | null, headers: Array<[string, string]> = []): Admission => ({ ok: false, status, reason, warning, headers });

/** The user part of the Request-URI: what the caller dialled. */
function dialledPart(invite: ServerInvite): string | null {
  const uri = invite.request.uri;
  if (isSipUri(uri)) return uri.user ?? null;
  if (isTelUri(uri)) return uri.number;
  return null;
}

/**
 * Who is calling and where the call goes first (architecture, "A call's way through", step 2):
 * - from a trunk's inbound address: an outside caller; the dialled number names the organisation;
 *   such a call may only reach the organisation's own numbers (no transit: toll-fraud protection);
 * - anyone else must be a user: the INVITE is challenged with 407 and the digest names the user
 *   (toll-fraud protection again: nobody places calls through the trunk without a password).
 */
export async function admitCall(
  invite: ServerInvite,
  directory: SwitchDirectory,
  authenticator: SipAuthenticator,
  defaultCountryCode: string,
): Promise<Admission> {
  const userPart = dialledPart(invite);
  if (userPart === null) return refusal(416, 'Unsupported URI Scheme', null);
  let dialled;
  try {
    dialled = parseDialledNumber(userPart, defaultCountryCode);
  } catch (error) {
    if (error instanceof InvalidDialledNumber) return refusal(404, 'Not Found', `"${userPart.slice(0, 40)}" is not a number`);
    throw error;
  }
  const dialledText = dialled.kind === 'extension' ? dialled.extension : dialled.number;

  const trunk = trunkForSource(await directory.trunks(), invite.source.address);
  if (trunk) {
    if (dialled.kind !== 'number') return refusal(404, 'Not Found', 'trunks must dial full numbers');
    const organisationId = await directory.ownerOf(dialled.number);
    if (!organisationId) return refusal(404, 'Not Found', 'number not in service');
    const target = resolveNumber(dialled, await directory.numberDirectory(organisationId));
    const from = getFrom(invite.request);
    const fromUser = isSipUri(from.uri) ? (from.uri.user ?? 'anonymous') : isTelUri(from.uri) ? from.uri.number : 'anonymous';
    const fromNumber = safeNumber(fromUser, defaultCountryCode);
    const caller: Caller = { type: 'trunk', trunk, number: fromNumber, name: from.displayName ?? null };
    let first: DestinationStep;
    switch (target.type) {
      case 'user':
        first = { step: 'ringUser', userId: target.userId };
        break;
      case 'responseGroup':
        first = destinationStep({ type: 'responseGroup', responseGroupId: target.responseGroupId }, 'routed');
        break;
      case 'ivrMenu':
        first = destinationStep({ type: 'ivrMenu', ivrMenuId: target.ivrMenuId }, 'routed');
        break;
      case 'unassigned':
        first = unassignedNumberStep(target.rule);
        break;
      case 'external':
      case 'unknownExtension':
        return refusal(404, 'Not Found', 'number not in service');
    }
    return { ok: true, organisationId, caller, direction: 'inbound', dialled: dialled.number, fromNumber, fromName: caller.name, first };
  }

  const auth = await authenticator.authenticate(invite.request, invite.source, true);
  if (!auth.ok) {
    const response = auth.response;
    return refusal(response.status, response.reason, null, [...response.headers].filter((h) => h.name === 'Proxy-Authenticate' || h.name === 'Retry-After' || h.name === 'Warning').map((h) => [h.name, h.value]));
  }
  const user = auth.user;
  const caller: Caller = { type: 'user', user };
  const target = resolveNumber(dialled, await directory.numberDirectory(user.organisationId));
  const base = { ok: true as const, organisationId: user.organisationId, caller, dialled: dialledText, fromNumber: user.extension, fromName: user.name };
  switch (target.type) {
    case 'user':
      if (target.userId === user.id) return refusal(486, 'Busy Here', 'you called yourself');
      return { ...base, direction: 'internal', first: { step: 'ringUser', userId: target.userId } };
    case 'external':
      return { ...base, direction: 'outbound', first: { step: 'dialExternal', number: target.number } };
    case 'unknownExtension':
      return { ...base, direction: 'internal', first: { step: 'refuse', status: 404, reason: 'Not Found', warning: `no user has extension ${target.extension}`, outcome: 'failed' } };
    case 'responseGroup':
      return { ...base, direction: 'internal', first: destinationStep({ type: 'responseGroup', responseGroupId: target.responseGroupId }, 'routed') };
    case 'ivrMenu':
      return { ...base, direction: 'internal', first: destinationStep({ type: 'ivrMenu', ivrMenuId: target.ivrMenuId }, 'routed') };
    case 'unassigned':
      return { ...base, direction: 'internal', first: unassignedNumberStep(target.rule) };
  }
}

/** A caller number from a carrier as the call log keeps it: E.164 when it looks like a number. */
function safeNumber(text: string, defaultCountryCode: string): string {
  try {
    const parsed = parseDialledNumber(text, defaultCountryCode);
    return parsed.kind === 'number' ? parsed.number : parsed.extension;
  } catch {
    return text.slice(0, 64);
  }
}
