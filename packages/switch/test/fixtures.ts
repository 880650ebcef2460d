import { factoryCallRoutingDefaults, type CallRoutingDefaults } from '@vaxel/domain';
import { computeHa1 } from '@vaxel/sip';
import { openStore, type Store, type TrunkRecord, type UserRecord } from '@vaxel/store';
import { SIP_REALM } from '../src/index.ts';

export const PASSWORD = 'correct-horse-battery';

export interface SeededUser {
  record: UserRecord;
  username: string;
  password: string;
}

export interface Seed {
  store: Store;
  organisationId: string;
  alice: SeededUser;
  bob: SeededUser;
  carol: SeededUser;
  trunk: TrunkRecord;
  /** Numbers: alice's landline and mobile, bob's landline, a group-free unassigned number. */
  numbers: { aliceLandline: string; aliceMobile: string; bobLandline: string; unassigned: string; display: string };
  setDefaults(change: Partial<CallRoutingDefaults>): Promise<void>;
}

/**
 * A real store (SQLite in memory) with one organisation: Alice (1001), Bob (1002) and Carol
 * (1003), their numbers, and a trunk to a carrier on 127.0.0.1:`trunkPort`.
 */
export async function seed(options: {
  trunkPort: number;
  trunkUsername?: string;
  trunkPassword?: string;
  inboundAddress?: string;
  /** Default: SQLite in memory. */ url?: string;
}): Promise<Seed> {
  const store = openStore({ url: options.url ?? 'sqlite::memory:' });
  await store.migrate();
  const org = await store.organisations.create({
    name: 'Acme AB',
    timeZone: 'Europe/Stockholm',
    language: 'sv',
    country: 'SE',
    package: 'unlimited',
  });
  const numbers = {
    aliceLandline: '+46812300001',
    aliceMobile: '+46701230001',
    bobLandline: '+46812300002',
    unassigned: '+46812300009',
    display: '+46812300100',
  };
  await store.numbers.allocate(org.id, [
    { number: numbers.aliceLandline, type: 'landline' },
    { number: numbers.aliceMobile, type: 'mobile' },
    { number: numbers.bobLandline, type: 'landline' },
    { number: numbers.unassigned, type: 'landline' },
    { number: numbers.display, type: 'landline' },
  ]);
  const user = async (
    name: string,
    extension: string,
    landline: string | null,
    mobile: string | null,
  ): Promise<SeededUser> => {
    const username = name.toLowerCase();
    const account = await store.accounts.create({ email: `${username}@acme.test`, name, passwordHash: null });
    const created = await store.users.create(
      org.id,
      {
        accountId: account.id,
        organisationId: org.id,
        name,
        email: `${username}@acme.test`,
        licence: 'basic',
        permissions: [],
        extension,
        mobileNumber: mobile,
        landlineNumber: landline,
        sipUsername: username,
        sipHa1Md5: computeHa1('MD5', username, SIP_REALM, PASSWORD),
        sipHa1Sha256: computeHa1('SHA-256', username, SIP_REALM, PASSWORD),
      },
      [],
    );
    const record = (await store.users.getRecord(org.id, created.id))!;
    return { record, username, password: PASSWORD };
  };
  const alice = await user('Alice', '1001', numbers.aliceLandline, numbers.aliceMobile);
  const bob = await user('Bob', '1002', numbers.bobLandline, null);
  const carol = await user('Carol', '1003', null, null);
  const trunk = await store.trunks.create({
    name: 'Carrier',
    host: '127.0.0.1',
    port: options.trunkPort,
    transport: 'udp',
    inboundAddresses: [options.inboundAddress ?? '127.0.0.2'],
    username: options.trunkUsername ?? null,
    password: options.trunkPassword ?? null,
    organisationIds: [],
    forwardedCallerId: 'original_with_diversion',
  });
  const setDefaults = async (change: Partial<CallRoutingDefaults>) => {
    const current = await store.callRouting.getDefaults(org.id);
    await store.callRouting.setDefaults(org.id, { ...factoryCallRoutingDefaults(), ...current, ...change });
  };
  return { store, organisationId: org.id, alice, bob, carol, trunk, numbers, setDefaults };
}
