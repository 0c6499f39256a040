/**
 * Whom a rule is for. Parallel rules often say the same thing for different people: the one-time
 * 抚恤金 for 国家机关 staff (民发〔2011〕192号) and for 事业单位 staff (人社部发〔2008〕42号) differ in
 * amount. A question that says where the person worked (在县财政局, 在学校教书) is answered by the rule
 * for that audience; a document's audience is read from its own title, so new documents take part
 * without any list of them.
 */
export type Audience = 'organ' | 'institution' | 'enterprise';

// How a title names its audience.
const TITLE: [Audience, RegExp][] = [
  ['institution', /事业单位/u],
  ['organ', /国家机关|机关工作人员|公务员/u],
  ['enterprise', /企业职工/u],
];

// How people say where someone worked: the kind of employer, not any one name.
const SPOKEN: [Audience, RegExp][] = [
  ['institution', /事业单位|学校|教书|教师|老师|卫生院|农技站|文化馆|研究所|科研所|广播站|林业站|水利站|兽医站/u],
  ['organ', /机关|公务员|参公|财政局|税务局|乡政府|镇政府|县政府|县委|政府上班|局里上班|局上班/u],
  ['enterprise', /企业|工厂|厂里|公司/u],
];

/** The audiences a document's title names (none: it is for everyone). */
export function documentAudiences(title: string): Audience[] {
  return TITLE.filter(([, re]) => re.test(title)).map(([a]) => a);
}

/** The audience the question names, when it names exactly one. */
export function questionAudience(question: string): Audience | null {
  const found = SPOKEN.filter(([, re]) => re.test(question)).map(([a]) => a);
  return found.length === 1 ? found[0]! : null;
}

/**
 * Whether a document's rule is for someone else than the question says: its title names audiences
 * and the question's is not among them.
 */
export function otherAudience(question: Audience | null, title: string): boolean {
  if (!question) return false;
  const doc = documentAudiences(title);
  return doc.length > 0 && !doc.includes(question);
}
