import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Prompt } from '@vaxel/domain';
import { renderWithProviders } from '../../testing/renderWithProviders.tsx';
import { PromptEditor } from './PromptEditor.tsx';

const audioFiles = [{ id: 'a-welcome', name: 'Welcome', language: 'sv-SE' }];

function Harness({
  initial,
  onChange,
  nullable = true,
}: {
  initial: Prompt | null;
  onChange: (p: Prompt | null) => void;
  nullable?: boolean;
}) {
  const [value, setValue] = useState(initial);
  return (
    <PromptEditor
      label="Welcome message"
      value={value}
      nullable={nullable}
      noneLabel="Built-in greeting"
      onChange={(p) => {
        setValue(p);
        onChange(p);
      }}
    />
  );
}

describe('PromptEditor', () => {
  it('writes a text-to-speech prompt in the organisation language', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness initial={null} onChange={onChange} />, { audioFiles });
    await userEvent.click(screen.getByText('Text to speech'));
    await userEvent.type(screen.getByRole('textbox', { name: 'Welcome message: Text to speak' }), 'Hej');
    expect(onChange).toHaveBeenLastCalledWith({ type: 'tts', text: 'Hej', language: 'en-GB' });
    expect(screen.getByRole('button', { name: 'Listen: Welcome message' })).toBeEnabled();
  });

  it('picks a file from the library, with a play button and a way to create a new file', async () => {
    const onChange = vi.fn();
    renderWithProviders(<Harness initial={null} onChange={onChange} />, { audioFiles });
    await userEvent.click(screen.getByText('Audio file'));
    expect(onChange).toHaveBeenLastCalledWith({ type: 'audioFile', audioFileId: 'a-welcome' });
    expect(screen.getByRole('button', { name: 'Play file: Welcome message' })).toBeEnabled();
    expect(screen.getByRole('link', { name: 'Create a new audio file' })).toHaveAttribute(
      'href',
      '/o/org-1/audio-files',
    );
  });

  it('names the "no message" choice after what it means here, and offers none when a message is required', () => {
    const { unmount } = renderWithProviders(<Harness initial={null} onChange={vi.fn()} />);
    expect(screen.getByText('Built-in greeting')).toBeInTheDocument();
    unmount();
    renderWithProviders(
      <Harness initial={{ type: 'tts', text: 'x', language: 'sv-SE' }} onChange={vi.fn()} nullable={false} />,
    );
    expect(screen.queryByText('Built-in greeting')).not.toBeInTheDocument();
  });
});
