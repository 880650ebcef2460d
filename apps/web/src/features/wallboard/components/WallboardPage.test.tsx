import { act, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes, useNavigate } from 'react-router';
import { useEffect } from 'react';
import type { ResponseGroupLive } from '@vaxel/domain';
import { renderWithProviders } from '../../../testing/renderWithProviders.tsx';
import { WallboardPage } from './WallboardPage.tsx';

vi.setConfig({ testTimeout: 30_000 });

/** The browser's EventSource as far as the page uses it (jsdom has none); the test plays the server. */
class TestEventSource {
  static readonly CLOSED = 2;
  static opened: TestEventSource[] = [];
  readyState = 1;
  onmessage: ((event: MessageEvent<string>) => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    TestEventSource.opened.push(this);
  }
  send(live: ResponseGroupLive) {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(live) }));
  }
  close() {
    this.closed = true;
  }
}

const snapshot = (fields: Partial<ResponseGroupLive> = {}): ResponseGroupLive => ({
  responseGroupId: 'g1',
  at: new Date().toISOString(),
  queue: [],
  callbacks: [],
  agents: [{ userId: 'anna', name: 'Anna Ek', state: 'available', since: null }],
  today: {
    offered: 0,
    answered: 0,
    abandoned: 0,
    callbacks: 0,
    averageWaitSeconds: null,
    longestWaitSeconds: null,
    serviceLevelSeconds: 20,
    serviceLevelPercent: null,
  },
  ...fields,
});

function respond(routes: Record<string, { status: number; body: unknown }>) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      const path = url.replace(/\?.*$/, '');
      const match = Object.entries(routes).find(([suffix]) => path.endsWith(suffix));
      const { status, body } = match?.[1] ?? {
        status: 404,
        body: { title: 'Not Found', status: 404, code: 'not_found' },
      };
      return new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': status < 300 ? 'application/json' : 'application/problem+json' },
      });
    }),
  );
}

function Open({ path }: { path: string }) {
  const navigate = useNavigate();
  useEffect(() => void navigate(path), [navigate, path]);
  return null;
}

function renderPage() {
  renderWithProviders(
    <Routes>
      <Route path="/" element={<Open path="/o/org-1/wallboard/g1" />} />
      <Route path="/o/:orgId/wallboard/:groupId" element={<WallboardPage forbidden={<p>Not yours to watch</p>} />} />
    </Routes>,
  );
}

beforeEach(() => {
  TestEventSource.opened = [];
  vi.stubGlobal('EventSource', TestEventSource);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("a group's wallboard page", () => {
  it('shows the snapshot, then every snapshot the event stream sends, without reloading', async () => {
    respond({
      '/live': { status: 200, body: snapshot() },
      '/supervised-response-groups': { status: 200, body: [{ id: 'g1', name: 'Kundtjänst', numericId: '7' }] },
    });
    renderPage();
    expect(await screen.findByRole('heading', { name: 'Wallboard: Kundtjänst' })).toBeInTheDocument();
    expect(screen.getByLabelText('Anna Ek: Available')).toBeInTheDocument();
    await vi.waitFor(() => expect(TestEventSource.opened).toHaveLength(1));
    expect(TestEventSource.opened[0]!.url).toBe('/api/v1/orgs/org-1/response-groups/g1/live/events');
    act(() =>
      TestEventSource.opened[0]!.send(
        snapshot({ agents: [{ userId: 'anna', name: 'Anna Ek', state: 'ringing', since: new Date().toISOString() }] }),
      ),
    );
    expect(await screen.findByLabelText('Anna Ek: Ringing')).toBeInTheDocument();
    expect(screen.getByTestId('live-status')).toHaveTextContent('Live');
  });

  it('says it is reconnecting while the stream is down', async () => {
    respond({ '/live': { status: 200, body: snapshot() }, '/supervised-response-groups': { status: 200, body: [] } });
    renderPage();
    await vi.waitFor(() => expect(TestEventSource.opened).toHaveLength(1));
    act(() => TestEventSource.opened[0]!.onerror?.());
    expect(screen.getByTestId('live-status')).toHaveTextContent('Reconnecting…');
  });

  it("shows the console's forbidden page to someone who is not a supervisor of the group, and opens no stream", async () => {
    respond({
      '/live': { status: 403, body: { title: 'Forbidden', status: 403, code: 'forbidden', detail: 'no' } },
      '/supervised-response-groups': { status: 200, body: [] },
    });
    renderPage();
    expect(await screen.findByText('Not yours to watch')).toBeInTheDocument();
    expect(TestEventSource.opened).toEqual([]);
  });
});
