import { Anchor, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { problemFieldErrors } from '../../../shared/api/problem.ts';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { LanguageSwitch } from '../../../shared/components/LanguageSwitch.tsx';
import { useLogin } from '../api/login.ts';
import { useMe } from '../api/getMe.ts';

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const errors = problemFieldErrors(login.error);

  if (me.data) return <Navigate to="/" replace />;

  function submit(e: FormEvent) {
    e.preventDefault();
    login.mutate({ email: email.trim(), password }, { onSuccess: () => navigate('/', { replace: true }) });
  }

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={380}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={1} size="h3">
              {t('auth.title')}
            </Title>
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
            <PasswordInput
              label={t('auth.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors['password']}
            />
            <ErrorAlert error={login.error} shownPaths={['email', 'password']} />
            <Button type="submit" loading={login.isPending}>
              {t('auth.login')}
            </Button>
            <Anchor component={Link} to="/password-reset" size="sm">
              {t('auth.forgot')}
            </Anchor>
            <LanguageSwitch />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
