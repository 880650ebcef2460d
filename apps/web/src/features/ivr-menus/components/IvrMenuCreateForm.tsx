import { Button, Group, Paper, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../../shared/components/notify.ts';
import { defaultIvrAdvancedSettings } from '@vaxel/domain';
import { problemFieldErrors } from '../../../shared/api/problem.ts';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { useOrg } from '../../../shared/org/OrgContext.tsx';
import { useCreateIvrMenu } from '../api/createIvrMenu.ts';
import { IvrMenuForm, ivrPaths, type IvrDraft } from './IvrMenuForm.tsx';

/** ADD an IVR menu (R20–R23). */
export function IvrMenuCreateForm({ onDone }: { onDone: (menuId?: string) => void }) {
  const { t } = useTranslation();
  const org = useOrg();
  const advanced = defaultIvrAdvancedSettings(org.language === 'en' ? 'en' : 'sv');
  const [value, setValue] = useState<IvrDraft>({
    name: '',
    number: null,
    billingNumber: null,
    prompts: [{ type: 'tts', text: '', language: advanced.ttsLanguage }],
    keys: {},
    openingHours: null,
    closedPrompt: null,
    closedDestination: { type: 'hangup' },
    advanced,
  });
  const create = useCreateIvrMenu();
  const errors = problemFieldErrors(create.error);
  return (
    <Paper withBorder p="md" mb="md" component="section" aria-labelledby="create-ivr-title">
      <Stack>
        <Title order={2} size="h4" id="create-ivr-title">
          {t('ivr.createTitle')}
        </Title>
        <IvrMenuForm value={value} onChange={setValue} errors={errors} />
        <ErrorAlert error={create.error} shownPaths={ivrPaths} />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onDone()}>
            {t('common.cancel')}
          </Button>
          <Button
            loading={create.isPending}
            onClick={() =>
              create.mutate(
                { ...value, name: value.name.trim() },
                {
                  onSuccess: (menu) => {
                    notify(`${t('common.created')}: ${menu.name}`);
                    onDone(menu.id);
                  },
                },
              )
            }
          >
            {t('common.create')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
