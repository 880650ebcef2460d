import { afterEach, beforeEach, describe } from 'vitest';
import { auditLogContract } from './contract/auditLog.contract.ts';
import { accountsContract } from './contract/accounts.contract.ts';
import { callSearchContract } from './contract/callSearch.contract.ts';
import { callsOfGroupContract } from './contract/callsOfGroup.contract.ts';
import { entitiesContract } from './contract/entities.contract.ts';
import type { OpenStore } from './contract/fixtures.ts';
import { outboundBlocksContract } from './contract/outboundBlocks.contract.ts';
import { recordingsContract } from './contract/recordings.contract.ts';
import { tenancyContract } from './contract/tenancy.contract.ts';
import type { Store } from './ports.ts';
import { switchStateContract } from './contract/switchState.contract.ts';
import { voicemailContract } from './contract/voicemail.contract.ts';

export type { OpenStore } from './contract/fixtures.ts';

/**
 * The one contract every store implementation passes (SQLite and PostgreSQL). `open` gives a
 * store on a new, empty database for each test; the suite migrates it and closes it afterwards.
 */
export function describeStoreContract(name: string, open: OpenStore): void {
  describe(`store contract: ${name}`, () => {
    let store: Store | null = null;
    const current = (): Store => {
      if (!store) throw new Error('store not open');
      return store;
    };

    beforeEach(async () => {
      store = await open();
      await store.migrate();
    });

    afterEach(async () => {
      await store?.close();
      store = null;
    });

    tenancyContract(current);
    entitiesContract(current);
    callSearchContract(current);
    callsOfGroupContract(current);
    switchStateContract(current);
    auditLogContract(current);
    accountsContract(current);
    voicemailContract(current);
    recordingsContract(current);
    outboundBlocksContract(current);
  });
}
