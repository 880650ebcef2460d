import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CallRecord } from '@vaxel/domain';
import { formatDateTime } from '../../../shared/format/format.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { useCall } from '../api/getCall.ts';
import { useCalls } from '../api/getCalls.ts';

/**
 * R14, R58: a callback and the call that asked for it are one journey. A callback call links to
 * the call it called back ("Återuppringning av samtal …"); a call that asked for a callback lists
 * the callback calls the switch placed for it, each with its outcome.
 */
export function CallbackLinks({ call }: { call: CallRecord }) {
  if (call.callbackForCallId) return <CallbackFor callId={call.callbackForCallId} />;
  if (call.path.some((step) => step.type === 'callback')) return <CallbacksOf call={call} />;
  return null;
}

function CallbackFor({ callId }: { callId: string }) {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const original = useCall(callId);
  const to = `/o/${org.organisationId}/calls/${encodeURIComponent(callId)}`;
  const label = original.data
    ? t('calls.detail.callbackFor', {
        when: formatDateTime(original.data.startedAt, org.timeZone, i18n.language),
        from: original.data.fromNumber,
      })
    : original.isError
      ? t('calls.detail.callbackForGone')
      : null;
  if (label === null) return null;
  return original.data ? (
    <Anchor component={Link} to={to} size="sm">
      {label}
    </Anchor>
  ) : (
    <Text size="sm" c="dimmed">
      {label}
    </Text>
  );
}

function CallbacksOf({ call }: { call: CallRecord }) {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const callbacks = useCalls({ callbackForCallId: call.id });
  const list = callbacks.data?.pages.flatMap((page) => page.calls) ?? [];
  return (
    <Stack gap="xs" component="section" aria-labelledby="call-callbacks">
      <Title order={2} size="h4" id="call-callbacks">
        {t('calls.detail.callbacks')}
      </Title>
      {callbacks.isSuccess && list.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('calls.detail.noCallbackYet')}
        </Text>
      )}
      {list.map((c) => (
        <Anchor key={c.id} component={Link} to={`/o/${org.organisationId}/calls/${encodeURIComponent(c.id)}`} size="sm">
          {t('calls.detail.callbackCall', {
            when: formatDateTime(c.startedAt, org.timeZone, i18n.language),
            outcome: t(`calls.outcomes.${c.outcome ?? 'inProgress'}`),
          })}
        </Anchor>
      ))}
    </Stack>
  );
}
