/**
 * The 407 for an INVITE without credentials, sent statelessly (issue 10, "Floods and
 * reflection"). Through an INVITE server transaction, one spoofed INVITE over UDP drew the 407
 * and its retransmissions until Timer H (RFC 3261 §17.2.1): twelve responses to an address that
 * never asked, a tenfold reflection. Answered without a transaction (§8.2.6 lets a UAS answer a
 * request it will not process statelessly; §16.11 describes the stateless element), one INVITE
 * draws exactly one 407; a real phone that lost it retransmits the INVITE and gets another.
 *
 * Only an initial INVITE (no To tag) without Proxy-Authorization from a source that is not a
 * trunk is answered here: trunks' INVITEs are not challenged, and an INVITE with credentials needs
 * the authenticator (the digest check and the guard's counting), so it gets a transaction.
 */
import { createResponse, getTo, randomToken, type SipRequest, type SipResponse } from '@vaxel/sip';

export interface ChallengeIssuer {
  /**
   * Header fields of a fresh Proxy-Authenticate challenge (DigestServer.challenge), its nonce
   * issued to `client` (the address the INVITE came from: nonces are accepted only from there).
   */
  proxyChallenge(client: string): ReadonlyArray<readonly [string, string]>;
}

export function statelessChallenge(
  request: SipRequest,
  source: { address: string; isTrunk: boolean },
  issuer: ChallengeIssuer,
): SipResponse | undefined {
  if (request.method !== 'INVITE' || source.isTrunk) return undefined;
  if (request.headers.has('Proxy-Authorization')) return undefined;
  let toTag: string | null;
  try {
    toTag = getTo(request).params.get('tag') ?? null;
  } catch {
    return undefined; // the transaction layer's checks answer a broken To
  }
  if (toTag !== null) return undefined; // a re-INVITE belongs to its dialog
  return createResponse(request, 407, { toTag: randomToken(), headers: issuer.proxyChallenge(source.address) });
}
