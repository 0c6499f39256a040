import { describe, expect, it } from 'vitest';
import { CASE_CATALOG, CASE_KINDS, CASE_SUBKINDS, caseKindText, prefixFor, SYSTEM_SUBKINDS, slotsFor } from '../../src/cases/catalog.ts';
import { openCase } from '../../src/agents/llm-tools.ts';
import { DANGER_LABEL } from '../../src/agents/danger.ts';
import { LIFE_EVENT, LEGAL, JIEYOU } from '../../src/agents/intent-rules.ts';

describe('case catalog', () => {
  it('gives every kind its own prefix, a label and follow-up questions', () => {
    const prefixes = CASE_KINDS.map((k) => prefixFor(k));
    expect(new Set(prefixes).size).toBe(CASE_KINDS.length);
    for (const k of CASE_KINDS) {
      expect(CASE_CATALOG[k].label).toMatch(/[\u4e00-\u9fa5]/);
      expect(slotsFor(k).length).toBeGreaterThan(0);
    }
    expect(caseKindText('life_event', '住院')).toBe('五必到·住院');
    expect(caseKindText('legal', '法律咨询')).toBe('法律咨询');
  });

  it('knows every subkind the conversation and the danger check can give a case', () => {
    const given = [...LIFE_EVENT, ...LEGAL, ...JIEYOU].flatMap((r) => (r.sub ? [r.sub] : [])).concat(Object.values(DANGER_LABEL));
    for (const s of given) expect(CASE_SUBKINDS).toContain(s);
  });

  it('lets a model open what an elder may ask for, and nothing the scheduler or the danger check opens', () => {
    const schema = openCase.schema;
    expect(schema.safeParse({ kind: 'life_event', subkind: '住院', summary: '住院了' }).success).toBe(true);
    expect(schema.safeParse({ kind: 'legal', subkind: '赡养', summary: '儿子不给钱' }).success).toBe(true);
    expect(schema.safeParse({ kind: 'help', summary: '要补助' }).success).toBe(false);
    for (const s of SYSTEM_SUBKINDS) expect(schema.safeParse({ kind: 'life_event', subkind: s, summary: 'x' }).success).toBe(false);
  });

  it('asks where for a hospital stay, and when and where for a death, then the funeral', () => {
    expect(slotsFor('life_event', '住院').map((s) => s.name)).toEqual(['hospital', 'ward', 'time']);
    expect(slotsFor('life_event', '病故').map((s) => s.name)).toEqual(['when_where', 'funeral']);
    expect(slotsFor('life_event', '丧偶').map((s) => s.name)).toEqual(['when_where', 'funeral']);
  });
});
