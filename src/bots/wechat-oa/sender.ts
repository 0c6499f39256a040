import type { Queryable } from '../../db/types.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { OutboundMessage } from '../../chat/message.ts';
import type { SendContext, SendOutcome, SendTarget, Sender } from '../../chat/sender.ts';
import { inboundWithin, isUnreachable, markUnreachable } from '../../people/accounts.ts';
import { RateLimiter, realClock, type Clock } from '../sending/rate-limiter.ts';
import type { OaApi } from './api.ts';
import { outcomeOf } from './adapter.ts';
import { oaTemplateFor, templateData } from './templates.ts';

/** 客服消息 may be sent this long after the person's last message, menu click or follow. */
export const OA_WINDOW_MS = 48 * 3600_000;

/**
 * Proactive 服务号 sends. A greeting goes only as a 模板消息 (or a 订阅通知, where staff set a subscribe
 * template and the elder granted it) with the template staff set for its occasion (never as 客服消息, which WeChat refuses outside the 48-hour window with 45015 and which
 * would make a greeting depend on whether the elder happened to write lately). Anything else (a staff
 * notice to someone on the 服务号) goes as 客服消息 and only inside the window.
 */
export function createOfficialAccountSender(deps: {
  db: Queryable;
  api: Pick<OaApi, 'sendTemplate' | 'sendSubscribe'>;
  deliver: (target: SendTarget, messages: OutboundMessage[]) => Promise<SendOutcome>;
  office: string;
  log?: Logger;
  clock?: Clock;
  /** Sends per second across the account (the API's own limits are far higher; this keeps bursts smooth). */
  perSecond?: number;
}): Sender {
  const clock = deps.clock ?? realClock;
  const limiter = new RateLimiter(clock);
  const perSecond = deps.perSecond ?? 10;
  return {
    async send(target: SendTarget, messages: OutboundMessage[], context?: SendContext): Promise<SendOutcome> {
      if (target.chatKind === 'group') return { ok: false, permanent: true, reason: '服务号 has no groups' };
      const openid = target.threadId;
      if (await isUnreachable(deps.db, 'wechat_oa', openid)) return { ok: false, permanent: true, reason: 'unreachable: unfollowed or refused' };
      await limiter.acquire([{ key: 'total', max: perSecond, windowMs: 1000 }]);
      if (context?.purpose === 'greeting') return greet(openid, messages, context);
      if (!(await inboundWithin(deps.db, 'wechat_oa', openid, OA_WINDOW_MS, new Date(clock.now())))) {
        // Not permanent: the window opens again the next time the person writes.
        return { ok: false, permanent: false, reason: 'outside_48h_window: 客服消息 only within 48 hours of their last message', retryAfterMs: 12 * 3600_000 };
      }
      return deps.deliver(target, messages);
    },
  };

  async function greet(openid: string, messages: OutboundMessage[], context: SendContext): Promise<SendOutcome> {
    const template = await oaTemplateFor(deps.db, context.occasion);
    if (!template) {
      return { ok: false, permanent: false, reason: `no_template: no 模板消息 set for ${context.occasion} (/公众号模板)`, retryAfterMs: 6 * 3600_000 };
    }
    const body = messages.flatMap((m) => (m.kind === 'text' ? [m.text] : [])).join('\n');
    try {
      const data = templateData(template, { 单位: deps.office, 内容: body, ...context.params });
      const msgid = template.kind === 'subscribe' ? await deps.api.sendSubscribe(openid, template.templateId, data) : await deps.api.sendTemplate(openid, template.templateId, data);
      return { ok: true, messageIds: msgid ? [msgid] : [] };
    } catch (e) {
      const out = outcomeOf(e);
      if (out.permanent) await markUnreachable(deps.db, { channel: 'wechat_oa', externalId: openid });
      deps.log?.warn({ openid, reason: out.reason }, '服务号 template message not sent');
      return out;
    }
  }
}
