import { smtpMailer, type Mail } from '@vaxel/api';
import type { VoicemailNotifier } from '@vaxel/switch';
import { voicemailMails } from './voicemailMail.ts';

/** Waits before the second, third and fourth try of a mail the server did not take (a busy or greylisting server answers 4xx). */
export const VOICEMAIL_MAIL_RETRY_DELAYS_MS = [5_000, 30_000, 120_000];

/**
 * New voicemail by e-mail (R17), the WAV attached, through VAXEL_SMTP_URL with the api's SMTP
 * mailer (same URL forms, sender and timeouts as invitations). Each recipient's mail is tried
 * again after each of `retryDelaysMs` when sending fails, so a mail server that is briefly busy,
 * greylisting or restarting still delivers it; after the last try the error reaches the switch,
 * which logs it and keeps the message.
 */
export function smtpVoicemailNotifier(
  smtpUrl: string,
  publicUrl: string,
  options: { retryDelaysMs?: readonly number[] } = {},
): VoicemailNotifier & { close(): void } {
  const mailer = smtpMailer(smtpUrl, publicUrl);
  const delays = options.retryDelaysMs ?? VOICEMAIL_MAIL_RETRY_DELAYS_MS;
  let closed = false;
  const send = async (mail: Mail): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await mailer.send(mail);
      } catch (error) {
        const delay = delays[attempt];
        if (delay === undefined || closed) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  };
  return {
    async notify(notification) {
      const failures: unknown[] = [];
      // Every recipient is tried, each with its own retries; one refused address does not stop the others.
      await Promise.all(
        voicemailMails(notification).map((mail) =>
          send({
            to: mail.to,
            subject: mail.subject,
            text: mail.text,
            attachments: [{ filename: mail.attachmentName, content: notification.audio, contentType: 'audio/wav' }],
          }).catch((error: unknown) => {
            failures.push(error);
          }),
        ),
      );
      if (failures.length > 0) throw failures[0];
    },
    close: () => {
      closed = true;
      mailer.close();
    },
  };
}
