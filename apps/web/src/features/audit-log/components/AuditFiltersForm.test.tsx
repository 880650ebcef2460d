import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { renderWithProviders, testOrg } from '../../../testing/renderWithProviders.tsx';
import { AuditFiltersForm } from './AuditFiltersForm.tsx';

const astrid = { kind: 'account' as const, accountId: 'acc-astrid', name: 'Astrid Lind', email: 'astrid@demo.example' };

describe('AuditFiltersForm', () => {
  it('filters by object type, by a person of the log and by a time range typed in the organisation zone', async () => {
    const onApply = vi.fn();
    renderWithProviders(<AuditFiltersForm value={{}} onApply={onApply} errors={{}} />, {
      queries: [
        [
          queryKeys.auditActors(testOrg.organisationId),
          [astrid, { kind: 'account', accountId: 'acc-bo', name: 'Bo Ek', email: 'bo@demo.example' }],
        ],
      ],
    });
    await userEvent.click(screen.getByRole('combobox', { name: 'Object type' }));
    await userEvent.click(screen.getByRole('option', { name: 'Response group' }));
    await userEvent.click(screen.getByRole('combobox', { name: 'Person' }));
    await userEvent.click(screen.getByRole('option', { name: 'Bo Ek (bo@demo.example)' }));
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-07-01T08:00' } });
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(onApply).toHaveBeenCalledWith({
      objectType: 'responseGroup',
      actorAccountId: 'acc-bo',
      from: '2026-07-01T06:00:00.000Z',
    });
  });

  it('keeps the one object whose history is shown while its type stays chosen', async () => {
    const onApply = vi.fn();
    renderWithProviders(
      <AuditFiltersForm value={{ objectType: 'team', objectId: 't1' }} onApply={onApply} errors={{}} />,
      {
        queries: [[queryKeys.auditActors(testOrg.organisationId), []]],
      },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(onApply).toHaveBeenLastCalledWith({ objectType: 'team', objectId: 't1' });
    await userEvent.click(screen.getByRole('combobox', { name: 'Object type' }));
    await userEvent.click(screen.getByRole('option', { name: 'User' }));
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(onApply).toHaveBeenLastCalledWith({ objectType: 'user' });
  });
});
