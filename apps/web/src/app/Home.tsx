import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { OrgPicker, useMe } from '../features/auth/index.ts';
import { ErrorAlert } from '../shared/components/ErrorAlert.tsx';

/** Where "/" leads: login, straight into the only organisation, or the organisation picker (R5). */
export function Home() {
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
  const [only, ...others] = me.data.organisations;
  if (only && others.length === 0) return <Navigate to={`/o/${only.organisationId}/response-groups`} replace />;
  return <OrgPicker me={me.data} />;
}
