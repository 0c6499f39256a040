/**
 * Who a kin word names, relative to the elder the speaker is bound to. People say "我妈", "俺婆",
 * "屋里的", "老汉", "她": the same word is the elder, the elder's spouse or someone else depending on
 * who says it (the elder, a son, a grandson through a daughter, the elder's own 老伴) and on the
 * elder's gender (a son of a man says 我爸 for the elder and 我妈 for the elder's wife).
 */
export type Subject = 'elder' | 'spouse' | 'other';

/** A kin word's meaning relative to the speaker. */
export type KinRef =
  | 'self'
  | 'spouse'
  | 'father'
  | 'mother'
  | 'grandfather_p'
  | 'grandmother_p'
  | 'grandfather_m'
  | 'grandmother_m'
  /** Father's side (姑, 伯, 叔) and mother's side (姨, 舅), and the spouses married in (婶, 姑父, 舅妈, 姨夫). */
  | 'aunt_p'
  | 'aunt_m'
  | 'uncle_p'
  | 'uncle_m'
  | 'aunt_by_marriage_p'
  | 'aunt_by_marriage_m'
  | 'uncle_by_marriage_p'
  | 'uncle_by_marriage_m'
  | 'he'
  | 'she'
  | 'old_man'
  | 'child'
  | 'relative'
  /** Someone named by surname or place (老李, 王姨, 隔壁): not of the family. */
  | 'named';

/** How a bound family member is related to the elder, in one canonical word. */
export type SpeakerRole = 'elder' | 'spouse' | 'child' | 'child_in_law' | 'grandchild_p' | 'grandchild_m' | 'niece_nephew_p' | 'niece_nephew_m' | 'relative';

export interface Speaker {
  role: SpeakerRole;
  elderGender: '男' | '女' | null;
  elderName?: string | undefined;
}

/** Longest first, so 老伴 is not read as 老 and 外婆 not as 婆. */
const KIN_WORDS: [string, KinRef][] = [
  ['孩子他爸', 'spouse'], ['孩子他爹', 'spouse'], ['孩子他妈', 'spouse'], ['孩子他娘', 'spouse'], ['娃他爸', 'spouse'], ['娃他爹', 'spouse'], ['娃他妈', 'spouse'], ['娃他娘', 'spouse'],
  ['屋里头的', 'spouse'], ['我家那口子', 'spouse'], ['老太婆', 'spouse'], ['老婆子', 'spouse'], ['老头子', 'spouse'], ['屋里的', 'spouse'], ['屋里人', 'spouse'], ['掌柜的', 'spouse'], ['那口子', 'spouse'],
  // The parents-in-law of one's children (亲家母, 亲家): family by marriage, never the elder or the spouse.
  ['亲家母', 'relative'], ['亲家公', 'relative'], ['亲家', 'relative'],
  ['儿媳妇', 'relative'], ['孙媳妇', 'relative'], ['儿媳', 'relative'], ['女婿', 'relative'], ['外孙女', 'relative'], ['外孙', 'relative'],
  ['老伴儿', 'spouse'], ['老伴', 'spouse'], ['爱人', 'spouse'], ['妻子', 'spouse'], ['丈夫', 'spouse'], ['老公', 'spouse'], ['老婆', 'spouse'], ['媳妇儿', 'spouse'], ['媳妇', 'spouse'], ['婆娘', 'spouse'], ['老头', 'spouse'], ['男人', 'spouse'], ['对象', 'spouse'],
  ['外祖父', 'grandfather_m'], ['外祖母', 'grandmother_m'], ['外公', 'grandfather_m'], ['外爷', 'grandfather_m'], ['姥爷', 'grandfather_m'], ['外婆', 'grandmother_m'], ['姥姥', 'grandmother_m'], ['家婆', 'grandmother_m'],
  ['老爷子', 'father'], ['老父亲', 'father'], ['老爸', 'father'], ['爸爸', 'father'], ['父亲', 'father'], ['公公', 'father'], ['岳父', 'father'], ['老丈人', 'father'], ['丈人', 'father'],
  ['老太太', 'mother'], ['老母亲', 'mother'], ['老妈', 'mother'], ['老娘', 'mother'], ['妈妈', 'mother'], ['母亲', 'mother'], ['婆婆', 'mother'], ['岳母', 'mother'], ['丈母娘', 'mother'],
  ['爷爷', 'grandfather_p'], ['祖父', 'grandfather_p'], ['奶奶', 'grandmother_p'], ['祖母', 'grandmother_p'],
  ['姑姑', 'aunt_p'], ['姑妈', 'aunt_p'], ['姨妈', 'aunt_m'], ['婶婶', 'aunt_by_marriage_p'], ['婶子', 'aunt_by_marriage_p'], ['伯母', 'aunt_by_marriage_p'], ['大妈', 'aunt_by_marriage_p'], ['舅妈', 'aunt_by_marriage_m'], ['妗子', 'aunt_by_marriage_m'],
  ['伯伯', 'uncle_p'], ['大伯', 'uncle_p'], ['叔叔', 'uncle_p'], ['大爷', 'uncle_p'], ['舅舅', 'uncle_m'], ['姑父', 'uncle_by_marriage_p'], ['姑夫', 'uncle_by_marriage_p'], ['姨夫', 'uncle_by_marriage_m'], ['姨父', 'uncle_by_marriage_m'],
  ['儿子', 'child'], ['女儿', 'child'], ['闺女', 'child'], ['女子', 'child'], ['孩子', 'child'], ['孙子', 'relative'], ['孙女', 'relative'], ['重孙', 'relative'],
  ['兄弟', 'relative'], ['姐妹', 'relative'], ['哥哥', 'relative'], ['姐姐', 'relative'], ['弟弟', 'relative'], ['妹妹', 'relative'], ['亲戚', 'relative'], ['邻居', 'relative'], ['朋友', 'relative'], ['同事', 'relative'], ['侄子', 'relative'], ['侄女', 'relative'], ['外甥', 'relative'],
  ['老汉', 'old_man'],
  ['爸', 'father'], ['爹', 'father'], ['妈', 'mother'], ['爷', 'grandfather_p'], ['婆', 'grandmother_p'], ['姑', 'aunt_p'], ['姨', 'aunt_m'], ['婶', 'aunt_by_marriage_p'], ['伯', 'uncle_p'], ['叔', 'uncle_p'], ['舅', 'uncle_m'],
  ['娃', 'child'], ['哥', 'relative'], ['姐', 'relative'], ['弟', 'relative'], ['妹', 'relative'],
  ['他', 'he'], ['她', 'she'],
  ['我', 'self'], ['俺', 'self'], ['咱', 'self'], ['额', 'self'],
];

const KIN_MAP = new Map(KIN_WORDS);
// Contexts where a short word is not a kin word: 娘家 (the mother's family), 姑娘 (a girl), 额头 (the
// forehead), 他们/她们 (a group), 爷们, 大妈们, 婆家, 舅家 (a household, not a person).
// 头, 度, 外, 娘 make words only of a single character (额头, 姑娘): 掌柜的头析了 is the husband on dialysis.
// 贼娃子 is a thief, nobody's child.
const KIN_RE = new RegExp(KIN_WORDS.map(([w]) => (w.length > 1 ? `${w}(?!们|家)` : `(?<!贼)${w}(?!们|家|娘|头|度|外)`)).join('|'), 'g');

// The commonest surnames of Weinan and of China; enough to tell 老李 (a person) from 老了 (grew old, died).
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙段雷钱汤尹黎常武乔贺龚文党屈惠樊姬雒';
const NAMED_OTHER = new RegExp(`(?:老|小)[${SURNAMES}](?![了咧啦师婆汉伴头家人太爷子女儿])|[${SURNAMES}](?:老师|师傅|大夫|医生|大爷|大妈|姨|叔|婶|嫂|哥|姐)|隔壁(?:家|的)?|邻家|邻居家|村里人|人家|别人|有人|有个人|谁家|南头|北头|东头|西头`, 'g');

/** Kin whose own kin are not the elder's household. */
const KIN_OF_KIN: ReadonlySet<KinRef> = new Set(['child', 'relative', 'aunt_p', 'aunt_m', 'uncle_p', 'uncle_m', 'aunt_by_marriage_p', 'aunt_by_marriage_m', 'uncle_by_marriage_p', 'uncle_by_marriage_m']);

export interface KinMention {
  word: string;
  ref: KinRef;
  index: number;
  end: number;
}

/** Every kin word in a text, in order. */
export function kinMentions(text: string): KinMention[] {
  const out: KinMention[] = [];
  KIN_RE.lastIndex = 0;
  for (let m = KIN_RE.exec(text); m; m = KIN_RE.exec(text)) {
    const word = m[0];
    out.push({ word, ref: KIN_MAP.get(word)!, index: m.index, end: m.index + word.length });
  }
  // Guanzhong 我大 / 俺大 is "my father": followed by a time word, an adverb or a verb of what befell
  // him (or his heart, his house: 我大心衰, 我大屋里), never by what makes 大 part of another word (大儿子, 大夫, 大家, 大概, 大姐, 大腿, 大脑 …). 我大前天殁了
  // is "my father died the day before yesterday": nobody reports their own death.
  for (const m of text.matchAll(/(?<=[我俺额])(?:大大|大)(?=[昨今前夜后上下早晚半刚已又也就突得被叫让这那说咧走没殁老住病摔跌在他怕快还心屋身血给跟是，,\s]|$)/g)) {
    out.push({ word: m[0], ref: 'father', index: m.index!, end: m.index! + m[0].length });
  }
  // People named by surname (老李, 王姨, 刘老师) or by place (隔壁, 邻家) are neither the elder nor
  // kin: an event after them happened to someone else.
  for (const m of text.matchAll(NAMED_OTHER)) {
    // 王姨 is one person, not 姨 (an aunt): the longer reading replaces the kin word inside it.
    const at = m.index!;
    for (let i = out.length - 1; i >= 0; i--) if (at < out[i]!.end && out[i]!.index < at + m[0].length) out.splice(i, 1);
    out.push({ word: m[0], ref: 'named', index: at, end: at + m[0].length });
  }
  out.sort((a, b) => a.index - b.index);
  // "邻家老汉", "隔壁她婶子", "老李的儿子": a kin word right after an outsider is the outsider's kin.
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1]!;
    if (prev.ref === 'named' && out[i]!.ref !== 'self' && /^(?:的|家|家的|他|她|他的|她的)?$/.test(text.slice(prev.end, out[i]!.index))) out[i] = { ...out[i]!, ref: 'named' };
    // "我女子的婆婆", "我姑她亲哥": the kin of a child, a relative or an aunt is a relative of theirs,
    // not the elder (a daughter's 婆婆 is her mother-in-law).
    else if (KIN_OF_KIN.has(prev.ref) && !['self', 'he', 'she'].includes(out[i]!.ref) && /^(?:的|他的?|她的?)(?:亲)?$/.test(text.slice(prev.end, out[i]!.index))) out[i] = { ...out[i]!, ref: 'relative' };
  }
  // "我爸" is one mention (father), not self + father: a pronoun right before a kin word only says whose.
  return out.filter((k, i) => !(k.ref === 'self' && out[i + 1] && out[i + 1]!.index === k.end && out[i + 1]!.ref !== 'self'));
}

/** The canonical relation of a family account (as bound) to the elder, from the words people use. */
export function speakerRole(relation: string | null | undefined, isElder: boolean): SpeakerRole {
  if (isElder) return 'elder';
  const r = relation ?? '';
  if (/老伴|爱人|妻子|丈夫|老公|老婆|配偶/.test(r)) return 'spouse';
  if (/儿媳|女婿/.test(r)) return 'child_in_law';
  if (/外孙/.test(r)) return 'grandchild_m';
  if (/孙/.test(r)) return 'grandchild_p';
  if (/侄/.test(r)) return 'niece_nephew_p';
  if (/外甥/.test(r)) return 'niece_nephew_m';
  if (/儿|女|子女|孩子/.test(r)) return 'child';
  return 'relative';
}

type Gender = '男' | '女';
const genderOf: Partial<Record<KinRef, Gender>> = {
  father: '男', mother: '女', grandfather_p: '男', grandmother_p: '女', grandfather_m: '男', grandmother_m: '女', aunt_p: '女', aunt_m: '女', uncle_p: '男', uncle_m: '男', aunt_by_marriage_p: '女', aunt_by_marriage_m: '女', uncle_by_marriage_p: '男', uncle_by_marriage_m: '男', he: '男', she: '女',
};

/**
 * A person of the elder's generation named by their gender: the elder when the gender matches, else
 * the elder's spouse (a son's 我妈 is the elder's wife). With no gender on record, the elder.
 */
function byGender(g: Gender | undefined, speaker: Speaker): Subject {
  if (!g || !speaker.elderGender) return 'elder';
  return g === speaker.elderGender ? 'elder' : 'spouse';
}

/** Whether a kin word's gender is the elder's (true when the ledger does not say). */
function sameGender(g: Gender | undefined, speaker: Speaker): boolean {
  return !g || !speaker.elderGender || g === speaker.elderGender;
}

/** Who a kin word names, relative to the elder. */
export function subjectOf(ref: KinRef, speaker: Speaker): Subject {
  if (ref === 'named') return 'other';
  const g = genderOf[ref];
  switch (speaker.role) {
    case 'elder':
      if (ref === 'self') return 'elder';
      if (ref === 'spouse') return 'spouse';
      // A woman's 老汉 is her husband; a man's 老汉 is himself.
      if (ref === 'old_man') return speaker.elderGender === '女' ? 'spouse' : 'elder';
      // An elder's 他/她 of the other gender is most often the spouse.
      if ((ref === 'he' || ref === 'she') && speaker.elderGender && g !== speaker.elderGender) return 'spouse';
      return 'other';
    case 'spouse':
      if (ref === 'self') return 'spouse';
      if (ref === 'spouse' || ref === 'old_man' || ref === 'he' || ref === 'she') return 'elder';
      return 'other';
    case 'child':
    case 'child_in_law':
      if (ref === 'father' || ref === 'mother' || ref === 'he' || ref === 'she') return byGender(g, speaker);
      if (ref === 'old_man') return byGender('男', speaker);
      return 'other';
    case 'grandchild_p':
      if (ref === 'grandfather_p' || ref === 'grandmother_p' || ref === 'he' || ref === 'she') return byGender(g, speaker);
      return 'other';
    case 'grandchild_m':
      if (ref === 'grandfather_m' || ref === 'grandmother_m' || ref === 'he' || ref === 'she') return byGender(g, speaker);
      return 'other';
    case 'niece_nephew_p':
    case 'niece_nephew_m': {
      // A brother's child calls the elder 伯/叔 or 姑, and the elder's spouse 婶 or 姑父; a sister's child
      // calls the elder 舅 or 姨, and the spouse 舅妈 or 姨夫. A word from the other side of the family
      // names somebody else.
      const side = speaker.role === 'niece_nephew_p' ? '_p' : '_m';
      if (ref === 'he' || ref === 'she') return byGender(g, speaker);
      if (ref === `aunt${side}` || ref === `uncle${side}`) return sameGender(g, speaker) ? 'elder' : 'other';
      if (ref === `aunt_by_marriage${side}` || ref === `uncle_by_marriage${side}`) return sameGender(g, speaker) ? 'other' : 'spouse';
      return 'other';
    }
    default:
      if (ref === 'self' || ref === 'child' || ref === 'relative' || ref === 'spouse') return 'other';
      return byGender(g, speaker);
  }
}
