import { normalize } from './normalize.ts';

/**
 * Thanks, greetings, goodbyes, "I'll wait", "can you hear me", "are you a person", a word about the
 * weather or the mooncakes: the small talk of old people on the phone. None of it is a request, and
 * none of it deserves "没听明白". Read over normalized text (额/俺 are already 我); a message is small
 * talk when such words carry it and what is left is a few words of chatter, not a need.
 */
export type Smalltalk = 'thanks' | 'greeting' | 'meal' | 'bye' | 'wait' | 'ack' | 'hearing' | 'identity' | 'chat' | 'good_news' | 'joke' | 'binding';

const KINDS: [Smalltalk, RegExp][] = [
  ['identity', /你是(?:个)?(?:谁|哪个|哪位|个啥|啥|什么|干啥的|机器|机器人|电脑|真人|人不是|人吗|人么)|是人不是|是不是(?:真)?人|是机器人|你是人|你叫(?:啥|什么)(?:名字)?|你(?:几|多大)岁|你多大(?:了)?|(?:给我|帮我|替我)(?:装|安|下载|下|弄|注册)(?:的|了)(?:这个|个)?(?:东西|软件|程序)?|(?:说)?有(?:啥)?事(?:就|都)?(?:在这(?:儿|里|达)?|跟你|给你|找你|问你)(?:说|讲|问)?|是这(?:个|儿)?(?:不|吗|么)|是你(?:不|吗|么)/g],
  ['hearing', /喂+|没听清|听不清|耳朵背|耳背|(?:再)?说一遍|没看清|看不清|能听(?:着|到|见|得见)(?:不|吗|么|没)?|听(?:得)?见(?:了)?(?:没|吗|不)|听到(?:了)?(?:没|吗)|有人(?:吗|没|不)|在(?:吗|不|不在|没)/g],
  ['bye', /再见|拜拜|(?:明天|明儿|改天|回头)再(?:来)?(?:问|找|说|聊|谝)|回头(?:再)?(?:说|聊|谝)|改天(?:再)?(?:说|聊|谝)|明(?:天|儿)(?:再)?(?:说|聊|谝)|先这样|(?:我)?(?:要|去)?睡(?:觉)?(?:了|呀|去了|啦)|晚安|挂了|不打扰(?:你们)?了|下回(?:再)?(?:说|聊)/g],
  ['thanks', /谢谢|多谢|感谢|谢了|(?:人|心)(?:真|很|挺|太|可)好|好人|热心|周到|麻烦(?:你们|你|您)?(?:了|啦)|费心|辛苦(?:了|啦|你们|您)?|难为(?:你们|你)|劳烦|操心了|有心了|惦记(?:着)?(?:我)?/g],
  ['meal', /吃(?:了|过|罢|饭了)(?:饭)?(?:没|吗|么|没有)?|喝(?:汤|茶)?了(?:没|吗)|吃的啥|喝了(?:一)?(?:碗|杯)/g],
  ['greeting', /你好|您好|早上好|上午好|中午好|下午好|晚上好|早安|早啊|哈喽|哈罗|hello|hi|问(?:个|声)?好|新年好|过年好|拜(?:个)?(?:早)?年|节日快乐|[\u4e00-\u9fa5]{2}(?:节)?快乐|你们好|大家好|好久不见|最近(?:好|忙)(?:吗|吧|不)?|身体好(?:吗|吧)|(?:冷|热|忙|累)不(?:冷|热|忙|累)|(?:在)?忙(?:啥|什么)(?:呢)?|睡了(?:没|吗)|祝(?:你们|您|大家)?[^，。]{0,6}(?:顺利|健康|快乐|愉快|平安|如意)|(?:你们|大家)?(?:也)?(?:要)?(?:注意|保重)(?:身体)?|多保重|想(?:死)?(?:你|您)(?:们)?(?:了)?/g],
  ['wait', /(?:我|我们)?(?:就|再|先)?等(?:着|等|一等|你们|你|消息|电话|通知)+(?:的)?(?:电话|消息|通知)?|不急|不着急|慢慢来|你们忙(?:你们的|吧)?/g],
  ['good_news', /金婚|银婚|结婚[^，。]{0,4}(?:周年|整?[\d一二三四五六七八九十]+年)|美得很|喜得很|高兴(?:得很|坏了|着呢)?|开心(?:得很)?|喜事|(?:叫|让)我(?:给|跟)你们(?:说|讲)一声|(?:给|跟)你们(?:说|讲|报)(?:一声|个喜)|好着(?:呢|哩)|挺好(?:的)?|都好|还行|不错|收到(?:了|咧|啦)|香得很|好吃/g],
  ['binding', /绑(?:上|好|定|住)(?:了)?(?:么|吗|没|不|没有)|绑(?:上|好)了/g],
  ['joke', /(?:说|讲)(?:个|一个)?笑话|开(?:个)?玩笑|逗你(?:玩)?|你信不(?:信)?|你猜(?:猜)?|哈哈+|嘿嘿+|呵呵+/g],
  ['chat', /天气|天(?:好|晴|冷|热|暖和)|就是(?:问问|看看|说说|试试)|随便(?:问问|说说|看看)|好使|好用|管用|太阳|下雨|下雪|刮风|(?:热|冷|凉快|暖和)(?:得很|死了|了)|(?:热|冷)得(?:人)?(?:睡不着|受不了|要命|不行|够呛|很)|转了(?:一)?圈|出去(?:转|走|溜达)|遛弯|散步|晒太阳|看电视|打牌|下棋|上课|锻炼|跳舞|唱歌|热闹|赶集|干活|下地|月饼|粽子|饺子|糊汤|面条|馍|好人|好同志|真好|热心|周到|放心/g],
  ['ack', /好的|好嘞|好咧|好吧|好啊|好+|那行|行吧|行|中|成|嗯+|哦+|噢+|知道了|晓得了|明白了|懂了|记住了|没问题|可以|对|是的|不要紧|没(?:啥|什么)?事(?:儿)?/g],
];

const FILLER = /[啊呀哈呢了你您们的吧哦噢嘛喽咯啦咧哩么那就也都还这个我和跟给代向!！。.,，?？~、:：;；\d]/g;
const NEED = /怎么|咋|如何|能不能|可不可以|帮我|帮忙|请你|需要|想要|我要|要求|申请|报销|补助|补贴|费|多少钱|病了|生病|住院|医院|摔|跌|去世|走了|没了|律师|告|骗|打我|难受|孤单|心里/;

export interface SmalltalkReading {
  kind: Smalltalk;
  kinds: Smalltalk[];
  /** The normalized words, for a reply that fits them (晚安 vs 改天再聊). */
  said: string;
}

/** Small talk and nothing else, or null. */
export function readSmalltalk(input: string): SmalltalkReading | null {
  const s = normalize(input);
  if (!s || s.length > 40) return null;
  const kinds: Smalltalk[] = [];
  let rest = s;
  for (const [kind, re] of KINDS) {
    re.lastIndex = 0;
    if (re.test(rest)) {
      kinds.push(kind);
      re.lastIndex = 0;
      rest = rest.replace(re, '');
    }
  }
  if (!kinds.length) return null;
  const left = rest.replace(FILLER, '');
  // Thanks carry a whole message of praise or memories ("谢谢你们 她活着的时候老念叨你们"); other small
  // talk leaves at most a few words of its own, and never a need.
  const thanks = kinds.includes('thanks') || kinds.includes('good_news');
  // With thanks, "还帮额扫院子" is what was done, not what is asked.
  // "你是真人还是机器 咋说话这么客气": the 咋 asks about the bot, not for help.
  const needed = kinds.includes('identity') ? left.replace(/(?:怎么|咋)(?=[^，。]{0,3}(?:这么|那么|恁|说话|回话|客气|礼貌|快))/g, '') : left;
  if (NEED.test(needed) && !(thanks && !/怎么|咋|如何|能不能|(?<![还都也常又])帮我|需要|申请|告|骗/.test(left))) return null;
  // A joke is a story, and asking what the bot is comes with why one asks (咋听你说话这么客气).
  const carries = thanks || kinds.includes('joke') || kinds.includes('identity');
  if (!carries && left.length > 8) return null;
  // "好", "行 额知道了" are small talk; "那个红的蓝的都行" is an answer to something, not a pleasantry.
  if (kinds.length === 1 && kinds[0] === 'ack' && left.length > 0) return null;
  const order: Smalltalk[] = ['binding', 'identity', 'hearing', 'thanks', 'bye', 'wait', 'good_news', 'joke', 'meal', 'greeting', 'chat', 'ack'];
  const kind = order.find((k) => kinds.includes(k))!;
  return { kind, kinds, said: s };
}

export function smalltalkReply(r: SmalltalkReading, opts: { bound: boolean; office: { name: string; phone: string } }): string {
  switch (r.kind) {
    case 'identity':
      return `我是${opts.office.name}的金秋小助手，是个电脑程序，不是真人。您有事跟我说，我帮您登记、转给工作人员；想直接找工作人员，说“转人工”就行。`;
    case 'hearing':
      return /听不清|没听清|耳朵背|耳背|说一遍|看不清|没看清/.test(r.said) ? '没关系，您慢慢说。字看不清的话，可以让家里人帮着念；想直接跟工作人员说，说“转人工”就行。' : '能看到您的话，您请说。';
    case 'thanks':
      return r.kinds.includes('bye') ? '不客气，这是我们应该做的。您早点休息，有事随时找我。' : '不客气，这是我们应该做的。有事随时找我。';
    case 'bye':
      return /睡|晚安/.test(r.said) ? '好的，您早点休息，保重身体。有事随时找我。' : '好的，您慢走，保重身体。有事随时找我。';
    case 'wait':
      return `好的，工作人员会尽快联系您。着急的话，请打${opts.office.name}电话：${opts.office.phone}。`;
    case 'good_news':
      if (/金婚|银婚|结婚[^，。]{0,4}(?:周年|年)/.test(r.said)) return '恭喜二老！几十年相濡以沫，真让人羡慕。祝您二老健康长寿、幸福美满，有事随时找我。';
      return '听着真替您高兴！您多保重身体，有事随时找我。';
    case 'binding':
      return opts.bound ? '已经绑好了。以后老人家有什么事，直接在这儿跟我说就行；回复“菜单”看看我能做什么。' : '还没有绑定。请发送老干部姓名和台账里电话的后四位，家属请加上关系，比如：张三的女儿 6789。';
    case 'joke':
      return r.kinds.includes('bye') ? '哈哈，您真会说笑！您忙去吧，保重身体，有事随时找我。' : '哈哈，您真会说笑！跟您聊天真开心。有事随时找我。';
    case 'meal':
      return '谢谢您惦记！您也按时吃饭，吃好喝好，有事随时找我。';
    case 'greeting':
      return opts.bound ? '您好！今天身体还好吧？有什么事尽管说。' : '您好！我是金秋小助手。想看我能做什么，回复“菜单”。';
    case 'chat':
      return '跟您聊聊真好。您多保重身体，有事随时找我。';
    default:
      return '好的。有事随时找我。';
  }
}
