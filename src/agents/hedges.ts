/**
 * What makes an event told in a message not news about the family: said as a supposition (要是,
 * 万一, 如果…的话), as a rumour from unnamed people that the message itself takes back (有人说额老汉出车祸了
 * … 他好好的), as somebody else's suggestion (村里人撺掇额再找个老伴), or as a plan the speaker turns down
 * (额不想找). A confident wrong case (a death, a remarriage) is worse than none, so these words take an
 * event out even when the lexicon knows it. Pure, over normalized text (额/俺 are already 我).
 */
export type Hedge = 'hypothetical' | 'hearsay' | 'suggested' | 'declined' | 'denied' | 'generic';

/** A case in general or a future that may not happen, or one feared (担心…, 就怕…). */
const HYPOTHETICAL_CLAUSE = /如果|假如|万一|要是|假设|的话|将来|哪天|一旦|什么情况下|会不会|能不能|可不可以|是不是|担心|生怕|就怕|我怕|害怕|梦见|梦到|做梦|做了个梦/;

/** Heard from people not named, or from the television. */
const HEARSAY = /听说|听人说|听别人说|有人说|别人说|人家说|村里人说|都说|传说|传言|谣传/;
/** Seen on television or a phone: a story, whoever it names (电视上演的那个老汉摔了一跤). */
const MEDIA = /电视(?:上|里)|新闻(?:上|里)|报纸上|手机上看|网上|视频里|抖音/;
/** Said right after the event, it takes it back (住院倒没有, 摔倒是没摔). */
const DENIED_AFTER = /^(?:倒|倒是|是|就|还|可|那倒)?(?:没有|没|不是|不用)(?:$|的事|那回事)/;
/** The message takes the rumour back. */
const DENIED = /好好的|好着(?:呢|哩)|人没事|没(?:啥)?事(?:儿)?了|是假的|不是真的|虚惊一场|没那回事|瞎说|胡说|谣传|传错了|听错了|弄错了/;
/** The speaker doubts what was told and asks whether it is so (我舅说我妈住院了 是真的么). */
const DOUBTED = /是真的(?:吗|么|嘛|不)|真的假的|是不是真的|你们(?:那达|那儿|那里|那边)?(?:知道|晓得)不|你们(?:知道|晓得)(?:吗|么|嘛)/;
/** Whether the message asks if something told by others is true: no news, and no rule answers it. */
export const asksIfTrue = (message: string): boolean => DOUBTED.test(message);
/** Someone else's idea: a match proposed, a move urged. */
const SUGGESTED = /撺掇|劝我|给我介绍|介绍了(?:个|一个)|说合|说媒|催我/;
/** The speaker turns the plan down or has not decided. */
const DECLINED = /不想(?:找|嫁|结|再|成家)|不找|不嫁|不打算|没打算|没想好|不愿意|没那个心思|不考虑|不答应/;

/** Why a clause's event is not news, if it is not; `message` is the whole (normalized) message. */
export function hedgeOf(clause: string, message: string, opts: { planLike: boolean; kinNamed: boolean; rest?: string }): Hedge | null {
  if (HYPOTHETICAL_CLAUSE.test(clause)) return 'hypothetical';
  if (MEDIA.test(clause)) return 'hearsay';
  if (opts.rest !== undefined && DENIED_AFTER.test(opts.rest)) return 'denied';
  // A rumour counts only when the family is named and the message does not take it back.
  if (HEARSAY.test(clause) && (!opts.kinNamed || DENIED.test(message))) return 'hearsay';
  if (/说/.test(clause) && DOUBTED.test(message)) return 'hearsay';
  if (opts.planLike && SUGGESTED.test(clause)) return 'suggested';
  if (opts.planLike && DECLINED.test(message)) return 'declined';
  return null;
}
