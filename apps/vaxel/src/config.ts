import { join, resolve } from 'node:path';
import { availableParallelism, networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Every setting of `vaxel`, with its flag, environment variable and default (shown by --help). */
export const settings = [
  {
    key: 'data',
    flag: '--data DIR',
    env: 'VAXEL_DATA',
    default: './data',
    help: 'data folder: SQLite database, audio files, recordings',
  },
  {
    key: 'httpPort',
    flag: '--http-port N',
    env: 'VAXEL_HTTP_PORT',
    default: '8080',
    help: 'HTTP port of the console and API',
  },
  {
    key: 'sipPort',
    flag: '--sip-port N',
    env: 'VAXEL_SIP_PORT',
    default: '5060',
    help: 'SIP port (UDP and TCP) of the switch',
  },
  {
    key: 'sipAddress',
    flag: '--sip-address ADDR',
    env: 'VAXEL_SIP_ADDRESS',
    default: "(the --host address, or this machine's first IPv4 address when --host is 0.0.0.0)",
    help: 'address phones and carriers reach the switch at, advertised in SIP Contact and SDP',
  },
  {
    key: 'rtpPorts',
    flag: '--rtp-ports MIN-MAX',
    env: 'VAXEL_RTP_PORTS',
    default: '20000-20999',
    help: 'UDP port range for RTP media anchored in the switch',
  },
  {
    key: 'mediaWorkers',
    flag: '',
    env: 'VAXEL_MEDIA_WORKERS',
    default: '(one per core, at most one per RTP port pair)',
    help: "threads for the calls' audio (RTP relay, prompts, recording, DTMF), each with its slice of the RTP ports; 0 = in the main thread",
  },
  {
    key: 'sipDigest',
    flag: '',
    env: 'VAXEL_SIP_DIGEST',
    default: 'MD5',
    help: 'digest algorithms offered to phones, in order: MD5, SHA-256 or both (SHA-256,MD5); several softphones (baresip 1.0, sipp 3.6) fail on a SHA-256 challenge',
  },
  {
    key: 'maxCallsPerSecond',
    flag: '',
    env: 'VAXEL_MAX_CALLS_PER_SECOND',
    default: '(no cap)',
    help: 'new calls the switch takes per second; beyond it a new call gets 503 with Retry-After at once',
  },
  {
    key: 'maxCalls',
    flag: '',
    env: 'VAXEL_MAX_CALLS',
    default: '(no cap: the RTP port range bounds them)',
    help: 'calls in progress at most; beyond it a new call gets 503 with Retry-After at once',
  },
  {
    key: 'host',
    flag: '--host ADDR',
    env: 'VAXEL_HOST',
    default: '127.0.0.1',
    help: 'address to listen on (0.0.0.0 for every interface)',
  },
  {
    key: 'metricsPort',
    flag: '--metrics-port N',
    env: 'VAXEL_METRICS_PORT',
    default: '(none: /metrics on the HTTP port only)',
    help: 'also serve GET /metrics (Prometheus, operator token) on this port of its own',
  },
  {
    key: 'metricsHost',
    flag: '',
    env: 'VAXEL_METRICS_HOST',
    default: '127.0.0.1',
    help: 'address the metrics port listens on',
  },
  {
    key: 'databaseUrl',
    flag: '--database-url URL',
    env: 'DATABASE_URL',
    default: 'sqlite:<data>/vaxel.db',
    help: 'sqlite:FILE or postgres://user:pass@host/db',
  },
  {
    key: 'adminEmail',
    flag: '',
    env: 'VAXEL_ADMIN_EMAIL',
    default: 'admin@demo.example',
    help: 'first start only: the demo admin login',
  },
  {
    key: 'adminPassword',
    flag: '',
    env: 'VAXEL_ADMIN_PASSWORD',
    default: '(generated, printed once)',
    help: 'first start only: the demo admin password (12 to 128 characters, not a common password or the email)',
  },
  {
    key: 'operatorToken',
    flag: '',
    env: 'VAXEL_OPERATOR_TOKEN',
    default: '(generated, printed once)',
    help: 'operator bearer token; fixed on first start, also accepted later',
  },
  {
    key: 'publicUrl',
    flag: '--public-url URL',
    env: 'VAXEL_PUBLIC_URL',
    default: 'http://localhost:<http-port>',
    help: 'the address users reach the console at: links in e-mails; https makes the session cookie Secure and sends HSTS',
  },
  {
    key: 'smtpUrl',
    flag: '',
    env: 'VAXEL_SMTP_URL',
    default: '(none: nothing is e-mailed)',
    help: 'outgoing mail server, smtp://user:pass@host:587 or smtps://…:465, and the sender as ?from=vaxel@example.com',
  },
  {
    key: 'logLevel',
    flag: '',
    env: 'VAXEL_LOG_LEVEL',
    default: 'info',
    help: 'log level: fatal, error, warn, info, debug',
  },
] as const;

export type Config = {
  dataDir: string;
  httpPort: number;
  sipPort: number;
  sipAddress: string;
  rtpPorts: { min: number; max: number };
  /** Issue 11: media worker threads (0: the calls' audio in the main thread; default one per core). */
  mediaWorkers: number;
  sipDigest: Array<'MD5' | 'SHA-256'>;
  /** Issue 11: the switch's overload caps (absent: none; the load-based refusal works regardless). */
  overload: { maxCallsPerSecond?: number; maxCalls?: number };
  host: string;
  databaseUrl: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  operatorToken: string | undefined;
  logLevel: string;
  webRoot: string;
  /** Origin (and optional path) users reach the console at, without a trailing slash. */
  publicUrl: string;
  smtpUrl: string | undefined;
  /** Issue 11: a port of its own for GET /metrics, beside the HTTP port's; undefined: none. */
  metricsPort: number | undefined;
  metricsHost: string;
};

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The file store's folder in a data folder: audio files, recordings, voicemail (backed up whole). */
export function fileStoreFolder(dataDir: string): string {
  return join(dataDir, 'files');
}

function port(value: string, name: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 0 || n > 65535)
    throw new UsageError(`${name} must be a port number (0–65535), not "${value}"`);
  return n;
}

function optionalPort(value: string | undefined, name: string): number | undefined {
  return value === undefined ? undefined : port(value, name);
}

function portRange(value: string): { min: number; max: number } {
  const match = /^(\d+)-(\d+)$/.exec(value);
  const min = Number(match?.[1]);
  const max = Number(match?.[2]);
  // RTP takes even ports and RTCP the odd one above (RFC 3550 §11): at least one pair.
  if (!match || min < 1024 || max > 65535 || max - min < 1) {
    throw new UsageError(`the RTP port range must look like 20000-20999 (1024–65535), not "${value}"`);
  }
  return { min, max };
}

function mediaWorkers(value: string | undefined, rtpPorts: { min: number; max: number }, cores: number): number {
  // Each worker takes its own slice of the range, at least one RTP/RTCP pair (RFC 3550 §11).
  const pairs = Math.floor((rtpPorts.max - (rtpPorts.min + (rtpPorts.min % 2)) + 1) / 2);
  // The switch's own default (@vaxel/switch defaultMediaWorkers), said here so the start line can name it.
  if (value === undefined) return Math.min(cores, pairs);
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 256)
    throw new UsageError(`VAXEL_MEDIA_WORKERS must be a whole number of threads (0–256), not "${value}"`);
  if (n > pairs) throw new UsageError(`VAXEL_MEDIA_WORKERS ${n} is more than the ${pairs} port pairs of the RTP range`);
  return n;
}

function publicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `VAXEL_PUBLIC_URL must be an http or https address such as https://pbx.example.com, not "${value}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`VAXEL_PUBLIC_URL must be an http or https address, not "${value}"`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function smtpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError('VAXEL_SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new UsageError('VAXEL_SMTP_URL must start with smtp:// or smtps://');
  return value;
}

function digestAlgorithms(value: string): Array<'MD5' | 'SHA-256'> {
  const names = value.split(',').map((a) => a.trim().toUpperCase());
  if (names.length === 0 || names.some((a) => a !== 'MD5' && a !== 'SHA-256') || new Set(names).size !== names.length) {
    throw new UsageError(`VAXEL_SIP_DIGEST must list MD5 and/or SHA-256, not "${value}"`);
  }
  return names as Array<'MD5' | 'SHA-256'>;
}

/** A positive whole-number cap from the environment, or nothing when unset. */
function cap<K extends string>(key: K, value: string | undefined, name: string): Partial<Record<K, number>> {
  if (!value) return {};
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`${name} must be a whole number of at least 1, not "${value}"`);
  return { [key]: Number(value) } as Partial<Record<K, number>>;
}

/** The address to advertise when listening on every interface: the first external IPv4 address. */
function machineAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const external = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (external) return external.address;
  }
  return '127.0.0.1';
}

/** Flags win over environment variables, which win over defaults. */
export function resolveConfig(flags: Record<string, string | undefined>, env: NodeJS.ProcessEnv): Config {
  const pick = (flag: string | undefined, envName: string) => flag ?? (env[envName] || undefined);
  const dataDir = resolve(pick(flags.data, 'VAXEL_DATA') ?? './data');
  const host = pick(flags.host, 'VAXEL_HOST') ?? '127.0.0.1';
  const httpPort = port(pick(flags['http-port'], 'VAXEL_HTTP_PORT') ?? '8080', 'the HTTP port');
  const rtpPorts = portRange(pick(flags['rtp-ports'], 'VAXEL_RTP_PORTS') ?? '20000-20999');
  return {
    dataDir,
    httpPort,
    sipPort: port(pick(flags['sip-port'], 'VAXEL_SIP_PORT') ?? '5060', 'the SIP port'),
    host,
    sipAddress:
      pick(flags['sip-address'], 'VAXEL_SIP_ADDRESS') ??
      (host === '0.0.0.0' || host === '::' ? machineAddress() : host),
    rtpPorts,
    mediaWorkers: mediaWorkers(env.VAXEL_MEDIA_WORKERS || undefined, rtpPorts, availableParallelism()),
    sipDigest: digestAlgorithms(env.VAXEL_SIP_DIGEST || 'MD5'),
    overload: {
      ...cap('maxCallsPerSecond', env.VAXEL_MAX_CALLS_PER_SECOND, 'VAXEL_MAX_CALLS_PER_SECOND'),
      ...cap('maxCalls', env.VAXEL_MAX_CALLS, 'VAXEL_MAX_CALLS'),
    },
    databaseUrl: pick(flags['database-url'], 'DATABASE_URL') ?? `sqlite:${join(dataDir, 'vaxel.db')}`,
    adminEmail: env.VAXEL_ADMIN_EMAIL || undefined,
    adminPassword: env.VAXEL_ADMIN_PASSWORD || undefined,
    operatorToken: env.VAXEL_OPERATOR_TOKEN || undefined,
    logLevel: env.VAXEL_LOG_LEVEL || 'info',
    webRoot: env.VAXEL_WEB_ROOT || fileURLToPath(new URL('../../web/dist', import.meta.url)),
    publicUrl: publicUrl(pick(flags['public-url'], 'VAXEL_PUBLIC_URL') ?? `http://localhost:${httpPort}`),
    smtpUrl: smtpUrl(env.VAXEL_SMTP_URL),
    metricsPort: optionalPort(pick(flags['metrics-port'], 'VAXEL_METRICS_PORT'), 'the metrics port'),
    metricsHost: env.VAXEL_METRICS_HOST || '127.0.0.1',
  };
}

export function helpText(): string {
  const rows = settings.map(
    (s) => `  ${(s.flag || '').padEnd(22)} ${s.env.padEnd(22)} ${s.help} [default: ${s.default}]`,
  );
  return [
    'Växel — a hosted business phone system in one program.',
    '',
    'Usage:',
    '  vaxel start [--data DIR] [--http-port N] [--sip-port N] [--sip-address ADDR] [--rtp-ports MIN-MAX]',
    '              [--database-url URL] [--host ADDR] [--metrics-port N]',
    '      Runs the console, the API and the switch. A fresh database gets a demo organisation whose',
    '      admin login, operator token and SIP credentials are printed once. GET /metrics (Prometheus',
    '      text, operator bearer token) on the HTTP port, and on --metrics-port when given.',
    '  vaxel orgs list',
    '  vaxel orgs create --name NAME [--package light|unlimited] [--time-zone ZONE] [--language sv|en] [--country SE]',
    '  vaxel numbers allocate --org ORG_ID --type landline|mobile NUMBER...',
    '  vaxel trunks list',
    '  vaxel trunks add --name NAME --host HOST [--port N] [--transport udp|tcp] [--inbound ADDR,...]',
    '                   [--username USER] [--forwarded-caller-id original_with_diversion|organisation_number]',
    '                   (password from VAXEL_TRUNK_PASSWORD)',
    '  vaxel backup FILE [--force]',
    '      Writes the database and every file of the data folder (audio, recordings, voicemail) to',
    '      FILE, a .tar.gz with a manifest of sizes and SHA-256 sums. Works while `vaxel start` runs.',
    '      --force overwrites an existing FILE.',
    '  vaxel restore FILE [--force]',
    '      Restores a backup into the data folder and the database (--data / --database-url), after',
    '      checking every file against the manifest. Refuses a data folder that is not empty or a',
    '      PostgreSQL database with tables unless --force. Stop `vaxel start` first.',
    '  vaxel --help',
    '',
    'Operator, backup and restore commands work on the same database as `start` (--data / --database-url).',
    '',
    'Settings (flag, environment variable):',
    ...rows,
    '',
  ].join('\n');
}
