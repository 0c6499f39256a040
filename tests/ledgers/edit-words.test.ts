import { describe, expect, it } from 'vitest';
import { changesFromOptions, dayIn, editWords } from '../../src/ledgers/edit-words.ts';

const today = '2026-12-01';

describe('edits in words', () => {
  it.each([
    ['电话改成13912345678', { phone: '13912345678' }],
    ['手机号换成 139 1234 5678', { phone: '13912345678' }],
    ['紧急联系人电话改为13800001111', { emergency_phone: '13800001111' }],
    ['地址改成城关街道西关社区3号楼2单元', { address: '城关街道西关社区3号楼2单元' }],
    ['已经搬到韦庄镇韦庄村18号了', { address: '韦庄镇韦庄村18号' }],
    ['现在卧床了', { mobility: '卧床' }],
    ['行动不便了', { mobility: '行动不便' }],
    ['能下地了', { mobility: '好' }],
    ['现在一个人住了', { lives_alone: true }],
    ['跟儿子一起住了', { lives_alone: false }],
    ['老伴去世了', { widowed: true }],
    ['再婚了', { widowed: false }],
    ['独居 是', { lives_alone: true }],
    ['丧偶 否', { widowed: false }],
    ['已经去世了，11月28号', { status: '已故', death_date: '2026-11-28' }],
    ['昨天去世了', { status: '已故', death_date: '2026-11-30' }],
    ['已故 2026-10-05', { status: '已故', death_date: '2026-10-05' }],
    ['没有去世，弄错了，改为在世', { status: '在世', death_date: null }],
  ])('%s', (text, changes) => {
    expect(editWords(text, today)?.changes).toEqual(changes);
  });

  it('takes today for a death said without a date, and says so; a date ahead is refused', () => {
    expect(editWords('老人去世了', today)).toEqual({ changes: { status: '已故', death_date: today }, deathDateAssumed: true });
    expect(() => editWords('2027年1月5日去世', today)).toThrow();
  });

  it('asks for nothing when nothing is asked', () => {
    expect(editWords('今天天气不错', today)).toBeNull();
    // A spouse's death is 丧偶, not the elder's own.
    expect(editWords('老伴去世了', today)?.changes.status).toBeUndefined();
  });

  it('reads days: this year, or last year when still ahead', () => {
    expect(dayIn('12月25日', today)).toBe('2025-12-25');
    expect(dayIn('前天', today)).toBe('2026-11-29');
    expect(dayIn('2026年2月30日', today)).toBeNull();
  });

  it('checks command-line options', () => {
    expect(changesFromOptions({ alone: '是', mobility: '卧床' })).toEqual({ lives_alone: true, mobility: '卧床' });
    expect(changesFromOptions({ deathDate: '2026-11-30' })).toEqual({ status: '已故', death_date: '2026-11-30' });
    expect(() => changesFromOptions({ status: '已故' })).toThrow();
    expect(() => changesFromOptions({ alone: '也许' })).toThrow();
    expect(() => changesFromOptions({ mobility: '飞' })).toThrow();
  });
});
