import { MultiSelect, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useTeams, useUsers } from '../../../shared/api/lookups.ts';
import type { FieldErrors } from '../../../shared/api/problem.ts';
import { fieldError } from '../../../shared/api/problem.ts';

type Props = {
  userIds: string[];
  teamIds: string[];
  onChange: (v: { userIds: string[]; teamIds: string[] }) => void;
  errors: FieldErrors;
  labelSuffix?: string;
};

/** "Välj användare och eller team". */
export function GranteesFields({ userIds, teamIds, onChange, errors, labelSuffix = '' }: Props) {
  const { t } = useTranslation();
  const users = useUsers().data ?? [];
  const teams = useTeams().data ?? [];
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <MultiSelect
        label={`${t('display.users')}${labelSuffix}`}
        data={users.map((u) => ({ value: u.id, label: u.name }))}
        value={userIds}
        onChange={(v) => onChange({ userIds: v, teamIds })}
        searchable
        error={fieldError(errors, 'userIds')}
      />
      <MultiSelect
        label={`${t('display.teams')}${labelSuffix}`}
        data={teams.map((tm) => ({ value: tm.id, label: tm.name }))}
        value={teamIds}
        onChange={(v) => onChange({ userIds, teamIds: v })}
        searchable
        error={fieldError(errors, 'teamIds')}
      />
    </SimpleGrid>
  );
}
