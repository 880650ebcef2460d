import {
  MultiSelect,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Licence } from '@vaxel/domain';
import { useNumbers, useTeams } from '../../../shared/api/lookups.ts';
import { fieldError, type FieldErrors } from '../../../shared/api/problem.ts';
import { phoneNumberFilter } from '../../../shared/format/phoneNumber.ts';
import { useOrg } from '../../../shared/org/OrgContext.tsx';

export type UserDraft = {
  name: string;
  email: string;
  licence: Licence;
  phoneSystem: boolean;
  extension: string;
  mobileNumber: string | null;
  landlineNumber: string | null;
  sipPassword: string;
  teamIds: string[];
};

export const userPaths = [
  'name',
  'email',
  'licence',
  'permissions',
  'extension',
  'mobileNumber',
  'landlineNumber',
  'sipPassword',
  'teamIds',
];

/**
 * The body the API takes: the SIP password only when typed (it is write-only). No console
 * password: the invited person chooses their own, and Växel makes the SIP username.
 */
export function userBody(d: UserDraft) {
  return {
    name: d.name.trim(),
    email: d.email.trim(),
    licence: d.licence,
    permissions: d.phoneSystem ? (['phone_system'] as const).slice() : [],
    extension: d.extension.trim(),
    mobileNumber: d.mobileNumber,
    landlineNumber: d.landlineNumber,
    teamIds: d.teamIds,
    ...(d.sipPassword ? { sipPassword: d.sipPassword } : {}),
  };
}

type Props = {
  value: UserDraft;
  onChange: (v: UserDraft) => void;
  errors: FieldErrors;
  userId?: string;
  /** The server-made SIP username of an existing user, shown beside the SIP password. */
  sipUsername?: string;
  labelSuffix?: string;
};

/** R3: name, email, licence, permission, extension, numbers, SIP device credentials, teams. */
export function UserFields({ value, onChange, errors, userId, sipUsername, labelSuffix = '' }: Props) {
  const { t } = useTranslation();
  const numbers = useNumbers().data ?? [];
  const teams = useTeams().data ?? [];
  const numberFilter = phoneNumberFilter(useOrg().country);
  const set = <K extends keyof UserDraft>(k: K, v: UserDraft[K]) => onChange({ ...value, [k]: v });
  const l = (key: string) => `${t(key)}${labelSuffix}`;
  const mine = (n: (typeof numbers)[number]) =>
    !n.assignment || ('userId' in n.assignment && n.assignment.userId === userId);
  const none = { value: '', label: t('common.none') };
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={l('common.name')}
          required
          value={value.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={fieldError(errors, 'name')}
        />
        <TextInput
          label={l('auth.email')}
          required
          type="email"
          value={value.email}
          onChange={(e) => set('email', e.currentTarget.value)}
          error={fieldError(errors, 'email')}
        />
      </SimpleGrid>
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {l('users.licence')}
        </Text>
        <SegmentedControl
          aria-label={l('users.licence')}
          value={value.licence}
          onChange={(v) => set('licence', v as Licence)}
          data={[
            { value: 'basic', label: 'Basic' },
            { value: 'pro', label: 'Pro' },
          ]}
          style={{ alignSelf: 'flex-start' }}
        />
      </Stack>
      <Switch
        label={l('users.phoneSystem')}
        checked={value.phoneSystem}
        onChange={(e) => set('phoneSystem', e.currentTarget.checked)}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label={l('users.extension')}
          required
          inputMode="numeric"
          value={value.extension}
          onChange={(e) => set('extension', e.currentTarget.value)}
          error={fieldError(errors, 'extension')}
        />
        <Select
          label={l('users.mobileNumber')}
          data={[
            none,
            ...numbers.filter((n) => n.type === 'mobile' && mine(n)).map((n) => ({ value: n.number, label: n.number })),
          ]}
          value={value.mobileNumber ?? ''}
          onChange={(v) => set('mobileNumber', v || null)}
          searchable
          filter={numberFilter}
          allowDeselect={false}
          error={fieldError(errors, 'mobileNumber')}
        />
        <Select
          label={l('users.landlineNumber')}
          data={[none, ...numbers.filter(mine).map((n) => ({ value: n.number, label: `${n.number} (${n.type})` }))]}
          value={value.landlineNumber ?? ''}
          onChange={(v) => set('landlineNumber', v || null)}
          searchable
          filter={numberFilter}
          allowDeselect={false}
          error={fieldError(errors, 'landlineNumber')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {sipUsername !== undefined && (
          <TextInput
            label={l('users.sipUsername')}
            description={t('users.sipUsernameHelp')}
            value={sipUsername}
            readOnly
          />
        )}
        <PasswordInput
          label={l('users.sipPassword')}
          description={t('users.passwordHelp')}
          autoComplete="new-password"
          value={value.sipPassword}
          onChange={(e) => set('sipPassword', e.currentTarget.value)}
          error={fieldError(errors, 'sipPassword')}
          visibilityToggleButtonProps={{ 'aria-label': t('users.showPassword') }}
        />
      </SimpleGrid>
      <MultiSelect
        label={l('display.teams')}
        data={teams.map((tm) => ({ value: tm.id, label: tm.name }))}
        value={value.teamIds}
        onChange={(v) => set('teamIds', v)}
        error={fieldError(errors, 'teamIds')}
      />
    </Stack>
  );
}
