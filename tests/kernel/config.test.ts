import { describe, expect, it } from 'vitest';
import { ABUSE_DEFAULTS, abuseLimits, loadConfig } from '../../src/kernel/config.ts';

describe('config', () => {
  it('has working defaults for the embedded mode', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ JINQIU_DATA_DIR: './data', JINQIU_HTTP_PORT: 3000, JINQIU_TZ: 'Asia/Shanghai' });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('names the malformed variable', () => {
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ JINQIU_HTTP_PORT: 'abc' })).toThrow(/JINQIU_HTTP_PORT/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('names the missing variable a feature needs', () => {
    expect(() => loadConfig({ TELEGRAM_WEBHOOK_URL: 'https://example.org/hook' })).toThrow(/TELEGRAM_BOT_TOKEN/);
    expect(() => loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' })).toThrow(/OPENAI_CHAT_MODEL/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '' }).REDIS_URL).toBeUndefined();
    expect(loadConfig({ JINQIU_NO_DEMO: '' }).JINQIU_NO_DEMO).toBe(false);
  });

  it('reads yes/no switches', () => {
    expect(loadConfig({}).JINQIU_NO_DEMO).toBe(false);
    expect(loadConfig({ JINQIU_NO_DEMO: '1' }).JINQIU_NO_DEMO).toBe(true);
    expect(loadConfig({ JINQIU_NO_DEMO: 'no' }).JINQIU_NO_DEMO).toBe(false);
    expect(() => loadConfig({ JINQIU_NO_DEMO: 'maybe' })).toThrow(/JINQIU_NO_DEMO/);
  });

  it('reads the abuse limits, defaulting to the documented values, and refuses zero', () => {
    expect(abuseLimits(loadConfig({}))).toEqual(ABUSE_DEFAULTS);
    expect(ABUSE_DEFAULTS).toMatchObject({ strangersPerMinute: 100, channelPerMinute: 300, perMinute: 600, bindFailsPerElder: 5, bindFailsPerChannel: 60, casesPerHour: 4, casesPerDay: 10 });
    expect(abuseLimits(loadConfig({ JINQIU_LIMIT_STRANGERS_PER_MIN: '30', JINQIU_BIND_FAILS_PER_ELDER: '3' }))).toMatchObject({ strangersPerMinute: 30, bindFailsPerElder: 3 });
    expect(() => loadConfig({ JINQIU_LIMIT_PER_MIN: '0' })).toThrow(/JINQIU_LIMIT_PER_MIN/);
    expect(() => loadConfig({ JINQIU_CASES_PER_HOUR: 'many' })).toThrow(/JINQIU_CASES_PER_HOUR/);
  });
});
