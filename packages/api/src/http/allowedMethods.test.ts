import { describe, expect, it } from 'vitest';
import { allowedMethods } from './allowedMethods.ts';

const routes = [
  { method: 'GET', url: '/api/v1/orgs/:orgId/teams' },
  { method: 'POST', url: '/api/v1/orgs/:orgId/teams' },
  { method: 'PATCH', url: '/api/v1/orgs/:orgId/teams/:teamId' },
  { method: 'DELETE', url: '/api/v1/orgs/:orgId/teams/:teamId' },
  { method: 'POST', url: '/api/v1/auth/login' },
];

describe('allowed methods at a path', () => {
  it('lists the methods of every route whose pattern the path fits, HEAD with GET, and OPTIONS', () => {
    expect(allowedMethods(routes, '/api/v1/orgs/o1/teams')).toEqual(['GET', 'HEAD', 'POST', 'OPTIONS']);
    expect(allowedMethods(routes, '/api/v1/orgs/o1/teams/t1')).toEqual(['PATCH', 'DELETE', 'OPTIONS']);
  });

  it('adds no HEAD where there is no GET', () => {
    expect(allowedMethods(routes, '/api/v1/auth/login')).toEqual(['POST', 'OPTIONS']);
  });

  it('is empty for a path no route fits: other segments, another length, an empty parameter', () => {
    expect(allowedMethods(routes, '/api/v1/orgs/o1/groups')).toEqual([]);
    expect(allowedMethods(routes, '/api/v1/orgs/o1/teams/t1/members')).toEqual([]);
    expect(allowedMethods(routes, '/api/v1/orgs//teams')).toEqual([]);
  });
});
