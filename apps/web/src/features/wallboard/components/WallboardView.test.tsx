import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ResponseGroupLive } from '@vaxel/domain';
import { i18n } from '../../../shared/i18n/i18n.ts';
import { renderWithProviders } from '../../../testing/renderWithProviders.tsx';
import { WallboardView } from './WallboardView.tsx';

vi.setConfig({ testTimeout: 30_000 });

// 10:00 in Stockholm on 2 December 2026.
const at = '2026-12-02T09:00:00.000Z';
const before = (seconds: number) => new Date(Date.parse(at) - seconds * 1000).toISOString();

const live: ResponseGroupLive = {
  responseGroupId: 'g1',
  at,
  queue: [
    {
      callId: 'c1',
      position: 1,
      fromNumber: '+46701234567',
      fromName: 'Kalle Anka',
      queuedAt: before(95),
      waitSeconds: 95,
      ringing: true,
    },
    {
      callId: 'c3',
      position: 3,
      fromNumber: '+46812345678',
      fromName: null,
      queuedAt: before(10),
      waitSeconds: 10,
      ringing: false,
    },
  ],
  callbacks: [
    {
      callId: 'c2',
      position: 2,
      number: '+46709876543',
      queuedAt: before(60),
      waitSeconds: 60,
      attempts: 1,
      state: 'retryWaiting',
    },
  ],
  agents: [
    { userId: 'anna', name: 'Anna Ek', state: 'onCall', since: before(125) },
    { userId: 'erik', name: 'Erik Berg', state: 'loggedOut', since: null },
    { userId: 'sara', name: 'Sara Lind', state: 'available', since: null },
  ],
  today: {
    offered: 40,
    answered: 36,
    abandoned: 3,
    callbacks: 2,
    averageWaitSeconds: 14.2,
    longestWaitSeconds: 130,
    serviceLevelSeconds: 20,
    serviceLevelPercent: 82.5,
  },
};

const figure = (key: string) => document.querySelector(`[data-figure="${key}"] [data-value]`)?.textContent;
const tile = (userId: string) => document.querySelector(`[data-agent="${userId}"]`) as HTMLElement;

function renderView(props: Partial<Parameters<typeof WallboardView>[0]> = {}) {
  const onLogAgent = vi.fn();
  renderWithProviders(
    <WallboardView
      live={live}
      now={Date.parse(at)}
      clockOffsetMs={0}
      canLogAgents
      onLogAgent={onLogAgent}
      pendingAgentId={null}
      {...props}
    />,
  );
  return { onLogAgent };
}

describe('the wallboard', () => {
  it("shows the figures large: waiting now, the longest wait now and today's answered, abandoned, service level and average wait", () => {
    renderView();
    expect(figure('waiting')).toBe('3');
    expect(figure('longestNow')).toBe('1:35');
    expect(figure('answered')).toBe('36');
    expect(figure('abandoned')).toBe('3');
    expect(figure('serviceLevel')).toBe('83 %');
    expect(figure('averageWait')).toBe('0:14');
    expect(screen.getByText('answered within 20 s')).toBeInTheDocument();
    expect(screen.getByText('40 calls today')).toBeInTheDocument();
  });

  it('lists the callers in queue order with their wait, and says who is being rung for', () => {
    renderView();
    const rows = within(screen.getByRole('table', { name: 'Queue' }))
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.textContent);
    expect(rows).toEqual(['1Kalle Anka · 0701234567Ringing an agent1:35', '308123456780:10']);
  });

  it("ticks the waits each second on the server's clock between snapshots", () => {
    // Five seconds after the snapshot by the server's clock, which runs two seconds ahead of the browser's.
    renderView({ now: Date.parse(at) + 3_000, clockOffsetMs: 2_000 });
    expect(figure('longestNow')).toBe('1:40');
    expect(document.querySelector('[data-call="c3"] [data-wait]')?.textContent).toBe('0:15');
  });

  it('shows the callbacks waiting with their number, state and tries', () => {
    renderView();
    const rows = within(screen.getByRole('table', { name: 'Callbacks waiting' }))
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.textContent);
    expect(rows).toEqual(['20709876543Will try again1:001']);
  });

  it('gives each agent a tile with their state and since when', () => {
    renderView();
    expect(tile('anna').dataset.state).toBe('onCall');
    expect(within(tile('anna')).getByText('On a call · 2:05')).toBeInTheDocument();
    expect(within(tile('anna')).getByText('since 09:57:55')).toBeInTheDocument();
    expect(tile('erik')).toHaveAccessibleName('Erik Berg: Logged out');
    expect(tile('sara')).toHaveAccessibleName('Sara Lind: Available');
  });

  it('lets a supervisor log an agent out, and a logged-out agent in', () => {
    const { onLogAgent } = renderView();
    fireEvent.click(screen.getByRole('button', { name: 'Log Anna Ek out' }));
    fireEvent.click(screen.getByRole('button', { name: 'Log Erik Berg in' }));
    expect(onLogAgent.mock.calls.map(([agent, loggedIn]) => [agent.userId, loggedIn])).toEqual([
      ['anna', false],
      ['erik', true],
    ]);
  });

  it('speaks Swedish', async () => {
    renderView();
    await act(() => i18n.changeLanguage('sv'));
    expect(tile('anna')).toHaveAccessibleName('Anna Ek: I samtal');
    expect(screen.getByRole('button', { name: 'Logga ut Anna Ek' })).toBeInTheDocument();
    expect(screen.getByText('40 samtal i dag')).toBeInTheDocument();
    await act(() => i18n.changeLanguage('en'));
  });

  it('says so when nobody waits and no callback is waiting', () => {
    renderView({ live: { ...live, queue: [], callbacks: [] } });
    expect(screen.getByText('Nobody is waiting.')).toBeInTheDocument();
    expect(screen.getByText('No callbacks waiting.')).toBeInTheDocument();
    expect(figure('longestNow')).toBe('—');
  });
});
