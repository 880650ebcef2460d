import { describe, expect, it } from 'vitest';
import { helpText, resolveConfig, settings, UsageError } from './config.ts';

describe('vaxel configuration', () => {
  it('takes flags over environment variables over defaults', () => {
    const config = resolveConfig({ 'http-port': '9000' }, { VAXEL_HTTP_PORT: '9100', VAXEL_SIP_PORT: '5070', VAXEL_DATA: '/tmp/vx' });
    expect(config).toMatchObject({ httpPort: 9000, sipPort: 5070, dataDir: '/tmp/vx', host: '127.0.0.1', databaseUrl: 'sqlite:/tmp/vx/vaxel.db' });
  });

  it('refuses a port that is not a number with a usage error', () => {
    expect(() => resolveConfig({ 'http-port': 'eighty' }, {})).toThrow(UsageError);
    expect(() => resolveConfig({}, { VAXEL_SIP_PORT: '70000' })).toThrow(/SIP port/);
  });

  it('documents every flag and environment variable in --help', () => {
    const help = helpText();
    for (const setting of settings) {
      expect(help).toContain(setting.env);
      if (setting.flag) expect(help).toContain(setting.flag);
    }
  });
});
