import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CallRecord, CallStatistics, User } from '@vaxel/domain';
import { renderWithProviders } from '../../../testing/renderWithProviders.tsx';
import { CallCharts } from './CallCharts.tsx';
import { CallTable } from './CallTable.tsx';

const erik = { id: 'u-erik', name: 'Erik Berg' } as User;

const call: CallRecord = {
  id: 'c1',
  organisationId: 'org-1',
  direction: 'inbound',
  startedAt: '2026-07-01T07:00:00.000Z',
  answeredAt: '2026-07-01T07:00:42.000Z',
  endedAt: '2026-07-01T07:03:12.000Z',
  fromNumber: '+46701111111',
  fromName: 'Kund',
  toNumber: '+46812345005',
  fromUserId: null,
  toUserId: null,
  responseGroupId: 'g1',
  ivrMenuId: 'm1',
  answeredByUserId: 'u-erik',
  outcome: 'answered',
  waitSeconds: 42,
  talkSeconds: 150,
  path: [
    { type: 'ivrMenu', id: 'm1', name: 'Main IVR', at: '2026-07-01T07:00:00.000Z' },
    { type: 'responseGroup', id: 'g1', name: 'Customer Care', at: '2026-07-01T07:00:10.000Z' },
    { type: 'user', id: 'u-erik', name: 'Erik Berg', at: '2026-07-01T07:00:42.000Z' },
  ],
  recordingId: 'r1',
  emergency: false,
};

describe('CallTable', () => {
  it('shows a call with its time in the organisation zone, path, who answered, outcome, wait and talk time and recording', () => {
    renderWithProviders(
      <CallTable
        calls={[call, { ...call, id: 'c2', outcome: null, answeredByUserId: null, recordingId: null, path: [] }]}
        users={[erik]}
      />,
    );
    const [, first, second] = screen.getAllByRole('row');
    const cells = within(first!)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells).toEqual([
      '01/07/2026, 09:00',
      'Inbound',
      'Kund +46701111111 → +46812345005',
      'Main IVR → Customer Care → Erik Berg',
      'Erik Berg',
      'Answered',
      '0:42',
      '2:30',
      'Play',
    ]);
    expect(within(first!).getByRole('link', { name: 'Play' })).toHaveAttribute(
      'href',
      '/api/v1/orgs/org-1/recordings/r1/content',
    );
    expect(within(first!).getByRole('link', { name: 'Details of the call 01/07/2026, 09:00' })).toHaveAttribute(
      'href',
      '/o/org-1/calls/c1',
    );
    expect(within(second!).getByText('In progress')).toBeInTheDocument();
    expect(screen.queryByText('Emergency call')).not.toBeInTheDocument();
  });

  it('marks an emergency call beside its parties (R92)', () => {
    const emergencyCall = {
      ...call,
      direction: 'outbound' as const,
      fromNumber: '+46812345001',
      toNumber: '112',
      emergency: true,
    };
    renderWithProviders(<CallTable calls={[emergencyCall]} users={[erik]} />);
    const [, row] = screen.getAllByRole('row');
    expect(within(row!).getAllByRole('cell')[2]!.textContent).toBe('Emergency callKund +46812345001 → 112');
  });
});

describe('CallCharts', () => {
  it('renders the four charts of the statistics without failing on real data', () => {
    const stats: CallStatistics = {
      bucket: 'day',
      series: [
        { start: '2026-07-01T00:00:00+02:00', answered: 10, missed: 2, other: 1 },
        { start: '2026-07-02T00:00:00+02:00', answered: 7, missed: 4, other: 0 },
      ],
      waitTimeHistogram: [
        { fromSeconds: 0, toSeconds: 10, calls: 12 },
        { fromSeconds: 10, toSeconds: null, calls: 5 },
      ],
      byResponseGroup: [{ responseGroupId: 'g1', name: 'Customer Care', answered: 17, missed: 6 }],
    };
    renderWithProviders(<CallCharts stats={stats} bucket="day" onBucket={() => undefined} />);
    expect(screen.getByRole('region', { name: 'Statistics' })).toBeInTheDocument();
    expect(screen.getByText('Calls per period')).toBeInTheDocument();
    expect(screen.getByText('Wait-time distribution')).toBeInTheDocument();
  });
});
