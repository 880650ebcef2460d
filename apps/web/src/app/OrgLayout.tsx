import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useEffect } from 'react';
import { Navigate, Outlet, useLocation, useParams } from 'react-router';
import { NoPermission, useMe } from '../features/auth/index.ts';
import { ErrorAlert } from '../shared/components/ErrorAlert.tsx';
import { applyOrganisationLanguage } from '../shared/i18n/i18n.ts';
import { OrgProvider } from '../shared/org/OrgContext.tsx';
import { openToMembers, Shell } from './Shell.tsx';

/** The chosen organisation: checks membership and the phone-system permission (R4; a few screens are open to every member), then the shell. */
export function OrgLayout() {
  const { t } = useTranslation();
  const { orgId } = useParams();
  const me = useMe();
  const location = useLocation();
  const membership = me.data?.organisations.find((m) => m.organisationId === orgId);

  useEffect(() => {
    if (membership) applyOrganisationLanguage(membership.language);
  }, [membership?.organisationId, membership?.language]);

  if (me.isPending) return <Center mih="100vh"><Loader aria-label={t('common.loading')} /></Center>;
  if (me.error) return <Center mih="100vh"><ErrorAlert error={me.error} /></Center>;
  if (!me.data) return <Navigate to="/login" replace />;
  if (!membership) return <Navigate to="/" replace />;
  const allowed = membership.permissions.includes('phone_system');
  return (
    <OrgProvider membership={membership}>
      <Shell me={me.data} membership={membership} allowed={allowed}>
        {allowed || openToMembers(location.pathname) ? <Outlet /> : <NoPermission organisationName={membership.organisationName} />}
      </Shell>
    </OrgProvider>
  );
}
