import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CallRecord, RecordingListing } from '@vaxel/domain';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { renderWithProviders } from '../../../testing/renderWithProviders.tsx';
import { voicemailBoxOf } from '../api/getCallVoicemail.ts';
import { CallDetailPage } from './CallDetailPage.tsx';

const call: CallRecord = {
  id: 'c1',
  organisationId: 'org-1',
  direction: 'inbound',
  startedAt: '2026-07-01T07:00:00.000Z',
  answeredAt: '2026-07-01T07:00:12.000Z',
  endedAt: '2026-07-01T07:01:00.000Z',
  fromNumber: '+46701111111',
  fromName: 'Kund',
  toNumber: '+46812345005',
  fromUserId: null,
  toUserId: 'u1',
  responseGroupId: null,
  ivrMenuId: null,
  answeredByUserId: null,
  outcome: 'voicemail',
  waitSeconds: 12,
  talkSeconds: 48,
  path: [
    { type: 'user', id: 'u1', name: 'Erik Berg', at: '2026-07-01T07:00:01.000Z' },
    { type: 'voicemail', id: 'user-u1', name: 'Erik Berg', at: '2026-07-01T07:00:12.000Z' },
  ],
  recordingId: 'r1',
  voicemailMessageId: 'm1',
  emergency: false,
};
const recording: RecordingListing = {
  id: 'r1',
  organisationId: 'org-1',
  callId: 'c1',
  durationMs: 48_000,
  createdAt: call.answeredAt!,
  expiresAt: '2026-08-01T07:00:12.000Z',
  call: null,
};
const message = {
  id: 'm1',
  boxId: 'user-u1',
  fromNumber: '+46701111111',
  fromName: 'Kund',
  receivedAt: call.answeredAt!,
  durationMs: 31_000,
};

const detail = (c: CallRecord, voicemail: typeof message | null) =>
  renderWithProviders(<CallDetailPage />, {
    queries: [
      [queryKeys.call('org-1', ''), c],
      [queryKeys.callRecordings('org-1', 'c1'), [recording]],
      [queryKeys.callVoicemail('org-1', 'user-u1', 'm1'), voicemail],
    ],
  });

describe('the call-log detail', () => {
  it('plays the recording and the voicemail message the caller left', async () => {
    detail(call, message);
    expect(await screen.findByLabelText('Recording from 01/07/2026, 09:00, 0:48')).toHaveAttribute(
      'src',
      '/api/v1/orgs/org-1/recordings/r1/content',
    );
    expect(screen.getByLabelText('Voicemail message from Kund')).toHaveAttribute(
      'src',
      '/api/v1/orgs/org-1/voicemail-boxes/user-u1/messages/m1/audio',
    );
    expect(screen.getByRole('list', { name: 'The way the call took' })).toBeInTheDocument();
  });

  it('says so when the message has been deleted from the box', async () => {
    detail(call, null);
    expect(await screen.findByText('The message has been deleted from the voicemail box.')).toBeInTheDocument();
  });

  it('shows no voicemail section for a call that left no message', async () => {
    detail({ ...call, voicemailMessageId: null, outcome: 'answered' }, null);
    await screen.findByRole('heading', { name: 'Recordings' });
    expect(screen.queryByRole('heading', { name: 'Voicemail message' })).not.toBeInTheDocument();
  });
});

describe('why the call ended (issue 10)', () => {
  it('says the audio stopped for a media timeout, and nothing for a call in progress', async () => {
    const { unmount } = detail(
      { ...call, outcome: 'answered', voicemailMessageId: null, endReason: 'media_timeout' },
      null,
    );
    const label = await screen.findByText('Ended because');
    expect(label.nextElementSibling).toHaveTextContent('The audio stopped (a phone vanished)');
    unmount();
    detail({ ...call, outcome: null, endedAt: null, voicemailMessageId: null }, null);
    await screen.findByRole('heading', { name: 'Recordings' });
    expect(screen.queryByText('Ended because')).not.toBeInTheDocument();
  });

  it('says when the reason was not recorded (a call from before it was)', async () => {
    detail({ ...call, voicemailMessageId: null }, null);
    expect((await screen.findByText('Ended because')).nextElementSibling).toHaveTextContent('Not recorded');
  });
});

describe('the box of a call’s voicemail message', () => {
  it('is the id of the last voicemail step of the path, and none without a message', () => {
    expect(voicemailBoxOf(call)).toBe('user-u1');
    expect(voicemailBoxOf({ ...call, voicemailMessageId: undefined })).toBeNull();
    expect(voicemailBoxOf({ ...call, path: [] })).toBeNull();
  });
});

describe('a callback in the call-log detail', () => {
  const asked: CallRecord = {
    ...call,
    id: 'asked',
    outcome: 'callback',
    recordingId: null,
    voicemailMessageId: null,
    path: [
      { type: 'responseGroup', id: 'g1', name: 'Support', at: '2026-07-01T07:00:01.000Z' },
      { type: 'callback', id: null, name: '+46701111111', at: '2026-07-01T07:00:40.000Z' },
    ],
  };
  const callback: CallRecord = {
    ...asked,
    id: 'cb1',
    direction: 'outbound',
    outcome: 'answered',
    startedAt: '2026-07-01T07:00:40.000Z',
    callbackForCallId: 'asked',
    path: [],
  };

  it('links a callback call to the call it called back', async () => {
    renderWithProviders(<CallDetailPage />, {
      queries: [
        [queryKeys.call('org-1', ''), callback],
        [queryKeys.call('org-1', 'asked'), asked],
        [queryKeys.callRecordings('org-1', 'cb1'), []],
      ],
    });
    expect(
      await screen.findByRole('link', { name: 'Callback for call 01/07/2026, 09:00 from +46701111111' }),
    ).toHaveAttribute('href', '/o/org-1/calls/asked');
  });

  it('lists the callback calls placed for a call that asked for one, with their outcome', async () => {
    renderWithProviders(<CallDetailPage />, {
      queries: [
        [queryKeys.call('org-1', ''), asked],
        [queryKeys.callRecordings('org-1', 'asked'), []],
        [
          queryKeys.calls('org-1', { callbackForCallId: 'asked' }),
          { pages: [{ calls: [callback], nextCursor: null }], pageParams: [undefined] },
        ],
      ],
    });
    expect(await screen.findByRole('link', { name: 'Callback 01/07/2026, 09:00: Answered' })).toHaveAttribute(
      'href',
      '/o/org-1/calls/cb1',
    );
    expect(screen.getByText('Callback requested', { selector: '.mantine-Badge-label' })).toBeInTheDocument();
  });
});
