import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { VoicemailBox, VoicemailMessage } from '@vaxel/domain';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { renderWithProviders, testOrg } from '../../../testing/renderWithProviders.tsx';
import { MessageList } from './MessageList.tsx';

const box: VoicemailBox = {
  id: 'user-u1',
  owner: { type: 'user', userId: 'u1' },
  name: 'Anna Berg',
  extension: '201',
  newMessages: 1,
  savedMessages: 1,
  hasPin: false,
};
const message = (fields: Partial<VoicemailMessage>): VoicemailMessage => ({
  id: 'm1',
  boxId: box.id,
  callId: null,
  fromNumber: '+46701234567',
  fromName: null,
  receivedAt: '2026-12-01T13:32:00.000Z',
  durationMs: 74_400,
  read: false,
  ...fields,
});

describe('MessageList', () => {
  it('shows new and saved messages apart, with caller, time in the organisation’s zone, length and a player on the API’s audio', () => {
    const messages = [
      message({ id: 'm1', fromName: 'Carl Caller' }),
      message({ id: 'm2', read: true, fromNumber: '+46707654321' }),
    ];
    renderWithProviders(<MessageList box={box} />, {
      queries: [[queryKeys.voicemailMessages(testOrg.organisationId, box.id), messages]],
    });
    const fresh = screen.getByRole('region', { name: 'New messages' });
    const [, row] = within(fresh).getAllByRole('row');
    expect(
      within(row!)
        .getAllByRole('cell')
        .slice(0, 3)
        .map((c) => c.textContent),
    ).toEqual(['Carl Caller (+46701234567)', '01/12/2026, 14:32', '1:14']);
    expect(fresh.querySelector('audio')?.getAttribute('src')).toBe(
      '/api/v1/orgs/org-1/voicemail-boxes/user-u1/messages/m1/audio',
    );
    expect(within(fresh).getByRole('button', { name: 'Mark as read' })).toBeInTheDocument();
    const saved = screen.getByRole('region', { name: 'Saved messages' });
    expect(within(saved).getByText('+46707654321')).toBeInTheDocument();
    expect(within(saved).getByRole('button', { name: 'Mark as new' })).toBeInTheDocument();
  });

  it('says so when a section is empty', () => {
    renderWithProviders(<MessageList box={box} />, {
      queries: [[queryKeys.voicemailMessages(testOrg.organisationId, box.id), []]],
    });
    expect(screen.getByText('No new messages.')).toBeInTheDocument();
    expect(screen.getByText('No saved messages.')).toBeInTheDocument();
  });
});
