import { describe, expect, it } from 'vitest';
import { loadConfig, parseNamedList } from '../../src/kernel/config.ts';

describe('configuration of the official channels', () => {
  it('names what a half-configured channel still needs', () => {
    expect(() => loadConfig({ WECHAT_OA_APP_ID: 'wx1' })).toThrow(/WECHAT_OA_APP_SECRET, WECHAT_OA_TOKEN: required when WECHAT_OA_APP_ID is set/);
    expect(() => loadConfig({ WECHAT_OA_APP_ID: 'wx1', WECHAT_OA_APP_SECRET: 's', WECHAT_OA_TOKEN: 't', WECHAT_OA_AES_KEY: 'short' })).toThrow(/WECHAT_OA_AES_KEY/);
    expect(() => loadConfig({ WECOM_CORP_ID: 'ww1', WECOM_SECRET: 's' })).toThrow(/WECOM_AGENT_ID, WECOM_TOKEN, WECOM_AES_KEY/);
    expect(() => loadConfig({ SMS_TEMPLATE_GREETING: 'SMS_1' })).toThrow(/PHONE_PROVIDER/);
    expect(() => loadConfig({ SMS_TEMPLATE_GREETING: 'SMS_1', PHONE_PROVIDER: 'aliyun', PHONE_ACCESS_KEY_ID: 'a', PHONE_ACCESS_KEY_SECRET: 'b' })).toThrow(/SMS_SIGN_NAME/);
    expect(() => loadConfig({ SMS_TEMPLATE_GREETING: '1', SMS_SIGN_NAME: '局', PHONE_PROVIDER: 'tencent', PHONE_ACCESS_KEY_ID: 'a', PHONE_ACCESS_KEY_SECRET: 'b' })).toThrow(/SMS_SDK_APP_ID/);
    expect(() => loadConfig({ WECOM_ROBOTS: '韦庄镇工作群' })).toThrow(/WECOM_ROBOTS: "韦庄镇工作群" is not name=value/);
    expect(() => loadConfig({ PHONE_QUIET_HOURS: '10pm-8am' })).toThrow(/PHONE_QUIET_HOURS/);
  });

  it('starts with the official channels off, and with them on when complete', () => {
    const off = loadConfig({});
    expect(off.WECHAT_OA_APP_ID).toBeUndefined();
    expect(off.WECHAT_OA_PATH).toBe('/hooks/wechat-oa');
    expect(off.PHONE_QUIET_HOURS).toBe('22-8');
    const on = loadConfig({ SMS_TEMPLATE_GREETING: 'SMS_1', SMS_SIGN_NAME: '澄城县老干部局', PHONE_PROVIDER: 'aliyun', PHONE_ACCESS_KEY_ID: 'a', PHONE_ACCESS_KEY_SECRET: 'b', WECOM_ROBOTS: '韦庄镇工作群=k1，城关=k2' });
    expect(on.SMS_TEMPLATE_PARAMS).toBe('name=称呼,occasion=场合');
    expect(parseNamedList(on.WECOM_ROBOTS!, 'WECOM_ROBOTS')).toEqual([['韦庄镇工作群', 'k1'], ['城关', 'k2']]);
  });
});
