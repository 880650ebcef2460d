import { Accordion, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../shared/components/QueryState.tsx';
import { useResponseGroupDefaults } from '../api/getResponseGroupDefaults.ts';
import { useUpdateResponseGroupDefaults } from '../api/updateResponseGroupDefaults.ts';
import { GroupSettingsSections } from './GroupSettingsSections.tsx';

/** R13: "Defaults for new groups", four expandable sections, each saved on its own. */
export function ResponseGroupDefaultsPanel() {
  const { t } = useTranslation();
  const defaults = useResponseGroupDefaults();
  const update = useUpdateResponseGroupDefaults();
  return (
    <Accordion variant="contained" mt="xl">
      <Accordion.Item value="defaults">
        <Accordion.Control>{t('groups.defaults')}</Accordion.Control>
        <Accordion.Panel>
          <Text size="sm" c="dimmed" mb="sm">
            {t('groups.defaultsHelp')}
          </Text>
          <QueryState query={defaults}>
            {(settings) => (
              <GroupSettingsSections
                settings={settings}
                errorPrefix=""
                labelPrefix={`${t('groups.defaultPrefix')}: `}
                save={(patch) => update.mutateAsync(patch)}
              />
            )}
          </QueryState>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
