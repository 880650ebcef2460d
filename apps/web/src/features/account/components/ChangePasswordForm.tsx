import { Button, Group, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { problemFieldErrors } from '../../../shared/api/problem.ts';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { NewPasswordInput } from '../../../shared/components/NewPasswordInput.tsx';
import { notify } from '../../../shared/components/notify.ts';
import { useChangePassword } from '../api/changePassword.ts';

export function ChangePasswordForm({ email }: { email: string }) {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const errors = problemFieldErrors(change.error, t);
  function submit(e: FormEvent) {
    e.preventDefault();
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrent('');
          setNew('');
          notify(t('account.changed'));
        },
      },
    );
  }
  return (
    <Paper withBorder p="md" component="section" aria-label={t('account.changePassword')}>
      <form onSubmit={submit} noValidate>
        <Stack maw={460}>
          <Title order={2} size="h4">
            {t('account.changePassword')}
          </Title>
          <input type="hidden" autoComplete="username" value={email} readOnly />
          <PasswordInput
            label={t('password.currentPassword')}
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={errors['currentPassword']}
            visibilityToggleButtonProps={{ 'aria-label': t('password.show') }}
          />
          <NewPasswordInput
            label={t('password.newPassword')}
            value={newPassword}
            onChange={setNew}
            error={errors['newPassword']}
          />
          <ErrorAlert error={change.error} shownPaths={['currentPassword', 'newPassword']} />
          <Group>
            <Button type="submit" loading={change.isPending}>
              {t('account.change')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
