import { describe, expect, it } from 'vitest';
import { definitionContext, enumeratedDefinitions } from '../../src/knowledge/definitions.ts';

describe("a document's own enumerated categories", () => {
  const text = '第一条 本规定所称高级专家，系指：正副教授、正副研究员、高级工程师、高级农艺师。\n第二条 本法所称老年人是指六十周岁以上的公民。';

  it('keeps enumerations, not definitions by description', () => {
    const defs = enumeratedDefinitions(text);
    expect([...defs.keys()]).toEqual(['高级专家']);
  });

  it('adds the members to a passage that names the category, once', () => {
    const defs = enumeratedDefinitions(text);
    expect(definitionContext('高级专家离休退休后，可以接受聘请。', defs)).toContain('高级农艺师');
    expect(definitionContext('老年人的合法权益受法律保护。', defs)).toBe('');
    expect(definitionContext(text, defs)).toBe('');
  });
});
