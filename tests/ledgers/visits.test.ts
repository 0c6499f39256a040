import { describe, expect, it } from 'vitest';
import { parseVisitDate, parseVisitFindings } from '../../src/ledgers/visits.ts';

describe('parseVisitFindings', () => {
  it('reads the command form', () => {
    expect(parseVisitFindings('精神好 健康一般 子女照顾好 住房安全 用餐正常 备注 想参加书法班，下月再去')).toEqual({
      spirit: '好',
      health: '一般',
      childrenCare: '好',
      housing: '安全',
      meals: '正常',
      notes: '想参加书法班，下月再去',
    });
  });

  it('reads plain words and the full item names', () => {
    expect(parseVisitFindings('今天去看了，精神不错，身体还行，孩子很孝顺，住的房子有点漏雨，吃饭正常')).toMatchObject({
      spirit: '不错',
      health: '还行',
      childrenCare: '很孝顺',
      meals: '正常',
    });
    expect(parseVisitFindings('精神面貌：良好；健康状态：高血压控制平稳；子女照顾态度：积极；住宿情况：安全；用餐情况：规律')).toEqual({
      spirit: '良好',
      health: '高血压控制平稳',
      childrenCare: '积极',
      housing: '安全',
      meals: '规律',
    });
  });

  it('finds nothing in unrelated text', () => {
    expect(parseVisitFindings('明天开会')).toEqual({});
  });
});

describe('parseVisitDate', () => {
  it('understands 今天, 昨天, 前天 and dates', () => {
    expect(parseVisitDate('走访', '2026-12-01')).toBe('2026-12-01');
    expect(parseVisitDate('昨天走访', '2026-12-01')).toBe('2026-11-30');
    expect(parseVisitDate('前天', '2026-12-01')).toBe('2026-11-29');
    expect(parseVisitDate('11月28日走访', '2026-12-01')).toBe('2026-11-28');
    // A date still ahead this year means last year.
    expect(parseVisitDate('12月25日', '2026-12-01')).toBe('2025-12-25');
  });
});
