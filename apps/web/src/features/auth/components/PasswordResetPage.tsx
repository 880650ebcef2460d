import { Anchor, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { problemFieldErrors } from '../../../shared/api/problem.ts';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { NewPasswordInput } from '../../../shared/components/NewPasswordInput.tsx';
import { useCompletePasswordReset, usePasswordReset } from '../api/passwordReset.ts';
import { PublicCard } from './PublicCard.tsx';

/** /password-reset/:token: choose a new password; every session of the account ends. */
export function PasswordResetPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const reset = usePasswordReset(token);
  const complete = useCompletePasswordReset(token);
  const [password, setPassword] = useState('');
  const errors = problemFieldErrors(complete.error, t);

  if (reset.isPending)
    return (
      <Center mih="100vh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  if (reset.error) {
    return (
      <PublicCard title={t('reset.title')}>
        <Text role="alert">{t('reset.invalid')}</Text>
        <Anchor component={Link} to="/password-reset">
          {t('reset.again')}
        </Anchor>
      </PublicCard>
    );
  }
  if (complete.isSuccess) {
    return (
      <PublicCard title={t('reset.title')}>
        <Text role="status">{t('reset.done')}</Text>
        <Button component={Link} to="/login">
          {t('auth.login')}
        </Button>
      </PublicCard>
    );
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    complete.mutate(password);
  }
  return (
    <PublicCard title={t('reset.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('reset.forEmail', { email: reset.data.email })}</Text>
          <input type="hidden" autoComplete="username" value={reset.data.email} readOnly />
          <NewPasswordInput
            label={t('password.newPassword')}
            value={password}
            onChange={setPassword}
            error={errors['password']}
            autoFocus
          />
          <ErrorAlert error={complete.error} shownPaths={['password']} />
          <Button type="submit" loading={complete.isPending}>
            {t('reset.save')}
          </Button>
        </Stack>
      </form>
    </PublicCard>
  );
}
