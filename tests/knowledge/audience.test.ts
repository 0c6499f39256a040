import { describe, expect, it } from 'vitest';
import { documentAudiences, otherAudience, questionAudience } from '../../src/knowledge/audience.ts';

describe('whom a rule is for', () => {
  const organ = '民政部 人力资源社会保障部 财政部关于国家机关工作人员及离退休人员死亡一次性抚恤发放有关问题的通知';
  const institution = '人力资源社会保障部 民政部 财政部关于事业单位工作人员和离退休人员死亡一次性抚恤金发放办法的通知';

  it('reads a document audience from its title, none for a rule for everyone', () => {
    expect(documentAudiences(organ)).toEqual(['organ']);
    expect(documentAudiences(institution)).toEqual(['institution']);
    expect(documentAudiences('中华人民共和国社会保险法')).toEqual([]);
  });

  it('hears where someone worked, and steers away from the other rule only when the question says so', () => {
    expect(questionAudience('我爸退休前在县财政局，抚恤金咋算')).toBe('organ');
    expect(questionAudience('我妈在学校教了一辈子书')).toBe('institution');
    expect(questionAudience('抚恤金是怎么计算的')).toBeNull();
    expect(otherAudience('organ', institution)).toBe(true);
    expect(otherAudience('organ', organ)).toBe(false);
    expect(otherAudience(null, institution)).toBe(false);
    expect(otherAudience('organ', '中华人民共和国社会保险法')).toBe(false);
  });
});
