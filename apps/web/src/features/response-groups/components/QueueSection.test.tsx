import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { factoryResponseGroupSettings, type QueueSettings } from '@vaxel/domain';
import { ApiError } from '../../../shared/api/problem.ts';
import { renderWithProviders } from '../../../testing/renderWithProviders.tsx';
import { QueueSection } from './QueueSection.tsx';

const queue = (fields: Partial<QueueSettings> = {}): QueueSettings => ({
  ...factoryResponseGroupSettings().queue,
  ...fields,
});

function renderSection(value: QueueSettings, save = vi.fn().mockResolvedValue({})) {
  renderWithProviders(<QueueSection value={value} save={save} errorPath="settings.queue" labelPrefix="" />);
  return save;
}

// Mantine's inputs are slow to drive in jsdom on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

describe('the queued calls section', () => {
  it('offers a callback and saves its key, offer time, tries and interval with the rest of the queue', async () => {
    const save = renderSection(
      queue({ callback: { enabled: false, key: '1', offerAfterSeconds: 60, retries: 2, retryIntervalSeconds: 120 } }),
    );
    expect(screen.queryByLabelText('Key to ask for a callback')).toBeNull();
    fireEvent.click(screen.getByRole('switch', { name: 'Offer a callback' }));
    const retries = screen.getByLabelText('Further tries when the caller does not answer');
    fireEvent.change(retries, { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: /save/i }));
    await vi.waitFor(() =>
      expect(save).toHaveBeenCalledWith({
        queue: expect.objectContaining({
          callback: { enabled: true, key: '1', offerAfterSeconds: 60, retries: 3, retryIntervalSeconds: 120 },
        }),
      }),
    );
  });

  it('asks where callers go only when new callers are refused without agents', async () => {
    renderSection(queue({ whenNoAgents: 'wait' }));
    expect(screen.queryByText('With no agent logged in, send callers to')).toBeNull();
    await userEvent.click(screen.getByRole('combobox', { name: 'When no agent is logged in' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Send new callers on at once' }));
    expect(screen.getAllByText('With no agent logged in, send callers to').length).toBeGreaterThan(0);
  });

  it('refuses to save one key for both the voicemail and the callback, and says why beside the field', async () => {
    const save = renderSection(
      queue({
        voicemailKey: '1',
        callback: { enabled: true, key: '1', offerAfterSeconds: 60, retries: 2, retryIntervalSeconds: 120 },
      }),
    );
    expect(screen.getByText('The callback key must differ from the voicemail key')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /save/i }));
    expect(save).not.toHaveBeenCalled();
  });

  it("shows the server's message beside the service-level field it refused", async () => {
    const refusal = new ApiError({
      title: 'Bad Request',
      status: 400,
      code: 'validation_failed',
      detail: 'Invalid settings',
      errors: [{ path: 'settings.queue.serviceLevelSeconds', message: 'Too small: expected number to be >=5' }],
    });
    renderSection(queue(), vi.fn().mockRejectedValue(refusal));
    const target = screen.getByLabelText('Service level target (seconds)');
    fireEvent.change(target, { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: /save/i }));
    expect(await screen.findByText('Too small: expected number to be >=5')).toBeInTheDocument();
  });
});
