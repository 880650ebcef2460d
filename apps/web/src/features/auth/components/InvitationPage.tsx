import { Anchor, Button, Center, Loader, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, problemFieldErrors } from '../../../shared/api/problem.ts';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { NewPasswordInput } from '../../../shared/components/NewPasswordInput.tsx';
import { formatDateTime } from '../../../shared/format/format.ts';
import { useAcceptInvitation } from '../api/acceptInvitation.ts';
import { useInvitation } from '../api/getInvitation.ts';
import { PublicCard } from './PublicCard.tsx';

/**
 * The invitation link (/invitation/:token): a new person chooses their password; someone with a
 * Växel account enters its password (or, logged in as it, just accepts). Never changes an
 * existing account's password.
 */
export function InvitationPage() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const invitation = useInvitation(token);
  const accept = useAcceptInvitation(token);
  const [password, setPassword] = useState('');
  const errors = problemFieldErrors(accept.error, t);

  if (invitation.isPending)
    return (
      <Center mih="100vh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  if (invitation.error) {
    const code = invitation.error instanceof ApiError ? invitation.error.code : '';
    return (
      <PublicCard title={t('invitation.title', { org: 'Växel' })}>
        {code === 'invitation_not_found' || code === 'invitation_expired' ? (
          <Text role="alert">{t(code === 'invitation_expired' ? 'invitation.expired' : 'invitation.notFound')}</Text>
        ) : (
          <ErrorAlert error={invitation.error} />
        )}
        <Anchor component={Link} to="/login">
          {t('invitation.toLogin')}
        </Anchor>
      </PublicCard>
    );
  }

  const details = invitation.data;
  const vars = { org: details.organisationName, name: details.name, email: details.email };
  function submit(e: FormEvent) {
    e.preventDefault();
    accept.mutate(details.signedIn ? {} : { password }, { onSuccess: () => navigate('/', { replace: true }) });
  }
  return (
    <PublicCard title={t('invitation.title', vars)} width={460}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text>{t('invitation.intro', vars)}</Text>
          {details.signedIn ? (
            <Text size="sm">{t('invitation.signedIn', vars)}</Text>
          ) : details.account === 'new' ? (
            <>
              <Text size="sm">{t('invitation.newAccount', vars)}</Text>
              <NewPasswordInput
                label={t('invitation.choosePassword')}
                value={password}
                onChange={setPassword}
                error={errors['password']}
                autoFocus
              />
            </>
          ) : (
            <>
              <Text size="sm">{t('invitation.existingAccount', vars)}</Text>
              <input type="hidden" autoComplete="username" value={details.email} readOnly />
              <PasswordInput
                label={t('invitation.accountPassword')}
                autoComplete="current-password"
                required
                autoFocus
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={errors['password']}
                visibilityToggleButtonProps={{ 'aria-label': t('password.show') }}
              />
              <Anchor component={Link} to="/password-reset" size="sm">
                {t('invitation.forgot')}
              </Anchor>
            </>
          )}
          <ErrorAlert error={accept.error} shownPaths={['password']} />
          <Button type="submit" loading={accept.isPending}>
            {t('invitation.accept')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('invitation.expires', {
              date: formatDateTime(details.expiresAt, Intl.DateTimeFormat().resolvedOptions().timeZone, i18n.language),
            })}
          </Text>
        </Stack>
      </form>
    </PublicCard>
  );
}
