import { text } from '../../chat/message.ts';
import type { StaffCommand } from '../../chat/staff-command.ts';
import type { TurnResult } from '../../chat/turn.ts';
import type { Queryable } from '../../db/types.ts';
import { ANY_OCCASION, listOaTemplates, occasionKey, setOaTemplate, TEMPLATE_VALUES } from './templates.ts';

const EXAMPLE = '/公众号模板 生日 模板ID thing1=称呼 thing2=场合 time3=日期';

/**
 * /公众号模板: which 模板消息 template greets on which occasion. Admins only: a wrong template id makes
 * every greeting of that occasion fail. Without arguments it lists what is set.
 */
export function createOaTemplateCommand(deps: { db: Queryable }): StaffCommand {
  return {
    name: '公众号模板',
    minRole: 'admin',
    help: `${EXAMPLE} —— 设置服务号问候用的模板消息（末尾加“订阅”表示订阅通知模板；不带参数：查看；“/公众号模板 删除 生日”：取消）`,
    intent: 'staff_oa_template',
    async run(_ctx, args): Promise<TurnResult> {
      const reply = (t: string): TurnResult => ({ replies: [text(t)], intent: 'staff_oa_template' });
      const words = args.split(/\s+/).filter(Boolean);
      if (!words.length) {
        const all = await listOaTemplates(deps.db);
        const lines = Object.entries(all).map(([k, t]) => `· ${k === ANY_OCCASION ? '默认' : k}：${t.kind === 'subscribe' ? '订阅通知 ' : ''}${t.templateId}（${t.fields.map(([a, b]) => `${a}=${b}`).join(' ')}）`);
        return reply(lines.length ? ['服务号问候模板：', ...lines].join('\n') : `还没有设置服务号问候模板。例如：\n${EXAMPLE}\n没有模板时，服务号上的老人收不到问候。`);
      }
      if (words[0] === '删除' || words[0] === '取消') {
        if (!words[1]) return reply('请写上场合，例如：/公众号模板 删除 生日');
        await setOaTemplate(deps.db, occasionKey(words[1]), null);
        return reply(`已取消“${words[1]}”的服务号模板。`);
      }
      const subscribe = words[words.length - 1] === '订阅' || words[words.length - 1] === '订阅通知';
      const [occasion, templateId, ...pairs] = subscribe ? words.slice(0, -1) : words;
      if (!templateId || !/^[\w-]{10,64}$/.test(templateId)) return reply(`模板ID不对。请从公众平台“模板消息 → 我的模板”复制，例如：\n${EXAMPLE}`);
      const fields: [string, string][] = [];
      for (const p of pairs) {
        const m = /^([a-z_]+\d*)[=＝](.+)$/.exec(p);
        if (!m || !(TEMPLATE_VALUES as readonly string[]).includes(m[2]!)) return reply(`“${p}”看不懂。每一项写成 关键词=内容，内容可以是：${TEMPLATE_VALUES.join('、')}。`);
        fields.push([m[1]!, m[2]!]);
      }
      if (!fields.length) return reply(`请写上模板里每个关键词填什么，例如：\n${EXAMPLE}`);
      const key = occasionKey(occasion!);
      await setOaTemplate(deps.db, key, { templateId, fields, ...(subscribe ? { kind: 'subscribe' as const } : {}) });
      return reply(`好的，${key === ANY_OCCASION ? '其他场合' : `“${occasion}”`}的服务号问候将用${subscribe ? '订阅通知' : '模板消息'}模板 ${templateId}。${subscribe ? '只有同意接收这个通知的老人能收到。' : ''}`);
    },
  };
}
