import { SoundMatcher } from '../kernel/sound-alike.ts';
import { isDictionaryWord } from '../knowledge/segmenter.ts';
import { userDictionaryWords } from '../knowledge/domain-dictionary.ts';

/**
 * Voice input writes a word the way it sounds: 离修 for 离休, 体简 for 体检, 低报 for 低保, 法律援注 for
 * 法律援助. A stretch of the message that sounds like a domain word (any reading of its characters),
 * shares at least one character with it, and is not itself a word the dictionary knows (祝愿 stays
 * 祝愿, 山羊 stays 山羊) is read as that domain word. The words come from how the regulations and
 * the agent name things, not from any list of slips.
 */
const AGENT_TERMS = [
  '住院', '出院', '报销', '医药费', '医疗费', '护理费', '丧葬费', '丧葬补助', '抚恤金', '离休', '退休', '离休干部', '退休干部', '老干部',
  '体检', '低保', '白内障', '青光眼', '法律援助', '律师', '解忧室', '解忧', '赡养', '赡养费', '遗嘱', '继承', '起诉', '慰问金', '补助',
  '补贴', '帮扶', '救助', '医保', '养老金', '退休金', '离休费', '门诊', '慢性病', '绿色通道', '高血压', '糖尿病', '脑梗', '心梗',
  '冠心病', '骨折', '手术', '病故', '再婚', '宅基地', '过户', '房产证', '孤单', '寂寞', '摔倒', '骨质疏松', '肺心病', '住院费',
  '特殊困难', '医疗保险', '公费医疗', '交通费', '取暖费', '遗属', '老年大学', '活动中心', '阅文会', '过世', '去世', '逝世',
];

// A stretch with one of these is ordinary speech, never a slip for a domain word (我不贴 is not 补贴).
const FUNCTION_CHARS = '不没的了是在我你他她它们这那也都就还又很把被给和跟吗呢吧啊';

let matcher: SoundMatcher | undefined;

function agentMatcher(): SoundMatcher {
  // The knowledge base's two-character words include everyday ones (计算, 支付): only its longer terms.
  matcher ??= new SoundMatcher([...AGENT_TERMS, ...userDictionaryWords().filter((w) => w.length >= 3)], {
    maxLength: 6,
    onClash: 'heavier',
    polyphonic: true,
    minShared: 1,
    keep: FUNCTION_CHARS,
    isWord: isDictionaryWord,
    boundaries: 'word-start',
  });
  return matcher;
}

/** The message with sound-alike slips for domain words repaired; everything else untouched. */
export function repairSoundAlikes(text: string): string {
  if (!/\p{Script=Han}{2}/u.test(text)) return text;
  return agentMatcher().repair(text).text;
}
