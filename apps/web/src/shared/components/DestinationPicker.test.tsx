import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Destination, DestinationType } from '@vaxel/domain';
import { renderWithProviders } from '../../testing/renderWithProviders.tsx';
import { DestinationPicker } from './DestinationPicker.tsx';

const users = [
  { id: 'u-astrid', name: 'Astrid Lind', extension: '101', licence: 'pro' },
  { id: 'u-erik', name: 'Erik Berg', extension: '102', licence: 'basic' },
];
const responseGroups = [{ id: 'g-care', name: 'Customer Care', agents: [], supervisorIds: [] }];
const ivrMenus = [
  { id: 'm-main', name: 'Main menu' },
  { id: 'm-sub', name: 'Sub menu' },
];

function Harness(props: {
  initial: Destination;
  onChange: (d: Destination) => void;
  allowed?: DestinationType[];
  errors?: Record<string, string>;
  requireVoicemailOwner?: boolean;
  excludeIvrMenuId?: string;
}) {
  const [value, setValue] = useState(props.initial);
  return (
    <DestinationPicker
      label="Key 1"
      value={value}
      onChange={(d) => {
        setValue(d);
        props.onChange(d);
      }}
      allowed={props.allowed}
      errors={props.errors}
      requireVoicemailOwner={props.requireVoicemailOwner}
      excludeIvrMenuId={props.excludeIvrMenuId}
    />
  );
}

async function choose(label: string, option: string) {
  await userEvent.click(screen.getByRole('combobox', { name: label }));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('DestinationPicker', () => {
  it('sends the call to a chosen user', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness initial={{ type: 'hangup' }} onChange={onChange} />, {
      users,
      responseGroups,
      ivrMenus,
    });
    await choose('Key 1', 'User');
    await choose('Key 1: User', 'Erik Berg (102)');
    expect(onChange).toHaveBeenLastCalledWith({ type: 'user', userId: 'u-erik' });
  });

  it('forwards to an external number typed by the admin', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness initial={{ type: 'externalNumber', number: '' }} onChange={onChange} />, { users });
    fireEvent.change(screen.getByRole('textbox', { name: 'Key 1: External number' }), {
      target: { value: '+46701234567' },
    });
    expect(onChange).toHaveBeenLastCalledWith({ type: 'externalNumber', number: '+46701234567' });
  });

  it('forwards to a number typed the national way, saved in E.164 with the organisation’s country', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness initial={{ type: 'externalNumber', number: '' }} onChange={onChange} />, { users });
    const input = screen.getByRole('textbox', { name: 'Key 1: External number' });
    await userEvent.type(input, '070-123 45 67');
    fireEvent.blur(input);
    expect(onChange).toHaveBeenLastCalledWith({ type: 'externalNumber', number: '+46701234567' });
    expect(input).toHaveValue('+46701234567');
  });

  it('offers only the kinds the setting allows', async () => {
    renderWithProviders(
      <Harness initial={{ type: 'voicemail' }} onChange={vi.fn()} allowed={['voicemail', 'busyTone']} />,
      { users },
    );
    await userEvent.click(screen.getByRole('combobox', { name: 'Key 1' }));
    const options = (await screen.findAllByRole('option')).map((o) => o.textContent);
    expect(options).toEqual(['Voicemail', 'Busy tone']);
  });

  it('names a voicemail box owner where one is required, starting with the first user', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness initial={{ type: 'hangup' }} onChange={onChange} requireVoicemailOwner />, {
      users,
      responseGroups,
    });
    await choose('Key 1', 'Voicemail');
    expect(onChange).toHaveBeenLastCalledWith({ type: 'voicemail', owner: { type: 'user', userId: 'u-astrid' } });
    await choose('Key 1: Whose voicemail box', 'Group: Customer Care');
    expect(onChange).toHaveBeenLastCalledWith({
      type: 'voicemail',
      owner: { type: 'responseGroup', responseGroupId: 'g-care' },
    });
  });

  it('leaves the menu being edited out of the IVR menu choices', async () => {
    renderWithProviders(
      <Harness initial={{ type: 'ivrMenu', ivrMenuId: 'm-sub' }} onChange={vi.fn()} excludeIvrMenuId="m-main" />,
      { ivrMenus },
    );
    await userEvent.click(screen.getByRole('combobox', { name: 'Key 1: IVR menu' }));
    const options = (await screen.findAllByRole('option')).map((o) => o.textContent);
    expect(options).toEqual(['Sub menu']);
  });

  it('shows the server error of a nested field beside that field', async () => {
    renderWithProviders(
      <Harness
        initial={{ type: 'externalNumber', number: '123' }}
        onChange={vi.fn()}
        errors={{ number: 'must be an E.164 number such as +46812345678' }}
      />,
      {},
    );
    await waitFor(() => expect(screen.getByText('must be an E.164 number such as +46812345678')).toBeInTheDocument());
    expect(screen.getByRole('textbox', { name: 'Key 1: External number' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows a refusal of the outside number itself (outbound rules, emergency, loop) beside the number', async () => {
    renderWithProviders(
      <Harness
        initial={{ type: 'externalNumber', number: '+4930123456' }}
        onChange={vi.fn()}
        errors={{ '': '+4930123456 is an international number and this organisation may not call abroad' }}
      />,
      {},
    );
    const number = screen.getByRole('textbox', { name: 'Key 1: External number' });
    await waitFor(() => expect(number).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByRole('combobox', { name: 'Key 1' })).not.toHaveAttribute('aria-invalid', 'true');
    expect(screen.getAllByText(/may not call abroad/)).toHaveLength(1);
  });
});
