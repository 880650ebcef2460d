import { Button, Group, Paper, Select, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../../shared/components/notify.ts';
import { useNumbers } from '../../../shared/api/lookups.ts';
import { problemFieldErrors } from '../../../shared/api/problem.ts';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { phoneNumberFilter } from '../../../shared/format/phoneNumber.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { useCreateDisplayNumber } from '../api/createDisplayNumber.ts';
import { useDisplayNumbers } from '../api/getDisplayNumbers.ts';
import { GranteesFields } from './GranteesFields.tsx';

/** ADD: choose a number, choose users and/or teams, save. */
export function DisplayNumberCreateForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const numbers = useNumbers().data ?? [];
  const existing = new Set((useDisplayNumbers().data ?? []).map((d) => d.number));
  const [number, setNumber] = useState<string | null>(null);
  const [grantees, setGrantees] = useState({ userIds: [] as string[], teamIds: [] as string[] });
  const numberFilter = phoneNumberFilter(useOrg().country);
  const create = useCreateDisplayNumber();
  const errors = problemFieldErrors(create.error);
  return (
    <Paper withBorder p="md" mb="md" component="section" aria-labelledby="create-display-title">
      <Stack>
        <Title order={2} size="h4" id="create-display-title">
          {t('display.createTitle')}
        </Title>
        <Select
          label={t('common.number')}
          required
          data={numbers
            .filter((n) => !existing.has(n.number))
            .map((n) => ({ value: n.number, label: n.assignment ? `${n.number} (${n.assignment.name})` : n.number }))}
          value={number}
          onChange={setNumber}
          searchable
          filter={numberFilter}
          error={errors['number']}
          w={360}
        />
        <GranteesFields {...grantees} onChange={setGrantees} errors={errors} />
        <ErrorAlert error={create.error} shownPaths={['number', 'userIds', 'teamIds']} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button
            loading={create.isPending}
            onClick={() =>
              create.mutate(
                { number: number ?? '', ...grantees, grantToGroupAgents: false, grantToGroupSupervisors: false },
                {
                  onSuccess: (d) => {
                    notify(`${t('common.created')}: ${d.number}`);
                    onDone();
                  },
                },
              )
            }
          >
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
