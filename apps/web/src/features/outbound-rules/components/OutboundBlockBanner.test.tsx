import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { OutboundBlock } from '@vaxel/domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { queryKeys } from '../../../shared/api/queryKeys.ts';
import { renderWithProviders, testOrg } from '../../../testing/renderWithProviders.tsx';
import { OutboundBlockBanner } from './OutboundBlockBanner.tsx';

const block: OutboundBlock = {
  organisationId: testOrg.organisationId,
  scope: 'international',
  reason: 'international_spike',
  // 03:14 UTC is 04:14 in Stockholm in December: the banner speaks the organisation's time.
  since: '2026-12-02T03:14:00.000Z',
  calls: 12,
  seconds: 45,
};
const seeded = (value: OutboundBlock | null) => ({
  queries: [[queryKeys.outboundBlock(testOrg.organisationId), { block: value }]] as Array<
    [readonly unknown[], unknown]
  >,
});

/** A fetch that answers DELETE …/outbound-block with `status` and records what was asked. */
function serverAnswering(status: number) {
  const requests: Array<{ method: string; url: string }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      requests.push({ method: init?.method ?? 'GET', url });
      if (status === 204) return new Response(null, { status });
      return new Response(
        JSON.stringify({ title: 'Not Found', status, code: 'not_found', detail: 'nothing is blocked' }),
        {
          status,
          headers: { 'content-type': 'application/problem+json' },
        },
      );
    }),
  );
  return requests;
}

afterEach(() => vi.unstubAllGlobals());

describe('OutboundBlockBanner', () => {
  it('shows nothing while international calls are not blocked', () => {
    renderWithProviders(<OutboundBlockBanner canLift />, seeded(null));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says since when, after how many calls in how many seconds, in the organisation’s time', () => {
    renderWithProviders(<OutboundBlockBanner canLift />, seeded(block));
    const banner = screen.getByRole('alert');
    expect(within(banner).getByText('International calls are blocked')).toBeInTheDocument();
    expect(
      within(banner).getByText(
        'International calls are blocked since 02/12/2026, 04:14 after 12 calls in 45 s — a possible toll-fraud attack.',
      ),
    ).toBeInTheDocument();
  });

  it('lets someone with phone_system lift the block only after confirming, and then goes', async () => {
    const requests = serverAnswering(204);
    renderWithProviders(<OutboundBlockBanner canLift />, seeded(block));
    await userEvent.click(screen.getByRole('button', { name: 'Lift the block' }));
    const dialog = await screen.findByRole('dialog', { name: 'Lift the block on international calls?' });
    expect(requests).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Lift the block' }));
    await waitFor(() => expect(screen.queryByTestId('outbound-block-banner')).not.toBeInTheDocument());
    expect(requests).toEqual([{ method: 'DELETE', url: `/api/v1/orgs/${testOrg.organisationId}/outbound-block` }]);
  });

  it('lifts nothing when the confirmation is cancelled', async () => {
    const requests = serverAnswering(204);
    renderWithProviders(<OutboundBlockBanner canLift />, seeded(block));
    await userEvent.click(screen.getByRole('button', { name: 'Lift the block' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    expect(requests).toEqual([]);
    expect(screen.getByTestId('outbound-block-banner')).toBeInTheDocument();
  });

  it('goes as well when someone else lifted the block meanwhile (404)', async () => {
    serverAnswering(404);
    renderWithProviders(<OutboundBlockBanner canLift />, seeded(block));
    await userEvent.click(screen.getByRole('button', { name: 'Lift the block' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Lift the block' }));
    await waitFor(() => expect(screen.queryByTestId('outbound-block-banner')).not.toBeInTheDocument());
  });

  it('shows the banner without the button to someone without phone_system, telling them whom to ask', () => {
    renderWithProviders(<OutboundBlockBanner canLift={false} />, seeded(block));
    expect(screen.getByRole('alert')).toHaveTextContent('after 12 calls in 45 s');
    expect(screen.getByText('Ask an administrator of the phone system to lift the block.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Lift the block' })).not.toBeInTheDocument();
  });

  it('speaks Swedish', async () => {
    renderWithProviders(<OutboundBlockBanner canLift />, seeded(block));
    const { i18n } = await import('../../../shared/i18n/i18n.ts');
    await i18n.changeLanguage('sv');
    try {
      expect(
        await screen.findByText(
          'Utlandssamtal är spärrade sedan 2026-12-02 04:14 efter 12 samtal på 45 s — ett möjligt bedrägeriförsök med samtalskostnader.',
        ),
      ).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Häv spärren' })).toBeInTheDocument();
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});
