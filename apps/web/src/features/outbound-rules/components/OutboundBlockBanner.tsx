import { Alert, Group, Stack, Text } from '@mantine/core';
import { IconShieldExclamation } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../../shared/components/ConfirmButton.tsx';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { notify } from '../../../shared/components/notify.ts';
import { formatDateTime } from '../../../shared/format/format.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { useOutboundBlock } from '../api/getOutboundBlock.ts';
import { useLiftOutboundBlock } from '../api/liftOutboundBlock.ts';

/**
 * Issue 10 "Toll fraud": shown on every page of the organisation while the switch blocks its
 * international calls after a spike of them. Only someone with phone_system may lift the block
 * (`canLift`), after confirming; everyone else sees why their calls abroad fail and whom to ask.
 * Nothing is shown while the state is unknown (loading, or a failed read): the banner is a warning,
 * not a gate, and the switch enforces the block whatever the console shows.
 */
export function OutboundBlockBanner({ canLift }: { canLift: boolean }) {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const query = useOutboundBlock();
  const lift = useLiftOutboundBlock();
  const block = query.data?.block;
  if (!block) return null;
  const since = formatDateTime(block.since, org.timeZone, i18n.language);
  return (
    <Alert
      color="red"
      variant="light"
      mb="md"
      icon={<IconShieldExclamation aria-hidden />}
      title={t('outbound.blockedTitle')}
      role="alert"
      data-testid="outbound-block-banner"
    >
      <Stack gap="xs">
        <Text size="sm">{t('outbound.blocked', { since, calls: block.calls, seconds: block.seconds })}</Text>
        <Text size="sm">{canLift ? t('outbound.blockedAdvice') : t('outbound.blockedAskAdmin')}</Text>
        {canLift && (
          <Group>
            <ConfirmButton
              size="xs"
              color="red"
              loading={lift.isPending}
              title={t('outbound.liftTitle')}
              message={t('outbound.liftConfirm')}
              onConfirm={() =>
                lift.mutateAsync().then(
                  () => notify(t('outbound.lifted')),
                  () => undefined,
                )
              }
            >
              {t('outbound.lift')}
            </ConfirmButton>
          </Group>
        )}
        <ErrorAlert error={lift.error} />
      </Stack>
    </Alert>
  );
}
