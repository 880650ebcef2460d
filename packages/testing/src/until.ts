/**
 * Waits for a condition that real peers bring about (a socket bound, a call answered, a count
 * reached), checking it every `intervalMs`, instead of sleeping a fixed time and hoping: on a
 * busy machine a fixed sleep is too short, on an idle one it wastes the time. Gives up after
 * `timeoutMs` with an error naming `what` (and the last value seen, when the condition returns
 * a description of what is still missing).
 *
 * The condition returns true when met; false, or a string saying what is still missing, when not.
 */
export async function until(
  what: string,
  condition: () => boolean | string | Promise<boolean | string>,
  { timeoutMs = 10_000, intervalMs = 20 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await condition();
    if (result === true) return;
    if (Date.now() >= deadline)
      throw new Error(`not reached within ${timeoutMs} ms: ${what}${typeof result === 'string' ? ` (${result})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
