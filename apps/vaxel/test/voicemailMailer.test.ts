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
    const audio = Buffer.concat([Buffer.from('RIFF'), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 37) % 256))]);
    try {
      await notifier.notify({
        organisation: { id: 'o1', name: 'Acme', language: 'en', timeZone: 'Europe/Stockholm' },
        box: { owner: { type: 'user', userId: 'u1' }, name: 'Anna Berg' },
        recipients: [{ name: 'Anna Berg', email: 'anna@acme.test' }],
        message: { id: 'm1', fromNumber: '+46701234567', fromName: null, receivedAt: '2026-12-01T13:32:00.000Z', durationMs: 5000 },
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
});
