import { MultiSelect, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNumbers, useUsers } from '../../../shared/api/lookups.ts';
import { fieldError, type FieldErrors } from '../../../shared/api/problem.ts';
import { phoneNumberFilter } from '../../../shared/format/phoneNumber.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';

export type GroupDetails = {
  name: string;
  number: string;
  billingNumber: string;
  numericId: string;
  agentIds: string[];
  supervisorIds: string[];
};

export const groupDetailPaths = ['name', 'number', 'billingNumber', 'numericId', 'agentIds', 'supervisorIds'];

type Props = {
  value: GroupDetails;
  onChange: (value: GroupDetails) => void;
  errors: FieldErrors;
  /** The group being edited, whose own number stays selectable. */
  groupId?: string;
};

/** R10–R12: name, number, billing ID, numeric ID, agents and supervisors, in the article's order. */
export function GroupDetailsFields({ value, onChange, errors, groupId }: Props) {
  const { t } = useTranslation();
  const numbers = useNumbers().data ?? [];
  const users = useUsers().data ?? [];
  const numberFilter = phoneNumberFilter(useOrg().country);
  const free = numbers.filter(
    (n) => !n.assignment || (n.assignment.type === 'responseGroup' && n.assignment.responseGroupId === groupId),
  );
  const set = <K extends keyof GroupDetails>(k: K, v: GroupDetails[K]) => onChange({ ...value, [k]: v });
  const numberLabel = (n: { number: string; type: string }) => `${n.number} (${n.type})`;
  const numericIdError = value.numericId && !/^\d{1,4}$/.test(value.numericId) ? t('groups.numericIdHelp') : undefined;

  return (
    <Stack gap="sm">
      <TextInput
        label={t('groups.name')}
        placeholder={t('groups.namePlaceholder')}
        required
        value={value.name}
        onChange={(e) => set('name', e.currentTarget.value)}
        error={fieldError(errors, 'name')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('groups.number')}
          description={free.length ? t('groups.numberHelp') : t('groups.noNumbers')}
          required
          data={free.map((n) => ({ value: n.number, label: numberLabel(n) }))}
          value={value.number || null}
          onChange={(v) =>
            onChange({
              ...value,
              number: v ?? '',
              billingNumber:
                value.billingNumber && value.billingNumber !== value.number ? value.billingNumber : (v ?? ''),
            })
          }
          searchable
          filter={numberFilter}
          allowDeselect={false}
          error={fieldError(errors, 'number')}
        />
        <Select
          label={t('groups.billingNumber')}
          description={t('groups.billingHelp')}
          data={numbers.map((n) => ({ value: n.number, label: numberLabel(n) }))}
          value={value.billingNumber || null}
          onChange={(v) => set('billingNumber', v ?? '')}
          searchable
          filter={numberFilter}
          allowDeselect={false}
          error={fieldError(errors, 'billingNumber')}
        />
      </SimpleGrid>
      <TextInput
        label={t('groups.numericId')}
        description={t('groups.numericIdHelp')}
        required
        inputMode="numeric"
        w={200}
        value={value.numericId}
        onChange={(e) => set('numericId', e.currentTarget.value.replace(/\s/g, ''))}
        error={fieldError(errors, 'numericId') ?? numericIdError}
      />
      <MultiSelect
        label={t('groups.agents')}
        description={t('groups.agentsHelp')}
        data={users.map((u) => ({ value: u.id, label: `${u.name} (${u.extension})` }))}
        value={value.agentIds}
        onChange={(v) => set('agentIds', v)}
        searchable
        error={fieldError(errors, 'agentIds')}
      />
      <MultiSelect
        label={t('groups.supervisors')}
        description={t('groups.supervisorsHelp')}
        data={users
          .filter((u) => u.licence === 'pro' || value.supervisorIds.includes(u.id))
          .map((u) => ({ value: u.id, label: `${u.name} (pro)` }))}
        value={value.supervisorIds}
        onChange={(v) => set('supervisorIds', v)}
        searchable
        error={fieldError(errors, 'supervisorIds')}
      />
    </Stack>
  );
}
