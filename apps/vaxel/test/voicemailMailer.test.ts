import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailbox, type Mailbox } from '../../../packages/api/test/support/mailbox.ts';
import { mimeParts } from '../../../packages/api/test/support/mimeParts.ts';
import { smtpVoicemailNotifier } from '../src/voicemailMailer.ts';

let mailbox: Mailbox;
beforeAll(async () => {
  mailbox = await startMailbox();
});
afterAll(async () => mailbox.close());

describe('voicemail e-mail through SMTP', () => {
  it('reaches each recipient at a real SMTP server with the WAV attached, byte for byte', async () => {
    const notifier = smtpVoicemailNotifier(mailbox.url, 'https://pbx.example.test');
    const audio = Buffer.concat([
      Buffer.from('RIFF'),
      Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 37) % 256)),
    ]);
    try {
      await notifier.notify({
        organisation: { id: 'o1', name: 'Acme', language: 'en', timeZone: 'Europe/Stockholm' },
        box: { owner: { type: 'user', userId: 'u1' }, name: 'Anna Berg' },
        recipients: [{ name: 'Anna Berg', email: 'anna@acme.test' }],
        message: {
          id: 'm1',
          fromNumber: '+46701234567',
          fromName: null,
          receivedAt: '2026-12-01T13:32:00.000Z',
          durationMs: 5000,
        },
        audio,
      });
    } finally {
      notifier.close();
    }
    const mail = await mailbox.next('anna@acme.test');
    expect(mail.subject).toBe('New voicemail from +46701234567');
    expect(mail.from).toBe('noreply@vaxel.test');
    const parts = mimeParts(mail.raw);
    const text = parts.find((p) => p.headers['content-type']?.startsWith('text/plain'));
    expect(text?.body.toString('utf8')).toContain('left a voicemail message for you');
    const wav = parts.find((p) => p.headers['content-type']?.startsWith('audio/wav'));
    expect(wav?.headers['content-disposition']).toMatch(/attachment; filename="?voicemail-20261201T1332\.wav/);
    expect(wav?.body.equals(audio)).toBe(true);
  });

  it('tries again when the mail server is busy, and delivers the mail once it takes it', async () => {
    const busy = await startMailbox({ refuseFirstConnections: 2 });
    const notifier = smtpVoicemailNotifier(busy.url, 'https://pbx.example.test', { retryDelaysMs: [50, 50, 50] });
    try {
      await notifier.notify(notification('erik@acme.test'));
      const mail = await busy.next('erik@acme.test');
      expect(mail.subject).toBe('New voicemail from +46701234567');
      expect(busy.refused).toBe(2);
    } finally {
      notifier.close();
      await busy.close();
    }
  });

  it('gives up after the last retry and says why', async () => {
    const refusing = await startMailbox({ refuseFirstConnections: 10 });
    const notifier = smtpVoicemailNotifier(refusing.url, 'https://pbx.example.test', { retryDelaysMs: [20] });
    try {
      await expect(notifier.notify(notification('erik@acme.test'))).rejects.toThrow(/busy/i);
      expect(refusing.refused).toBe(2);
      expect(refusing.mails).toEqual([]);
    } finally {
      notifier.close();
      await refusing.close();
    }
  });
});

function notification(email: string) {
  return {
    organisation: { id: 'o1', name: 'Acme', language: 'en' as const, timeZone: 'Europe/Stockholm' },
    box: { owner: { type: 'user' as const, userId: 'u1' }, name: 'Erik Berg' },
    recipients: [{ name: 'Erik Berg', email }],
    message: {
      id: 'm2',
      fromNumber: '+46701234567',
      fromName: null,
      receivedAt: '2026-12-01T13:32:00.000Z',
      durationMs: 5000,
    },
    audio: Buffer.from('RIFF-test-audio'),
  };
}
