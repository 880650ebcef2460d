import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { AccountPage } from '../../features/account/index.ts';
import { useMe } from '../../features/auth/index.ts';
import { ErrorAlert } from '../../shared/components/ErrorAlert.tsx';

/** The account page for whoever is logged in; the login page otherwise. */
export function AccountRoute() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending)
    return (
      <Center mih="100vh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  if (me.error)
    return (
      <Center mih="100vh">
        <ErrorAlert error={me.error} />
      </Center>
    );
  if (!me.data) return <Navigate to="/login" replace />;
  return <AccountPage me={me.data} />;
}
