import type { VoicemailNotification } from '@vaxel/switch';

/** One e-mail of a new voicemail message, in the organisation's language (sv/en). Pure. */
export type VoicemailMail = { to: string; subject: string; text: string; attachmentName: string };

const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

/** "1 min 14 s" reads the same in Swedish and English. */
function length(ms: number): string {
  const total = seconds(ms);
  const minutes = Math.floor(total / 60);
  return minutes > 0 ? `${minutes} min ${total % 60} s` : `${total} s`;
}

export function voicemailMails(notification: VoicemailNotification): VoicemailMail[] {
  const { organisation, box, message } = notification;
  const language = organisation.language;
  const when = new Intl.DateTimeFormat(language === 'sv' ? 'sv-SE' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: organisation.timeZone,
  }).format(new Date(message.receivedAt));
  const caller = message.fromName ? `${message.fromName} (${message.fromNumber})` : message.fromNumber;
  const stamp = message.receivedAt.replace(/[-:]/g, '').slice(0, 13);
  const attachmentName = `voicemail-${stamp}.wav`;
  const isGroup = box.owner.type === 'responseGroup';
  return notification.recipients.map((recipient) => {
    if (language === 'sv') {
      return {
        to: recipient.email,
        attachmentName,
        subject: `Nytt röstmeddelande från ${caller}${isGroup ? ` till ${box.name}` : ''}`,
        text: [
          `Hej ${recipient.name}!`,
          '',
          `${caller} lämnade ett röstmeddelande ${isGroup ? `till ${box.name}` : 'till dig'} ${when} (${length(message.durationMs)}).`,
          '',
          'Meddelandet är bifogat som ljudfil. Du kan också lyssna i Växels webbkonsol eller ringa *98 från din telefon.',
          '',
          `${organisation.name} i Växel`,
        ].join('\n'),
      };
    }
    return {
      to: recipient.email,
      attachmentName,
      subject: `New voicemail from ${caller}${isGroup ? ` for ${box.name}` : ''}`,
      text: [
        `Hello ${recipient.name},`,
        '',
        `${caller} left a voicemail message ${isGroup ? `for ${box.name}` : 'for you'} on ${when} (${length(message.durationMs)}).`,
        '',
        "The message is attached as an audio file. You can also listen in Växel's web console, or dial *98 from your phone.",
        '',
        `${organisation.name} on Växel`,
      ].join('\n'),
    };
  });
}
