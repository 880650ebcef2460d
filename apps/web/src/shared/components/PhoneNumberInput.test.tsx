import { Select } from '@mantine/core';
import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { phoneNumberFilter } from '../format/phoneNumber.ts';
import { renderWithProviders } from '../../testing/renderWithProviders.tsx';
import { PhoneNumberInput } from './PhoneNumberInput.tsx';

function Harness({
  onChange,
  error,
  extensions,
}: {
  onChange: (v: string) => void;
  error?: string;
  extensions?: boolean;
}) {
  const [value, setValue] = useState('');
  return (
    <PhoneNumberInput
      label="Forward to"
      value={value}
      error={error}
      extensions={extensions}
      onChange={(v) => {
        setValue(v);
        onChange(v);
      }}
    />
  );
}

const field = () => screen.getByRole('textbox', { name: 'Forward to' });

describe('PhoneNumberInput (the organisation is in Sweden)', () => {
  it('saves a number typed the national way as E.164, says so, and shows it once the field is left', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness onChange={onChange} />);
    await userEvent.type(field(), '070-123 45 67');
    expect(onChange).toHaveBeenLastCalledWith('+46701234567');
    expect(screen.getByText('Saved as +46701234567')).toBeInTheDocument();
    fireEvent.blur(field());
    expect(field()).toHaveValue('+46701234567');
    expect(screen.queryByText('Saved as +46701234567')).not.toBeInTheDocument();
  });

  it('reads an international form with a 00 prefix', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness onChange={onChange} />);
    await userEvent.type(field(), '0046 8 123 456');
    expect(onChange).toHaveBeenLastCalledWith('+468123456');
  });

  it('explains, once the field is left, why a number cannot be read', async () => {
    renderWithProviders(<Harness onChange={vi.fn()} />);
    await userEvent.type(field(), '8123456');
    expect(field()).not.toHaveAttribute('aria-invalid', 'true');
    fireEvent.blur(field());
    expect(
      screen.getByText('Include the area code with its leading 0 (such as 08-123 456), or write the number with +46.'),
    ).toBeInTheDocument();
    expect(field()).toHaveAttribute('aria-invalid', 'true');
  });

  it('refuses letters with a message', async () => {
    renderWithProviders(<Harness onChange={vi.fn()} />);
    await userEvent.type(field(), '070-RING-NU');
    fireEvent.blur(field());
    expect(screen.getByText('Use only digits, spaces, dashes and a leading +.')).toBeInTheDocument();
  });

  it('keeps an extension where the field takes one', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness onChange={onChange} extensions />);
    await userEvent.type(field(), '101');
    fireEvent.blur(field());
    expect(onChange).toHaveBeenLastCalledWith('101');
    expect(field()).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('shows the server’s error first', () => {
    renderWithProviders(<Harness onChange={vi.fn()} error="must be an E.164 number such as +46812345678" />);
    expect(screen.getByText('must be an E.164 number such as +46812345678')).toBeInTheDocument();
  });
});

describe('a picker of the organisation’s numbers with the phone-number filter', () => {
  it('finds +46701234567 when 070-123 45 67 is typed', async () => {
    renderWithProviders(
      <Select
        label="Mobile number"
        searchable
        filter={phoneNumberFilter('SE')}
        data={[
          { value: '+46701234567', label: '+46701234567' },
          { value: '+4681234560', label: '+4681234560' },
        ]}
      />,
    );
    await userEvent.type(screen.getByRole('combobox', { name: 'Mobile number' }), '070-123 45 67');
    const options = (await screen.findAllByRole('option')).map((o) => o.textContent);
    expect(options).toEqual(['+46701234567']);
  });
});
