import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001_initial.ts';

/** Migrations in order of their names; imported statically so they bundle and need no file scan. */
const migrations: Record<string, Migration> = {
  '0001_initial': initial,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
