// @vaxel/switch: the telephony engine (registrar, B2BUA, routing, anchored media, call log).
export {
  Switch,
  type SwitchOptions,
  type SwitchMediaStats,
  type SwitchStats,
  type SwitchStore,
  type SwitchEdgeStats,
  type SwitchThreadLoad,
} from './Switch.ts';
export { noFigures, type MediaPlaneFigures } from './media/mediaPlaneTally.ts';
export {
  FloodGuard,
  DEFAULT_FLOOD_LIMITS,
  floodLimits,
  type FloodLimits,
  type FloodOptions,
  type FloodStats,
} from './security/floodGuard.ts';
export { formatSecurityEvent, type SipSecurityEvent, type SipSecurityLog } from './security/securityEvent.ts';
export type { SwitchLogger } from './kernel/logger.ts';
export type { OverloadReason, SwitchObserver } from './kernel/switchObserver.ts';
export type { Clock, TimerHandle } from './kernel/clock.ts';
export { SIP_REALM, type SipSource } from './registrar/registrar.ts';
export { parseDialledNumber, InvalidDialledNumber, type DialledNumber } from './routing/dialledNumber.ts';
export { resolveNumber, type NumberTarget, type NumberDirectory } from './routing/resolveNumber.ts';
export {
  userCallPlan,
  afterRinging,
  type UserCallPlan,
  type UserCallFacts,
  type RingEnd,
} from './routing/userCallPlan.ts';
export { selectTrunk, trunkForSource } from './routing/selectTrunk.ts';
export { outboundCallerId, type CallerIdFacts } from './routing/outboundCallerId.ts';
export { CallState, CallStateMachine, IllegalCallTransition } from './call/callState.ts';
export { callEnd, type CallEnd, type CallerEnding, type Reach } from './call/endCauses.ts';
export type { DestinationCause, EndCause, Refusal } from './flow/step.ts';
export { defaultMediaWorkers } from './media/worker/rtpPortSlices.ts';
export { LibraryPromptAudio, type LibraryPromptAudioOptions } from './media/libraryPromptAudio.ts';
export type { VoicemailNotifier, VoicemailNotification } from './flow/voicemail/notifier.ts';
export type { OutboundBlockNotifier } from './security/outboundBlockNotifier.ts';
export { TollGuard, type TollAdmission, type TollLeg, type TollRequest } from './security/tollGuard.ts';
export { QueueLive } from './queue/liveState.ts';
export type { QueueLiveState, GroupLiveState } from '@vaxel/domain';
