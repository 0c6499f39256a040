import { describe, expect, it } from 'vitest';
import { parseQuestion, looksLikeLedgerQuestion } from '../../../src/ledgers/query/parse.ts';
import { parseChineseNumber } from '../../../src/kernel/cn-numbers.ts';
import { ledgerQuerySchema } from '../../../src/ledgers/query/schema.ts';
import type { Gazetteer } from '../../../src/ledgers/query/gazetteer.ts';

// Another county than the demo ledger: the parser must take its places from the data it is given.
const gazetteer: Gazetteer = {
  towns: ['罕井镇', '孙镇', '椿林镇', '城关街道'],
  villages: [
    { name: '罕井村', town: '罕井镇' },
    { name: '东社区', town: '城关街道' },
    { name: '西头村', town: '孙镇' },
    { name: '椿林村', town: '椿林镇' },
    { name: '椿林东村', town: '椿林镇' },
  ],
  partyBranches: ['离休干部党支部', '罕井镇老干部党支部'],
  formerUnits: ['县教育局', '县人民医院', '县粮食局'],
  formerPosts: ['局长', '副局长', '校长', '医生'],
  healthTerms: ['高血压', '糖尿病', '肺气肿', '前列腺增生'],
  needs: ['需要助餐服务', '想找人聊聊天', '希望定期上门量血压'],
};
const names = new Set(['王秀兰', '李建国']);
const today = '2026-12-01'; // a Tuesday

async function parse(q: string, day = today) {
  return parseQuestion(q, { today: day, gazetteer, lookupNames: async (c) => c.filter((x) => names.has(x)) });
}

const cases: [string, Record<string, unknown>][] = [
  ['罕井镇有哪些独居老干部？', { output: 'list', filters: { towns: ['罕井镇'], livesAlone: true, status: '在世' } }],
  ['罕井有几位独居老人', { output: 'count', filters: { towns: ['罕井镇'], livesAlone: true } }],
  ['90岁以上的有几位？', { output: 'count', filters: { ageMin: 90 } }],
  ['九十岁以上的老同志', { output: 'list', filters: { ageMin: 90 } }],
  ['八十五周岁及以上的老干部名单', { filters: { ageMin: 85 } }],
  ['80到89岁的女同志有多少', { output: 'count', filters: { ageMin: 80, ageMax: 89, gender: '女' } }],
  ['年龄在七十至七十九岁之间的', { filters: { ageMin: 70, ageMax: 79 } }],
  ['七十岁以下的老人名单', { filters: { ageMax: 69 } }],
  ['七十岁及以下的老人名单', { filters: { ageMax: 70 } }],
  ['不满八十岁的男同志', { filters: { ageMax: 79, gender: '男' } }],
  ['超过九十岁的', { filters: { ageMin: 91 } }],
  ['八十多岁的老人', { filters: { ageMin: 80, ageMax: 89 } }],
  ['一百岁以上的老寿星', { filters: { ageMin: 100 } }],
  ['高龄老干部有多少', { output: 'count', filters: { ageMin: 80 } }],
  ['本月谁过生日？', { output: 'list', filters: { birthdayWindow: { from: '2026-12-01', to: '2026-12-31' } }, sort: { by: 'birthday' } }],
  ['这个月过生日的老人', { filters: { birthdayWindow: { from: '2026-12-01', to: '2026-12-31' } } }],
  ['下个月过生日的老干部', { filters: { birthdayWindow: { from: '2027-01-01', to: '2027-01-31' } } }],
  ['这周过生日的有谁', { filters: { birthdayWindow: { from: '2026-11-30', to: '2026-12-06' } } }],
  ['下周过生日的老同志', { filters: { birthdayWindow: { from: '2026-12-07', to: '2026-12-13' } } }],
  ['今天过生日的', { filters: { birthdayWindow: { from: '2026-12-01', to: '2026-12-01' } } }],
  ['未来三十天内过生日的', { filters: { birthdayWindow: { from: '2026-12-01', to: '2026-12-30' } } }],
  ['12月10号到20号过生日的有谁', { filters: { birthdayWindow: { from: '2026-12-10', to: '2026-12-20' } } }],
  ['农历三月过生日的', { filters: { lunarBirthMonths: [3], lunarBirthday: true } }],
  ['今年过整寿的老干部', { filters: { turningAges: [80, 90, 100] } }],
  ['12月出生的老干部', { filters: { birthMonths: [12] } }],
  ['一月和二月出生的', { filters: { birthMonths: [1, 2] } }],
  ['3月8日过生日的', { filters: { birthdayWindow: { from: '2027-03-08', to: '2027-03-08' } } }],
  ['过农历生日的老人', { filters: { lunarBirthday: true } }],
  ['1940年以前出生的', { filters: { bornTo: '1939-12-31' } }],
  ['1945年出生的老同志', { filters: { bornFrom: '1945-01-01', bornTo: '1945-12-31' } }],
  ['40后的老干部', { filters: { bornFrom: '1940-01-01', bornTo: '1949-12-31' } }],
  ['离休干部有多少人', { output: 'count', filters: { category: '离休' } }],
  ['退休干部名单', { filters: { category: '退休' } }],
  ['离退休干部一共多少人', { output: 'count', filters: { status: '在世' } }],
  ['得了高血压的老人', { filters: { health: [['高血压']] } }],
  ['患糖尿病的有多少人', { output: 'count', filters: { health: [['糖尿病']] } }],
  ['有高血压和糖尿病的老人', { filters: { health: [['高血压'], ['糖尿病']] } }],
  ['老年痴呆的老人', { filters: { health: [expect.arrayContaining(['阿尔茨海默', '痴呆'])] } }],
  ['中风的老干部', { filters: { health: [expect.arrayContaining(['脑梗', '中风'])] } }],
  ['患有尘肺病的老同志', { filters: { health: [['尘肺病']] } }],
  ['肺气肿的老干部', { filters: { health: [['肺气肿']] } }],
  ['患病的老干部', { filters: { ill: true } }],
  ['患病台账', { view: '患病' }],
  ['丧偶台账', { view: '丧偶' }],
  ['独居台账', { view: '独居' }],
  ['按镇统计患病老干部人数', { output: 'stats', groupBy: 'town', filters: { ill: true } }],
  ['各村独居老人人数', { output: 'stats', groupBy: 'village', filters: { livesAlone: true } }],
  ['各年龄段人数', { output: 'stats', groupBy: 'ageBand' }],
  ['男女各多少人', { output: 'stats', groupBy: 'gender' }],
  ['离休和退休各多少', { output: 'stats', groupBy: 'category' }],
  ['哪个镇的独居老人最多', { output: 'stats', groupBy: 'town', filters: { livesAlone: true } }],
  ['不能下床的老干部', { filters: { mobility: ['卧床'] } }],
  ['瘫痪在床的老人', { filters: { mobility: ['卧床'] } }],
  ['行动不便的女同志', { filters: { mobility: ['行动不便'], gender: '女' } }],
  ['腿脚不好的老人', { filters: { mobility: ['行动不便'] } }],
  ['行动不便或卧床的老人', { filters: { mobility: expect.arrayContaining(['行动不便', '卧床']) } }],
  ['失能老人有多少', { output: 'count', filters: { mobility: ['行动不便', '卧床'] } }],
  ['去世的老干部有几位', { output: 'count', filters: { status: '已故' } }],
  ['已故老干部', { filters: { status: '已故' } }],
  ['包括已故的罕井镇老干部', { filters: { status: '全部', towns: ['罕井镇'] } }],
  ['老伴去世的老同志', { filters: { widowed: true, status: '在世' } }],
  ['丧偶的女同志有多少位', { output: 'count', filters: { widowed: true, gender: '女' } }],
  ['一个人住的老人', { filters: { livesAlone: true } }],
  ['不是独居的老干部', { filters: { livesAlone: false } }],
  ['党员有多少', { output: 'count', filters: { partyMember: true } }],
  ['非党员的老干部', { filters: { partyMember: false } }],
  ['罕井镇老干部党支部的党员', { filters: { partyBranch: '罕井镇老干部党支部', partyMember: true } }],
  ['县教育局退休的老同志', { filters: { formerUnit: '县教育局', category: '退休' } }],
  ['原来在人民医院工作的', { filters: { formerUnit: '人民医院' } }],
  ['当过局长的老干部', { filters: { formerPosts: ['局长'] } }],
  ['退休前是局长或者校长的', { filters: { formerPosts: ['局长', '校长'] } }],
  ['需要助餐服务的老干部', { filters: { needs: ['助餐'] } }],
  ['想找人聊天的老人', { filters: { needs: ['找人聊'] } }],
  ['有需求的老干部名单', { filters: { hasNeeds: true } }],
  ['王秀兰的电话是多少', { filters: { name: '王秀兰' }, fields: expect.arrayContaining(['phone']) }],
  ['李建国住在哪', { filters: { name: '李建国' }, fields: expect.arrayContaining(['address', 'village']) }],
  ['王秀兰的紧急联系人电话', { fields: expect.arrayContaining(['emergencyContact', 'emergencyPhone']) }],
  ['姓王的老干部', { filters: { namePrefix: '王' } }],
  ['罕井镇罕井村的老干部', { filters: { towns: ['罕井镇'], villages: ['罕井村'] } }],
  ['西头村有多少老人', { output: 'count', filters: { villages: ['西头村'] } }],
  ['罕井镇和椿林镇的独居老人', { filters: { towns: ['罕井镇', '椿林镇'], livesAlone: true } }],
  ['城关街道东社区的老干部电话', { filters: { towns: ['城关街道'], villages: ['东社区'] }, fields: expect.arrayContaining(['phone']) }],
  ['年龄最大的老干部是谁', { sort: { by: 'age', dir: 'desc' }, limit: 1 }],
  ['年龄最大的5位老干部', { sort: { by: 'age', dir: 'desc' }, limit: 5 }],
  ['最年轻的三位老同志', { sort: { by: 'age', dir: 'asc' }, limit: 3 }],
  ['帮我查一下罕井镇有多少位80岁以上的老干部', { output: 'count', filters: { towns: ['罕井镇'], ageMin: 80 } }],
  ['请问孙镇离休干部有哪些？', { output: 'list', filters: { towns: ['孙镇'], category: '离休' } }],
  ['尾号1234的老干部', { filters: { phone: '1234' } }],
  ['独居或者丧偶的老人有多少', { output: 'count', filters: { anyOfViews: ['独居', '丧偶'] } }],
  ['高血压或糖尿病的老人', { filters: { health: [['高血压', '糖尿病']] } }],
  ['罕井镇或椿林镇的老干部', { filters: { towns: ['罕井镇', '椿林镇'] } }],
  ['各镇丧偶老人数量', { output: 'stats', groupBy: 'town', filters: { widowed: true } }],
  ['老党员有多少', { output: 'count', filters: { partyMember: true } }],
  ['不在世的老干部', { filters: { status: '已故' } }],
  ['我想看看罕井镇的老干部名单', { filters: { towns: ['罕井镇'] } }],
  ['王秀兰是哪个党支部的', { filters: { name: '王秀兰' }, fields: expect.arrayContaining(['partyBranch']) }],
  ['最年长的老同志', { sort: { by: 'age', dir: 'desc' }, limit: 1 }],
  ['80岁以上90岁以下的老干部', { filters: { ageMin: 80, ageMax: 89 } }],
  ['1950年后出生的', { filters: { bornFrom: '1951-01-01' } }],
  ['电话是13912345678的是谁', { filters: { phone: '13912345678' } }],
  ['二月份出生的老干部多少位', { output: 'count', filters: { birthMonths: [2] } }],
  ['罕井镇的老干部中县医院退休的', { filters: { towns: ['罕井镇'], formerUnit: '县医院', category: '退休' } }],
  ['今年满八十岁的老干部', { filters: { bornFrom: '1946-01-01', bornTo: '1946-12-31' } }],
  ['今年九十大寿的有哪些', { filters: { bornFrom: '1936-01-01', bornTo: '1936-12-31' } }],
  ['王秀兰的档案', { filters: { name: '王秀兰' }, fields: expect.arrayContaining(['phone', 'address', 'health', 'children']) }],
  ['椿林东的老人有几位', { output: 'count', filters: { villages: ['椿林东村'] } }],
  ['年龄大于90的', { filters: { ageMin: 91 } }],
  ['岁数不到80的老人', { filters: { ageMax: 79 } }],
  ['岁数在85以上的', { filters: { ageMin: 85 } }],
  ['列出所有已故老干部及去世日期', { filters: { status: '已故' }, fields: expect.arrayContaining(['deathDate']) }],
  ['子女在外地的独居老人', { filters: { children: '外地', livesAlone: true } }],
];

describe('parseQuestion', () => {
  it.each(cases)('%s', async (q, expected) => {
    const r = await parse(q);
    expect(r.notUnderstood).toEqual([]);
    expect(r.query).toMatchObject(expected);
    // Whatever the parser produces is a valid LedgerQuery.
    expect(() => ledgerQuerySchema.parse(r.query)).not.toThrow();
  });

  it('reports what it did not understand instead of dropping it', async () => {
    const r = await parse('罕井镇爱打麻将的老干部');
    expect(r.query.filters).toMatchObject({ towns: ['罕井镇'] });
    expect(r.notUnderstood).toEqual(['爱打麻将']);
    const u = await parse('赵家庄村的独居老人');
    expect(u.notUnderstood.join('')).toContain('赵家庄');
    expect(u.query.filters).toMatchObject({ livesAlone: true });
  });

  it('takes dates relative to the injected today', async () => {
    expect((await parse('本月过生日的', '2027-01-15')).query.filters).toMatchObject({ birthdayWindow: { from: '2027-01-01', to: '2027-01-31' } });
    expect((await parse('下个月过生日的', '2026-12-20')).query.filters).toMatchObject({ birthdayWindow: { from: '2027-01-01', to: '2027-01-31' } });
    // Sunday 2026-12-06 still belongs to the week that began Monday 11-30.
    expect((await parse('这周过生日的', '2026-12-06')).query.filters).toMatchObject({ birthdayWindow: { from: '2026-11-30', to: '2026-12-06' } });
    // A week across the new year.
    expect((await parse('这周过生日的', '2026-12-31')).query.filters).toMatchObject({ birthdayWindow: { from: '2026-12-28', to: '2027-01-03' } });
  });

  it('reads statistics: two keys in the order said, several values at once, averages, shares', async () => {
    expect((await parse('按镇和性别统计人数')).query).toMatchObject({ output: 'stats', groupBy: 'town', groupBy2: 'gender' });
    expect((await parse('罕井镇和孙镇各有多少人')).query).toMatchObject({ output: 'stats', groupBy: 'town', filters: { towns: ['罕井镇', '孙镇'] } });
    expect((await parse('90岁以上的男同志和女同志各几位')).query).toMatchObject({ output: 'stats', groupBy: 'gender', filters: { ageMin: 90 } });
    expect((await parse('各镇90岁以上的各有几位')).query).toMatchObject({ output: 'stats', groupBy: 'town', filters: { ageMin: 90 } });
    expect((await parse('全县老干部平均年龄多大')).query).toMatchObject({ output: 'value', measure: { fn: 'avg' } });
    expect((await parse('党员占全部老干部的百分之多少')).query).toMatchObject({ output: 'value', measure: { fn: 'percent', part: { partyMember: true } } });
    expect((await parse('党员有多少人，按党支部统计')).query).toMatchObject({ output: 'stats', groupBy: 'partyBranch', filters: { partyMember: true } });
  });

  it('reads exclusions and either-or conditions', async () => {
    expect((await parse('除了城关街道，其他镇90岁以上的老人有哪些')).query.filters).toMatchObject({ ageMin: 90, exclude: { towns: ['城关街道'] } });
    expect((await parse('独居或者卧床的老人')).query.filters).toMatchObject({ anyOf: [{ livesAlone: true }, { mobility: ['卧床'] }] });
  });

  it('says what the ledger does not hold instead of answering something else', async () => {
    const r = await parse('老干部的平均工资是多少');
    expect(r.notUnderstood).toEqual(['平均工资']);
    expect(r.signals.unanswerable).toBe(true);
    expect((await parse('老干部的退休金有多少')).notUnderstood).toContain('退休金');
  });

  it('takes a homophone of a known place or word for it', async () => {
    const r = await parse('寒井镇离修的老领导有哪些');
    expect(r.notUnderstood).toEqual([]);
    expect(r.query.filters).toMatchObject({ towns: ['罕井镇'], category: '离休' });
    expect(r.heardAs).toBe('罕井镇离休的老领导有哪些');
  });

  it('defaults to living elders, list output and basic fields', async () => {
    const r = await parse('罕井镇的老干部');
    expect(r.query).toMatchObject({ output: 'list', filters: { status: '在世' } });
    expect(r.query.fields).toEqual(expect.arrayContaining(['gender', 'age', 'town', 'village']));
  });

  it('tells ledger questions from other staff messages', async () => {
    expect(looksLikeLedgerQuestion(await parse('罕井镇有哪些独居老干部？'))).toBe(true);
    expect(looksLikeLedgerQuestion(await parse('本月谁过生日'))).toBe(true);
    expect(looksLikeLedgerQuestion(await parse('王秀兰的电话'))).toBe(true);
    expect(looksLikeLedgerQuestion(await parse('高血压的医药费怎么报销'))).toBe(false);
    expect(looksLikeLedgerQuestion(await parse('你是谁'))).toBe(false);
    expect(looksLikeLedgerQuestion(await parse('老干部体检有什么规定'))).toBe(false);
  });
});

describe('parseChineseNumber', () => {
  it.each([
    ['九十', 90],
    ['八十五', 85],
    ['十', 10],
    ['十二', 12],
    ['一百', 100],
    ['一百零二', 102],
    ['两', 2],
    ['85', 85],
    ['８５', 85],
    ['一九四〇', 1940],
  ])('%s → %d', (raw, n) => expect(parseChineseNumber(raw)).toBe(n));
  it('rejects other text', () => expect(parseChineseNumber('几')).toBeNull());
});
