import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { factoryResponseGroupSettings, type ResponseGroup } from '@vaxel/domain';
import { i18n } from '../../../shared/i18n/i18n.ts';
import { renderWithProviders } from '../../../testing/renderWithProviders.tsx';
import { AgentsList } from './AgentsList.tsx';

const group: ResponseGroup = {
  id: 'g1',
  organisationId: 'org-1',
  name: 'Support',
  number: '+46812345670',
  billingNumber: '+46812345670',
  numericId: '12',
  agents: [
    { userId: 'u1', loggedIn: true, reachOn: 'phone' },
    { userId: 'u2', loggedIn: false, reachOn: 'mobile' },
  ],
  supervisorIds: [],
  settings: factoryResponseGroupSettings(),
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};

const users = [
  { id: 'u1', name: 'Anna Berg', extension: '201', mobileNumber: '+46701234567' },
  { id: 'u2', name: 'Erik Lund', extension: '202', mobileNumber: null },
];

/** The API as the console reaches it: each request recorded, answered by `answer`. */
function fakeApi(answer: (method: string, url: string, body: unknown) => Response) {
  const requests: Array<{ method: string; url: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const request = {
        method: init.method ?? 'GET',
        url,
        body: init.body ? JSON.parse(String(init.body)) : undefined,
      };
      requests.push(request);
      return answer(request.method, request.url, request.body);
    }),
  );
  return requests;
}
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status < 400 ? 'application/json' : 'application/problem+json' },
  });

afterEach(() => {
  vi.unstubAllGlobals();
  void i18n.changeLanguage('en');
});

describe('AgentsList', () => {
  it("shows each agent's login and where they are rung", () => {
    fakeApi(() => json(200, {}));
    renderWithProviders(<AgentsList group={group} />, { users });
    expect(screen.getByRole('switch', { name: 'Anna Berg logged in to this group' })).toBeChecked();
    expect(screen.getByRole('switch', { name: 'Erik Lund logged in to this group' })).not.toBeChecked();
    const anna = screen.getByRole('radiogroup', { name: 'Ring Anna Berg on' });
    expect(within(anna).getByRole('radio', { name: 'Phone' })).toBeChecked();
    const erik = screen.getByRole('radiogroup', { name: 'Ring Erik Lund on' });
    expect(within(erik).getByRole('radio', { name: 'Mobile' })).toBeChecked();
  });

  it('says when an agent rung on a mobile has no mobile number, and not for one who has', () => {
    fakeApi(() => json(200, {}));
    renderWithProviders(<AgentsList group={group} />, { users });
    const [, annaRow, erikRow] = screen.getAllByRole('row');
    expect(within(erikRow!).getByText('No mobile number yet: their phones ring until one is set')).toBeInTheDocument();
    expect(within(annaRow!).queryByText(/No mobile number/)).not.toBeInTheDocument();
  });

  it('saves a new choice through PATCH …/agents/{userId} with only the reach', async () => {
    const requests = fakeApi((method) => json(200, method === 'PATCH' ? { ...group, warnings: [] } : [group]));
    renderWithProviders(<AgentsList group={group} />, { users });
    await userEvent.click(
      within(screen.getByRole('radiogroup', { name: 'Ring Anna Berg on' })).getByRole('radio', {
        name: 'Phone and mobile',
      }),
    );
    await waitFor(() => expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(1));
    expect(requests.find((r) => r.method === 'PATCH')).toEqual({
      method: 'PATCH',
      url: '/api/v1/orgs/org-1/response-groups/g1/agents/u1',
      body: { reachOn: 'phoneAndMobile' },
    });
  });

  it("shows the server's refusal", async () => {
    fakeApi(() => json(404, { title: 'Not Found', status: 404, code: 'not_found', detail: 'Agent u1 not found' }));
    renderWithProviders(<AgentsList group={group} />, { users });
    await userEvent.click(
      within(screen.getByRole('radiogroup', { name: 'Ring Anna Berg on' })).getByRole('radio', { name: 'Mobile' }),
    );
    expect(await screen.findByText(/Agent u1 not found/)).toBeInTheDocument();
  });

  it('speaks Swedish', async () => {
    fakeApi(() => json(200, {}));
    renderWithProviders(<AgentsList group={group} />, { users });
    await i18n.changeLanguage('sv');
    const anna = await screen.findByRole('radiogroup', { name: 'Ring Anna Berg på' });
    for (const name of ['Telefon', 'Mobil', 'Telefon och mobil'])
      expect(within(anna).getByRole('radio', { name })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Ring på' })).toBeInTheDocument();
  });
});
