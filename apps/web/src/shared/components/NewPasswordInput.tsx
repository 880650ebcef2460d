import { PasswordInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

type Props = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  autoFocus?: boolean;
};

/**
 * Where a person chooses a password (invitation, reset, change): the policy said up front, the
 * server's verdict (translated from its code) beside the field.
 */
export function NewPasswordInput({ label, value, onChange, error, autoFocus }: Props) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      label={label}
      description={t('password.policy')}
      autoComplete="new-password"
      required
      autoFocus={autoFocus}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      visibilityToggleButtonProps={{ 'aria-label': t('password.show') }}
    />
  );
}
