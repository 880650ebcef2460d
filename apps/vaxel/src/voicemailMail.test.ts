import { describe, expect, it } from 'vitest';
import type { VoicemailNotification } from '@vaxel/switch';
import { voicemailMails } from './voicemailMail.ts';

const notification = (
  language: 'sv' | 'en',
  owner: VoicemailNotification['box']['owner'] = { type: 'user', userId: 'u1' },
): VoicemailNotification => ({
  organisation: { id: 'o1', name: 'Acme', language, timeZone: 'Europe/Stockholm' },
  box: { owner, name: owner.type === 'user' ? 'Anna Berg' : 'Support' },
  recipients: [
    { name: 'Anna Berg', email: 'anna@acme.test' },
    { name: 'Bo Ek', email: 'bo@acme.test' },
  ],
  message: {
    id: 'm1',
    fromNumber: '+46701234567',
    fromName: 'Carl Caller',
    receivedAt: '2026-12-01T13:32:00.000Z',
    durationMs: 74_400,
  },
  audio: Buffer.from('RIFF'),
});

describe('the e-mail of a new voicemail message', () => {
  it('goes to each recipient, naming the caller, the time in the organisation’s zone and the length, in Swedish', () => {
    const mails = voicemailMails(notification('sv'));
    expect(mails.map((m) => m.to)).toEqual(['anna@acme.test', 'bo@acme.test']);
    expect(mails[0]!.subject).toBe('Nytt röstmeddelande från Carl Caller (+46701234567)');
    expect(mails[0]!.text).toContain('Hej Anna Berg!');
    expect(mails[0]!.text).toContain('1 december 2026 kl. 14:32');
    expect(mails[0]!.text).toContain('(1 min 14 s)');
    expect(mails[1]!.text).toContain('Hej Bo Ek!');
  });

  it('says which group the message is for, in English', () => {
    const [mail] = voicemailMails(notification('en', { type: 'responseGroup', responseGroupId: 'g1' }));
    expect(mail!.subject).toBe('New voicemail from Carl Caller (+46701234567) for Support');
    expect(mail!.text).toContain('left a voicemail message for Support on 1 December 2026 at 14:32 (1 min 14 s)');
    expect(mail!.attachmentName).toBe('voicemail-20261201T1332.wav');
  });
});
