import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../testing/renderWithProviders.tsx';
import { InvitationLink } from './InvitationLink.tsx';

const invitation = {
  token: 't0k3n',
  url: 'https://pbx.example/invitation/t0k3n',
  expiresAt: '2026-03-08T09:00:00.000Z',
  emailed: false,
};

describe('the invitation link shown once', () => {
  it('shows the link to copy and says that nothing was e-mailed', () => {
    renderWithProviders(<InvitationLink name="Maja" email="maja@x.test" invitation={invitation} />);
    expect(screen.getByRole('textbox', { name: 'Invitation link for Maja' })).toHaveValue(invitation.url);
    expect(screen.getByRole('button', { name: 'Copy link' })).toBeInTheDocument();
    expect(screen.getByText('Nothing was e-mailed: copy the link and send it to maja@x.test.')).toBeInTheDocument();
  });

  it('says when it was e-mailed too, and closes on Done', async () => {
    const done = vi.fn();
    renderWithProviders(
      <InvitationLink name="Maja" email="maja@x.test" invitation={{ ...invitation, emailed: true }} onDone={done} />,
    );
    expect(screen.getByText('It was also e-mailed to maja@x.test.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(done).toHaveBeenCalledOnce();
  });
});
