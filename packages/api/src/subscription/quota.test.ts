import { describe, expect, it } from 'vitest';
import { QuotaExceeded, type Organisation } from '@vaxel/domain';
import type { Repositories } from '@vaxel/store';
import { ensureRoomForAnother } from './quota.ts';

/** Only the four reads the quota rule makes. */
function repos(pkg: Organisation['package'], purchased: number, groups: number): Repositories {
  return {
    organisations: {
      get: async (id: string) => ({
        id,
        name: 'O',
        timeZone: 'Europe/Stockholm',
        language: 'sv',
        country: 'SE',
        package: pkg,
        createdAt: '',
      }),
    },
    subscription: { purchased: async () => purchased },
    responseGroups: { count: async () => groups },
    ivrMenus: { count: async () => 0 },
  } as unknown as Repositories;
}

describe('room for another group or menu (R6–R8)', () => {
  it('light allows up to 2 plus what was bought', async () => {
    await expect(ensureRoomForAnother(repos('light', 0, 1), 'o', 'responseGroup')).resolves.toBeUndefined();
    await expect(ensureRoomForAnother(repos('light', 0, 2), 'o', 'responseGroup')).rejects.toBeInstanceOf(
      QuotaExceeded,
    );
    await expect(ensureRoomForAnother(repos('light', 1, 2), 'o', 'responseGroup')).resolves.toBeUndefined();
  });

  it('says how many are included and how to buy more', async () => {
    const error = await ensureRoomForAnother(repos('light', 3, 5), 'o', 'responseGroup').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'quota_exceeded', details: { item: 'responseGroup', total: 5 } });
    expect((error as Error).message).toContain('Buy more');
  });

  it('unlimited never refuses', async () => {
    await expect(ensureRoomForAnother(repos('unlimited', 0, 500), 'o', 'responseGroup')).resolves.toBeUndefined();
  });
});
