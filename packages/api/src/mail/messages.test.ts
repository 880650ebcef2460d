import { describe, expect, it } from 'vitest';
import { invitationMail, passwordResetMail } from './messages.ts';

const invitation = {
  to: 'ceo@neworg.test',
  name: 'Cecilia',
  organisationName: 'Neworg AB',
  invitedBy: 'Anna Admin',
  url: 'https://pbx.example/invitation/abc',
  expiresAt: '2026-03-08T09:00:00.000Z',
  timeZone: 'Europe/Stockholm',
};

describe('account e-mails', () => {
  it('invite in Swedish with the link, who invited and until when, in the organisation’s time zone', () => {
    const mail = invitationMail({ ...invitation, language: 'sv' });
    expect(mail.to).toBe('ceo@neworg.test');
    expect(mail.subject).toBe('Inbjudan till Neworg AB i Växel');
    expect(mail.text).toContain('Anna Admin har bjudit in dig till Neworg AB');
    expect(mail.text).toContain('https://pbx.example/invitation/abc');
    expect(mail.text).toContain('8 mars 2026 kl. 10:00');
  });

  it('invite in English when the organisation speaks English', () => {
    const mail = invitationMail({ ...invitation, language: 'en', invitedBy: null, timeZone: 'Europe/London' });
    expect(mail.subject).toBe('Invitation to Neworg AB on Växel');
    expect(mail.text).toContain('An administrator has invited you');
    expect(mail.text).toContain('8 March 2026 at 09:00');
  });

  it('send a reset link that says every session ends', () => {
    const sv = passwordResetMail({
      to: 'p@x.test',
      url: 'https://pbx.example/password-reset/t',
      expiresAt: '2026-03-01T10:00:00Z',
      language: 'sv',
      timeZone: 'Europe/Stockholm',
    });
    expect(sv.subject).toBe('Nytt lösenord till Växel');
    expect(sv.text).toContain('https://pbx.example/password-reset/t');
    const en = passwordResetMail({
      to: 'p@x.test',
      url: 'https://pbx.example/password-reset/t',
      expiresAt: '2026-03-01T10:00:00Z',
      language: 'en',
      timeZone: 'Europe/Stockholm',
    });
    expect(en.text).toContain('every session is logged out');
  });
});
