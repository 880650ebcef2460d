import { Accordion, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvitationIssued, User } from '@vaxel/domain';
import { useUsers } from '../../../shared/api/lookups.ts';
import { problemFieldErrors } from '../../../shared/api/problem.ts';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { notify } from '../../../shared/components/notify.ts';
import { QueryState } from '../../../shared/components/QueryState.tsx';
import { SaveBar } from '../../../shared/form/SaveBar.tsx';
import { useDraft } from '../../../shared/form/useDraft.ts';
import { useCreateUser } from '../api/createUser.ts';
import { useDeleteUser } from '../api/deleteUser.ts';
import { useUpdateUser } from '../api/updateUser.ts';
import { UserFields, userBody, userPaths, type UserDraft } from './UserFields.tsx';
import { DeleteSection } from '../../../shared/components/DeleteSection.tsx';
import type { CreatedUser } from '../api/createUser.ts';
import { InvitationLink } from './InvitationLink.tsx';
import { InvitationStatus, invitationExpired } from './InvitationStatus.tsx';

const blank: UserDraft = {
  name: '',
  email: '',
  licence: 'basic',
  phoneSystem: false,
  extension: '',
  mobileNumber: null,
  landlineNumber: null,
  sipPassword: '',
  teamIds: [],
};

const draftOf = (u: User): UserDraft => ({
  name: u.name,
  email: u.email,
  licence: u.licence,
  phoneSystem: u.permissions.includes('phone_system'),
  extension: u.extension,
  mobileNumber: u.mobileNumber,
  landlineNumber: u.landlineNumber,
  sipPassword: '',
  teamIds: u.teamIds,
});

/** R3: the organisation's users, each expandable to edit; add (which invites the person) and delete. */
export function UsersPanel() {
  const { t } = useTranslation();
  const users = useUsers();
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Stack gap="sm" component="section" aria-label={t('users.title')}>
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('users.title')}
        </Title>
        {!creating && (
          <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setCreating(true)}>
            {t('users.add')}
          </Button>
        )}
      </Group>
      {creating && <UserCreateForm onDone={() => setCreating(false)} />}
      <QueryState query={users}>
        {(list) => (
          <Accordion value={open} onChange={setOpen} variant="separated">
            {list.map((u) => (
              <Accordion.Item key={u.id} value={u.id}>
                <Accordion.Control>
                  <Group justify="space-between" wrap="nowrap" pr="sm">
                    <Text fw={600}>{u.name}</Text>
                    <Group gap="xs">
                      <Badge variant="outline">{u.extension}</Badge>
                      <Badge variant="light">{u.licence}</Badge>
                      {u.permissions.includes('phone_system') && (
                        <Badge variant="light" color="grape">
                          {t('users.phoneSystemShort')}
                        </Badge>
                      )}
                      {u.status === 'pending' && (
                        <Badge variant="outline" color={invitationExpired(u) ? 'red' : 'indigo'}>
                          {t(invitationExpired(u) ? 'users.expired' : 'users.pending')}
                        </Badge>
                      )}
                    </Group>
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>{open === u.id && <UserEditor user={u} />}</Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        )}
      </QueryState>
    </Stack>
  );
}

function UserCreateForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(blank);
  const [created, setCreated] = useState<CreatedUser | null>(null);
  const create = useCreateUser();
  if (created) {
    // The link exists only in this answer: it stays on screen until the admin says done.
    return <InvitationLink name={created.name} email={created.email} invitation={created.invitation} onDone={onDone} />;
  }
  return (
    <Paper withBorder p="md" component="section" aria-label={t('users.add')}>
      <Stack>
        <UserFields value={value} onChange={setValue} errors={problemFieldErrors(create.error)} />
        <ErrorAlert error={create.error} shownPaths={userPaths} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button
            loading={create.isPending}
            onClick={() =>
              create.mutate(userBody(value), {
                onSuccess: (u) => {
                  notify(`${t('common.created')}: ${u.name}`);
                  setCreated(u);
                },
              })
            }
          >
            {t('common.create')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function UserEditor({ user }: { user: User }) {
  const { t } = useTranslation();
  const update = useUpdateUser(user.id);
  const remove = useDeleteUser();
  const [issued, setIssued] = useState<InvitationIssued | null>(null);
  const form = useDraft(draftOf(user), (d) => update.mutateAsync(userBody(d)), {
    onSaved: (saved) => setIssued(saved.invitation ?? null),
  });
  return (
    <Stack gap="sm">
      <InvitationStatus user={user} issued={issued} onIssued={setIssued} />
      <UserFields
        value={form.draft}
        onChange={form.setDraft}
        errors={form.errors}
        userId={user.id}
        sipUsername={user.sipUsername}
        labelSuffix={` (${user.name})`}
      />
      <SaveBar
        onSave={() => form.mutation.mutate()}
        saving={form.mutation.isPending}
        error={form.mutation.error}
        shownPaths={userPaths}
        dirty={form.dirty}
        onReset={form.reset}
      />
      <DeleteSection id={user.id} name={user.name} remove={remove} label={t('users.delete')} />
    </Stack>
  );
}
