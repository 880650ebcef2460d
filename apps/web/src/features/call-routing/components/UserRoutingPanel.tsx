import { Badge, Group, Paper, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  presentableNumbers,
  routingFields,
  type RoutingField,
  type RoutingOverrides,
  type User,
  type UserRouting,
} from '@vaxel/domain';
import { useDisplayNumberList, useResponseGroupList, useUsers } from '../../../shared/api/lookups.ts';
import { fieldError, scopeErrors } from '../../../shared/api/problem.ts';
import { QueryState } from '../../../shared/components/QueryState.tsx';
import { SaveBar } from '../../../shared/form/SaveBar.tsx';
import { useDraft } from '../../../shared/form/useDraft.ts';
import { useUserRouting } from '../api/getUserRouting.ts';
import { useUpdateUserRouting } from '../api/updateUserRouting.ts';
import { OnlineDevices } from './OnlineDevices.tsx';
import { RoutingFieldEditor, routingLabelKeys } from './RoutingFieldEditor.tsx';

type Draft = { values: UserRouting['effective']; follow: RoutingField[]; callerIdNumber: string | null };

/** R37: a user's own settings, each field either following the default or their own value (R30). */
export function UserRoutingPanel() {
  const { t } = useTranslation();
  const users = useUsers();
  const [userId, setUserId] = useState<string | null>(null);
  const routing = useUserRouting(userId);
  const user = users.data?.find((u) => u.id === userId);
  return (
    <Paper withBorder p="md" component="section" aria-label={t('routing.users')}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('routing.users')}
        </Title>
        <Select
          label={t('routing.chooseUser')}
          data={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.extension})` }))}
          value={userId}
          onChange={setUserId}
          searchable
          w={360}
        />
        {userId && <OnlineDevices userId={userId} />}
        {userId && user && (
          <QueryState query={routing}>{(r) => <UserRoutingForm key={userId} user={user} routing={r} />}</QueryState>
        )}
      </Stack>
    </Paper>
  );
}

function UserRoutingForm({ user, routing }: { user: User; routing: UserRouting }) {
  const { t } = useTranslation();
  const update = useUpdateUserRouting(user.id);
  const displayNumbers = useDisplayNumberList().data ?? [];
  const groups = useResponseGroupList().data ?? [];
  const saved: Draft = {
    values: routing.effective,
    follow: routing.followsDefault,
    callerIdNumber: routing.callerIdNumber,
  };
  const form = useDraft(saved, (d) => {
    const overrides: RoutingOverrides = {};
    for (const f of routingFields) if (!d.follow.includes(f)) (overrides as Record<string, unknown>)[f] = d.values[f];
    return update.mutateAsync({ overrides, followDefault: d.follow, callerIdNumber: d.callerIdNumber });
  });
  const { draft, setDraft } = form;
  const errors = scopeErrors(form.errors, 'overrides');
  const memberships = groups.map((g) => ({
    responseGroupId: g.id,
    agentIds: g.agents.map((a) => a.userId),
    supervisorIds: g.supervisorIds,
  }));
  const ownNumbers = [user.mobileNumber, user.landlineNumber].filter((n): n is string => !!n);
  const choices = [
    ...new Set([...ownNumbers, ...presentableNumbers(user, displayNumbers, memberships).map((d) => d.number)]),
  ];
  if (draft.callerIdNumber && !choices.includes(draft.callerIdNumber)) choices.push(draft.callerIdNumber);

  return (
    <Stack gap="sm">
      {routingFields.map((field) => {
        const follows = draft.follow.includes(field);
        return (
          <Paper key={field} withBorder p="sm" data-testid={`user-routing-${field}`}>
            <Group justify="space-between" mb={6}>
              <Text size="sm" fw={600}>
                {t(routingLabelKeys[field])}
              </Text>
              <Group gap="xs">
                <Badge variant="light" color={follows ? 'gray' : 'teal'}>
                  {follows ? t('routing.follows') : t('routing.overridden')}
                </Badge>
                <Switch
                  label={`${t('routing.followDefault')}: ${t(routingLabelKeys[field])}`}
                  checked={follows}
                  onChange={(e) =>
                    setDraft({
                      ...draft,
                      follow: e.currentTarget.checked
                        ? [...draft.follow, field]
                        : draft.follow.filter((f) => f !== field),
                    })
                  }
                />
              </Group>
            </Group>
            {!follows && (
              <RoutingFieldEditor
                field={field}
                value={draft.values[field] as never}
                onChange={(v) => setDraft({ ...draft, values: { ...draft.values, [field]: v } })}
                errors={errors}
                labelPrefix={`${user.name}: `}
              />
            )}
          </Paper>
        );
      })}
      <Select
        label={t('routing.callerIdNumber')}
        data={[{ value: '', label: t('routing.noChoice') }, ...choices.map((n) => ({ value: n, label: n }))]}
        value={draft.callerIdNumber ?? ''}
        onChange={(v) => setDraft({ ...draft, callerIdNumber: v || null })}
        allowDeselect={false}
        error={fieldError(form.errors, 'callerIdNumber')}
        w={320}
      />
      <SaveBar
        onSave={() => form.mutation.mutate()}
        saving={form.mutation.isPending}
        error={form.mutation.error}
        shownPaths={['overrides', 'followDefault', 'callerIdNumber']}
        dirty={form.dirty}
        onReset={form.reset}
      />
    </Stack>
  );
}
