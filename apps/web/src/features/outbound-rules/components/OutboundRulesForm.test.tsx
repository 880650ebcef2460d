import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { factoryOutboundLimits, factoryOutboundRules, type OutboundRules } from '@vaxel/domain';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../shared/api/problem.ts';
import { renderWithProviders } from '../../../testing/renderWithProviders.tsx';
import { OutboundRulesForm } from './OutboundRulesForm.tsx';

const section = (name: string) => screen.getByRole('region', { name });
/** The country list holds some 130 options; rendering them in jsdom beside other suites takes time. */
const slow = { timeout: 20_000 };
const optionTimeout = { timeout: 10_000 };

describe('OutboundRulesForm', () => {
  it('shows the factory rules as everything off and no country list', () => {
    renderWithProviders(<OutboundRulesForm rules={factoryOutboundRules()} country="SE" save={vi.fn()} />);
    expect(
      within(section('International calls')).getByRole('switch', { name: 'Allow calls abroad' }),
    ).not.toBeChecked();
    expect(screen.getByRole('switch', { name: 'Allow premium-rate numbers' })).not.toBeChecked();
    expect(screen.getByRole('switch', { name: 'Allow satellite and international network numbers' })).not.toBeChecked();
    expect(screen.queryByRole('combobox', { name: 'Countries that may be called' })).not.toBeInTheDocument();
  });

  it('turns calls abroad on, picks Germany by its name and saves the whole rules', slow, async () => {
    const save = vi.fn(async (rules: OutboundRules) => rules);
    renderWithProviders(<OutboundRulesForm rules={factoryOutboundRules()} country="SE" save={save} />);
    await userEvent.click(screen.getByRole('switch', { name: 'Allow calls abroad' }));
    expect(screen.getByText('No country picked yet: calls abroad stay blocked.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('combobox', { name: 'Countries that may be called' }));
    await userEvent.keyboard('Germ');
    await userEvent.click(await screen.findByRole('option', { name: 'Germany (+49)' }, optionTimeout));
    await userEvent.click(screen.getByRole('switch', { name: 'Allow premium-rate numbers' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save.mock.calls[0]![0]).toEqual({
      international: { allowed: true, countries: ['DE'] },
      premium: { allowed: true },
      satellite: { allowed: false },
      limits: factoryOutboundLimits(),
    });
  });

  it('shows the limits and saves a changed one with the rest of the rules', async () => {
    const save = vi.fn(async (rules: OutboundRules) => rules);
    renderWithProviders(<OutboundRulesForm rules={factoryOutboundRules()} country="SE" save={save} />);
    const limits = section('Limits');
    expect(within(limits).getByRole('textbox', { name: 'Outbound calls at once' })).toHaveValue('10');
    expect(within(limits).getByRole('textbox', { name: 'Outbound minutes per hour' })).toHaveValue('300');
    const spikeCalls = within(limits).getByRole('textbox', { name: 'International calls' });
    await userEvent.clear(spikeCalls);
    await userEvent.type(spikeCalls, '5');
    const spikeSeconds = within(limits).getByRole('textbox', { name: 'Within seconds' });
    await userEvent.clear(spikeSeconds);
    await userEvent.type(spikeSeconds, '120');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save.mock.calls[0]![0]).toEqual({
      ...factoryOutboundRules(),
      limits: { concurrentCalls: 10, minutesPerHour: 300, internationalSpike: { calls: 5, seconds: 120 } },
    });
  });

  it('shows the server’s refusal of a limit beside that limit, not in the list below', async () => {
    const save = vi.fn(async () => {
      throw new ApiError({
        title: 'Bad Request',
        status: 400,
        code: 'validation_failed',
        errors: [{ path: 'limits.internationalSpike.seconds', message: 'Too small: expected number to be >=10' }],
      });
    });
    renderWithProviders(<OutboundRulesForm rules={factoryOutboundRules()} country="SE" save={save} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const seconds = await screen.findByRole('textbox', { name: 'Within seconds' });
    await waitFor(() =>
      expect(seconds).toHaveAccessibleDescription(expect.stringContaining('Too small: expected number to be >=10')),
    );
    expect(seconds).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('textbox', { name: 'International calls' })).not.toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Check the fields marked above.')).toBeInTheDocument();
  });

  it('does not offer the organisation’s own country', slow, async () => {
    renderWithProviders(
      <OutboundRulesForm
        rules={{ ...factoryOutboundRules(), international: { allowed: true, countries: [] } }}
        country="SE"
        save={vi.fn()}
      />,
    );
    await userEvent.click(screen.getByRole('combobox', { name: 'Countries that may be called' }));
    await userEvent.keyboard('Sw');
    expect(await screen.findByRole('option', { name: 'Switzerland (+41)' }, optionTimeout)).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: 'Sweden (+46)' })).not.toBeInTheDocument();
  });

  it('keeps the countries while calls abroad are off, and says so', () => {
    renderWithProviders(
      <OutboundRulesForm
        rules={{ ...factoryOutboundRules(), international: { allowed: false, countries: ['NO', 'DE'] } }}
        country="SE"
        save={vi.fn()}
      />,
    );
    expect(screen.getByText('Kept for when you allow calls abroad again: Norway, Germany')).toBeInTheDocument();
  });

  it('shows the server’s refusal of a country on the country list', slow, async () => {
    const save = vi.fn(async () => {
      throw new ApiError({
        title: 'Bad Request',
        status: 400,
        code: 'validation_failed',
        errors: [{ path: 'international.countries[0]', message: 'NO is listed twice' }],
      });
    });
    renderWithProviders(
      <OutboundRulesForm
        rules={{ ...factoryOutboundRules(), international: { allowed: true, countries: ['NO'] } }}
        country="SE"
        save={save}
      />,
    );
    await userEvent.click(screen.getByRole('switch', { name: 'Allow satellite and international network numbers' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('0: NO is listed twice')).toBeInTheDocument();
  });
});
