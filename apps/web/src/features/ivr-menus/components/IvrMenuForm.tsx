import { Accordion, ActionIcon, Button, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Destination, IvrAdvancedSettings, KeyMap, Prompt, Schedule } from '@vaxel/domain';
import { useNumbers } from '../../../shared/api/lookups.ts';
import { fieldError, scopeErrors, type FieldErrors } from '../../../shared/api/problem.ts';
import { allDestinationTypes, DestinationPicker } from '../../../shared/components/DestinationPicker.tsx';
import { PromptEditor } from '../../../shared/components/PromptEditor.tsx';
import { ScheduleEditor } from '../../../shared/components/ScheduleEditor.tsx';
import { phoneNumberFilter } from '../../../shared/format/phoneNumber.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { AdvancedSettingsFields } from './AdvancedSettingsFields.tsx';
import { KeyMapEditor } from './KeyMapEditor.tsx';

export type IvrDraft = {
  name: string;
  number: string | null;
  billingNumber: string | null;
  prompts: Prompt[];
  keys: KeyMap;
  openingHours: Schedule | null;
  closedPrompt: Prompt | null;
  closedDestination: Destination;
  advanced: IvrAdvancedSettings;
};

export const ivrPaths = [
  'name',
  'number',
  'billingNumber',
  'prompts',
  'keys',
  'openingHours',
  'closedPrompt',
  'closedDestination',
  'advanced',
];

type Props = { value: IvrDraft; onChange: (v: IvrDraft) => void; errors: FieldErrors; menuId?: string };

/** The article's IVR steps in order: name, number, billing ID, voice messages, keys, opening hours, advanced. */
export function IvrMenuForm({ value, onChange, errors, menuId }: Props) {
  const { t } = useTranslation();
  const numbers = useNumbers().data ?? [];
  const free = numbers.filter(
    (n) => !n.assignment || (n.assignment.type === 'ivrMenu' && n.assignment.ivrMenuId === menuId),
  );
  const numberFilter = phoneNumberFilter(useOrg().country);
  const set = <K extends keyof IvrDraft>(k: K, v: IvrDraft[K]) => onChange({ ...value, [k]: v });
  const defaultLanguage = value.advanced.ttsLanguage;

  return (
    <Stack gap="md">
      <TextInput
        label={t('common.name')}
        placeholder={t('ivr.namePlaceholder')}
        required
        value={value.name}
        onChange={(e) => set('name', e.currentTarget.value)}
        error={fieldError(errors, 'name')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('ivr.number')}
          description={t('ivr.numberHelp')}
          data={[
            { value: '', label: t('ivr.noNumber') },
            ...free.map((n) => ({ value: n.number, label: `${n.number} (${n.type})` })),
          ]}
          value={value.number ?? ''}
          onChange={(v) =>
            onChange({
              ...value,
              number: v || null,
              billingNumber:
                value.billingNumber && value.billingNumber !== value.number ? value.billingNumber : v || null,
            })
          }
          searchable
          filter={numberFilter}
          allowDeselect={false}
          error={fieldError(errors, 'number')}
        />
        <Select
          label={t('ivr.billingNumber')}
          description={t('groups.billingHelp')}
          data={[
            { value: '', label: t('common.none') },
            ...numbers.map((n) => ({ value: n.number, label: `${n.number} (${n.type})` })),
          ]}
          value={value.billingNumber ?? ''}
          onChange={(v) => set('billingNumber', v || null)}
          searchable
          filter={numberFilter}
          allowDeselect={false}
          error={fieldError(errors, 'billingNumber')}
        />
      </SimpleGrid>

      <Title order={3} size="h5">
        {t('ivr.prompts')}
      </Title>
      {value.prompts.map((prompt, i) => (
        <Group key={i} align="flex-start" wrap="nowrap">
          <div style={{ flex: 1 }}>
            <PromptEditor
              label={t('ivr.promptN', { n: i + 1 })}
              value={prompt}
              nullable={false}
              onChange={(p) =>
                p &&
                set(
                  'prompts',
                  value.prompts.map((q, j) => (j === i ? p : q)),
                )
              }
              errors={scopeErrors(errors, `prompts.${i}`)}
            />
          </div>
          {value.prompts.length > 1 && (
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`${t('ivr.removePrompt')} ${i + 1}`}
              onClick={() =>
                set(
                  'prompts',
                  value.prompts.filter((_, j) => j !== i),
                )
              }
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          )}
        </Group>
      ))}
      {errors['prompts'] && (
        <Text size="xs" c="red" role="alert">
          {errors['prompts']}
        </Text>
      )}
      <Button
        variant="light"
        size="xs"
        leftSection={<IconPlus size={14} aria-hidden />}
        style={{ alignSelf: 'flex-start' }}
        disabled={value.prompts.length >= 10}
        onClick={() => set('prompts', [...value.prompts, { type: 'tts', text: '', language: defaultLanguage }])}
      >
        {t('ivr.addPrompt')}
      </Button>

      <Title order={3} size="h5">
        {t('ivr.keys')}
      </Title>
      <KeyMapEditor
        value={value.keys}
        onChange={(keys) => set('keys', keys)}
        errors={scopeErrors(errors, 'keys')}
        menuId={menuId}
      />

      <Title order={3} size="h5">
        {t('ivr.openingHours')}
      </Title>
      <ScheduleEditor
        label={t('ivr.openingHours')}
        value={value.openingHours}
        onChange={(s) => set('openingHours', s)}
        errors={scopeErrors(errors, 'openingHours')}
      />
      {value.openingHours && (
        <>
          <PromptEditor
            label={t('ivr.closedPrompt')}
            value={value.closedPrompt}
            onChange={(p) => set('closedPrompt', p)}
            errors={scopeErrors(errors, 'closedPrompt')}
          />
          <DestinationPicker
            label={t('ivr.closedDestination')}
            value={value.closedDestination}
            onChange={(d) => set('closedDestination', d)}
            allowed={allDestinationTypes.filter((d) => d !== 'repeatMenu')}
            requireVoicemailOwner
            errors={scopeErrors(errors, 'closedDestination')}
            excludeIvrMenuId={menuId}
          />
        </>
      )}

      <Accordion variant="contained">
        <Accordion.Item value="advanced">
          <Accordion.Control>{t('ivr.advanced')}</Accordion.Control>
          <Accordion.Panel>
            <AdvancedSettingsFields
              value={value.advanced}
              onChange={(a) => set('advanced', a)}
              errors={scopeErrors(errors, 'advanced')}
              menuId={menuId}
            />
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
    </Stack>
  );
}
