import type { BindRequest } from '../people/binding.ts';
import { normalize } from './normalize.ts';

const RELATIONS = ['儿媳妇', '儿媳', '女婿', '儿子', '女儿', '孙子', '孙女', '外孙', '外孙女', '侄子', '侄女', '外甥', '老伴', '爱人', '妻子', '丈夫', '亲属', '家属', '家人', '保姆', '护工'];
const REL_RE = new RegExp(`(?:的)?(${RELATIONS.join('|')})`);

/** Reads a binding attempt out of a message, or null when it is not one. */
export function parseBindRequest(input: string): BindRequest | null {
  const s = normalize(input);
  const code = /^(?:绑定|绑定码|验证码|码|我的绑定码是|绑定码是)?[:：]?(\d{6})$/.exec(s);
  if (code) return { method: 'code', code: code[1]! };
  const runs = s.match(/\d+/g) ?? [];
  if (runs.length !== 1 || runs[0]!.length !== 4) return null;
  const last4 = runs[0]!;
  // Either said as a binding ("我是…", "后四位…") or just a name followed by the digits.
  if (!/绑定|我是|我叫|后四位|后4位|尾号|末四位|电话|手机/.test(s) && !/^[\u4e00-\u9fa5·]{2,5}[,，]?\d{4}$/.test(s)) return null;
  let rest = s.replace(last4, '');
  const rel = REL_RE.exec(rest);
  const relation = rel ? rel[1]! : null;
  if (rel) rest = rest.replace(rel[0], '');
  rest = rest
    .replace(/我要绑定|我想绑定|申请绑定|绑定|我是|我叫|名字是|名字叫|姓名|电话号码|手机号码|电话|手机|号码|尾号|后四位|后4位|末四位|最后四位|是|为|他的|她的|他|她|的|老人家?|老干部/g, '')
    .replace(/[，,。.:：;；!！?？、]/g, '');
  if (!/^[\u4e00-\u9fa5·]{2,5}$/.test(rest)) return null;
  return { method: 'name_phone', name: rest, last4, relation };
}
