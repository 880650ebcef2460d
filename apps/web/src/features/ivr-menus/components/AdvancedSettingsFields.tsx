import { NumberInput, Select, SimpleGrid, Stack, Switch } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IvrAdvancedSettings } from '@vaxel/domain';
import { fieldError, scopeErrors, type FieldErrors } from '../../../shared/api/problem.ts';
import { allDestinationTypes, DestinationPicker } from '../../../shared/components/DestinationPicker.tsx';
import { ttsLanguages } from '../../../shared/components/PromptEditor.tsx';

type Props = {
  value: IvrAdvancedSettings;
  onChange: (v: IvrAdvancedSettings) => void;
  errors: FieldErrors;
  menuId?: string;
};

/** R23: timeout, retries, no-input and invalid-key handling, extension dialling, TTS language. */
export function AdvancedSettingsFields({ value, onChange, errors, menuId }: Props) {
  const { t } = useTranslation();
  const set = <K extends keyof IvrAdvancedSettings>(k: K, v: IvrAdvancedSettings[K]) => onChange({ ...value, [k]: v });
  const languages = ttsLanguages.includes(value.ttsLanguage) ? ttsLanguages : [...ttsLanguages, value.ttsLanguage];
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NumberInput
          label={t('ivr.inputTimeout')}
          min={1}
          max={60}
          value={value.inputTimeoutSeconds}
          onChange={(v) => set('inputTimeoutSeconds', Number(v))}
          error={fieldError(errors, 'inputTimeoutSeconds')}
        />
        <NumberInput
          label={t('ivr.maxRetries')}
          min={0}
          max={10}
          value={value.maxRetries}
          onChange={(v) => set('maxRetries', Number(v))}
          error={fieldError(errors, 'maxRetries')}
        />
        <Select
          label={t('ivr.ttsLanguage')}
          data={languages}
          value={value.ttsLanguage}
          onChange={(v) => v && set('ttsLanguage', v)}
          allowDeselect={false}
          error={fieldError(errors, 'ttsLanguage')}
        />
      </SimpleGrid>
      <DestinationPicker
        label={t('ivr.noInput')}
        value={value.noInputDestination}
        onChange={(d) => set('noInputDestination', d)}
        allowed={allDestinationTypes.filter((d) => d !== 'repeatMenu')}
        requireVoicemailOwner
        errors={scopeErrors(errors, 'noInputDestination')}
        excludeIvrMenuId={menuId}
      />
      <DestinationPicker
        label={t('ivr.invalidKey')}
        value={value.invalidKeyDestination}
        onChange={(d) => set('invalidKeyDestination', d)}
        allowed={allDestinationTypes.filter((d) => d !== 'repeatMenu')}
        requireVoicemailOwner
        errors={scopeErrors(errors, 'invalidKeyDestination')}
        excludeIvrMenuId={menuId}
      />
      <Switch
        label={t('ivr.extensionDialling')}
        checked={value.allowExtensionDialling}
        onChange={(e) => set('allowExtensionDialling', e.currentTarget.checked)}
      />
    </Stack>
  );
}
