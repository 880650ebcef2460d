import { describe, expect, it } from 'vitest';
import { outboundBlockMails, type OutboundBlockMailFacts } from './outboundBlockMail.ts';

const facts = (language: 'sv' | 'en'): OutboundBlockMailFacts => ({
  block: {
    organisationId: 'o1',
    scope: 'international',
    reason: 'international_spike',
    since: '2026-12-01T13:32:00.000Z',
    calls: 10,
    seconds: 60,
  },
  organisation: { name: 'Acme', language, timeZone: 'Europe/Stockholm' },
  admins: [
    { name: 'Anna Berg', email: 'anna@acme.test' },
    { name: 'Bo Ek', email: 'bo@acme.test' },
  ],
  publicUrl: 'https://pbx.example.test',
});

describe('the e-mail of an international block', () => {
  it('goes to each admin in Swedish, naming the spike, the time in the organisation’s zone, what still works and where to lift it', () => {
    const mails = outboundBlockMails(facts('sv'));
    expect(mails.map((m) => m.to)).toEqual(['anna@acme.test', 'bo@acme.test']);
    expect(mails[0]!.subject).toBe('Utlandssamtal spärrade för Acme');
    expect(mails[0]!.text).toContain('Hej Anna Berg!');
    expect(mails[0]!.text).toContain('10 utlandssamtal inom 60 sekunder 1 december 2026 kl. 14:32');
    expect(mails[0]!.text).toContain('nödsamtal fungerar');
    expect(mails[0]!.text).toContain('https://pbx.example.test');
  });

  it('reads the same in English', () => {
    const [mail] = outboundBlockMails(facts('en'));
    expect(mail!.subject).toBe('International calls blocked for Acme');
    expect(mail!.text).toContain('placed 10 international calls within 60 seconds on 1 December 2026 at 14:32');
    expect(mail!.text).toContain('until an admin lifts it');
  });

  it('goes to nobody when the organisation has no admin', () => {
    expect(outboundBlockMails({ ...facts('en'), admins: [] })).toEqual([]);
  });
});
