import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CallDirection, CallOutcome } from '@vaxel/domain';
import { useResponseGroupList, useUsers } from '../../../shared/api/lookups.ts';
import type { FieldErrors } from '../../../shared/api/problem.ts';
import { PhoneNumberInput } from '../../../shared/components/PhoneNumberInput.tsx';
import { isoToZonedLocal, zonedLocalToIso } from '../../../shared/format/format.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import type { CallFilters } from '../api/getCalls.ts';

type Props = { value: CallFilters; onApply: (filters: CallFilters) => void; errors: FieldErrors };

/** Time range (in the organisation's zone), number, user, group, direction, outcome, emergency calls. */
export function CallFiltersForm({ value, onApply, errors }: Props) {
  const { t } = useTranslation();
  const org = useOrg();
  const users = useUsers().data ?? [];
  const groups = useResponseGroupList().data ?? [];
  const [draft, setDraft] = useState({
    from: value.from ? isoToZonedLocal(value.from, org.timeZone) : '',
    to: value.to ? isoToZonedLocal(value.to, org.timeZone) : '',
    number: value.number ?? '',
    userId: value.userId ?? '',
    responseGroupId: value.responseGroupId ?? '',
    direction: value.direction ?? '',
    outcome: value.outcome ?? '',
    emergency: value.emergency ?? '',
  });
  const any = { value: '', label: t('calls.any') };
  function submit(e: FormEvent) {
    e.preventDefault();
    const f: CallFilters = {};
    if (draft.from) f.from = zonedLocalToIso(draft.from, org.timeZone);
    if (draft.to) f.to = zonedLocalToIso(draft.to, org.timeZone);
    if (draft.number.trim()) f.number = draft.number.trim();
    if (draft.userId) f.userId = draft.userId;
    if (draft.responseGroupId) f.responseGroupId = draft.responseGroupId;
    if (draft.direction) f.direction = draft.direction;
    if (draft.outcome) f.outcome = draft.outcome;
    if (draft.emergency === 'true' || draft.emergency === 'false') f.emergency = draft.emergency;
    onApply(f);
  }
  return (
    <form onSubmit={submit} aria-label={t('calls.apply')}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} mb="sm">
        <TextInput
          type="datetime-local"
          label={t('calls.from')}
          description={org.timeZone}
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          error={errors['from']}
        />
        <TextInput
          type="datetime-local"
          label={t('calls.to')}
          description={org.timeZone}
          value={draft.to}
          onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          error={errors['to']}
        />
        <PhoneNumberInput
          label={t('calls.number')}
          value={draft.number}
          onChange={(number) => setDraft({ ...draft, number })}
          error={errors['number']}
          extensions
        />
        <Select
          label={t('calls.user')}
          data={[any, ...users.map((u) => ({ value: u.id, label: u.name }))]}
          value={draft.userId}
          onChange={(v) => setDraft({ ...draft, userId: v ?? '' })}
          allowDeselect={false}
          searchable
        />
        <Select
          label={t('calls.group')}
          data={[any, ...groups.map((g) => ({ value: g.id, label: g.name }))]}
          value={draft.responseGroupId}
          onChange={(v) => setDraft({ ...draft, responseGroupId: v ?? '' })}
          allowDeselect={false}
        />
        <Select
          label={t('calls.direction')}
          data={[any, ...CallDirection.options.map((d) => ({ value: d, label: t(`calls.directions.${d}`) }))]}
          value={draft.direction}
          onChange={(v) => setDraft({ ...draft, direction: v ?? '' })}
          allowDeselect={false}
        />
        <Select
          label={t('calls.outcome')}
          data={[any, ...CallOutcome.options.map((o) => ({ value: o, label: t(`calls.outcomes.${o}`) }))]}
          value={draft.outcome}
          onChange={(v) => setDraft({ ...draft, outcome: v ?? '' })}
          allowDeselect={false}
        />
        <Select
          label={t('calls.emergencyFilter')}
          data={[
            any,
            { value: 'true', label: t('calls.emergencyOnly') },
            { value: 'false', label: t('calls.emergencyNone') },
          ]}
          value={draft.emergency}
          onChange={(v) => setDraft({ ...draft, emergency: v ?? '' })}
          allowDeselect={false}
        />
        <Group align="flex-end">
          <Button type="submit">{t('calls.apply')}</Button>
        </Group>
      </SimpleGrid>
    </form>
  );
}
