import { smtpMailer } from '@vaxel/api';
import type { VoicemailNotifier } from '@vaxel/switch';
import { voicemailMails } from './voicemailMail.ts';

/**
 * New voicemail by e-mail (R17), the WAV attached, through VAXEL_SMTP_URL with the api's SMTP
 * mailer (same URL forms, sender and timeouts as invitations); the switch logs a failure and keeps
 * the message.
 */
export function smtpVoicemailNotifier(smtpUrl: string, publicUrl: string): VoicemailNotifier & { close(): void } {
  const mailer = smtpMailer(smtpUrl, publicUrl);
  return {
    async notify(notification) {
      for (const mail of voicemailMails(notification)) {
        await mailer.send({
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          attachments: [{ filename: mail.attachmentName, content: notification.audio, contentType: 'audio/wav' }],
        });
      }
    },
    close: () => mailer.close(),
  };
}
