import type { Language } from '@vaxel/domain';
import type { Mail } from './mailer.ts';

/**
 * The e-mails of accounts, in the organisation's language (sv/en). Pure: the services decide
 * when to send, these say what. Links carry a single-use token; nothing else secret is in them.
 */
const dateFormat = (language: Language, iso: string, timeZone: string) =>
  new Intl.DateTimeFormat(language === 'sv' ? 'sv-SE' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso));

export function invitationMail(input: {
  to: string;
  name: string;
  organisationName: string;
  invitedBy: string | null;
  url: string;
  expiresAt: string;
  language: Language;
  timeZone: string;
}): Mail {
  const until = dateFormat(input.language, input.expiresAt, input.timeZone);
  if (input.language === 'sv') {
    return {
      to: input.to,
      subject: `Inbjudan till ${input.organisationName} i Växel`,
      text: [
        `Hej ${input.name}!`,
        '',
        `${input.invitedBy ?? 'En administratör'} har bjudit in dig till ${input.organisationName} i Växel, organisationens telefonsystem.`,
        '',
        'Öppna länken för att tacka ja. Har du inget Växel-konto väljer du ditt lösenord där; har du redan ett loggar du in med det.',
        '',
        input.url,
        '',
        `Länken fungerar en gång och till ${until}.`,
        'Väntade du dig inte den här inbjudan kan du låta bli att öppna länken.',
      ].join('\n'),
    };
  }
  return {
    to: input.to,
    subject: `Invitation to ${input.organisationName} on Växel`,
    text: [
      `Hello ${input.name},`,
      '',
      `${input.invitedBy ?? 'An administrator'} has invited you to ${input.organisationName} on Växel, the organisation's phone system.`,
      '',
      'Open the link to accept. Without a Växel account you choose your password there; with one you log in with it.',
      '',
      input.url,
      '',
      `The link works once, until ${until}.`,
      'If you did not expect this invitation, simply do not open the link.',
    ].join('\n'),
  };
}

export function passwordResetMail(input: {
  to: string;
  url: string;
  expiresAt: string;
  language: Language;
  timeZone: string;
}): Mail {
  const until = dateFormat(input.language, input.expiresAt, input.timeZone);
  if (input.language === 'sv') {
    return {
      to: input.to,
      subject: 'Nytt lösenord till Växel',
      text: [
        'Hej!',
        '',
        'Någon (förhoppningsvis du) bad om ett nytt lösenord till ditt Växel-konto. Välj ett nytt här:',
        '',
        input.url,
        '',
        `Länken fungerar en gång och till ${until}. När lösenordet är bytt loggas alla inloggningar ut.`,
        'Bad du inte om det här behåller du ditt lösenord genom att låta bli att öppna länken.',
      ].join('\n'),
    };
  }
  return {
    to: input.to,
    subject: 'Reset your Växel password',
    text: [
      'Hello,',
      '',
      'Someone (hopefully you) asked to reset the password of your Växel account. Choose a new one here:',
      '',
      input.url,
      '',
      `The link works once, until ${until}. Once the password is changed, every session is logged out.`,
      'If you did not ask for this, simply do not open the link and your password stays as it is.',
    ].join('\n'),
  };
}
