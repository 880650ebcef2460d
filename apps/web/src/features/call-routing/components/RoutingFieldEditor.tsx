import { NumberInput, Radio, Group, Switch } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Destination, Prompt, RoutingField, RoutingSettings } from '@vaxel/domain';
import { fieldError, scopeErrors, type FieldErrors } from '../../../shared/api/problem.ts';
import { DestinationPicker } from '../../../shared/components/DestinationPicker.tsx';
import { PromptEditor } from '../../../shared/components/PromptEditor.tsx';
import type { DestinationType } from '@vaxel/domain';

/** Which destinations each "then …" setting offers, as the article lists them (R32–R34). */
const destinationChoices: Partial<Record<RoutingField, DestinationType[]>> = {
  unansweredDestination: ['voicemail', 'externalNumber', 'user', 'responseGroup', 'ivrMenu', 'playMessage', 'hangup'],
  busyDestination: [
    'voicemail',
    'busyTone',
    'externalNumber',
    'user',
    'responseGroup',
    'ivrMenu',
    'playMessage',
    'hangup',
  ],
  rejectedDestination: ['voicemail', 'playMessage', 'busyTone', 'externalNumber'],
};

export const routingLabelKeys: Record<RoutingField, string> = {
  voicemailGreeting: 'routing.voicemailGreeting',
  ringSeconds: 'routing.ringSeconds',
  unansweredDestination: 'routing.unansweredDestination',
  callWaiting: 'routing.callWaiting',
  busyDestination: 'routing.busyDestination',
  rejectedDestination: 'routing.rejectedDestination',
  callerIdType: 'routing.callerIdType',
};

type Props<F extends RoutingField> = {
  field: F;
  value: RoutingSettings[F];
  onChange: (value: RoutingSettings[F]) => void;
  errors: FieldErrors;
  labelPrefix?: string;
};

/** The control for one routing field; the same for the defaults and for a user's own setting. */
export function RoutingFieldEditor<F extends RoutingField>({
  field,
  value,
  onChange,
  errors,
  labelPrefix = '',
}: Props<F>) {
  const { t } = useTranslation();
  const label = `${labelPrefix}${t(routingLabelKeys[field])}`;
  const set = onChange as (v: unknown) => void;
  switch (field) {
    case 'voicemailGreeting':
      return (
        <PromptEditor
          label={label}
          value={value as Prompt | null}
          onChange={set}
          errors={scopeErrors(errors, field)}
          noneLabel={t('routing.builtInGreeting')}
        />
      );
    case 'ringSeconds':
      return (
        <NumberInput
          label={label}
          min={5}
          max={300}
          value={value as number}
          onChange={(v) => set(Number(v))}
          error={fieldError(errors, field)}
          w={220}
        />
      );
    case 'callWaiting':
      return <Switch label={label} checked={value as boolean} onChange={(e) => set(e.currentTarget.checked)} />;
    case 'callerIdType':
      return (
        <Radio.Group
          label={label}
          value={value as string}
          onChange={set}
          description={t('routing.callerIdHelp')}
          error={fieldError(errors, field)}
        >
          <Group mt={4}>
            <Radio value="mobile" label={t('routing.mobile')} />
            <Radio value="landline" label={t('routing.landline')} />
          </Group>
        </Radio.Group>
      );
    default:
      return (
        <DestinationPicker
          label={label}
          value={value as Destination}
          onChange={set}
          allowed={destinationChoices[field]}
          errors={scopeErrors(errors, field)}
        />
      );
  }
}
