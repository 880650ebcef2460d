import {
  checkReferences,
  RuleViolation,
  type DestinationContext,
  type DestinationFacts,
  type KnownIds,
  type SettingsOwner,
} from '@vaxel/domain';
import type { AudioProcessing } from './deps.ts';
import type { z } from 'zod';
import { zodFieldErrors } from './problem.ts';

/**
 * A merged settings value must still be whole and valid (schema), and every destination and
 * audio file in it must exist in the organisation and fit its place (domain rules: outside
 * numbers a call may honour, nothing pointing back at `owner`). Field paths are reported as the
 * client sent them (`settings.queue.maxWaitSeconds`).
 */
export function validateSettings<T extends z.ZodType>(
  schema: T,
  value: unknown,
  context: DestinationContext,
  known: DestinationFacts,
  basePath: string,
  owner: SettingsOwner | null = null,
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new RuleViolation(zodFieldErrors(parsed.error.issues, basePath));
  checkReferences(parsed.data, context, known, basePath, owner);
  return parsed.data;
}

/** What a settings service needs to know of text-to-speech: which languages it speaks. */
export type Speech = Pick<AudioProcessing, 'supportsLanguage'>;

/** Users named in a list (e.g. who is notified of voicemail) must be the organisation's. */
export function checkUserIds(ids: string[], known: KnownIds, path: string): void {
  const errors = ids.flatMap((id, i) =>
    known.userIds.has(id) ? [] : [{ path: `${path}[${i}]`, message: `no user ${id} in this organisation` }],
  );
  if (errors.length > 0) throw new RuleViolation(errors);
}
