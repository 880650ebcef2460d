import { Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VoicemailBox } from '@vaxel/domain';
import { fieldError, problemFieldErrors } from '../../../shared/api/problem.ts';
import { ErrorAlert } from '../../../shared/components/ErrorAlert.tsx';
import { notify } from '../../../shared/components/notify.ts';
import { useSetVoicemailPin } from '../api/setVoicemailPin.ts';

/** The box's PIN for the voicemail access (R76); only whether one is set is ever shown. */
export function PinForm({ box }: { box: VoicemailBox }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const mutation = useSetVoicemailPin(box.id);
  const serverError = fieldError(problemFieldErrors(mutation.error, t), 'pin');
  const localError = pin !== '' && !/^\d{4,8}$/.test(pin) ? t('voicemail.pinInvalid') : undefined;
  return (
    <Paper withBorder p="md" component="section" aria-label={t('voicemail.pinTitle')}>
      <Stack gap="sm">
        <Title order={2} size="h5">
          {t('voicemail.pinTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {box.hasPin ? t('voicemail.pinSet') : t('voicemail.pinNotSet')}
        </Text>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (localError || pin === '') return;
            mutation.mutate(pin, {
              onSuccess: () => {
                setPin('');
                notify(t('voicemail.pinSaved'));
              },
            });
          }}
        >
          <Group align="flex-end">
            <PasswordInput
              label={box.hasPin ? t('voicemail.newPin') : t('voicemail.pin')}
              description={t('voicemail.pinRule')}
              value={pin}
              onChange={(e) => setPin(e.currentTarget.value.trim())}
              inputMode="numeric"
              autoComplete="off"
              maxLength={8}
              error={serverError ?? localError}
              w={220}
              visibilityToggleButtonProps={{ 'aria-label': t('password.show') }}
            />
            <Button type="submit" loading={mutation.isPending} disabled={pin === '' || !!localError}>
              {t('voicemail.setPin')}
            </Button>
          </Group>
        </form>
        {!serverError && <ErrorAlert error={mutation.error} />}
      </Stack>
    </Paper>
  );
}
