import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Schedule } from '@vaxel/domain';
import { renderWithProviders } from '../../testing/renderWithProviders.tsx';
import { officeHours, ScheduleEditor } from './ScheduleEditor.tsx';

function Harness({
  initial,
  onChange,
  errors,
}: {
  initial: Schedule | null;
  onChange: (s: Schedule | null) => void;
  errors?: Record<string, string>;
}) {
  const [value, setValue] = useState(initial);
  return (
    <ScheduleEditor
      label="Opening hours"
      value={value}
      errors={errors}
      onChange={(s) => {
        setValue(s);
        onChange(s);
      }}
    />
  );
}

const last = (fn: ReturnType<typeof vi.fn>) => fn.mock.calls.at(-1)?.[0] as Schedule | null;

describe('ScheduleEditor', () => {
  it('starts from office hours Monday to Friday when "always open" is switched off', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness initial={null} onChange={onChange} />);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Opening hours: Always open' }));
    expect(last(onChange)).toEqual(officeHours());
    expect(screen.getByText('Times are in Europe/Stockholm')).toBeInTheDocument();
  });

  it('goes back to always open (null)', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness initial={officeHours()} onChange={onChange} />);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Opening hours: Always open' }));
    expect(last(onChange)).toBeNull();
  });

  it('adds a second opening period on Saturday and changes its closing time', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness initial={{ openPeriods: [], exceptions: [] }} onChange={onChange} />);
    await userEvent.click(screen.getByRole('button', { name: 'Add opening period on Saturday' }));
    fireEvent.change(screen.getByLabelText('Saturday 1: Closes'), { target: { value: '13:00' } });
    expect(last(onChange)?.openPeriods).toEqual([{ day: 'sat', open: '08:00', close: '13:00' }]);
  });

  it('says so when a period closes before it opens', () => {
    renderWithProviders(
      <Harness
        initial={{ openPeriods: [{ day: 'mon', open: '17:00', close: '08:00' }], exceptions: [] }}
        onChange={vi.fn()}
      />,
    );
    expect(screen.getByText('Opening time must be before closing time')).toBeInTheDocument();
  });

  it('copies Monday to Tuesday–Friday', async () => {
    const onChange = vi.fn();
    renderWithProviders(
      <Harness
        initial={{
          openPeriods: [
            { day: 'mon', open: '09:00', close: '12:00' },
            { day: 'sat', open: '10:00', close: '14:00' },
          ],
          exceptions: [],
        }}
        onChange={onChange}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Copy Monday to Tuesday–Friday' }));
    const days = last(onChange)
      ?.openPeriods.map((p) => p.day)
      .sort();
    expect(days).toEqual(['fri', 'mon', 'sat', 'thu', 'tue', 'wed']);
  });

  it('adds a holiday closed all day, and opens it for a few hours on request', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness initial={officeHours()} onChange={onChange} />);
    await userEvent.click(screen.getByRole('button', { name: 'Add exception' }));
    fireEvent.change(screen.getByLabelText('Date 1'), { target: { value: '2026-12-24' } });
    fireEvent.change(screen.getByLabelText('Occasion 1'), { target: { value: 'Julafton' } });
    expect(last(onChange)?.exceptions).toEqual([{ date: '2026-12-24', name: 'Julafton', openPeriods: [] }]);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Closed all day (1)' }));
    expect(last(onChange)?.exceptions[0]?.openPeriods).toEqual([{ open: '10:00', close: '14:00' }]);
  });

  it('shows the server error of a period on that period', () => {
    renderWithProviders(
      <Harness
        initial={{ openPeriods: [{ day: 'tue', open: '08:00', close: '17:00' }], exceptions: [] }}
        onChange={vi.fn()}
        errors={{ 'openPeriods.0.close': 'must be HH:MM' }}
      />,
    );
    expect(screen.getByText('must be HH:MM')).toBeInTheDocument();
  });

  it('shows an overlap on the opening time of the later period and a duplicate date on that exception', () => {
    renderWithProviders(
      <Harness
        initial={{
          openPeriods: [
            { day: 'mon', open: '08:00', close: '12:00' },
            { day: 'mon', open: '11:00', close: '14:00' },
          ],
          exceptions: [
            { date: '2026-12-24', name: '', openPeriods: [] },
            {
              date: '2026-12-24',
              name: '',
              openPeriods: [
                { open: '08:00', close: '12:00' },
                { open: '10:00', close: '11:00' },
              ],
            },
          ],
        }}
        onChange={vi.fn()}
        errors={{
          'openPeriods.1.open': 'overlaps 08:00–12:00 on mon (openPeriods[0])',
          'exceptions.1.date': '2026-12-24 already has an exception (exceptions[0]); a date can have only one',
          'exceptions.1.openPeriods.1.open': 'overlaps 08:00–12:00 on the same day (openPeriods[0])',
        }}
      />,
    );
    expect(screen.getByLabelText('Monday 2: Opens')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Monday 1: Opens')).not.toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Date 2')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('overlaps 08:00–12:00 on the same day (openPeriods[0])')).toBeInTheDocument();
  });
});
