import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../../../shared/i18n/i18n.ts';
import { renderWithProviders } from '../../../testing/renderWithProviders.tsx';
import { CallJourney } from './CallJourney.tsx';

const call = {
  toNumber: '+46812345005',
  startedAt: '2026-07-01T07:00:00.000Z',
  path: [
    { type: 'ivrMenu', id: 'm1', name: 'Huvudmeny', at: '2026-07-01T07:00:01.000Z' },
    { type: 'key', id: null, name: '2', at: '2026-07-01T07:00:09.000Z' },
    { type: 'responseGroup', id: 'g1', name: 'Kundtjänst', at: '2026-07-01T07:00:10.000Z' },
    { type: 'user', id: 'u1', name: 'Erik Berg', at: '2026-07-01T07:00:12.000Z' },
    { type: 'voicemail', id: 'user-u1', name: 'Erik Berg', at: '2026-07-01T07:00:37.000Z' },
  ],
};

const steps = () =>
  within(screen.getByRole('list', { name: /the way the call took|samtalets väg/i }))
    .getAllByRole('listitem')
    .map((li) => li.textContent);

afterEach(async () => {
  await act(() => i18n.changeLanguage('en'));
});

const queued = {
  toNumber: '+46812345005',
  startedAt: '2026-07-01T07:00:00.000Z',
  path: [
    { type: 'responseGroup', id: 'g1', name: 'Kundtjänst', at: '2026-07-01T07:00:01.000Z' },
    { type: 'agentOffered', id: 'u2', name: 'Anna Ek', at: '2026-07-01T07:00:05.000Z' },
    { type: 'callback', id: null, name: '+46701234567', at: '2026-07-01T07:01:00.000Z' },
    { type: 'agentOffered', id: 'u1', name: 'Erik Berg', at: '2026-07-01T07:04:00.000Z' },
    { type: 'user', id: 'u1', name: 'Erik Berg', at: '2026-07-01T07:04:06.000Z' },
  ],
};

describe('the journey of a call', () => {
  it("shows each agent the queue rang and the caller's callback request, in English and Swedish", async () => {
    renderWithProviders(<CallJourney call={queued} />);
    expect(steps()).toEqual([
      'Number dialled · 09:00:00+46812345005',
      'Response group · 09:00:01Kundtjänst',
      'Rang · 09:00:05Anna Ek',
      'Asked to be called back on · 09:01:00+46701234567',
      'Rang · 09:04:00Erik Berg',
      'User · 09:04:06Erik Berg',
    ]);
    await act(() => i18n.changeLanguage('sv'));
    expect(steps().slice(2, 4)).toEqual([
      'Ringde hos · 09:00:05Anna Ek',
      'Bad om återuppringning till · 09:01:00+46701234567',
    ]);
  });

  it('shows the number, then every step of the path in order with its time in the organisation zone', () => {
    renderWithProviders(<CallJourney call={call} />);
    expect(steps()).toEqual([
      'Number dialled · 09:00:00+46812345005',
      'IVR menu · 09:00:01Huvudmeny',
      'Key pressed · 09:00:092',
      'Response group · 09:00:10Kundtjänst',
      'User · 09:00:12Erik Berg',
      'Voicemail · 09:00:37Erik Berg',
    ]);
  });

  it('speaks Swedish', async () => {
    renderWithProviders(<CallJourney call={call} />);
    await act(() => i18n.changeLanguage('sv'));
    expect(steps()).toEqual([
      'Slaget nummer · 09:00:00+46812345005',
      'Knappvalsmeny · 09:00:01Huvudmeny',
      'Knapptryckning · 09:00:092',
      'Svarsgrupp · 09:00:10Kundtjänst',
      'Användare · 09:00:12Erik Berg',
      'Röstbrevlåda · 09:00:37Erik Berg',
    ]);
  });

  it('is only the number for a call that went nowhere', () => {
    renderWithProviders(<CallJourney call={{ ...call, path: [] }} />);
    expect(steps()).toEqual(['Number dialled · 09:00:00+46812345005']);
  });
});
