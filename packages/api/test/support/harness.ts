import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import pg from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { openStore, type Store } from '@vaxel/store';
import type { Organisation, QueueLiveState, SipBans, User } from '@vaxel/domain';
import {
  buildApi,
  createDiskFileStore,
  hashToken,
  newToken,
  type App,
  type Clock,
  type FileStore,
  type LiveEventTiming,
  type LiveState,
  type MetricsSource,
  type SecurityEvent,
  type ThrottlePolicy,
} from '../../src/index.ts';
// The real media adapters live in the composition root; tests use the very same ones.
import { mediaAudioProcessing } from '../../../../apps/vaxel/src/audioProcessing.ts';

export type Harness = {
  app: App;
  store: Store;
  files: FileStore;
  operatorToken: string;
  /** Every security event the API reported, in order (a recording sink). */
  events: SecurityEvent[];
  /** Accepts an invitation link's token as its holder would. */
  acceptInvitation(
    token: string,
    body: { password?: string },
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  login(email: string, password: string, remoteAddress?: string): Promise<LightMyRequestResponse>;
  /** A request as the operator. */
  operator(method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** A request with a bearer token (or none when token is null). */
  as(
    token: string | null,
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** Every row of a table as the database holds it (PostgreSQL, or SQLite with `onDisk`). */
  rawRows(table: string): Promise<Record<string, unknown>[]>;
  /** A new organisation with allocated numbers and an admin who is logged in. */
  organisation(options?: { name?: string; package?: 'light' | 'unlimited' }): Promise<TestOrganisation>;
  close(): Promise<void>;
};

export type TestOrganisation = {
  org: Organisation;
  admin: User;
  adminToken: string;
  adminEmail: string;
  numbers: { landline: string[]; mobile: string[] };
  /** A user of the organisation without phone_system, logged in. */
  member(): Promise<{ user: User; token: string }>;
  /** Shorthand for requests as the admin under /api/v1/orgs/{orgId}. */
  req(method: string, path: string, body?: unknown): Promise<LightMyRequestResponse>;
};

/**
 * SQLite in memory by default. With VAXEL_API_STORE=postgres and VAXEL_TEST_DATABASE_URL (an admin
 * connection, e.g. under scripts/with-postgres.sh) each harness gets a PostgreSQL database of its own.
 */
async function testDatabase(sqliteFile: string | null): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.VAXEL_TEST_DATABASE_URL;
  if (process.env.VAXEL_API_STORE !== 'postgres')
    return { url: sqliteFile ? `sqlite:${sqliteFile}` : 'sqlite::memory:', drop: async () => {} };
  if (!adminUrl)
    throw new Error('VAXEL_API_STORE=postgres needs VAXEL_TEST_DATABASE_URL (run under scripts/with-postgres.sh)');
  const name = `vaxel_api_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

let numberSeed = 1000;
const password = 'a long test password';
export const testPassword = password;

export type HarnessOptions = {
  /** Throttle rules; by default so generous that tests' own failures from 127.0.0.1 never trip it. */
  loginThrottle?: Partial<ThrottlePolicy>;
  clock?: Clock;
  sessionTtlMs?: number;
  smtpUrl?: string;
  publicUrl?: string;
  /** An existing database (another harness's) to start a second API on; not dropped by close(). */
  databaseUrl?: string;
  /** On SQLite, a database file instead of memory, so a second harness can open it too. */
  sharedDatabase?: boolean;
  liveState?: LiveState;
  /** The switch's live queue state as the API reads it (an in-test implementation of the port). */
  queueLive?: QueueLiveState;
  /** The switch's SIP bans as the API reads them (an in-test implementation of the port). */
  sipBans?: SipBans;
  /** The process's metrics as `GET /metrics` serves them (an in-test source). */
  metrics?: MetricsSource;
  liveEventTiming?: Partial<LiveEventTiming>;
  webRoot?: string;
  /** Where the API's JSON log lines go (debug level), to check what is and is not logged. */
  logLines?: string[];
  /** SQLite in a file instead of in memory, so `rawRows` can read the tables as stored. */
  onDisk?: boolean;
  /** Adds routes of the test's own before the app starts (to try a mechanism on a route shape to come). */
  beforeReady?: (app: App) => void;
};

export async function startHarness(options: HarnessOptions = {}): Promise<Harness & { databaseUrl: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vaxel-api-'));
  const database = options.databaseUrl
    ? { url: options.databaseUrl, drop: async () => {} }
    : await testDatabase(options.sharedDatabase || options.onDisk ? join(dataDir, 'vaxel.db') : null);
  const store = openStore({ url: database.url });
  await store.migrate();
  const events: SecurityEvent[] = [];
  const files = createDiskFileStore(dataDir);
  const operatorToken = newToken();
  const app = await buildApi({
    store,
    files,
    audio: mediaAudioProcessing(),
    operatorTokenHash: hashToken(operatorToken),
    loginThrottle: options.loginThrottle ?? { addressFailures: 100_000, accountFailures: 100_000 },
    securityEvents: { record: async (event) => void events.push(event) },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.sessionTtlMs ? { sessionTtlMs: options.sessionTtlMs } : {}),
    ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.liveState ? { liveState: options.liveState } : {}),
    ...(options.queueLive ? { queueLive: options.queueLive } : {}),
    ...(options.sipBans ? { sipBans: options.sipBans } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.liveEventTiming ? { liveEventTiming: options.liveEventTiming } : {}),
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
    ...(options.logLines
      ? { logger: { level: 'debug', stream: { write: (line: string) => void options.logLines!.push(line) } } }
      : {}),
  });
  options.beforeReady?.(app);
  await app.ready();

  const as: Harness['as'] = (token, method, url, body, headers = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const operator: Harness['operator'] = (method, url, body) => as(operatorToken, method, url, body);

  const loginRequest: Harness['login'] = (email, secret, remoteAddress) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: secret },
      ...(remoteAddress ? { remoteAddress } : {}),
    });
  const login = async (email: string) => {
    const res = await loginRequest(email, password);
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
    return res.json().token as string;
  };
  const acceptInvitation: Harness['acceptInvitation'] = (token, body, headers = {}) =>
    app.inject({ method: 'POST', url: `/api/v1/auth/invitations/${token}/accept`, payload: body, headers });

  const organisation: Harness['organisation'] = async (options = {}) => {
    const name = options.name ?? `Org ${numberSeed}`;
    const created = await operator('POST', '/api/v1/operator/organisations', {
      name,
      package: options.package ?? 'light',
    });
    if (created.statusCode !== 201) throw new Error(created.body);
    const org = created.json() as Organisation;
    const seed = numberSeed++;
    const landline = [0, 1, 2, 3, 4].map((i) => `+46812${seed}${i}0`);
    const mobile = [0, 1, 2].map((i) => `+46701${seed}${i}0`);
    const allocated = await operator('POST', `/api/v1/operator/organisations/${org.id}/numbers`, {
      numbers: [
        ...landline.map((number) => ({ number, type: 'landline' })),
        ...mobile.map((number) => ({ number, type: 'mobile' })),
      ],
    });
    if (allocated.statusCode !== 201) throw new Error(allocated.body);
    const adminEmail = `admin${seed}@example.test`;
    const adminRes = await operator('POST', `/api/v1/operator/organisations/${org.id}/admins`, {
      name: `Admin ${seed}`,
      email: adminEmail,
      password,
    });
    if (adminRes.statusCode !== 201) throw new Error(adminRes.body);
    if (adminRes.json().invitation !== null)
      throw new Error(`the operator's new admin should be active: ${adminRes.body}`);
    const adminToken = await login(adminEmail);
    let members = 0;
    return {
      org,
      admin: (({ invitation: _none, accountExists: _new, ...user }) => user)(adminRes.json()) as User,
      adminToken,
      adminEmail,
      numbers: { landline, mobile },
      req: (method, path, body) => as(adminToken, method, `/api/v1/orgs/${org.id}${path}`, body),
      member: async () => {
        const n = ++members;
        const email = `member${n}.${seed}@example.test`;
        const res = await as(adminToken, 'POST', `/api/v1/orgs/${org.id}/users`, {
          name: `Member ${n}`,
          email,
          extension: `${200 + n}`,
        });
        if (res.statusCode !== 201) throw new Error(res.body);
        // The person accepts the invitation and chooses their own password.
        const accepted = await acceptInvitation(res.json().invitation.token, { password });
        if (accepted.statusCode !== 200) throw new Error(accepted.body);
        const { invitation: _shownOnce, ...user } = res.json();
        return { user: { ...user, status: 'active', invitationExpiresAt: null }, token: await login(email) };
      },
    };
  };

  const rawRows: Harness['rawRows'] = async (table) => {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
    if (database.url.startsWith('postgres')) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        return (await client.query(`select * from ${table}`)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    }
    if (!options.onDisk) throw new Error('rawRows needs startHarness({ onDisk: true }) on SQLite');
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    const raw = new BetterSqlite3(join(dataDir, 'vaxel.db'), { readonly: true });
    try {
      return raw.prepare(`select * from ${table}`).all() as Record<string, unknown>[];
    } finally {
      raw.close();
    }
  };

  return {
    app,
    store,
    files,
    operatorToken,
    events,
    databaseUrl: database.url,
    acceptInvitation,
    login: loginRequest,
    operator,
    as,
    rawRows,
    organisation,
    close: async () => {
      await app.close();
      await store.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
