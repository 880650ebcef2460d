import { Accordion } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ResponseGroupSettings, ResponseGroupSettingsPatch } from '@vaxel/domain';
import { DistributionSection } from './DistributionSection.tsx';
import { QueueSection } from './QueueSection.tsx';
import { ScheduleSection } from './ScheduleSection.tsx';
import { VoicemailSection } from './VoicemailSection.tsx';
import { errorKey } from './settingsSection.ts';

type Props = {
  settings: ResponseGroupSettings;
  save: (patch: ResponseGroupSettingsPatch) => Promise<unknown>;
  /** `settings` for a group (PATCH response-groups/{id}), empty for the defaults. */
  errorPrefix: string;
  labelPrefix?: string;
};

/** The four sections of R13–R17, each expanded, changed and saved on its own ("expandera, ändra, spara"). */
export function GroupSettingsSections({ settings, save, errorPrefix, labelPrefix = '' }: Props) {
  const { t } = useTranslation();
  const common = { save, labelPrefix };
  return (
    <Accordion multiple variant="separated" chevronPosition="left">
      <Accordion.Item value="queue">
        <Accordion.Control>
          {labelPrefix}
          {t('groups.queue')}
        </Accordion.Control>
        <Accordion.Panel>
          <QueueSection value={settings.queue} errorPath={errorKey(errorPrefix, 'queue')} {...common} />
        </Accordion.Panel>
      </Accordion.Item>
      <Accordion.Item value="schedule">
        <Accordion.Control>
          {labelPrefix}
          {t('groups.schedule')}
        </Accordion.Control>
        <Accordion.Panel>
          <ScheduleSection value={settings.schedule} errorPath={errorKey(errorPrefix, 'schedule')} {...common} />
        </Accordion.Panel>
      </Accordion.Item>
      <Accordion.Item value="distribution">
        <Accordion.Control>
          {labelPrefix}
          {t('groups.distribution')}
        </Accordion.Control>
        <Accordion.Panel>
          <DistributionSection
            value={settings.distribution}
            errorPath={errorKey(errorPrefix, 'distribution')}
            {...common}
          />
        </Accordion.Panel>
      </Accordion.Item>
      <Accordion.Item value="voicemail">
        <Accordion.Control>
          {labelPrefix}
          {t('groups.voicemail')}
        </Accordion.Control>
        <Accordion.Panel>
          <VoicemailSection value={settings.voicemail} errorPath={errorKey(errorPrefix, 'voicemail')} {...common} />
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
