import { randomInt } from 'node:crypto';
import type { Repositories } from '@vaxel/store';

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const sipUsernameLength = 10;

/**
 * SIP usernames are made by the server, like 3CX's authentication IDs: ten random characters of
 * [a-z0-9] (about 52 bits), unique platform-wide. Nobody types them, so none can be guessed from
 * a name, and a refusal can never tell that a name exists in another organisation.
 */
export function randomSipUsername(): string {
  let name = '';
  for (let i = 0; i < sipUsernameLength; i++) name += alphabet[randomInt(alphabet.length)];
  return name;
}

export async function newSipUsername(tx: Repositories): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const candidate = randomSipUsername();
    if (!(await tx.users.findBySipUsername(candidate))) return candidate;
  }
  throw new Error('no free SIP username after 5 random draws');
}
