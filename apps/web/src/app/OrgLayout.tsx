import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useEffect } from 'react';
import { Navigate, Outlet, useMatches, useParams } from 'react-router';
import { NoPermission, useMe } from '../features/auth/index.ts';
import { OutboundBlockBanner } from '../features/outbound-rules/banner.ts';
import { ErrorAlert } from '../shared/components/ErrorAlert.tsx';
import { applyOrganisationLanguage } from '../shared/i18n/i18n.ts';
import { OrgProvider } from '../shared/org/OrgContext.tsx';
import { Shell } from './Shell.tsx';

/** The chosen organisation: checks membership and the phone-system permission (R4; one's own screens need none), then the shell. */
export function OrgLayout() {
  const { t } = useTranslation();
  const { orgId } = useParams();
  const me = useMe();
  const membership = me.data?.organisations.find((m) => m.organisationId === orgId);
  // Screens of one's own (voicemail) are open to every member; the rest need phone_system.
  const memberScreen = useMatches().some(
    (match) => (match.handle as { member?: boolean } | undefined)?.member === true,
  );

  useEffect(() => {
    if (membership) applyOrganisationLanguage(membership.language);
  }, [membership?.organisationId, membership?.language]);

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
  if (!membership) return <Navigate to="/" replace />;
  const allowed = membership.permissions.includes('phone_system');
  return (
    <OrgProvider membership={membership}>
      <Shell me={me.data} membership={membership} allowed={allowed}>
        {/* Issue 10: on every page while international calls are blocked; phone_system may lift it. */}
        <OutboundBlockBanner canLift={allowed} />
        {allowed || memberScreen ? <Outlet /> : <NoPermission organisationName={membership.organisationName} />}
      </Shell>
    </OrgProvider>
  );
}
