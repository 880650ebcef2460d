/**
 * What the switch uses for a port its options leave out (SwitchOptions.prompts, .files): each says
 * plainly, to whoever uses it, that nothing is wired in.
 */
import { PromptUnavailable, type PromptAudio } from '@vaxel/domain';
import type { FileStore } from '@vaxel/store';

/** Without an audio library wired in, a prompt cannot be heard; steps play the rest of the flow. */
export const noPrompts: PromptAudio = {
  async samples(_organisationId, prompt) {
    throw new PromptUnavailable(prompt, 'no audio library is configured for this switch');
  },
};

/** Without a file store, nothing can be recorded or read; said plainly to whoever tries. */
export const noFiles: FileStore = {
  put: async () => refuseFiles(),
  get: async () => refuseFiles(),
  delete: async () => refuseFiles(),
  openWriter: async () => refuseFiles(),
};

function refuseFiles(): never {
  throw new Error('no file store is configured for this switch (SwitchOptions.files)');
}
