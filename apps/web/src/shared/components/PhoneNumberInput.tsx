import { TextInput } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { phoneProblemMessage, readPhoneNumber } from '../format/phoneNumber.ts';
import { useOrg } from '../org/OrgContext.tsx';

type Props = {
  label: string;
  /** The number as saved: E.164 once what was typed can be read, otherwise the text as typed. */
  value: string;
  onChange: (value: string) => void;
  /** The server's error for this field, shown before the console's own. */
  error?: string | undefined;
  /** Whether an internal extension (up to 6 digits) is a valid entry, as in the call-log filter. */
  extensions?: boolean;
  placeholder?: string;
  description?: string;
  required?: boolean;
  w?: number | string;
};

/**
 * A phone number typed the national way (`070-123 45 67`, `08-123 456`) or the international
 * way, read with the organisation's country: the field saves +46701234567, says so while typing
 * and shows it once the field is left; a number that cannot be read gets a message saying why.
 */
export function PhoneNumberInput({
  label,
  value,
  onChange,
  error,
  extensions = false,
  placeholder,
  description,
  required,
  w,
}: Props) {
  const { t } = useTranslation();
  const { country } = useOrg();
  const [text, setText] = useState(value);
  const [left, setLeft] = useState(false);
  const emitted = useRef(value);

  // A value set from outside (a reset, a saved draft) replaces what is shown.
  useEffect(() => {
    if (value !== emitted.current) {
      emitted.current = value;
      setText(value);
      setLeft(false);
    }
  }, [value]);

  const reading = readPhoneNumber(text, country, { extensions });
  function change(next: string) {
    setText(next);
    const r = readPhoneNumber(next, country, { extensions });
    const saved = r.kind === 'number' ? r.e164 : r.kind === 'extension' ? r.digits : next.trim();
    emitted.current = saved;
    onChange(saved);
  }
  function leave() {
    setLeft(true);
    if (reading.kind === 'number') setText(reading.e164);
  }

  const problem = left && reading.kind === 'problem' ? phoneProblemMessage(t, reading.problem, country) : undefined;
  const savedAs =
    reading.kind === 'number' && text.trim() !== reading.e164
      ? t('phone.savedAs', { number: reading.e164 })
      : undefined;
  return (
    <TextInput
      label={label}
      value={text}
      onChange={(e) => change(e.currentTarget.value)}
      onBlur={leave}
      error={error ?? problem}
      description={savedAs ?? description}
      placeholder={placeholder}
      required={required}
      w={w}
      inputMode="tel"
      autoComplete="off"
    />
  );
}
