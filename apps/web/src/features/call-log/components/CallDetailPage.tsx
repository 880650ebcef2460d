import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { CallRecord } from '@vaxel/domain';
import { useUsers } from '../../../shared/api/lookups.ts';
import { orgUrl } from '../../../shared/api/client.ts';
import { PageTitle } from '../../../shared/components/PageTitle.tsx';
import { QueryState } from '../../../shared/components/QueryState.tsx';
import { formatDateTime, formatDuration } from '../../../shared/format/format.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { useCall } from '../api/getCall.ts';
import { useCallRecordings } from '../api/getCallRecordings.ts';
import { callVoicemailAudioUrl, useCallVoicemail, voicemailBoxOf } from '../api/getCallVoicemail.ts';
import { CallbackLinks } from './CallbackLinks.tsx';
import { CallJourney } from './CallJourney.tsx';
import { outcomeColor } from './outcomeColor.ts';

/** One call of the log (R58): its parties and times, its journey, and players for its recordings and voicemail message. */
export function CallDetailPage() {
  const { t } = useTranslation();
  const { callId = '' } = useParams();
  const org = useOrg();
  const call = useCall(callId);
  return (
    <Stack>
      <PageTitle
        actions={
          <Button
            component={Link}
            to={`/o/${org.organisationId}/calls`}
            variant="default"
            leftSection={<IconArrowLeft size={16} aria-hidden />}
          >
            {t('calls.detail.back')}
          </Button>
        }
      >
        {t('calls.detail.title')}
      </PageTitle>
      <QueryState query={call}>{(c) => <CallDetail call={c} />}</QueryState>
    </Stack>
  );
}

function CallDetail({ call }: { call: CallRecord }) {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const users = useUsers().data ?? [];
  const userName = (id: string | null) => (id ? (users.find((u) => u.id === id)?.name ?? id) : '—');
  const facts: Array<[string, string]> = [
    [t('calls.started'), formatDateTime(call.startedAt, org.timeZone, i18n.language)],
    [t('calls.direction'), t(`calls.directions.${call.direction}`)],
    [t('calls.from'), `${call.fromName ? `${call.fromName} ` : ''}${call.fromNumber}`],
    [t('calls.to'), call.toNumber],
    [t('calls.answeredBy'), userName(call.answeredByUserId)],
    [t('calls.wait'), formatDuration(call.waitSeconds)],
    [t('calls.talk'), formatDuration(call.talkSeconds)],
    // Issue 10: why it ended; a call in progress has no reason yet, an old record none recorded.
    ...(call.endedAt
      ? ([[t('calls.endReason'), t(`calls.endReasons.${call.endReason ?? 'unknown'}`)]] as Array<[string, string]>)
      : []),
  ];
  return (
    <Stack gap="lg">
      <Card withBorder component="section" aria-label={t('calls.detail.summary')}>
        <Group mb="sm" gap="xs">
          <Badge color={call.outcome ? outcomeColor[call.outcome] : 'gray'} variant="light">
            {t(`calls.outcomes.${call.outcome ?? 'inProgress'}`)}
          </Badge>
          {call.emergency && (
            <Badge color="red" variant="filled">
              {t('calls.emergency')}
            </Badge>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} component="dl" m={0}>
          {facts.map(([label, value]) => (
            <div key={label}>
              <Text component="dt" size="xs" c="dimmed">
                {label}
              </Text>
              <Text component="dd" m={0} size="sm">
                {value}
              </Text>
            </div>
          ))}
        </SimpleGrid>
      </Card>
      <Stack gap="xs" component="section" aria-labelledby="call-journey">
        <Title order={2} size="h4" id="call-journey">
          {t('calls.journey.title')}
        </Title>
        <CallJourney call={call} />
        <CallbackLinks call={call} />
      </Stack>
      <CallRecordings callId={call.id} />
      {voicemailBoxOf(call) !== null && <CallVoicemail call={call} />}
    </Stack>
  );
}

/** R58: the voicemail message the caller left, played where the box's owner would hear it. */
function CallVoicemail({ call }: { call: CallRecord }) {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const message = useCallVoicemail(call);
  return (
    <Stack gap="xs" component="section" aria-labelledby="call-voicemail">
      <Title order={2} size="h4" id="call-voicemail">
        {t('calls.detail.voicemail')}
      </Title>
      <QueryState query={message}>
        {(m) =>
          m === null ? (
            <Text size="sm" c="dimmed">
              {t('calls.detail.voicemailGone')}
            </Text>
          ) : (
            <Group gap="sm">
              <audio
                controls
                preload="metadata"
                src={callVoicemailAudioUrl(org.organisationId, m)}
                aria-label={t('calls.detail.voicemailOf', { from: m.fromName ?? m.fromNumber })}
              />
              <Text size="sm">
                {formatDateTime(m.receivedAt, org.timeZone, i18n.language)}, {formatDuration(m.durationMs / 1000)}
              </Text>
              <Anchor href={callVoicemailAudioUrl(org.organisationId, m)} download={`voicemail-${m.id}.wav`} size="sm">
                {t('common.download')}
              </Anchor>
            </Group>
          )
        }
      </QueryState>
    </Stack>
  );
}

function CallRecordings({ callId }: { callId: string }) {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const recordings = useCallRecordings(callId);
  return (
    <Stack gap="xs" component="section" aria-labelledby="call-recordings">
      <Title order={2} size="h4" id="call-recordings">
        {t('calls.detail.recordings')}
      </Title>
      <QueryState query={recordings}>
        {(list) =>
          list.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('calls.detail.noRecording')}
            </Text>
          ) : (
            <Stack gap="xs">
              {list.map((r) => {
                const src = orgUrl(org.organisationId, `/recordings/${r.id}/content`);
                const label = t('calls.detail.recordingOf', {
                  when: formatDateTime(r.createdAt, org.timeZone, i18n.language),
                  length: formatDuration(r.durationMs / 1000),
                });
                return (
                  <Group key={r.id} gap="sm">
                    <audio controls preload="metadata" src={src} aria-label={label} />
                    <Text size="sm">{label}</Text>
                    <Anchor href={src} download={`recording-${r.id}.wav`} size="sm">
                      {t('common.download')}
                    </Anchor>
                  </Group>
                );
              })}
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}
