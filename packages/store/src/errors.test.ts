import { Conflict, NotFound } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { ForeignKeyViolation, translateDatabaseError, UniqueViolation, withTranslatedErrors } from './errors.ts';

const driverError = (fields: Record<string, unknown>, message = 'driver error') =>
  Object.assign(new Error(message), fields);

describe('translateDatabaseError', () => {
  it('names the rule of a PostgreSQL unique violation by its constraint', () => {
    const error = translateDatabaseError(driverError({ code: '23505', constraint: 'users_extension_key' }));
    expect(error).toBeInstanceOf(UniqueViolation);
    expect(error).toBeInstanceOf(Conflict);
    expect(error).toMatchObject({ code: 'conflict', constraint: 'users_extension_key', field: 'extension' });
  });

  it('falls back to the last key column PostgreSQL reports for a constraint it does not know', () => {
    const error = translateDatabaseError(
      driverError({
        code: '23505',
        constraint: 'other_key',
        detail: 'Key (organisation_id, slug)=(a, b) already exists.',
      }),
    );
    expect(error).toMatchObject({ constraint: 'other_key', field: 'slug' });
  });

  it('names the rule of a SQLite unique violation by its columns', () => {
    const error = translateDatabaseError(
      driverError(
        { code: 'SQLITE_CONSTRAINT_UNIQUE' },
        'UNIQUE constraint failed: users.organisation_id, users.extension',
      ),
    );
    expect(error).toMatchObject({ name: 'UniqueViolation', constraint: 'users_extension_key', field: 'extension' });
  });

  it('treats a primary key collision like any unique rule', () => {
    const error = translateDatabaseError(
      driverError({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }, 'UNIQUE constraint failed: numbers.number'),
    );
    expect(error).toMatchObject({ constraint: 'numbers_pkey', field: 'number' });
  });

  it('turns foreign key failures of both drivers into ForeignKeyViolation', () => {
    expect(
      translateDatabaseError(driverError({ code: '23503', constraint: 'team_members_user_id_fk' })),
    ).toBeInstanceOf(ForeignKeyViolation);
    expect(translateDatabaseError(driverError({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }))).toBeInstanceOf(
      ForeignKeyViolation,
    );
  });

  it('leaves other errors and domain errors as they are', () => {
    const other = driverError({ code: 'ECONNREFUSED' });
    const notFound = new NotFound('user', 'u1');
    expect(translateDatabaseError(other)).toBe(other);
    expect(translateDatabaseError(notFound)).toBe(notFound);
  });
});

describe('withTranslatedErrors', () => {
  it('translates what a repository method throws and passes results through', async () => {
    const repository = withTranslatedErrors({
      ok: async () => 42,
      fails: async () => {
        throw driverError({ code: '23505', constraint: 'numbers_pkey' });
      },
    });
    expect(await repository.ok()).toBe(42);
    await expect(repository.fails()).rejects.toMatchObject({ name: 'UniqueViolation', field: 'number' });
  });

  it('refuses the call when the guard throws, as a rejected promise', async () => {
    const repository = withTranslatedErrors({ ok: async () => 1 }, () => {
      throw new Error('not here');
    });
    await expect(repository.ok()).rejects.toThrow('not here');
  });
});
