import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMetricsServer, hashToken, type MetricsSource } from '../src/index.ts';
import { startHarness, testPassword, type Harness } from './support/harness.ts';

/** A registry's side of the port: an exposition that changes between scrapes. */
class CountingSource implements MetricsSource {
  readonly contentType = 'text/plain; version=0.0.4; charset=utf-8';
  scrapes = 0;
  async metrics(): Promise<string> {
    this.scrapes += 1;
    return `# TYPE vaxel_test_scrapes_total counter\nvaxel_test_scrapes_total ${this.scrapes}\n`;
  }
}

let h: Harness;
let source: CountingSource;
beforeAll(async () => {
  source = new CountingSource();
  h = await startHarness({ metrics: source });
});
afterAll(async () => h.close());

describe('GET /metrics on the API port (issue 11)', () => {
  it("answers the operator token with the source's exposition and content type, read afresh on each scrape", async () => {
    const first = await h.operator('GET', '/metrics');
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe(source.contentType);
    expect(first.body).toContain(`vaxel_test_scrapes_total ${source.scrapes}\n`);
    const second = await h.operator('GET', '/metrics');
    expect(second.body).toContain(`vaxel_test_scrapes_total ${source.scrapes}\n`);
    expect(second.body).not.toBe(first.body);
  });

  it('refuses a request without a token, or with a wrong one, with 401 problem+json, reading nothing', async () => {
    const before = source.scrapes;
    for (const token of [null, 'not-the-operator-token-0123456789']) {
      const res = await h.as(token, 'GET', '/metrics');
      expect(res.statusCode, String(token)).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status: 401 });
    }
    expect(source.scrapes).toBe(before);
  });

  it("is not enough to be an organisation's admin, by bearer token or by the console's session cookie", async () => {
    const organisation = await h.organisation();
    const before = source.scrapes;
    expect((await h.as(organisation.adminToken, 'GET', '/metrics')).statusCode).toBe(403);
    const login = await h.login(organisation.adminEmail, testPassword);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toMatch(/^vaxel_session=/);
    const byCookie = await h.as(null, 'GET', '/metrics', undefined, { cookie });
    expect(byCookie.statusCode).toBe(403);
    expect(byCookie.headers['content-type']).toContain('application/problem+json');
    expect(source.scrapes).toBe(before);
  });

  it('is not there when the API is built without metrics', async () => {
    const bare = await startHarness();
    try {
      expect((await bare.operator('GET', '/metrics')).statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });
});

describe('the metrics server on a port of its own (VAXEL_METRICS_PORT)', () => {
  let server: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    server = await buildMetricsServer({
      store: h.store,
      metrics: source,
      operatorTokenHash: hashToken(h.operatorToken),
    });
    await server.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => server.close());

  it('serves the exposition over loopback to the operator token', async () => {
    const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${h.operatorToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(source.contentType);
    expect(await res.text()).toContain('vaxel_test_scrapes_total ');
  });

  it('refuses no token and a wrong token with 401 problem+json, and knows no other path', async () => {
    const none = await fetch(`${url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    const wrong = await fetch(`${url}/metrics`, {
      headers: { authorization: 'Bearer not-the-operator-token-0123456789' },
    });
    expect(wrong.status).toBe(401);
    const elsewhere = await fetch(`${url}/api/v1/operator/organisations`, {
      headers: { authorization: `Bearer ${h.operatorToken}` },
    });
    expect(elsewhere.status).toBe(404);
  });
});
