import * as dysmsapi from '@alicloud/dysmsapi20170525';
import { QuerySmsTemplateRequest, SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { classify, type PhoneProvider, type PhoneRequest, type ProviderResult } from './provider.ts';

export interface AliyunConfig {
  accessKeyId: string;
  accessKeySecret: string;
  signName?: string;
  /** Caller id for calls (VOICE_SHOW_NUMBER); empty uses Aliyun's public number pool. */
  showNumber?: string;
  /** http(s)://host[:port] instead of dysmsapi.aliyuncs.com / dyvmsapi.aliyuncs.com (tests). */
  smsEndpoint?: string;
  voiceEndpoint?: string;
}

type PopCore = { request(action: string, params: Record<string, unknown>, opts?: Record<string, unknown>): Promise<Record<string, unknown>> };

/**
 * Aliyun: SMS through the official SDK (@alicloud/dysmsapi20170525, SendSms with an approved
 * TemplateCode and the sign name), calls through @alicloud/pop-core's RPC client (Dyvmsapi
 * SingleCallByTts with a TTS template). Business refusals come back as a Code other than OK.
 */
export async function createAliyunProvider(cfg: AliyunConfig): Promise<PhoneProvider> {
  // A CommonJS module compiled from TypeScript: the class is `default` of what Node hands over.
  type SmsClient = InstanceType<typeof dysmsapi.default.default>;
  const mod = dysmsapi as unknown as { default: { default?: new (c: unknown) => SmsClient } & (new (c: unknown) => SmsClient) };
  const SmsClientClass = mod.default.default ?? mod.default;
  const sms = new SmsClientClass({
    accessKeyId: cfg.accessKeyId,
    accessKeySecret: cfg.accessKeySecret,
    ...endpointOf(cfg.smsEndpoint, 'dysmsapi.aliyuncs.com'),
  } as never);
  const Core = (await import('@alicloud/pop-core')).default as unknown as new (c: Record<string, unknown>) => PopCore;
  const voice = new Core({ accessKeyId: cfg.accessKeyId, accessKeySecret: cfg.accessKeySecret, endpoint: cfg.voiceEndpoint ?? 'https://dyvmsapi.aliyuncs.com', apiVersion: '2017-05-25' });

  const paramJson = (r: PhoneRequest) => JSON.stringify(Object.fromEntries(r.params));
  return {
    name: 'aliyun',
    async sendSms(r): Promise<ProviderResult> {
      try {
        const res = await sms.sendSms(new SendSmsRequest({ phoneNumbers: r.phone, signName: cfg.signName, templateCode: r.templateId, templateParam: paramJson(r), outId: r.outId }));
        const b = res.body!;
        if (b.code === 'OK') return { ok: true, providerId: b.bizId ?? '' };
        return refused(b.code ?? 'Unknown', b.message ?? '');
      } catch (e) {
        return thrown(e);
      }
    },
    async call(r): Promise<ProviderResult> {
      try {
        const res = await voice.request(
          'SingleCallByTts',
          { CalledNumber: r.phone, TtsCode: r.templateId, TtsParam: paramJson(r), OutId: r.outId, PlayTimes: 2, ...(cfg.showNumber ? { CalledShowNumber: cfg.showNumber } : {}) },
          { method: 'POST', timeout: 15_000 },
        );
        return { ok: true, providerId: String(res.CallId ?? '') };
      } catch (e) {
        return thrown(e);
      }
    },
    async check(what) {
      const out: { ok: boolean; detail: string }[] = [];
      if (what.smsTemplate) {
        try {
          const res = await sms.querySmsTemplate(new QuerySmsTemplateRequest({ templateCode: what.smsTemplate }));
          const b = res.body!;
          if (b.code !== 'OK') out.push({ ok: false, detail: `SMS template ${what.smsTemplate}: ${b.code} ${b.message ?? ''}` });
          else out.push({ ok: b.templateStatus === 1, detail: `SMS template ${what.smsTemplate}: ${['审核中', '审核通过', '审核未通过'][b.templateStatus ?? 0] ?? b.templateStatus}` });
        } catch (e) {
          out.push({ ok: false, detail: `SMS: ${describe(e)}` });
        }
      }
      if (what.voiceTemplate) {
        // A query for a call that does not exist proves the key and reaches the API, and calls nobody.
        try {
          await voice.request('QueryCallDetailByCallId', { CallId: 'jinqiu-doctor', ProdId: 11000000300006, QueryDate: Date.now() }, { method: 'POST', timeout: 15_000 });
          out.push({ ok: true, detail: 'voice API: credentials accepted' });
        } catch (e) {
          const code = (e as { code?: string }).code ?? '';
          const authProblem = /Signature|AccessKey|Forbidden|NoPermission|InvalidTimeStamp/i.test(code) || !code;
          out.push({ ok: !authProblem, detail: `voice API: ${describe(e)}` });
        }
      }
      return out;
    },
  };
}

function endpointOf(url: string | undefined, host: string): { endpoint: string; protocol: string } {
  if (!url) return { endpoint: host, protocol: 'https' };
  const u = new URL(url);
  return { endpoint: u.host, protocol: u.protocol.replace(':', '') };
}

function refused(code: string, message: string): ProviderResult {
  return { ok: false, code, message, ...classify(code) };
}

/** SDK exceptions (bad signature, unknown key, HTTP errors, timeouts) carry the provider's Code when there is one. */
function thrown(e: unknown): ProviderResult {
  const x = e as { code?: string; data?: { Code?: string; Message?: string }; message?: string };
  const code = x.data?.Code ?? x.code ?? 'NetworkError';
  return refused(code, x.data?.Message ?? x.message ?? String(e));
}

function describe(e: unknown): string {
  const x = e as { code?: string; data?: { Code?: string; Message?: string }; message?: string };
  return `${x.data?.Code ?? x.code ?? 'error'} ${x.data?.Message ?? x.message ?? ''}`.trim().slice(0, 200);
}
