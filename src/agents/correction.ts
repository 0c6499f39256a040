import { normalize, spokenClauses } from './normalize.ts';
import { kinMentions, subjectOf, type Speaker, type Subject } from './kinship.ts';
import { readLifeFrames } from './life-frame.ts';

/**
 * "哎呀说错了 是额自己摔的", "说岔了 是我大 我妈好着哩": the speaker takes back who the news just told
 * was about. Read after the words that correct: the event told again names the person, or a kin word
 * after 是 does. Nothing else in the message is read as new news.
 */
const CORRECTION = /说错了|说岔了|说差了|说反了|搞错了|弄错了|弄岔了|记错了|不对不对|打错(?:字)?了/u;

export interface Correction {
  subject: Subject;
  who?: string;
}

export const correcting = (text: string): boolean => CORRECTION.test(normalize(text));

export function correctedSubject(text: string, speaker: Speaker, today: string): Correction | null {
  const s = normalize(text);
  const at = s.search(CORRECTION);
  if (at < 0) return null;
  const rest = s.slice(at).replace(CORRECTION, '');
  const f = readLifeFrames(rest, speaker, today).frame;
  if (f && !f.outsider) return { subject: f.subject, ...(f.who ? { who: f.who } : {}) };
  // "是我大", "是额自己": the person named right after 是, in its own clause.
  const clause = spokenClauses(text).find((c) => /^(?:不是[^是]{0,6})?是/u.test(c));
  if (!clause) return null;
  const named = clause.replace(/^(?:不是[^是]{0,6})?是/u, '').slice(0, 8);
  // 我 before a kin word is only whose (我大); alone with 自己 it is the speaker.
  const kins = kinMentions(named);
  const k = kins.find((x) => x.ref !== 'self') ?? (/^(?:我|俺|额)?自己/u.test(named) ? kins[0] : undefined);
  if (!k || k.ref === 'named') return null;
  return { subject: subjectOf(k.ref, speaker), ...(k.ref === 'self' ? {} : { who: k.word }) };
}
