import { randomBytes } from 'node:crypto';
import {
  OperatorAdminService,
  OperatorOrganisationService,
  TeamService,
  UserService,
  assertPasswordAllowed,
  createAccountServices,
  hashToken,
  newToken,
  type Actor,
  type SecurityEventSink,
} from '@vaxel/api';
import { UserCreate } from '@vaxel/domain';
import type { Store } from '@vaxel/store';

export type Bootstrap = {
  organisationId: string;
  admin: { email: string; password: string; name: string };
  operatorToken: string;
  sipAccounts: Array<{ name: string; extension: string; sipUsername: string; sipPassword: string }>;
};

const demoPeople = [
  { name: 'Astrid Lind', extension: '101', email: 'astrid@demo.example', licence: 'pro' as const },
  { name: 'Erik Berg', extension: '102', email: 'erik@demo.example', licence: 'basic' as const },
  { name: 'Sara Holm', extension: '103', email: 'sara@demo.example', licence: 'pro' as const },
  { name: 'Johan Ek', extension: '104', email: 'johan@demo.example', licence: 'basic' as const },
];

/** A password that is easy to copy from a terminal: 18 characters of base64url (passes the password policy). */
export const generatePassword = () => randomBytes(14).toString('base64url').slice(0, 18);

/** The first start acts as the operator: trusted, from this machine. */
const firstStart: Actor = { accountId: null, name: null, context: { address: 'vaxel start', userAgent: null } };

/** Whether the database has never been started: no organisation yet. */
export async function isFresh(store: Store): Promise<boolean> {
  return (await store.organisations.list()).length === 0;
}

/**
 * The first start: an operator token and a demo organisation ("Demo AB", light package) with an
 * admin, four users with extensions, numbers and SIP devices (usernames made by the server), two
 * teams and a few free numbers. Goes through the API's services, so the demo obeys the same
 * rules as the console: the admin is made by the operator with the admin password, the others
 * are invited. VAXEL_ADMIN_PASSWORD must pass the password policy; it is checked before anything
 * is written, so a refused password leaves the database fresh.
 */
export async function seedDemo(
  store: Store,
  options: {
    adminEmail?: string | undefined;
    adminPassword?: string | undefined;
    operatorToken?: string | undefined;
    now: Date;
    securityEvents: SecurityEventSink;
    publicUrl?: string | undefined;
    log: { error(details: object, message: string): void };
  },
): Promise<Bootstrap> {
  const adminEmail = (options.adminEmail ?? 'admin@demo.example').trim().toLowerCase();
  if (options.adminPassword !== undefined)
    assertPasswordAllowed(options.adminPassword, adminEmail, 'VAXEL_ADMIN_PASSWORD');
  const operatorToken = options.operatorToken ?? newToken();
  await store.accounts.createToken({
    tokenHash: hashToken(operatorToken),
    accountId: null,
    kind: 'operator',
    expiresAt: '9999-12-31T23:59:59.999Z',
    createdAt: options.now.toISOString(),
  });

  const { invitations } = createAccountServices({
    store,
    events: options.securityEvents,
    log: options.log,
    publicUrl: options.publicUrl,
  });
  const organisations = new OperatorOrganisationService(store);
  const admins = new OperatorAdminService(store, invitations);
  const users = new UserService(store, invitations);
  const teams = new TeamService(store);
  const org = await organisations.create({
    name: 'Demo AB',
    timeZone: 'Europe/Stockholm',
    language: 'sv',
    country: 'SE',
    package: 'light',
  });
  const landline = (i: number) => `+4681234500${i}`;
  const mobile = (i: number) => `+4670123450${i}`;
  await organisations.allocate(org.id, {
    numbers: [
      ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => ({ number: landline(i), type: 'landline' as const })),
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ number: mobile(i), type: 'mobile' as const })),
    ],
  });

  const admin = { name: 'Demo Admin', email: adminEmail, password: options.adminPassword ?? generatePassword() };
  const adminSipPassword = generatePassword();
  const created = await admins.createAdmin(
    org.id,
    { name: admin.name, email: admin.email, password: admin.password, extension: '100' },
    firstStart,
  );
  await users.update(org.id, created.id, { landlineNumber: landline(0), sipPassword: adminSipPassword }, firstStart);
  const sipAccounts: Bootstrap['sipAccounts'] = [
    { name: admin.name, extension: '100', sipUsername: created.sipUsername, sipPassword: adminSipPassword },
  ];
  const ids: string[] = [];
  for (const [i, person] of demoPeople.entries()) {
    const sipPassword = generatePassword();
    const user = await users.create(
      org.id,
      UserCreate.parse({
        name: person.name,
        email: person.email,
        licence: person.licence,
        extension: person.extension,
        mobileNumber: mobile(i + 1),
        landlineNumber: landline(i + 1),
        sipPassword,
      }),
      firstStart,
    );
    ids.push(user.id);
    sipAccounts.push({ name: person.name, extension: person.extension, sipUsername: user.sipUsername, sipPassword });
  }
  await teams.create(org.id, { name: 'Support', memberIds: [ids[0]!, ids[1]!] });
  await teams.create(org.id, { name: 'Sales', memberIds: [ids[2]!, ids[3]!] });
  return { organisationId: org.id, admin, operatorToken, sipAccounts };
}

/** What the person starting Växel for the first time needs, printed once (never logged). */
export function describeBootstrap(bootstrap: Bootstrap, urls: { http: string; sip: string }): string {
  const sip = bootstrap.sipAccounts.map(
    (a) => `    ${a.extension}  ${a.name.padEnd(12)} username ${a.sipUsername.padEnd(10)} password ${a.sipPassword}`,
  );
  return [
    '',
    '  First start: a demo organisation "Demo AB" was created. These secrets are shown only now.',
    '',
    `  Console          ${urls.http}`,
    `  Admin login      ${bootstrap.admin.email}  /  ${bootstrap.admin.password}`,
    `  Operator token   ${bootstrap.operatorToken}   (Authorization: Bearer … on /api/v1/operator)`,
    '',
    `  SIP phones (registrar ${urls.sip}, realm "vaxel"):`,
    ...sip,
    '',
  ].join('\n');
}
