/**
 * The feature codes an agent dials from their own phone to log in to or out of response groups
 * (R16): `*45` + a group's numeric ID logs in to that group, `*46` + numeric ID logs out of it,
 * and `*45` / `*46` alone log in to / out of every group the user is an agent of. Pure.
 */

/** What a dialled agent-login code asks for. */
export interface AgentLoginEntry {
  /** The code as dialled (`*45`, `*4512`), for the call log and the audit log. */
  code: string;
  loggedIn: boolean;
  /** The group's numeric ID; null: every group the user is an agent of. */
  numericId: string | null;
}

/** A `#` at the end is the key some phones send to dial at once, not part of the code. */
const CODE = /^\*4([56])(\d*)#?$/;

/**
 * The agent-login request in what a user dialled, or null when it is not one (the call is routed
 * as any other number). Only digits (and a closing `#`) may follow the code: `*45` + anything
 * else is not a login code, so a mistyped one is refused like any unknown number rather than
 * taken for "all groups".
 */
export function parseAgentLoginCode(dialled: string): AgentLoginEntry | null {
  const match = CODE.exec(dialled);
  if (!match) return null;
  const [, kind, digits] = match;
  return { code: dialled, loggedIn: kind === '5', numericId: digits === '' || digits === undefined ? null : digits };
}
