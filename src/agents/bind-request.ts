import { spokenDigits } from '../kernel/cn-numbers.ts';
import { SURNAMES } from '../kernel/surnames.ts';
import { normalize } from './normalize.ts';

/**
 * What a message offers towards a binding, in any order: a six-digit code, the last four digits of the
 * elder's phone (Arabic, full-width or spoken: 六二一二, 幺 = 1, 洞 = 0, 两 = 2), how the speaker is
 * related to the elder (女儿, and as people say it: 闺女, 女子, 她儿, 屋里人 …), a guess at the elder's
 * name, and whether the message says it is about binding at all. The ledger, not this parser, says
 * which name is really there (people/binding.ts elderNamesIn).
 */
export interface BindClues {
  code?: string;
  last4?: string;
  /** Said about the speaker (我是…的女儿): canonical (女儿, 儿子, 老伴 …). */
  relation?: string;
  /** Inferred from how the speaker names the elder (我外爷 → 外孙辈); weaker than a stated relation. */
  impliedRelation?: string;
  /** A name-like word from the message, for when the ledger knows no name in it. */
  nameGuess?: string;
  /** Words that say this is about identity or binding (我是, 绑定, 尾号 …). */
  cue: boolean;
  /** What is left once the name-like words, digits and binding words are taken out. */
  residual: string;
}

// Longest first; each says how the speaker is related to the elder.
const RELATIONS: [RegExp, string][] = [
  [/外孙女/, '外孙女'], [/外孙(?:子|儿)?/, '外孙'], [/孙女/, '孙女'], [/孙子|孙娃/, '孙子'], [/侄女/, '侄女'], [/侄子|侄儿|侄娃/, '侄子'],
  [/外甥女/, '外甥女'], [/外甥/, '外甥'], [/孙媳妇?/, '孙媳'], [/儿媳妇?/, '儿媳'], [/女婿/, '女婿'], [/儿子|(?:他|她|的)儿(?![媳女孙])/, '儿子'],
  [/女儿|闺女|女子|姑娘|女娃/, '女儿'], [/老伴儿?|爱人|老婆子?|老公|丈夫|妻子|屋里人|屋里的(?![女儿娃孩])|老头子?|掌柜的|老汉/, '老伴'], [/媳妇/, '媳妇'],
  [/子女|孩子|(?:的|他|她)娃/, '子女'], [/保姆/, '保姆'], [/护工/, '护工'], [/亲属|家属|家人|亲戚/, '家属'], [/本人|自己/, '本人'],
];

// How the speaker names the elder, and what that makes the speaker.
const IMPLIED: [RegExp, string][] = [
  [/我(?:外爷|外公|姥爷|外婆|姥姥|家婆)/, '外孙辈'], [/我(?:爷爷|奶奶|爷|婆)(?!婆)/, '孙辈'], [/我(?:爸|妈|父亲|母亲|老汉|爹|娘)/, '子女'],
  [/我(?:公公|婆婆)/, '儿媳'], [/我(?:丈人|岳父|老丈人|丈母娘|岳母)/, '女婿'],
  // Guanzhong 我大 is "my father" (not 我大儿子, 我大姐).
  [/我(?:大大|大)(?![儿女姐哥嫂爷娘妈伯夫家概约])/, '子女'],
  [/我(?:姑|姨|舅|叔|伯)/, '侄辈'],
];


const CUE = /绑定|我是|我叫|叫|名字|后四位|后4位|尾号|尾数|末四位|最后四位|后头|电话|手机|号码|身份/;
const STOP = /我要绑定|我想绑定|申请绑定|绑定码?|验证码|我是|我叫|名字是|名字叫|姓名|电话号码|手机号码|号码尾数|电话|手机|号码|尾号|尾数|后四位|后4位|末四位|最后四位|后头是?|是|为|他的|她的|他|她|的|老人家?|老干部|屋里|噢|哦|嗯|那|要|啊|号/g;

export function readBindClues(input: string): BindClues | null {
  // Voice input and careful typists space the digits out (1 3 9 0 9 …): one number, not eleven.
  const s = normalize(spokenDigits(input).replace(/(?<=\d)[\s\-–—]+(?=\d)/g, ''));
  const code = /^(?:绑定|绑定码|验证码|码|我的绑定码是|绑定码是)?[:：]?(\d{6})$/.exec(s) ?? (/绑定|码/.test(s) ? /(?<!\d)(\d{6})(?!\d)/.exec(s) : null);
  if (code) return { code: code[1]!, cue: true, residual: '' };
  const runs = [...s.matchAll(/\d+/g)].filter((r) => r[0].length === 4 || (r[0].length >= 7 && r[0].length <= 12));
  // Two numbers ("我电话… 她电话尾号4419"): the one said as the elder's, else the last one.
  const elders = runs.filter((r) => /(?:他|她|老人|我爸|我妈|尾号|尾数|后四位|后4位|末四位|后头)[^\d]{0,6}$/.test(s.slice(Math.max(0, r.index! - 10), r.index)));
  const pick = runs.length === 1 ? runs[0] : (elders.at(-1) ?? runs.at(-1));
  const last4 = pick ? pick[0].slice(-4) : undefined;
  let relation: string | undefined;
  for (const [re, rel] of RELATIONS) {
    if (re.test(s)) {
      relation = rel;
      break;
    }
  }
  const implied = IMPLIED.find(([re]) => re.test(s))?.[1];
  const cue = CUE.test(s);
  let rest = s.replace(/\d+/g, '');
  for (const [re] of RELATIONS) rest = rest.replace(new RegExp(re.source, 'g'), '');
  rest = rest.replace(STOP, '').replace(/[，,。.:：;；!！?？、]/g, '');
  const nameGuess = /^[\u4e00-\u9fa5·]{2,4}$/.test(rest) && SURNAMES.has(rest[0]!) ? rest : undefined;
  if (!last4 && !relation && !cue && !nameGuess) return null;
  return {
    residual: rest,
    ...(last4 ? { last4 } : {}),
    ...(relation ? { relation } : {}),
    ...(implied ? { impliedRelation: implied } : {}),
    ...(nameGuess ? { nameGuess } : {}),
    cue,
  };
}
