import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../../../shared/api/problem.ts';
import { isoToZonedLocal, zonedLocalToIso } from '../../../shared/format/format.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { useAuditActors } from '../api/getAuditActors.ts';
import type { AuditFilters } from '../api/getAuditLog.ts';
import { filterableObjectTypes } from './objectPages.ts';

type Props = { value: AuditFilters; onApply: (filters: AuditFilters) => void; errors: FieldErrors };

/** Object type, person and time range (typed in the organisation's time zone). */
export function AuditFiltersForm({ value, onApply, errors }: Props) {
  const { t } = useTranslation();
  const org = useOrg();
  const actors = useAuditActors().data ?? [];
  const [draft, setDraft] = useState({
    objectType: value.objectType ?? '',
    actorAccountId: value.actorAccountId ?? '',
    from: value.from ? isoToZonedLocal(value.from, org.timeZone) : '',
    to: value.to ? isoToZonedLocal(value.to, org.timeZone) : '',
  });
  const types = [...new Set([...filterableObjectTypes, ...(value.objectType ? [value.objectType] : [])])];
  function submit(e: FormEvent) {
    e.preventDefault();
    const f: AuditFilters = {};
    if (draft.objectType) f.objectType = draft.objectType;
    // The history of one object stays selected while its type does.
    if (value.objectId && draft.objectType === value.objectType) f.objectId = value.objectId;
    if (draft.actorAccountId) f.actorAccountId = draft.actorAccountId;
    if (draft.from) f.from = zonedLocalToIso(draft.from, org.timeZone);
    if (draft.to) f.to = zonedLocalToIso(draft.to, org.timeZone);
    onApply(f);
  }
  return (
    <form onSubmit={submit} aria-label={t('audit.apply')}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} mb="sm">
        <Select
          label={t('audit.objectType')}
          data={[
            { value: '', label: t('audit.anyObject') },
            ...types.map((type) => ({ value: type, label: t(`audit.types.${type}`, { defaultValue: type }) })),
          ]}
          value={draft.objectType}
          onChange={(v) => setDraft({ ...draft, objectType: v ?? '' })}
          allowDeselect={false}
        />
        <Select
          label={t('audit.person')}
          data={[
            { value: '', label: t('audit.anyPerson') },
            ...actors
              .filter((a) => a.accountId)
              .map((a) => ({
                value: a.accountId!,
                label: a.email && a.email !== a.name ? `${a.name} (${a.email})` : a.name,
              })),
          ]}
          value={draft.actorAccountId}
          onChange={(v) => setDraft({ ...draft, actorAccountId: v ?? '' })}
          allowDeselect={false}
          searchable
        />
        <TextInput
          type="datetime-local"
          label={t('audit.from')}
          description={org.timeZone}
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          error={errors['from']}
        />
        <TextInput
          type="datetime-local"
          label={t('audit.to')}
          description={org.timeZone}
          value={draft.to}
          onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          error={errors['to']}
        />
        <Group align="flex-end">
          <Button type="submit">{t('audit.apply')}</Button>
        </Group>
      </SimpleGrid>
    </form>
  );
}
