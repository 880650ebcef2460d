import { describe, expect, it } from 'vitest';
import { changedFields, createdFields, deletedFields } from './changes.ts';

const group = {
  id: 'g1',
  organisationId: 'o1',
  name: 'Sales',
  number: '+46812345678',
  agents: [{ userId: 'u1', loggedIn: true, reachOn: 'phone' }],
  settings: { queue: { maxWaitSeconds: 60, maxCallers: 10 }, voicemail: { enabled: false } },
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('changes of an update', () => {
  it('name only the fields that changed, with their values before and after', () => {
    expect(changedFields(group, { ...group, name: 'Support', updatedAt: '2026-01-02T00:00:00.000Z' })).toEqual([
      { field: 'name', before: 'Sales', after: 'Support' },
    ]);
  });

  it('follow nested settings down to the field that changed', () => {
    const after = { ...group, settings: { ...group.settings, queue: { maxWaitSeconds: 120, maxCallers: 10 } } };
    expect(changedFields(group, after)).toEqual([{ field: 'settings.queue.maxWaitSeconds', before: 60, after: 120 }]);
  });

  it('show a changed list whole, before and after', () => {
    const after = { ...group, agents: [{ userId: 'u1', loggedIn: false, reachOn: 'phone' }] };
    expect(changedFields(group, after)).toEqual([
      {
        field: 'agents',
        before: [{ userId: 'u1', loggedIn: true, reachOn: 'phone' }],
        after: [{ userId: 'u1', loggedIn: false, reachOn: 'phone' }],
      },
    ]);
  });

  it('give a field that appears or disappears only the side it has, and null as a value', () => {
    expect(changedFields({ a: 1, b: null }, { b: 2, c: null })).toEqual([
      { field: 'a', before: 1 },
      { field: 'b', before: null, after: 2 },
      { field: 'c', after: null },
    ]);
  });

  it('are empty when nothing but bookkeeping changed', () => {
    expect(changedFields(group, { ...group, updatedAt: 'later' })).toEqual([]);
  });

  it('compare whole values when a state is not an object', () => {
    expect(changedFields(5, 6)).toEqual([{ field: 'value', before: 5, after: 6 }]);
    expect(changedFields(null, { name: 'x' })).toEqual([{ field: 'value', before: null, after: { name: 'x' } }]);
  });
});

describe('changes of a create and a delete', () => {
  it('list every field with its value after a create, or before a delete, without bookkeeping', () => {
    const team = { id: 't1', organisationId: 'o1', name: 'Evening', memberIds: ['u1'] };
    expect(createdFields(team)).toEqual([
      { field: 'name', after: 'Evening' },
      { field: 'memberIds', after: ['u1'] },
    ]);
    expect(deletedFields(team)).toEqual([
      { field: 'name', before: 'Evening' },
      { field: 'memberIds', before: ['u1'] },
    ]);
    expect(createdFields(undefined)).toEqual([]);
  });
});
