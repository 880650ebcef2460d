import { describe, expect, it } from 'vitest';
import { Conflict, InUse, NotFound, QuotaExceeded, RuleViolation } from '@vaxel/domain';
import { z } from 'zod';
import { formatPath, HttpProblem, toProblem } from './problem.ts';

describe('problem details', () => {
  it('format field paths like the domain: dots for keys, brackets for indexes', () => {
    expect(formatPath(['settings', 'queue', 'maxWaitSeconds'])).toBe('settings.queue.maxWaitSeconds');
    expect(formatPath(['agentIds', 0])).toBe('agentIds[0]');
    expect(formatPath(['keys', '1', 'type'])).toBe('keys[1].type');
  });

  it('map zod errors to 400 validation_failed with each field, unknown keys at their own path', () => {
    const result = z
      .object({ a: z.number(), b: z.object({}).strict() })
      .strict()
      .safeParse({ a: 'x', b: { c: 1 }, d: 2 });
    const { problem } = toProblem(result.error);
    expect(problem).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['a', 'b.c', 'd']);
  });

  it('map domain errors to their status and code, with details', () => {
    expect(toProblem(new RuleViolation([{ path: 'number', message: 'taken' }], 'number_in_use')).problem).toMatchObject(
      {
        status: 400,
        code: 'number_in_use',
        errors: [{ path: 'number', message: 'taken' }],
      },
    );
    expect(toProblem(new NotFound('User', 'u1')).problem).toMatchObject({ status: 404, code: 'not_found' });
    expect(toProblem(new QuotaExceeded('ivrMenu', 2)).problem).toMatchObject({
      status: 409,
      code: 'quota_exceeded',
      total: 2,
    });
    const usages = [{ type: 'ivrMenu', id: 'm', name: 'Main', field: 'keys.1' }];
    expect(toProblem(new InUse('Group', usages)).problem).toMatchObject({ status: 409, code: 'in_use', usages });
    expect(toProblem(new Conflict('group_number', 'no')).problem).toMatchObject({ status: 409, code: 'group_number' });
    expect(toProblem(new HttpProblem(429, 'rate_limited', 'slow down')).problem.status).toBe(429);
  });

  it('map audio errors by their code, and hide unexpected errors behind a plain 500', () => {
    const audio = Object.assign(new Error('not audio'), { name: 'AudioError', code: 'unsupported_audio' });
    expect(toProblem(audio).problem).toMatchObject({ status: 422, code: 'unsupported_audio' });
    const tooLarge = Object.assign(new Error('big'), { name: 'AudioError', code: 'audio_too_large' });
    expect(toProblem(tooLarge).problem).toMatchObject({ status: 413, code: 'payload_too_large' });
    const unexpected = toProblem(new Error('SELECT * FROM secrets failed at /srv/db.ts:42'));
    expect(unexpected.internal).toBe(true);
    expect(unexpected.problem).toMatchObject({ status: 500, code: 'internal_error' });
    expect(JSON.stringify(unexpected.problem)).not.toContain('secrets');
  });
});
