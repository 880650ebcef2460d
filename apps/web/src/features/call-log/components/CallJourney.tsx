import { Group, Text, ThemeIcon } from '@mantine/core';
import {
  IconArrowBackUp,
  IconArrowNarrowRight,
  IconArrowsSplit,
  IconHash,
  IconPhone,
  IconPhoneCall,
  IconPhoneOutgoing,
  IconServer,
  IconUser,
  IconUsersGroup,
  IconMailbox,
  type TablerIcon,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CallRecord } from '@vaxel/domain';
import { formatTime } from '../../../shared/format/format.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';

/** Path step types the switch writes (the domain's CallPathStep, `key` for an IVR key press). */
const icons: Record<string, TablerIcon> = {
  ivrMenu: IconArrowsSplit,
  key: IconHash,
  responseGroup: IconUsersGroup,
  user: IconUser,
  voicemail: IconMailbox,
  externalNumber: IconPhoneOutgoing,
  trunk: IconServer,
  // In a group's queue: an agent whose phone rang for the call ("Rang Anna"), and the caller asking to be called back.
  agentOffered: IconPhoneCall,
  callback: IconArrowBackUp,
};

/** What the journey shows of a call; a step type the console has no word for shows as it is. */
type JourneyOf = Pick<CallRecord, 'toNumber' | 'startedAt'> & {
  path: ReadonlyArray<{ type: string; name: string; at: string }>;
};

/**
 * R58: the way a call took, as a small journey: the number dialled, then each step of its path
 * (IVR menu → key → group → every agent rung → user → voicemail, and a callback asked for) with the
 * time it got there, in the organisation's zone.
 * An ordered list, so a screen reader reads it as steps in order.
 */
export function CallJourney({ call }: { call: JourneyOf }) {
  const { t, i18n } = useTranslation();
  const org = useOrg();
  const steps = [
    {
      key: 'number',
      type: 'number',
      label: t('calls.journey.types.number'),
      name: call.toNumber,
      at: call.startedAt,
      icon: IconPhone,
    },
    ...call.path.map((step, i) => ({
      key: `${i}`,
      type: step.type,
      label: t(`calls.journey.types.${step.type}`, { defaultValue: step.type }),
      name: step.name,
      at: step.at,
      icon: icons[step.type] ?? IconArrowNarrowRight,
    })),
  ];
  return (
    <Group
      component="ol"
      aria-label={t('calls.journey.title')}
      gap="xs"
      wrap="wrap"
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
    >
      {steps.map((step, i) => (
        <Group component="li" key={step.key} gap="xs" wrap="nowrap" data-step={step.type}>
          {i > 0 && <IconArrowNarrowRight size={18} aria-hidden />}
          <ThemeIcon variant="light" size="md" aria-hidden>
            <step.icon size={16} />
          </ThemeIcon>
          <div>
            <Text size="xs" c="dimmed">
              {step.label} · {formatTime(step.at, org.timeZone, i18n.language)}
            </Text>
            <Text size="sm" fw={500}>
              {step.name}
            </Text>
          </div>
        </Group>
      ))}
    </Group>
  );
}
