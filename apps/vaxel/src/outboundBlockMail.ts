import type { Language, OutboundBlock } from '@vaxel/domain';

/** One e-mail telling an admin that the organisation's international calls were blocked (issue 10). Pure. */
export type OutboundBlockMail = { to: string; subject: string; text: string };

export interface OutboundBlockMailFacts {
  block: OutboundBlock;
  organisation: { name: string; language: Language; timeZone: string };
  /** The organisation's admins (users with the phone_system permission), each once. */
  admins: Array<{ name: string; email: string }>;
  /** Where the console is, so the admin can look and lift the block. */
  publicUrl: string;
}

export function outboundBlockMails({
  block,
  organisation,
  admins,
  publicUrl,
}: OutboundBlockMailFacts): OutboundBlockMail[] {
  const sv = organisation.language === 'sv';
  const when = new Intl.DateTimeFormat(sv ? 'sv-SE' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: organisation.timeZone,
  }).format(new Date(block.since));
  return admins.map((admin) =>
    sv
      ? {
          to: admin.email,
          subject: `Utlandssamtal spärrade för ${organisation.name}`,
          text: [
            `Hej ${admin.name}!`,
            '',
            `${organisation.name} ringde ${block.calls} utlandssamtal inom ${block.seconds} sekunder ${when}. Så ser bedrägerier mot växlar ut, så Växel har spärrat alla utlandssamtal.`,
            'Samtal inom landet och nödsamtal fungerar som vanligt.',
            '',
            `Spärren gäller tills en administratör häver den under Utgående samtal i webbkonsolen: ${publicUrl}`,
            'Kontrollera först vilka samtal som ringdes (samtalsloggen) och byt SIP-lösenord om något konto kan vara kapat.',
            '',
            `${organisation.name} i Växel`,
          ].join('\n'),
        }
      : {
          to: admin.email,
          subject: `International calls blocked for ${organisation.name}`,
          text: [
            `Hello ${admin.name},`,
            '',
            `${organisation.name} placed ${block.calls} international calls within ${block.seconds} seconds on ${when}. That is what toll fraud looks like, so Växel has blocked all international calls.`,
            'National and emergency calls work as before.',
            '',
            `The block holds until an admin lifts it under Outbound calls in the web console: ${publicUrl}`,
            'Check the calls that were made first (the call log), and change the SIP password of any account that may be compromised.',
            '',
            `${organisation.name} on Växel`,
          ].join('\n'),
        },
  );
}
