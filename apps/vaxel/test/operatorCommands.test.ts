import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '@vaxel/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let dataDir: string;

function vaxel(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      join(root, 'apps/vaxel/bin/vaxel'),
      [...args, '--data', dataDir],
      { cwd: root, env: { ...process.env, DATABASE_URL: '', VAXEL_TRUNK_PASSWORD: 'carrier secret' } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vaxel-cli-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

describe('vaxel operator commands', () => {
  it('documents every command and setting in --help', async () => {
    const { code, stdout } = await vaxel('--help');
    expect(code).toBe(0);
    for (const text of [
      'vaxel start',
      'VAXEL_DATA',
      'VAXEL_HTTP_PORT',
      'VAXEL_SIP_PORT',
      'VAXEL_HOST',
      'DATABASE_URL',
      'VAXEL_ADMIN_EMAIL',
      'VAXEL_ADMIN_PASSWORD',
      'VAXEL_OPERATOR_TOKEN',
      'orgs create',
      'numbers allocate',
      'trunks add',
    ]) {
      expect(stdout).toContain(text);
    }
  });

  it('creates and lists organisations, allocates numbers and adds trunks on the same database', async () => {
    const created = await vaxel('orgs', 'create', '--name', 'Bageri AB', '--package', 'unlimited');
    expect(created.code).toBe(0);
    const orgId = created.stdout.split(/\s+/)[0]!;
    expect((await vaxel('orgs', 'list')).stdout).toContain('Bageri AB  unlimited');
    const allocated = await vaxel(
      'numbers',
      'allocate',
      '--org',
      orgId,
      '--type',
      'landline',
      '+46812300001',
      '+46812300002',
    );
    expect(allocated.stdout.trim().split('\n')).toEqual(['+46812300001  landline', '+46812300002  landline']);
    expect(
      (await vaxel('trunks', 'add', '--name', 'Carrier', '--host', '192.0.2.1', '--inbound', '192.0.2.1')).code,
    ).toBe(0);
    const trunks = await vaxel('trunks', 'list');
    expect(trunks.stdout).toContain(
      'Carrier  udp:192.0.2.1:5060  inbound 192.0.2.1  forwarded original_with_diversion',
    );
    expect(
      (
        await vaxel(
          'trunks',
          'add',
          '--name',
          'Strict carrier',
          '--host',
          '192.0.2.2',
          '--forwarded-caller-id',
          'organisation_number',
        )
      ).code,
    ).toBe(0);
    expect((await vaxel('trunks', 'list')).stdout).toContain(
      'Strict carrier  udp:192.0.2.2:5060  inbound -  forwarded organisation_number',
    );
    expect(trunks.stdout).not.toContain('carrier secret');

    // The audit log has each change, by the operator at the command line, without the trunk's password.
    const store = openStore({ url: `sqlite:${join(dataDir, 'vaxel.db')}` });
    try {
      const ofOrg = (await store.auditLog.search(orgId, { limit: 50 })).entries;
      expect(ofOrg.map((e) => [e.action, e.objectType, e.objectName])).toEqual([
        ['create', 'number', '+46812300002'],
        ['create', 'number', '+46812300001'],
        ['create', 'organisation', 'Bageri AB'],
      ]);
      const trunk = (await store.auditLog.search(null, { limit: 50, objectType: 'trunk' })).entries.find(
        (e) => e.objectName === 'Carrier',
      );
      expect(trunk).toMatchObject({
        actor: { kind: 'operator', name: 'Operator (command line)' },
        objectName: 'Carrier',
      });
      expect(trunk!.changes).toEqual(
        expect.arrayContaining([
          { field: 'password', after: '[redacted]' },
          { field: 'hasPassword', after: true },
        ]),
      );
      expect(JSON.stringify(trunk)).not.toContain('carrier secret');
    } finally {
      await store.close();
    }
  });

  it('refuses bad input with a clear message and exit code 2, or 1 for a conflict', async () => {
    const badNumber = await vaxel('numbers', 'allocate', '--org', 'x', '--type', 'landline', '0812345');
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toContain('numbers.0.number: must be an E.164 number');
    const badSetting = await vaxel(
      'trunks',
      'add',
      '--name',
      'X',
      '--host',
      '192.0.2.3',
      '--forwarded-caller-id',
      'anonymous',
    );
    expect(badSetting.code).toBe(2);
    expect(badSetting.stderr).toContain('forwardedCallerId:');
    const unknown = await vaxel('frobnicate');
    expect(unknown.code).toBe(2);
    const org = (await vaxel('orgs', 'list')).stdout.split(/\s+/)[0]!;
    const again = await vaxel('numbers', 'allocate', '--org', org, '--type', 'landline', '+46812300001');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already allocated');
  });
});
