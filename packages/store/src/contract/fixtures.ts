import type { CallRecord, Organisation } from '@vaxel/domain';
import type { NewUser, Repositories, Store } from '../ports.ts';

/** Opens a store on a new, empty database; the suite migrates and closes it. */
export type OpenStore = () => Promise<Store>;

let counter = 0;
/** Unique across one test run, so platform-wide unique fields never collide by accident. */
export const unique = (prefix: string): string => `${prefix}${process.pid}${++counter}`;

/** A fresh E.164 number; platform-wide unique within the run. */
export function e164(): string {
  counter += 1;
  return `+4670${String(process.pid % 1000).padStart(3, '0')}${String(counter).padStart(5, '0')}`;
}

export async function createOrganisation(repos: Repositories, name = unique('Org ')): Promise<Organisation> {
  return repos.organisations.create({
    name,
    timeZone: 'Europe/Stockholm',
    language: 'sv',
    country: 'SE',
    package: 'light',
  });
}

export async function newUserFields(
  repos: Repositories,
  organisationId: string,
  fields: Partial<NewUser> = {},
): Promise<NewUser> {
  const email = `${unique('user')}@example.se`;
  const account = await repos.accounts.create({ email, name: 'Person', passwordHash: null });
  return {
    organisationId,
    accountId: account.id,
    name: unique('User '),
    email,
    licence: 'pro',
    permissions: [],
    extension: String(100 + (counter % 9000)),
    mobileNumber: null,
    landlineNumber: null,
    sipUsername: unique('sip'),
    sipHa1Md5: null,
    sipHa1Sha256: null,
    ...fields,
  };
}

export async function createUser(
  repos: Repositories,
  organisationId: string,
  fields: Partial<NewUser> = {},
  teamIds: string[] = [],
) {
  return repos.users.create(organisationId, await newUserFields(repos, organisationId, fields), teamIds);
}

export function callAt(
  startedAt: string,
  fields: Partial<Omit<CallRecord, 'id' | 'organisationId'>> = {},
): Omit<CallRecord, 'id' | 'organisationId'> {
  return {
    direction: 'inbound',
    startedAt,
    answeredAt: null,
    endedAt: startedAt,
    fromNumber: '+46701111111',
    fromName: null,
    toNumber: '+46812222222',
    fromUserId: null,
    toUserId: null,
    responseGroupId: null,
    ivrMenuId: null,
    answeredByUserId: null,
    outcome: 'missed',
    waitSeconds: 3,
    talkSeconds: null,
    path: [],
    recordingId: null,
    emergency: false,
    ...fields,
  };
}
