import { OFFICE_CONTACT } from './intent-rules.ts';

/**
 * What the bot never does for elders, families or strangers: give out other people's details, or do
 * what only staff may do. Checked over normalized text.
 */
// Asking for other people's details, or for things only staff may do (broadcasts, exports).
const OTHERS_DATA = /(?:所有|全部|别人|其他|每个|每位|名单|哪些)[^，。,！？]{0,12}(?:电话|手机|号码|住址|地址|住哪|身份证|档案|病|身体|名单)|(?<![我俺咱])(?![我俺咱])[\u4e00-\u9fa5]{2,4}的(?:电话|手机|号码|住址|地址|家在哪|身份证|档案|病情|身体怎么样|得了什么病)|(?:电话|手机|住址|地址|档案|名单)[^，。,！？]{0,6}(?:发给我|发我|告诉我|给我|导出)|phone number|address|ledger|elders? table|export|database|数据库|台账/i;
const STAFF_ONLY = /群发|发通知|发公告|广播|发生日祝福|给所有(?:老人|老干部)发|导出|删除|system prompt|系统提示/i;

// An office's own address or phone (法律援助中心在哪, 民政局的电话) is public: a question for the
// office, not someone's private details. Unless people are named as well (别人, 名单, 老人).
const PEOPLE = /别人|其他人|所有|全部|名单|每个|每位|老人|老同志|老干部|[他她]们?的/u;

export function refuse(s: string): string | null {
  if (STAFF_ONLY.test(s)) return '这件事只有工作人员能办。您自己的事，我随时帮您；回复“菜单”看看能做什么。';
  if (OFFICE_CONTACT.test(s) && !PEOPLE.test(s)) return null;
  // "我的电话" is the person's own business; anyone else's is not ours to give.
  if (OTHERS_DATA.test(s)) return '别人的电话、住址和身体情况，我不能告诉您，这是为了保护每位老同志。您自己有什么事，我随时帮您。';
  return null;
}

/**
 * A /command from someone who is not staff: /start (Telegram's first message) and /帮助 show the menu,
 * "/绑定 123456" is a binding like any other, and everything else is refused. Over normalized text.
 */
export function slashCommand(s: string): 'menu' | 'refuse' | null {
  if (!s.startsWith('/')) return null;
  if (/^\/(?:start|help|menu|菜单|帮助|开始)/i.test(s)) return 'menu';
  if (/^\/绑定(?:码)?\d{6}$/.test(s)) return null;
  return 'refuse';
}
