import { Select, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Destination, DestinationType } from '@vaxel/domain';
import { useIvrMenuList, useResponseGroupList, useUsers } from '../api/lookups.ts';
import { fieldError, scopeErrors, type FieldErrors } from '../api/problem.ts';
import { PhoneNumberInput } from './PhoneNumberInput.tsx';
import { PromptEditor } from './PromptEditor.tsx';
import { useOrg } from '../org/OrgContext.tsx';

export const allDestinationTypes: DestinationType[] = [
  'user',
  'responseGroup',
  'ivrMenu',
  'voicemail',
  'externalNumber',
  'playMessage',
  'repeatMenu',
  'busyTone',
  'hangup',
];

type Props = {
  label: string;
  value: Destination;
  onChange: (destination: Destination) => void;
  /** Which kinds this setting offers; `repeatMenu` only inside IVR menus. */
  allowed?: DestinationType[];
  /** Whether a voicemail box must be named (IVR menus, unassigned numbers) or may be "own box". */
  requireVoicemailOwner?: boolean;
  /** Field errors below this destination's path (`userId`, `number`, `owner.userId` …). */
  errors?: FieldErrors;
  /** Leave out this IVR menu from the choices (a menu pointing at itself). */
  excludeIvrMenuId?: string;
};

/** The one "then send the call to …" control, used by every setting that takes a Destination. */
export function DestinationPicker({
  label,
  value,
  onChange,
  allowed,
  requireVoicemailOwner = false,
  errors = {},
  excludeIvrMenuId,
}: Props) {
  const { t } = useTranslation();
  const org = useOrg();
  const users = useUsers().data ?? [];
  const groups = useResponseGroupList().data ?? [];
  const menus = (useIvrMenuList().data ?? []).filter((m) => m.id !== excludeIvrMenuId);
  const types = allowed ?? allDestinationTypes.filter((d) => d !== 'repeatMenu');

  function blank(type: DestinationType): Destination {
    switch (type) {
      case 'user':
        return { type, userId: users[0]?.id ?? '' };
      case 'responseGroup':
        return { type, responseGroupId: groups[0]?.id ?? '' };
      case 'ivrMenu':
        return { type, ivrMenuId: menus[0]?.id ?? '' };
      case 'voicemail':
        return requireVoicemailOwner && users[0] ? { type, owner: { type: 'user', userId: users[0].id } } : { type };
      case 'externalNumber':
        return { type, number: '' };
      case 'playMessage':
        return { type, prompt: { type: 'tts', text: '', language: org.language === 'en' ? 'en-GB' : 'sv-SE' } };
      default:
        return { type } as Destination;
    }
  }

  const ownerValue =
    value.type === 'voicemail' && value.owner
      ? value.owner.type === 'user'
        ? `user:${value.owner.userId}`
        : `responseGroup:${value.owner.responseGroupId}`
      : 'own';
  const ownerOptions = [
    ...(requireVoicemailOwner ? [] : [{ value: 'own', label: t('destination.ownBox') }]),
    ...users.map((u) => ({ value: `user:${u.id}`, label: t('destination.userBox', { name: u.name }) })),
    ...groups.map((g) => ({ value: `responseGroup:${g.id}`, label: t('destination.groupBox', { name: g.name }) })),
  ];

  return (
    <Stack gap={6}>
      <Select
        label={label}
        data={types.map((type) => ({ value: type, label: t(`destination.${type}`) }))}
        value={value.type}
        onChange={(v) => v && onChange(blank(v as DestinationType))}
        allowDeselect={false}
        error={(value.type === 'externalNumber' ? undefined : errors['']) ?? errors['type']}
      />
      {value.type === 'user' && (
        <Select
          label={`${label}: ${t('destination.user')}`}
          data={users.map((u) => ({ value: u.id, label: `${u.name} (${u.extension})` }))}
          value={value.userId || null}
          onChange={(v) => onChange({ type: 'user', userId: v ?? '' })}
          placeholder={t('destination.pick')}
          searchable
          allowDeselect={false}
          error={fieldError(errors, 'userId')}
        />
      )}
      {value.type === 'responseGroup' && (
        <Select
          label={`${label}: ${t('destination.responseGroup')}`}
          data={groups.map((g) => ({ value: g.id, label: g.name }))}
          value={value.responseGroupId || null}
          onChange={(v) => onChange({ type: 'responseGroup', responseGroupId: v ?? '' })}
          placeholder={t('destination.pick')}
          searchable
          allowDeselect={false}
          error={fieldError(errors, 'responseGroupId')}
        />
      )}
      {value.type === 'ivrMenu' && (
        <Select
          label={`${label}: ${t('destination.ivrMenu')}`}
          data={menus.map((m) => ({ value: m.id, label: m.name }))}
          value={value.ivrMenuId || null}
          onChange={(v) => onChange({ type: 'ivrMenu', ivrMenuId: v ?? '' })}
          placeholder={t('destination.pick')}
          searchable
          allowDeselect={false}
          error={fieldError(errors, 'ivrMenuId')}
        />
      )}
      {value.type === 'voicemail' && (
        <Select
          label={`${label}: ${t('destination.owner')}`}
          data={ownerOptions}
          value={ownerValue === 'own' && requireVoicemailOwner ? null : ownerValue}
          onChange={(v) => {
            if (!v || v === 'own') return onChange({ type: 'voicemail' });
            const [kind, id = ''] = v.split(':');
            onChange({
              type: 'voicemail',
              owner: kind === 'user' ? { type: 'user', userId: id } : { type: 'responseGroup', responseGroupId: id },
            });
          }}
          placeholder={t('destination.pick')}
          allowDeselect={false}
          error={fieldError(errors, 'owner')}
        />
      )}
      {value.type === 'externalNumber' && (
        <PhoneNumberInput
          label={`${label}: ${t('destination.externalNumber')}`}
          value={value.number}
          placeholder={t('destination.numberPlaceholder')}
          onChange={(number) => onChange({ type: 'externalNumber', number })}
          // A refusal of the number itself (emergency, own number, outbound rules) names the whole destination.
          error={fieldError(errors, 'number') ?? errors['']}
        />
      )}
      {value.type === 'playMessage' && (
        <PromptEditor
          label={`${label}: ${t('destination.message')}`}
          value={value.prompt}
          nullable={false}
          onChange={(p) => p && onChange({ type: 'playMessage', prompt: p })}
          errors={scopeErrors(errors, 'prompt')}
        />
      )}
    </Stack>
  );
}
