import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** `raw`: the message as received, for tests that read its MIME parts (attachments). */
export type ReceivedMail = { from: string; to: string[]; subject: string; text: string; raw: string };

export type Mailbox = {
  /** smtp:// URL of the server, with the sender the API should use. */
  url: string;
  mails: ReceivedMail[];
  /** The first mail (already here or still to come) to `to` that `matches`; rejects after `timeoutMs`. */
  next(to: string, matches?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Connections refused so far (see `refuseFirstConnections`). */
  readonly refused: number;
  close(): Promise<void>;
};

/**
 * A real SMTP server on loopback (the smtp-server package), so e-mail tests go through the same
 * SMTP conversation as production. Messages are decoded just enough to read: headers, an
 * RFC 2047 subject, a quoted-printable or base64 text body.
 */
export async function startMailbox(options: { refuseFirstConnections?: number } = {}): Promise<Mailbox> {
  const mails: ReceivedMail[] = [];
  let refused = 0;
  const arrived = new EventEmitter();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    // No reverse DNS of the client: tests send nothing beyond loopback, and a slow resolver would delay the greeting.
    disableReverseLookup: true,
    logger: false,
    // A busy or greylisting server answers 421 to the first connections (tests of retries).
    onConnect(_session, callback) {
      if (refused < (options.refuseFirstConnections ?? 0)) {
        refused++;
        return callback(Object.assign(new Error('Too busy, try again later'), { responseCode: 421 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail = parse(Buffer.concat(chunks).toString('utf8'));
        mail.from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        mail.to = session.envelope.rcptTo.map((r) => r.address);
        mails.push(mail);
        arrived.emit('mail', mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}?from=${encodeURIComponent('Växel <noreply@vaxel.test>')}`,
    mails,
    get refused() {
      return refused;
    },
    next: (to, matches = () => true, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const wanted = (mail: ReceivedMail) => mail.to.includes(to) && matches(mail);
        const found = mails.find(wanted);
        if (found) return resolve(found);
        const timer = setTimeout(() => {
          arrived.off('mail', onMail);
          reject(new Error(`no mail to ${to} within ${timeoutMs} ms`));
        }, timeoutMs);
        const onMail = (mail: ReceivedMail) => {
          if (!wanted(mail)) return;
          clearTimeout(timer);
          arrived.off('mail', onMail);
          resolve(mail);
        };
        arrived.on('mail', onMail);
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parse(raw: string): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : body;
  return { from: '', to: [], subject: decodeWords(header('Subject')), text: text.replace(/\r\n/g, '\n'), raw };
}

function decodeQuotedPrintable(text: string): string {
  const escaped = text.replace(/=\r\n/g, '').replace(/%/g, '%25');
  return decodeURIComponent(escaped.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`));
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=). */
function decodeWords(text: string): string {
  return text
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}
