import { describe, expect, it } from 'vitest';
import { planAudit, singular, type AuditedRoute } from './auditPlan.ts';

const p = '/api/v1';
const get = (url: string, json = true): AuditedRoute => ({ method: 'GET', url: `${p}${url}`, json });
const routes: AuditedRoute[] = [
  get('/orgs/:orgId'),
  get('/orgs/:orgId/users'),
  get('/orgs/:orgId/users/:userId'),
  get('/orgs/:orgId/users/:userId/routing'),
  get('/orgs/:orgId/response-groups/:groupId'),
  get('/orgs/:orgId/response-group-defaults'),
  get('/orgs/:orgId/audio-files/:fileId'),
  get('/orgs/:orgId/audio-files/:fileId/content', false),
  get('/operator/organisations/:orgId'),
  get('/operator/organisations/:orgId/numbers'),
];
const plan = (method: string, url: string, audit?: AuditedRoute['audit']) =>
  planAudit({ method, url: `${p}${url}`, audit, json: false }, routes, p);

describe('the audit plan of a route', () => {
  it('records a POST to a collection as a create of one of its objects, its state the answer', () => {
    expect(plan('POST', '/orgs/:orgId/users')).toMatchObject({
      kind: 'record',
      action: 'create',
      objectType: 'user',
      stateRoute: null,
      objectIdParam: null,
    });
    expect(plan('POST', '/orgs/:orgId/audio-files/tts', { objectType: 'audioFile' })).toMatchObject({
      action: 'create',
      objectType: 'audioFile',
    });
  });

  it('reads the state of an update or delete from its GET twin', () => {
    expect(plan('PATCH', '/orgs/:orgId/users/:userId')).toMatchObject({
      action: 'update',
      objectType: 'user',
      objectIdParam: 'userId',
      stateRoute: `${p}/orgs/:orgId/users/:userId`,
      fieldPrefix: '',
    });
    expect(plan('DELETE', '/orgs/:orgId/users/:userId')).toMatchObject({
      action: 'delete',
      objectType: 'user',
      objectIdParam: 'userId',
    });
  });

  it('records a part of an object under the object, its fields prefixed, reading the object for its name', () => {
    expect(plan('PUT', '/orgs/:orgId/users/:userId/routing')).toMatchObject({
      objectType: 'user',
      objectIdParam: 'userId',
      stateRoute: `${p}/orgs/:orgId/users/:userId/routing`,
      fieldPrefix: 'routing',
      objectRoute: `${p}/orgs/:orgId/users/:userId`,
    });
  });

  it('falls back to the nearest enclosing resource that answers JSON', () => {
    expect(plan('PUT', '/orgs/:orgId/response-groups/:groupId/agents/:userId/login')).toMatchObject({
      objectType: 'responseGroup',
      objectIdParam: 'groupId',
      stateRoute: `${p}/orgs/:orgId/response-groups/:groupId`,
    });
    // The GET twin of a content upload answers audio, so the file's own record is its state.
    expect(plan('PUT', '/orgs/:orgId/audio-files/:fileId/content')).toMatchObject({
      objectType: 'audioFile',
      stateRoute: `${p}/orgs/:orgId/audio-files/:fileId`,
    });
  });

  it('picks the element of a list when only the list can be read', () => {
    expect(plan('DELETE', '/operator/organisations/:orgId/numbers/:number')).toMatchObject({
      objectType: 'number',
      objectIdParam: 'number',
      pickFromList: true,
      stateRoute: `${p}/operator/organisations/:orgId/numbers`,
    });
  });

  it('names a setting the organisation has once after its path, without an id', () => {
    expect(plan('PATCH', '/orgs/:orgId/response-group-defaults')).toMatchObject({
      objectType: 'responseGroupDefaults',
      objectIdParam: null,
    });
    expect(plan('PATCH', '/operator/organisations/:orgId')).toMatchObject({
      objectType: 'organisation',
      objectIdParam: 'orgId',
    });
  });

  it("never takes the organisation's summary for the state of something inside it", () => {
    expect(plan('PATCH', '/orgs/:orgId/switch-settings')).toEqual({
      kind: 'unplanned',
      reason: expect.stringContaining('config.audit'),
    });
    expect(plan('PATCH', '/orgs/:orgId/switch-settings', { read: `${p}/orgs/:orgId/nothing` })).toMatchObject({
      kind: 'unplanned',
    });
    expect(
      plan('PATCH', '/orgs/:orgId/switch-settings', { read: `${p}/orgs/:orgId/response-group-defaults` }),
    ).toMatchObject({ kind: 'record', stateRoute: `${p}/orgs/:orgId/response-group-defaults` });
  });

  it('skips a route that says why it changes nothing, and is silent on reads and on account routes', () => {
    expect(plan('POST', '/orgs/:orgId/tts/preview', { skip: 'speaks a text, stores nothing' })).toEqual({
      kind: 'skip',
      reason: 'speaks a text, stores nothing',
    });
    expect(plan('GET', '/orgs/:orgId/users')).toBeNull();
    expect(planAudit({ method: 'POST', url: `${p}/auth/login`, json: true }, routes, p)).toBeNull();
  });
});

describe('object type names', () => {
  it('are the singular camelCase of the collection', () => {
    expect(
      [
        'response-groups',
        'ivr-menus',
        'recording-policies',
        'audio-files',
        'users',
        'address',
        'guest-passes',
        'purchases',
        'mailboxes',
      ].map(singular),
    ).toEqual([
      'responseGroup',
      'ivrMenu',
      'recordingPolicy',
      'audioFile',
      'user',
      'address',
      'guestPass',
      'purchase',
      'mailbox',
    ]);
  });
});
