import { describe, expect, it } from 'vitest';
import { i18n } from '../i18n/i18n.ts';
import { ApiError, fieldError, normalisePath, problemFieldErrors, scopeErrors, unclaimedErrors } from './problem.ts';

const refusal = (errors: { path: string; message: string }[]) =>
  new ApiError({ title: 'Bad Request', status: 400, code: 'validation_failed', detail: 'invalid', errors });

describe('problem+json field errors', () => {
  it('brings every path style the API may use to one dotted form', () => {
    expect(normalisePath('agentIds[0]')).toBe('agentIds.0');
    expect(normalisePath('keys[1].userId')).toBe('keys.1.userId');
    expect(normalisePath('/settings/queue/maxWaitSeconds')).toBe('settings.queue.maxWaitSeconds');
    expect(normalisePath('body.name')).toBe('name');
    expect(normalisePath('openingHours.openPeriods[2].close')).toBe('openingHours.openPeriods.2.close');
  });

  it('maps the errors of a refused request onto field paths, keeping the first message per field', () => {
    const errors = problemFieldErrors(
      refusal([
        { path: 'numericId', message: 'must be 1 to 4 digits' },
        { path: 'numericId', message: 'second message' },
        { path: 'settings.queue.maxWaitSeconds', message: 'too small' },
      ]),
    );
    expect(errors).toEqual({ numericId: 'must be 1 to 4 digits', 'settings.queue.maxWaitSeconds': 'too small' });
  });

  it('shows a field error whose code the console knows in the console’s language, and the server’s words otherwise', async () => {
    const refused = new ApiError({
      title: 'Bad Request',
      status: 400,
      code: 'validation_failed',
      errors: [
        { path: 'password', message: 'is too common', code: 'password_common' },
        { path: 'email', message: 'is odd', code: 'something_new' },
      ],
    });
    await i18n.changeLanguage('sv');
    expect(problemFieldErrors(refused, i18n.t)).toEqual({
      password: expect.stringContaining('För vanligt'),
      email: 'is odd',
    });
    await i18n.changeLanguage('en');
    expect(problemFieldErrors(refused, i18n.t).password).toContain('Too common');
    expect(problemFieldErrors(refused).password).toBe('is too common');
  });

  it('has no field errors for anything that is not a problem with errors', () => {
    expect(problemFieldErrors(new Error('boom'))).toEqual({});
    expect(problemFieldErrors(new ApiError({ title: 'Conflict', status: 409, code: 'in_use' }))).toEqual({});
  });

  it('hands a nested editor only its own errors, with the prefix taken off', () => {
    const errors = {
      'settings.queue.maxWaitSeconds': 'too small',
      'settings.schedule.closedDestination.number': 'not E.164',
      name: 'required',
    };
    expect(scopeErrors(errors, 'settings.queue')).toEqual({ maxWaitSeconds: 'too small' });
    expect(scopeErrors(scopeErrors(errors, 'settings.schedule'), 'closedDestination')).toEqual({ number: 'not E.164' });
  });

  it('shows an error inside a field on that field when nothing closer claims it', () => {
    expect(fieldError({ 'prompts.0.text': 'empty' }, 'prompts')).toBe('0.text: empty');
    expect(fieldError({ name: 'required' }, 'name')).toBe('required');
    expect(fieldError({ name: 'required' }, 'number')).toBeUndefined();
  });

  it('lists the errors no shown field claims, so nothing the server said is lost', () => {
    const errors = { name: 'required', 'keys.1.userId': 'unknown user', extra: 'not allowed' };
    expect(unclaimedErrors(errors, ['name', 'keys'])).toEqual([{ path: 'extra', message: 'not allowed' }]);
  });
});
