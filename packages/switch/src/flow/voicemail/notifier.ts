import type { Language, VoicemailBoxOwner } from '@vaxel/domain';

/**
 * Tells people of a new voicemail message (R17 "who is notified"): by e-mail with the WAV
 * attached in the embedded setup (apps/vaxel, through VAXEL_SMTP_URL). A port, so the switch
 * neither sends mail itself nor imports the api.
 */
export interface VoicemailNotifier {
  notify(notification: VoicemailNotification): Promise<void>;
}

export interface VoicemailNotification {
  organisation: { id: string; name: string; language: Language; timeZone: string };
  box: { owner: VoicemailBoxOwner; name: string };
  /** The box's user, or a group box's notified users and supervisors; each once. */
  recipients: Array<{ name: string; email: string }>;
  message: { id: string; fromNumber: string; fromName: string | null; receivedAt: string; durationMs: number };
  /** The message as stored (WAV). */
  audio: Buffer;
}
