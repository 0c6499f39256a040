import { sms } from 'tencentcloud-sdk-nodejs-sms';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import { classify, e164, type PhoneProvider, type ProviderResult } from './provider.ts';

export interface TencentConfig {
  secretId: string;
  secretKey: string;
  region: string;
  signName?: string;
  smsSdkAppId?: string;
  voiceSdkAppId?: string;
  /** http(s)://host[:port] instead of sms.tencentcloudapi.com / vms.tencentcloudapi.com (tests). */
  smsEndpoint?: string;
  voiceEndpoint?: string;
}

/**
 * Tencent Cloud: SMS through the official SDK (tencentcloud-sdk-nodejs-sms, SendSms 2021-01-11), calls
 * through the VMS API (语音消息 SendTtsVoice 2020-09-02). There is no per-product npm package for VMS,
 * so it goes through the SDK's own CommonClient, which signs (TC3-HMAC-SHA256) exactly as the product
 * clients do. Per-number refusals come back in SendStatusSet; request errors as exceptions with a code.
 */
export function createTencentProvider(cfg: TencentConfig): PhoneProvider {
  const credential = { secretId: cfg.secretId, secretKey: cfg.secretKey };
  const httpProfile = (url: string | undefined) => (url ? { endpoint: new URL(url).host, protocol: `${new URL(url).protocol}//`, reqTimeout: 15 } : { reqTimeout: 15 });
  const smsClient = new sms.v20210111.Client({ credential, region: cfg.region, profile: { httpProfile: httpProfile(cfg.smsEndpoint) } });
  const vms = new CommonClient(cfg.voiceEndpoint ? new URL(cfg.voiceEndpoint).host : 'vms.tencentcloudapi.com', '2020-09-02', {
    credential,
    region: cfg.region,
    profile: { httpProfile: httpProfile(cfg.voiceEndpoint) },
  });

  return {
    name: 'tencent',
    async sendSms(r): Promise<ProviderResult> {
      try {
        const res = await smsClient.SendSms({
          SmsSdkAppId: cfg.smsSdkAppId ?? '',
          SignName: cfg.signName ?? '',
          TemplateId: r.templateId,
          PhoneNumberSet: [e164(r.phone)],
          TemplateParamSet: r.params.map(([, v]) => v),
          SessionContext: r.outId,
        });
        const s = res.SendStatusSet?.[0];
        if (s?.Code === 'Ok') return { ok: true, providerId: s.SerialNo ?? '' };
        return refused(s?.Code ?? 'Unknown', s?.Message ?? '');
      } catch (e) {
        return thrown(e);
      }
    },
    async call(r): Promise<ProviderResult> {
      try {
        const res = (await vms.request('SendTtsVoice', {
          TemplateId: r.templateId,
          TemplateParamSet: r.params.map(([, v]) => v),
          CalledNumber: e164(r.phone),
          VoiceSdkAppid: cfg.voiceSdkAppId ?? '',
          PlayTimes: 2,
          SessionContext: r.outId,
        })) as { SendStatus?: { CallId?: string } };
        return { ok: true, providerId: res.SendStatus?.CallId ?? '' };
      } catch (e) {
        return thrown(e);
      }
    },
    async check(what) {
      const out: { ok: boolean; detail: string }[] = [];
      if (what.smsTemplate) {
        try {
          const res = await smsClient.DescribeSmsTemplateList({ International: 0, TemplateIdSet: [Number(what.smsTemplate)] });
          const t = res.DescribeTemplateStatusSet?.[0];
          out.push({ ok: t?.StatusCode === 0, detail: t ? `SMS template ${what.smsTemplate}: ${t.StatusCode === 0 ? '审核通过' : t.StatusCode === 1 ? '审核中' : `未通过 ${t.ReviewReply ?? ''}`}` : `SMS template ${what.smsTemplate} not found` });
        } catch (e) {
          out.push({ ok: false, detail: `SMS: ${describe(e)}` });
        }
      }
      if (what.voiceTemplate) out.push({ ok: true, detail: 'voice: configured (Tencent VMS has no read-only call to check it without dialling)' });
      return out;
    },
  };
}

function refused(code: string, message: string): ProviderResult {
  return { ok: false, code, message, ...classify(code) };
}

function thrown(e: unknown): ProviderResult {
  const x = e as { code?: string; message?: string };
  return refused(x.code || 'NetworkError', x.message ?? String(e));
}

function describe(e: unknown): string {
  const x = e as { code?: string; message?: string };
  return `${x.code ?? 'error'} ${x.message ?? ''}`.trim().slice(0, 200);
}
