/**
 * What a document is, from its title, so an answer says it right: a law, regulation or notice sets
 * rules ("根据《…》第十条的规定"); a local report, survey or summary describes what a bureau does
 * ("《…调研报告》里介绍的做法"): it is never quoted as a rule.
 */
export type DocumentKind = 'rule' | 'report';

const REPORT = /报告|调研|情况介绍|介绍|总结|汇报|经验|做法|纪实|简报/u;

export function documentKind(title: string): DocumentKind {
  return REPORT.test(title) ? 'report' : 'rule';
}
