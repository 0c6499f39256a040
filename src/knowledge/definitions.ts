/**
 * What a document's own categories contain: "本规定所称高级专家，系指：正副教授、正副研究员、高级工程师、
 * 高级农艺师…". An elder says 研究员 or 农艺师, the articles after the definition say only 高级专家; so a
 * passage that names the category is indexed with the members the document lists for it. Only
 * enumerations count (three items or more): a definition by description (老年人是指六十周岁以上的公民)
 * would add its words to every article that names the term.
 */
const DEFINITION = /所称([\p{Script=Han}]{2,10}?)[，,]?\s*(?:系指|是指)[：:]?([^。；]+)/gu;
const MIN_MEMBERS = 3;

/** Defined term → the text listing its members. */
export function enumeratedDefinitions(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(DEFINITION)) {
    const members = m[2]!.split(/[、，,]/u).filter((x) => x.trim());
    if (members.length >= MIN_MEMBERS) out.set(m[1]!, m[2]!.slice(0, 300));
  }
  return out;
}

/** The members of every category a passage names, for its index (not for its quoted text). */
export function definitionContext(passage: string, definitions: Map<string, string>): string {
  const parts: string[] = [];
  for (const [term, members] of definitions) if (passage.includes(term) && !passage.includes(members.slice(0, 20))) parts.push(members);
  return parts.join('\n');
}
