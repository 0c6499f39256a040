/**
 * Puts a message in one canonical form before anything tries to understand it: half-width digits and
 * letters, no spaces or decoration, traditional characters folded to simplified for the words we
 * care about, and the homophone slips voice input makes in this domain repaired.
 */

import { repairSoundAlikes } from './sound-alike.ts';

// Traditional → simplified for characters that occur in the words the agent looks for.
const TRAD: Record<string, string> = {
  醫: '医', 員: '员', 院: '院', 藥: '药', 報: '报', 銷: '销', 離: '离', 謝: '谢', 遺: '遗', 囑: '嘱', 繼: '继', 單: '单',
  難: '难', 過: '过', 們: '们', 這: '这', 麼: '么', 為: '为', 說: '说', 話: '话', 騙: '骗', 錢: '钱',
  傷: '伤', 險: '险', 護: '护', 費: '费', 喪: '丧', 葬: '葬', 撫: '抚', 卹: '恤', 贍: '赡', 養: '养',
  幫: '帮', 會: '会', 電: '电', 聯: '联', 繫: '系', 婦: '妇', 憂: '忧', 聊: '聊', 憶: '忆', 嗎: '吗',
  閒: '闲', 體: '体', 檢: '检', 請: '请', 問: '问', 題: '题', 夠: '够', 還: '还', 裡: '里', 氣: '气',
  開: '开', 關: '关', 門: '门', 來: '来', 個: '个', 時: '时', 間: '间', 動: '动', 顧: '顾', 婚: '婚',
};

// Voice-input slips seen with elderly speakers: wrong homophones for domain words. Applied as plain
// substring repairs, longest first, only where the wrong form is not itself a common word.
const HOMOPHONES: [string, string][] = [
  ['住员', '住院'], ['注院', '住院'], ['驻院', '住院'], ['柱院', '住院'],
  ['报消', '报销'], ['报宵', '报销'], ['抱销', '报销'],
  ['扶恤金', '抚恤金'], ['福恤金', '抚恤金'], ['抚续金', '抚恤金'], ['扶续金', '抚恤金'], ['抚须金', '抚恤金'],
  ['丧藏费', '丧葬费'], ['桑葬费', '丧葬费'], ['丧脏费', '丧葬费'],
  ['解优', '解忧'], ['结忧', '解忧'], ['解有室', '解忧室'], ['解幽', '解忧'], ['姐忧', '解忧'],
  ['善养费', '赡养费'], ['扇养', '赡养'], ['擅养', '赡养'], ['膳养', '赡养'],
  ['遗主', '遗嘱'], ['一嘱', '遗嘱'], ['遗烛', '遗嘱'],
  ['记承', '继承'], ['既承', '继承'], ['继成', '继承'],
  ['孤丹', '孤单'], ['姑单', '孤单'], ['孤独独', '孤独'],
  ['起素', '起诉'], ['气诉', '起诉'],
  ['提检', '体检'], ['题检', '体检'],
  ['一药费', '医药费'], ['衣药费', '医药费'],
  ['护里费', '护理费'], ['户理费', '护理费'],
  ['率倒', '摔倒'], ['甩倒', '摔倒'], ['摔到了', '摔倒了'], ['跌到了', '跌倒了'], ['绊到了', '绊倒了'],
  ['律屎', '律师'], ['绿师', '律师'],
  ['老干不', '老干部'], ['老干布', '老干部'],
  ['人公', '人工'],
  ['再昏', '再婚'],
];

// Guanzhong and other northern pronouns: 额/俺 for 我 (not 额头, 金额, 名额, 额外 …).
const PRONOUN = /(?<![金名份限差余超定总数面])额(?![头度外定])|俺/g;

const SKIP = /[\s\u3000\u00a0\u200b-\u200d\ufeff~～…·•*_#>`"'“”‘’「」『』【】\[\]（）()]/g;

// One turn reads the same words several times (intent, danger, frame, small talk): remember a few.
const memo = new Map<string, string>();

export function normalize(input: string): string {
  const hit = memo.get(input);
  if (hit !== undefined) return hit;
  const out = normalizeOnce(input);
  if (memo.size >= 2000) memo.clear();
  memo.set(input, out);
  return out;
}

function normalizeOnce(input: string): string {
  let s = input.normalize('NFKC'); // full-width digits, letters and punctuation → half-width
  let out = '';
  for (const ch of s) out += TRAD[ch] ?? ch;
  s = out.toLowerCase().replace(SKIP, '');
  // Repeated punctuation and stretched sounds ("啊啊啊", "！！！") carry no meaning for intent.
  s = s.replace(/([!?！？。，,.])\1+/g, '$1').replace(/(\D)\1{3,}/g, '$1$1');
  for (const [wrong, right] of HOMOPHONES) if (s.includes(wrong)) s = s.split(wrong).join(right);
  // Guanzhong 咧 is the particle 了 (吃咧么, 殁咧, 住院咧); 咧嘴 and 咧开 are the verb.
  return repairSoundAlikes(s).replace(PRONOUN, '我').replace(/咧(?![嘴开])/g, '了');
}

/** True when the text is only digits (a menu choice such as "2" or "２"). */
export function menuChoice(input: string): number | null {
  const m = /^(?:选|选择|第)?([0-9一二三四五六七八九])(?:个|号|项)?[.。、!！]?$/.exec(normalize(input));
  if (!m) return null;
  const d = m[1]!;
  const cn = '一二三四五六七八九'.indexOf(d);
  return cn >= 0 ? cn + 1 : Number(d);
}

/** The clauses of a message, each normalized: a voice transcript parts them with spaces, which normalize drops. */
export function spokenClauses(input: string): string[] {
  return input.split(/[\s，。,！!；;]+/u).filter(Boolean).map((c) => normalize(c));
}
