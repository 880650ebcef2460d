import nodemailer from 'nodemailer';
import type { VoicemailNotifier } from '@vaxel/switch';
import { voicemailMails } from './voicemailMail.ts';

/**
 * New voicemail by e-mail (R17), the WAV attached, through VAXEL_SMTP_URL: `smtp://user:pass@host:587`
 * (STARTTLS when offered) or `smtps://…:465`; the sender is `?from=`, else `vaxel@` the public URL's
 * host (as the api's mail/mailer.ts does for invitations). Timeouts keep a dead mail server from
 * holding on to anything; the switch logs a failure and keeps the message.
 */
export function smtpVoicemailNotifier(smtpUrl: string, publicUrl: string): VoicemailNotifier & { close(): void } {
  const url = new URL(smtpUrl);
  const from = url.searchParams.get('from') ?? `Växel <vaxel@${new URL(publicUrl).hostname}>`;
  const secure = url.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async notify(notification) {
      for (const mail of voicemailMails(notification)) {
        await transport.sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          textEncoding: 'quoted-printable',
          attachments: [{ filename: mail.attachmentName, content: notification.audio, contentType: 'audio/wav' }],
        });
      }
    },
    close: () => transport.close(),
  };
}
