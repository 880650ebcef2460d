import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { helpText, resolveConfig, settings, UsageError } from './config.ts';

describe('vaxel configuration', () => {
  it('takes flags over environment variables over defaults', () => {
    const config = resolveConfig(
      { 'http-port': '9000' },
      { VAXEL_HTTP_PORT: '9100', VAXEL_SIP_PORT: '5070', VAXEL_DATA: '/tmp/vx' },
    );
    expect(config).toMatchObject({
      httpPort: 9000,
      sipPort: 5070,
      dataDir: '/tmp/vx',
      host: '127.0.0.1',
      databaseUrl: 'sqlite:/tmp/vx/vaxel.db',
    });
  });

  it('refuses a port that is not a number with a usage error', () => {
    expect(() => resolveConfig({ 'http-port': 'eighty' }, {})).toThrow(UsageError);
    expect(() => resolveConfig({}, { VAXEL_SIP_PORT: '70000' })).toThrow(/SIP port/);
  });

  it('reads the switch settings: advertised address, RTP range and digest algorithms', () => {
    const config = resolveConfig(
      { 'sip-address': '192.0.2.7', 'rtp-ports': '30000-30099' },
      { VAXEL_SIP_DIGEST: 'sha-256,md5' },
    );
    expect(config).toMatchObject({
      sipAddress: '192.0.2.7',
      rtpPorts: { min: 30000, max: 30099 },
      sipDigest: ['SHA-256', 'MD5'],
    });
  });

  it('reads how many media worker threads run the calls’ audio, one per core by default', () => {
    expect(resolveConfig({}, {}).mediaWorkers).toBe(availableParallelism());
    // …but never more than the RTP range has port pairs.
    expect(resolveConfig({ 'rtp-ports': '30000-30001' }, {}).mediaWorkers).toBe(1);
    expect(resolveConfig({}, { VAXEL_MEDIA_WORKERS: '0' }).mediaWorkers).toBe(0);
    expect(resolveConfig({}, { VAXEL_MEDIA_WORKERS: '4' }).mediaWorkers).toBe(4);
    expect(() => resolveConfig({}, { VAXEL_MEDIA_WORKERS: 'two' })).toThrow(/VAXEL_MEDIA_WORKERS/);
    expect(() => resolveConfig({}, { VAXEL_MEDIA_WORKERS: '-1' })).toThrow(UsageError);
    // Each worker needs a port pair of its own.
    expect(() => resolveConfig({ 'rtp-ports': '30000-30005' }, { VAXEL_MEDIA_WORKERS: '4' })).toThrow(
      /more than the 3 port pairs/,
    );
  });

  it('advertises the listening address unless it listens on every interface', () => {
    expect(resolveConfig({ host: '::1' }, {}).sipAddress).toBe('::1');
    expect(resolveConfig({ host: '0.0.0.0' }, {}).sipAddress).not.toBe('0.0.0.0');
  });

  it('reads the overload caps, none by default', () => {
    expect(resolveConfig({}, {}).overload).toEqual({});
    expect(resolveConfig({}, { VAXEL_MAX_CALLS_PER_SECOND: '200', VAXEL_MAX_CALLS: '1500' }).overload).toEqual({
      maxCallsPerSecond: 200,
      maxCalls: 1500,
    });
    expect(() => resolveConfig({}, { VAXEL_MAX_CALLS: '0' })).toThrow(/VAXEL_MAX_CALLS must/);
    expect(() => resolveConfig({}, { VAXEL_MAX_CALLS_PER_SECOND: 'lots' })).toThrow(UsageError);
  });

  it('refuses a bad RTP range or digest algorithm with a usage error', () => {
    expect(() => resolveConfig({ 'rtp-ports': '20000' }, {})).toThrow(UsageError);
    expect(() => resolveConfig({ 'rtp-ports': '80-90' }, {})).toThrow(/RTP port range/);
    expect(() => resolveConfig({}, { VAXEL_SIP_DIGEST: 'SHA-1' })).toThrow(/VAXEL_SIP_DIGEST/);
  });

  it('reads the public address without a trailing slash, defaulting to localhost on the HTTP port', () => {
    expect(resolveConfig({ 'http-port': '9000' }, {}).publicUrl).toBe('http://localhost:9000');
    expect(resolveConfig({}, { VAXEL_PUBLIC_URL: 'https://pbx.example.com/' }).publicUrl).toBe(
      'https://pbx.example.com',
    );
    expect(() => resolveConfig({}, { VAXEL_PUBLIC_URL: 'ftp://pbx.example.com' })).toThrow(/VAXEL_PUBLIC_URL/);
  });

  it('accepts only an smtp or smtps mail server address', () => {
    expect(resolveConfig({}, {}).smtpUrl).toBeUndefined();
    expect(resolveConfig({}, { VAXEL_SMTP_URL: 'smtp://127.0.0.1:2525' }).smtpUrl).toBe('smtp://127.0.0.1:2525');
    expect(() => resolveConfig({}, { VAXEL_SMTP_URL: 'http://mail' })).toThrow(/VAXEL_SMTP_URL/);
  });

  it('serves metrics on a port of their own only when asked, on loopback unless told otherwise', () => {
    expect(resolveConfig({}, {})).toMatchObject({ metricsPort: undefined, metricsHost: '127.0.0.1' });
    expect(resolveConfig({ 'metrics-port': '9464' }, { VAXEL_METRICS_PORT: '9000' }).metricsPort).toBe(9464);
    expect(resolveConfig({}, { VAXEL_METRICS_PORT: '9000', VAXEL_METRICS_HOST: '::1' })).toMatchObject({
      metricsPort: 9000,
      metricsHost: '::1',
    });
    expect(() => resolveConfig({}, { VAXEL_METRICS_PORT: 'nine' })).toThrow(/metrics port/);
  });

  it('documents every flag and environment variable in --help', () => {
    const help = helpText();
    for (const setting of settings) {
      expect(help).toContain(setting.env);
      if (setting.flag) expect(help).toContain(setting.flag);
    }
  });
});
