import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { problemFieldErrors } from '../../../shared/api/problem.ts';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { useRequestPasswordReset } from '../api/passwordReset.ts';
import { PublicCard } from './PublicCard.tsx';

/** /password-reset: ask for a reset link by e-mail; the answer is the same for every address. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const errors = problemFieldErrors(request.error);
  function submit(e: FormEvent) {
    e.preventDefault();
    const address = email.trim();
    request.mutate(address, { onSuccess: () => setSentTo(address) });
  }
  return (
    <PublicCard title={t('reset.requestTitle')}>
      {sentTo ? (
        <Text role="status">{t('reset.sent', { email: sentTo })}</Text>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{t('reset.requestHelp')}</Text>
            <TextInput
              autoFocus
              label={t('auth.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={errors['email']}
            />
            <ErrorAlert error={request.error} shownPaths={['email']} />
            <Button type="submit" loading={request.isPending}>
              {t('reset.send')}
            </Button>
          </Stack>
        </form>
      )}
      <Text size="xs" c="dimmed">
        {t('reset.noMailHint')}
      </Text>
      <Anchor component={Link} to="/login" size="sm">
        {t('invitation.toLogin')}
      </Anchor>
    </PublicCard>
  );
}
