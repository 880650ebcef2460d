import {
  callingCodeOf,
  emergencyCall,
  type CallDirection,
  type Destination,
  type Language,
  type UnassignedNumberRule,
} from '@vaxel/domain';
import { getFrom, isSipUri, isTelUri } from '@vaxel/sip';
import type { TrunkRecord, UserRecord } from '@vaxel/store';
import type { SwitchDirectory } from '../directory/switchDirectory.ts';
import type { DestinationCause, EndCause } from '../flow/step.ts';
import type { SipAuthenticator } from '../registrar/registrar.ts';
import { InvalidDialledNumber, parseDialledNumber, type DialledNumber } from '../routing/dialledNumber.ts';
import { resolveNumber } from '../routing/resolveNumber.ts';
import { trunkForSource } from '../routing/selectTrunk.ts';
import type { ServerInvite } from '../signalling/signallingPort.ts';
import { refusal } from './endCauses.ts';
import { OWN_VOICEMAIL_CODE, type ListeningEntry } from '../flow/voicemail/listeningEntry.ts';
import { parseAgentLoginCode } from '../flow/agentLogin/agentLoginEntry.ts';
import type { AgentLoginStart } from '../flow/agentLogin/agentLogin.ts';

/** Who placed the call. */
export type Caller =
  { type: 'user'; user: UserRecord } | { type: 'trunk'; trunk: TrunkRecord; number: string; name: string | null };

/**
 * Where a call's flow starts: a destination of the domain's one union, a user's emergency call
 * (R92, the flow's own first step), or a refusal decided at admission (an unknown extension).
 */
export type FlowStart =
  | { kind: 'next'; destination: Destination; cause: DestinationCause }
  | { kind: 'emergency'; digits: string }
  /** R76: listening to voicemail (`*98` from one's own phone, or the voicemail access). */
  | { kind: 'voicemail'; entry: ListeningEntry }
  /** R16: `*45` / `*46` from one's own phone: logging in to or out of response groups. */
  | { kind: 'agentLogin'; start: AgentLoginStart }
  | { kind: 'end'; cause: EndCause };

const routed = (destination: Destination): FlowStart => ({ kind: 'next', destination, cause: 'routed' });

/** R35: a call to one of the organisation's numbers that is assigned to nothing. */
export function unassignedNumberStart(rule: UnassignedNumberRule): FlowStart {
  switch (rule.action) {
    case 'reject':
      return {
        kind: 'end',
        cause: { by: 'refusal', refusal: refusal(404, 'Not Found', 'number not in use', 'failed') },
      };
    case 'playMessage':
      return routed({ type: 'playMessage', prompt: rule.prompt });
    case 'route':
      return routed(rule.destination);
  }
}

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
      /** The organisation's language (built-in prompts). */
      language: Language;
      first: FlowStart;
    }
  | { ok: false; status: number; reason: string; warning: string | null; headers: Array<[string, string]> };

const refused = (
  status: number,
  reason: string,
  warning: string | null,
  headers: Array<[string, string]> = [],
): Admission => ({ ok: false, status, reason, warning, headers });

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
  if (userPart === null) return refused(416, 'Unsupported URI Scheme', null);
  const notANumber = () => refused(404, 'Not Found', `"${userPart.slice(0, 40)}" is not a number`);

  const trunk = trunkForSource(await directory.trunks(), invite.source.address);
  if (trunk) {
    const dialled = parse(userPart, defaultCountryCode);
    if (dialled === null) return notANumber();
    if (dialled.kind !== 'number') return refused(404, 'Not Found', 'trunks must dial full numbers');
    const organisationId = await directory.ownerOf(dialled.number);
    if (!organisationId) return refused(404, 'Not Found', 'number not in service');
    const target = resolveNumber(dialled, await directory.numberDirectory(organisationId));
    const from = getFrom(invite.request);
    const fromUser = isSipUri(from.uri)
      ? (from.uri.user ?? 'anonymous')
      : isTelUri(from.uri)
        ? from.uri.number
        : 'anonymous';
    const fromNumber = safeNumber(fromUser, defaultCountryCode);
    const caller: Caller = { type: 'trunk', trunk, number: fromNumber, name: from.displayName ?? null };
    let first: FlowStart;
    switch (target.type) {
      case 'user':
        first = routed({ type: 'user', userId: target.userId });
        break;
      case 'responseGroup':
        first = routed({ type: 'responseGroup', responseGroupId: target.responseGroupId });
        break;
      case 'ivrMenu':
        first = routed({ type: 'ivrMenu', ivrMenuId: target.ivrMenuId });
        break;
      case 'unassigned':
        first = unassignedNumberStart(target.rule);
        break;
      case 'voicemailAccess':
        first = { kind: 'voicemail', entry: { kind: 'askForBox' } };
        break;
      case 'external':
      case 'unknownExtension':
        return refused(404, 'Not Found', 'number not in service');
    }
    const language = (await directory.organisation(organisationId))?.language ?? 'sv';
    return {
      ok: true,
      organisationId,
      caller,
      direction: 'inbound',
      dialled: dialled.number,
      fromNumber,
      fromName: caller.name,
      emergency: false,
      language,
      first,
    };
  }

  const auth = await authenticator.authenticate(invite.request, invite.source, true);
  if (!auth.ok) {
    const response = auth.response;
    return refused(
      response.status,
      response.reason,
      null,
      [...response.headers]
        .filter((h) => h.name === 'Proxy-Authenticate' || h.name === 'Retry-After' || h.name === 'Warning')
        .map((h) => [h.name, h.value]),
    );
  }
  const user = auth.user;
  const caller: Caller = { type: 'user', user };
  const organisation = await directory.organisation(user.organisationId);
  if (!organisation) return refused(403, 'Forbidden', 'the organisation no longer exists');
  const base = {
    ok: true as const,
    organisationId: user.organisationId,
    caller,
    fromNumber: user.extension,
    fromName: user.name,
    language: organisation.language,
  };
  const emergency = emergencyCall(decoded(userPart), organisation.country);
  if (emergency) {
    return {
      ...base,
      direction: 'outbound',
      dialled: emergency.number,
      emergency: true,
      first: { kind: 'emergency', digits: emergency.sendAs },
    };
  }
  if (decoded(userPart) === OWN_VOICEMAIL_CODE) {
    return {
      ...base,
      direction: 'internal',
      dialled: OWN_VOICEMAIL_CODE,
      emergency: false,
      first: { kind: 'voicemail', entry: { kind: 'ownBox', owner: { type: 'user', userId: user.id } } },
    };
  }
  const agentLogin = parseAgentLoginCode(decoded(userPart));
  if (agentLogin) {
    return {
      ...base,
      direction: 'internal',
      dialled: agentLogin.code,
      emergency: false,
      first: { kind: 'agentLogin', start: { entry: agentLogin, sourceAddress: invite.source.address } },
    };
  }
  const dialled = parse(userPart, callingCodeOf(organisation.country) ?? defaultCountryCode);
  if (dialled === null) return notANumber();
  const target = resolveNumber(dialled, await directory.numberDirectory(user.organisationId));
  const call = {
    ...base,
    dialled: dialled.kind === 'extension' ? dialled.extension : dialled.number,
    emergency: false,
  };
  switch (target.type) {
    case 'user':
      if (target.userId === user.id) return refused(486, 'Busy Here', 'you called yourself');
      return { ...call, direction: 'internal', first: routed({ type: 'user', userId: target.userId }) };
    case 'external':
      return { ...call, direction: 'outbound', first: routed({ type: 'externalNumber', number: target.number }) };
    case 'unknownExtension':
      return {
        ...call,
        direction: 'internal',
        first: {
          kind: 'end',
          cause: {
            by: 'refusal',
            refusal: refusal(404, 'Not Found', `no user has extension ${target.extension}`, 'failed'),
          },
        },
      };
    case 'responseGroup':
      return {
        ...call,
        direction: 'internal',
        first: routed({ type: 'responseGroup', responseGroupId: target.responseGroupId }),
      };
    case 'ivrMenu':
      return { ...call, direction: 'internal', first: routed({ type: 'ivrMenu', ivrMenuId: target.ivrMenuId }) };
    case 'unassigned':
      return { ...call, direction: 'internal', first: unassignedNumberStart(target.rule) };
    case 'voicemailAccess':
      return { ...call, direction: 'internal', first: { kind: 'voicemail', entry: { kind: 'askForBox' } } };
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
