import type { ResponseGroupSettingsPatch } from '@vaxel/domain';
import type { FieldErrors } from '../../../shared/api/problem.ts';

/** What each settings section gets: its saved value and how to save a patch of the four sections. */
export type SectionProps<T> = {
  value: T;
  save: (patch: ResponseGroupSettingsPatch) => Promise<unknown>;
  /** Where the server reports this section's fields: `settings.queue` for a group, `queue` for the defaults. */
  errorPath: string;
  /** Distinguishes the labels of the defaults from a group's (several forms on one page). */
  labelPrefix: string;
};

export const errorKey = (errorPath: string, field: string) => (errorPath ? `${errorPath}.${field}` : field);

export type { FieldErrors };
