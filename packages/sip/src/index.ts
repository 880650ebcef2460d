// @vaxel/sip: a SIP stack by RFC 3261. Knows nothing about a PBX.
export { SipParseError, InvalidStateError, TransportError } from './message/errors.ts';
export { Headers, canonicalHeaderName, isListHeader, type Header } from './message/headers.ts';
export {
  parseUri,
  formatUri,
  formatHost,
  parseHostPort,
  sipUri,
  uriEquals,
  isSipUri,
  isTelUri,
  type Uri,
  type SipUri,
  type TelUri,
  type OpaqueUri,
} from './message/uri.ts';
export { parseNameAddr, formatNameAddr, nameAddr, withParam, tagOf, type NameAddr } from './message/name-addr.ts';
export { parseVia, formatVia, branchOf, isRfc3261Branch, via, BRANCH_MAGIC_COOKIE, type Via } from './message/via.ts';
export { parseGenericParams, formatGenericParams, quoteString, splitOutside, type Params } from './message/syntax.ts';
export {
  createRequest,
  createResponse,
  parseCSeq,
  formatCSeq,
  getVias,
  topVia,
  getFrom,
  getTo,
  getCallId,
  getCSeq,
  getContacts,
  getRoutes,
  getMaxForwards,
  getTokens,
  REASON_PHRASES,
  MAX_CSEQ,
  type SipRequest,
  type SipResponse,
  type SipMessage,
  type CSeq,
  type ResponseOptions,
} from './message/message.ts';
export {
  parseMessage,
  contentLengthOf,
  type ParseOptions,
  type ParseResult,
  type ParseFailure,
} from './message/parser.ts';
export { serializeMessage } from './message/serializer.ts';
export {
  validateRequest,
  KNOWN_METHODS,
  type RequestPolicy,
  type RequestVerdict,
  type ElementRole,
} from './message/validate-request.ts';
export { validateResponse, type ResponseVerdict } from './message/validate-response.ts';
export {
  computeHa1,
  computeDigestResponse,
  digestHash,
  DIGEST_ALGORITHMS,
  type DigestAlgorithm,
  type DigestResponseInput,
} from './auth/digest-hash.ts';
export { parseAuthHeader, formatAuthHeader, type AuthHeaderValue } from './auth/digest-params.ts';
export {
  DigestServer,
  isCountedDigestFailure,
  type DigestFailure,
  type DigestServerOptions,
  type VerifyOptions,
  type DigestVerdict,
} from './auth/digest-server.ts';
export {
  buildAuthorization,
  parseDigestChallenge,
  pickDigestChallenge,
  type DigestChallenge,
  type DigestCredentials,
  type AuthorizationInput,
} from './auth/digest-client.ts';
export { SystemClock, type Clock, type TimerHandle } from './clock.ts';
export {
  dispatch,
  type Transport,
  type TransportProtocol,
  type SocketAddress,
  type SendTarget,
  type MessageSource,
  type ReceivedMessage,
  type MessageHandler,
  type TransportLimits,
  type Admission,
} from './transport/transport.ts';
export { stampReceived, responseTarget, defaultPort } from './transport/received.ts';
export { responseToMalformed } from './transport/malformed.ts';
export {
  MAX_DATAGRAM_SIZE,
  MAX_STREAM_MESSAGE_SIZE,
  MAX_VIA_VALUES,
  viaValueCount,
  tooManyVias,
  looksLikeResponse,
} from './transport/limits.ts';
export { StreamFramer } from './transport/stream-framer.ts';
export { UdpTransport, type UdpTransportOptions } from './transport/udp-transport.ts';
export { TcpTransport, type TcpTransportOptions } from './transport/tcp-transport.ts';
export { MemoryTransport, type SentMessage } from './transport/memory-transport.ts';
export { createAckForNonSuccess, createCancel } from './message/derived-requests.ts';
export { DEFAULT_TIMERS, timerValues, type TimerSettings, type TimerValues } from './transaction/timers.ts';
export type {
  TransactionContext,
  ClientTransaction,
  ServerTransaction,
  ClientTransactionUser,
  ServerTransactionUser,
} from './transaction/transaction.ts';
export { InviteClientTransaction, InviteClientState } from './transaction/invite-client-transaction.ts';
export { NonInviteClientTransaction, NonInviteClientState } from './transaction/non-invite-client-transaction.ts';
export { InviteServerTransaction, InviteServerState } from './transaction/invite-server-transaction.ts';
export { NonInviteServerTransaction, NonInviteServerState } from './transaction/non-invite-server-transaction.ts';
export { serverTransactionKey, clientTransactionKey } from './transaction/transaction-key.ts';
export type { SipTrafficObserver } from './transaction/traffic-observer.ts';
export {
  TransactionLayer,
  newBranch,
  randomToken,
  type Destination,
  type IncomingRequest,
  type TransactionLayerOptions,
  type Screening,
} from './transaction/transaction-layer.ts';
export {
  Dialog,
  DialogState,
  dialogKey,
  type DialogId,
  type DialogSnapshot,
  type StoredDialog,
} from './dialog/dialog.ts';
export { destinationFor, routeRequest, type RoutedRequestTarget } from './dialog/route.ts';
export { IncomingRequestHandle, type ReplyOptions } from './dialog/incoming-request.ts';
export { IncomingInvite, IncomingInviteState, type IncomingInviteHost } from './dialog/incoming-invite.ts';
export {
  OutgoingInvite,
  OutgoingInviteState,
  type InviteOutcome,
  type OutgoingInviteHandlers,
  type OutgoingInviteHost,
} from './dialog/outgoing-invite.ts';
export {
  UserAgent,
  type UserAgentOptions,
  type RequestOptions,
  type UserAgentStats,
  type DialogEndReason,
} from './dialog/user-agent.ts';
