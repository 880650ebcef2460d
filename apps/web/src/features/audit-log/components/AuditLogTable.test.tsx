import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '@vaxel/domain';
import { renderWithProviders, testOrg } from '../../../testing/renderWithProviders.tsx';
import { AuditLogTable } from './AuditLogTable.tsx';

const astrid = { kind: 'account' as const, accountId: 'acc-astrid', name: 'Astrid Lind', email: 'astrid@demo.example' };

function entry(fields: Partial<AuditEntry>): AuditEntry {
  return {
    id: 'e1',
    organisationId: testOrg.organisationId,
    at: '2026-07-01T07:00:00.000Z',
    actor: astrid,
    sourceAddress: '192.0.2.10',
    action: 'update',
    objectType: 'responseGroup',
    objectId: 'g1',
    objectName: 'Support',
    changes: [{ field: 'name', before: 'Sales', after: 'Support' }],
    detail: null,
    ...fields,
  };
}

const cellsOf = (row: HTMLElement) => within(row).getAllByRole('cell');

describe('AuditLogTable', () => {
  it('shows when (in the organisation zone), who, from where, what, the object with a link, and the field before → after', () => {
    renderWithProviders(<AuditLogTable entries={[entry({})]} onObjectHistory={() => undefined} />);
    const [, row] = screen.getAllByRole('row');
    const cells = cellsOf(row!);
    expect(cells.map((c) => c.textContent)).toEqual([
      '01/07/2026, 09:00',
      'Astrid Lindastrid@demo.example',
      '192.0.2.10',
      'Changed',
      'Response groupSupport',
      'name Sales → Support',
    ]);
    expect(within(cells[4]!).getByRole('link', { name: 'Support' })).toHaveAttribute(
      'href',
      '/o/org-1/response-groups',
    );
  });

  it('says a secret was set without showing anything of it, and shows the operator and deleted objects without a link', () => {
    renderWithProviders(
      <AuditLogTable
        entries={[
          entry({
            id: 'e1',
            objectType: 'user',
            objectName: 'Lena',
            changes: [
              { field: 'sipPassword', after: '[redacted]' },
              { field: 'invitation', after: { token: '[redacted]', expiresAt: 'soon' } },
            ],
          }),
          entry({
            id: 'e2',
            action: 'delete',
            actor: { kind: 'operator', accountId: null, name: 'Operator', email: null },
            changes: [{ field: 'name', before: 'Support' }],
          }),
        ]}
        onObjectHistory={() => undefined}
      />,
    );
    const [, created, deleted] = screen.getAllByRole('row');
    expect(cellsOf(created!)[5]!.textContent).toBe(
      'sipPassword secret setinvitation {"token":"secret set","expiresAt":"soon"}',
    );
    expect(screen.queryByText(/redacted/)).toBeNull();
    expect(cellsOf(deleted!).map((c) => c.textContent)).toEqual(
      expect.arrayContaining(['Operator', 'Deleted', 'name Support (removed)']),
    );
    expect(within(cellsOf(deleted!)[4]!).queryByRole('link')).toBeNull();
  });

  it('shows security events and upload details, and names an unknown object type as the API does', () => {
    renderWithProviders(
      <AuditLogTable
        entries={[
          entry({
            id: 'e1',
            action: 'login_throttled',
            objectType: 'account',
            objectName: 'astrid@demo.example',
            changes: [],
            detail: { retryAfterSeconds: 30 },
          }),
          entry({
            id: 'e2',
            action: 'create',
            objectType: 'audioFile',
            objectName: 'Hold',
            changes: [],
            detail: { upload: { field: 'file', fileName: 'hold.mp3', mimeType: 'audio/mpeg', bytes: 40_960 } },
          }),
          entry({ id: 'e3', action: 'create', objectType: 'guestPass', objectName: 'Visitor', changes: [] }),
        ]}
        onObjectHistory={() => undefined}
      />,
    );
    const [, throttled, upload, unknown] = screen.getAllByRole('row');
    expect(cellsOf(throttled!).map((c) => c.textContent)).toEqual(
      expect.arrayContaining(['Logins slowed down', 'Accountastrid@demo.example', 'retryAfterSeconds: 30']),
    );
    expect(cellsOf(upload!)[5]!.textContent).toBe('File: hold.mp3 (audio/mpeg, 40 kB)');
    expect(cellsOf(unknown!)[4]!.textContent).toBe('guestPassVisitor');
  });

  it('shows the first fields of a large change and the rest on request', async () => {
    const changes = ['a', 'b', 'c', 'd', 'e', 'f'].map((field, i) => ({ field, after: i }));
    renderWithProviders(
      <AuditLogTable entries={[entry({ action: 'create', changes })]} onObjectHistory={() => undefined} />,
    );
    expect(screen.getAllByTestId('audit-change')).toHaveLength(4);
    await userEvent.click(screen.getByRole('button', { name: 'Show all 6 fields' }));
    expect(screen.getAllByTestId('audit-change')).toHaveLength(6);
  });

  it('opens the history of an object from its row', async () => {
    const onObjectHistory = vi.fn();
    renderWithProviders(<AuditLogTable entries={[entry({})]} onObjectHistory={onObjectHistory} />);
    await userEvent.click(screen.getByRole('button', { name: 'History of Support' }));
    expect(onObjectHistory).toHaveBeenCalledWith('responseGroup', 'g1');
  });
});
