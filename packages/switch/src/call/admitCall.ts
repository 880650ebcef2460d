import { callingCodeOf, emergencyCall, type CallDirection } from '@vaxel/domain';
import { getFrom, isSipUri, isTelUri } from '@vaxel/sip';
import type { SwitchDirectory } from '../directory/switchDirectory.ts';
import type { SipAuthenticator } from '../registrar/registrar.ts';
import { InvalidDialledNumber, parseDialledNumber, type DialledNumber } from '../routing/dialledNumber.ts';
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
      /** R92: the caller dialled an emergency number; the call log marks it. */
      emergency: boolean;
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

function decoded(userPart: string): string {
  try {
    return decodeURIComponent(userPart);
  } catch {
    return userPart;
  }
}

/**
 * Who is calling and where the call goes first (architecture, "A call's way through", step 2):
 * - from a trunk's inbound address: an outside caller; the dialled number names the organisation;
 *   such a call may only reach the organisation's own numbers (no transit: toll-fraud protection);
 * - anyone else must be a user: the INVITE is challenged with 407 and the digest names the user
 *   (toll-fraud protection again: nobody places calls through the trunk without a password).
 *   What a user dialled is read with their organisation's country: an emergency number of that
 *   country goes to the trunk before anything else (R92: no extension or rule can stand in its
 *   way), and national numbers get its calling code.
 */
export async function admitCall(
  invite: ServerInvite,
  directory: SwitchDirectory,
  authenticator: SipAuthenticator,
  defaultCountryCode: string,
): Promise<Admission> {
  const userPart = dialledPart(invite);
  if (userPart === null) return refusal(416, 'Unsupported URI Scheme', null);
  const notANumber = () => refusal(404, 'Not Found', `"${userPart.slice(0, 40)}" is not a number`);

  const trunk = trunkForSource(await directory.trunks(), invite.source.address);
  if (trunk) {
    const dialled = parse(userPart, defaultCountryCode);
    if (dialled === null) return notANumber();
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
    return { ok: true, organisationId, caller, direction: 'inbound', dialled: dialled.number, fromNumber, fromName: caller.name, emergency: false, first };
  }

  const auth = await authenticator.authenticate(invite.request, invite.source, true);
  if (!auth.ok) {
    const response = auth.response;
    return refusal(response.status, response.reason, null, [...response.headers].filter((h) => h.name === 'Proxy-Authenticate' || h.name === 'Retry-After' || h.name === 'Warning').map((h) => [h.name, h.value]));
  }
  const user = auth.user;
  const caller: Caller = { type: 'user', user };
  const organisation = await directory.organisation(user.organisationId);
  if (!organisation) return refusal(403, 'Forbidden', 'the organisation no longer exists');
  const base = { ok: true as const, organisationId: user.organisationId, caller, fromNumber: user.extension, fromName: user.name };
  const emergency = emergencyCall(decoded(userPart), organisation.country);
  if (emergency) {
    return { ...base, direction: 'outbound', dialled: emergency.number, emergency: true, first: { step: 'dialEmergency', digits: emergency.sendAs } };
  }
  const dialled = parse(userPart, callingCodeOf(organisation.country) ?? defaultCountryCode);
  if (dialled === null) return notANumber();
  const target = resolveNumber(dialled, await directory.numberDirectory(user.organisationId));
  const call = { ...base, dialled: dialled.kind === 'extension' ? dialled.extension : dialled.number, emergency: false };
  switch (target.type) {
    case 'user':
      if (target.userId === user.id) return refusal(486, 'Busy Here', 'you called yourself');
      return { ...call, direction: 'internal', first: { step: 'ringUser', userId: target.userId } };
    case 'external':
      return { ...call, direction: 'outbound', first: { step: 'dialExternal', number: target.number } };
    case 'unknownExtension':
      return { ...call, direction: 'internal', first: { step: 'refuse', status: 404, reason: 'Not Found', warning: `no user has extension ${target.extension}`, outcome: 'failed' } };
    case 'responseGroup':
      return { ...call, direction: 'internal', first: destinationStep({ type: 'responseGroup', responseGroupId: target.responseGroupId }, 'routed') };
    case 'ivrMenu':
      return { ...call, direction: 'internal', first: destinationStep({ type: 'ivrMenu', ivrMenuId: target.ivrMenuId }, 'routed') };
    case 'unassigned':
      return { ...call, direction: 'internal', first: unassignedNumberStep(target.rule) };
  }
}

function parse(userPart: string, countryCode: string): DialledNumber | null {
  try {
    return parseDialledNumber(userPart, countryCode);
  } catch (error) {
    if (error instanceof InvalidDialledNumber) return null;
    throw error;
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
