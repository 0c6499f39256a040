import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/knowledge/chunker.ts';
import { parseChineseNumber, toChineseNumber } from '../../src/kernel/cn-numbers.ts';

describe('Chinese numerals', () => {
  it('parses article numbers and years and writes them back', () => {
    expect(parseChineseNumber('十七')).toBe(17);
    expect(parseChineseNumber('一百二十三')).toBe(123);
    expect(parseChineseNumber('一百零五')).toBe(105);
    expect(parseChineseNumber('二〇一一')).toBe(2011);
    expect(parseChineseNumber('42')).toBe(42);
    expect(parseChineseNumber('规定')).toBeNull();
    for (const n of [1, 10, 11, 20, 99, 100, 105, 110, 123]) expect(parseChineseNumber(toChineseNumber(n))).toBe(n);
  });
});

describe('chunkDocument: regulations', () => {
  const law = [
    '2010年10月28日 第十一届全国人民代表大会常务委员会第十七次会议通过',
    '第一编 总则',
    '第一章　总　则',
    '第一条 为了保障老年人合法权益，制定本法。',
    '第二条 本法所称老年人是指六十周岁以上的公民。',
    '第二章 家庭赡养与扶养',
    '第一节 赡养',
    '第十四条 赡养人应当履行对老年人经济上供养、生活上照料和精神上慰藉的义务。',
    '赡养人是指老年人的子女以及其他依法负有赡养义务的人。',
    '第十四条之一 赡养人的配偶应当协助赡养人履行赡养义务。',
    '第二节 扶养',
    '第十五条 有下列情形之一的，可以申请法律援助：',
    '（一）依法请求给付赡养费；',
    '（二）请求发给抚恤金；',
    '1.因公牺牲的；',
    '2.病故的。',
    '第三章 附则',
    '第二十条 本法自2013年7月1日起施行。第三十条规定的事项除外。',
  ].join('\n');

  it('gives each article (条) its own chunk with its 编/章/节 path, items (项) and paragraphs (款) kept inside', () => {
    const chunks = chunkDocument(law);
    const byArticle = Object.fromEntries(chunks.filter((c) => c.article).map((c) => [c.article, c]));
    expect(Object.keys(byArticle)).toEqual(['第一条', '第二条', '第十四条', '第十四条之一', '第十五条', '第二十条']);
    expect(byArticle['第一条']!.path).toBe('第一编 总则 › 第一章 总则 › 第一条');
    expect(byArticle['第十四条']!.path).toBe('第一编 总则 › 第二章 家庭赡养与扶养 › 第一节 赡养 › 第十四条');
    expect(byArticle['第十四条']!.text).toContain('赡养人是指老年人的子女');
    expect(byArticle['第十四条']!.articleNo).toBe(14);
    expect(byArticle['第十五条']!.path).toContain('第二节 扶养');
    expect(byArticle['第十五条']!.text).toContain('（二）请求发给抚恤金；\n1.因公牺牲的；\n2.病故的。');
    // A new 章 clears the 节 of the previous one.
    expect(byArticle['第二十条']!.path).toBe('第一编 总则 › 第三章 附则 › 第二十条');
    // "第三十条规定的" inside a paragraph is a reference, not a new article.
    expect(byArticle['第二十条']!.text).toContain('第三十条规定的事项除外');
    const preamble = chunks.find((c) => c.article === null)!;
    expect(preamble.path).toBe('序言');
    expect(chunks.map((c) => c.ord)).toEqual(chunks.map((_, i) => i));
  });

  it('never cuts an article that fits; splits a long one at 款 and carries its lead-in to every part', () => {
    const items = Array.from({ length: 12 }, (_, i) => `（${toChineseNumber(i + 1)}）${'享受医疗待遇的有关规定事项说明'.repeat(2)}；`);
    const text = ['第一条 短条文。', '第二条 有下列情形之一的，按照规定支付：', ...items, '第三条 另一条。'].join('\n');
    const chunks = chunkDocument(text, { maxChars: 200 });
    const second = chunks.filter((c) => c.article === '第二条');
    expect(second.length).toBeGreaterThan(1);
    for (const c of second) {
      expect(c.text.length).toBeLessThanOrEqual(200);
      expect(c.text.startsWith('第二条 有下列情形之一的，按照规定支付：')).toBe(true);
    }
    // Every item appears, in order, exactly once across the parts.
    const joined = second.map((c) => c.text.replace('第二条 有下列情形之一的，按照规定支付：\n', '')).join('\n');
    expect(joined).toBe(items.join('\n'));
    expect(chunks.filter((c) => c.article === '第一条')).toHaveLength(1);
  });

  it('splits one very long paragraph at sentence ends', () => {
    const sentence = '离休干部的医药费按照规定予以保障。';
    const text = ['第一条 总则。', `第二条 ${sentence.repeat(30)}`, '第三条 附则。'].join('\n');
    const parts = chunkDocument(text, { maxChars: 120 }).filter((c) => c.article === '第二条');
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) {
      expect(p.text.length).toBeLessThanOrEqual(120 + '第二条（续）'.length);
      expect(p.text.endsWith('。')).toBe(true);
    }
  });
});

describe('chunkDocument: notices and reports', () => {
  it('follows 一、（一）1.（1） numbering with the path as citation', () => {
    const notice = [
      '各省、自治区、直辖市民政厅：',
      '现就有关问题通知如下：',
      '一、调整一次性抚恤金标准',
      '自2011年8月1日起，病故的，为上一年度全国城镇居民人均可支配收入的2倍加本人生前40个月基本工资。',
      '二、一次性抚恤金计发办法',
      '计发办法为：',
      '（一）在职工作人员死亡，按本人生前最后一个月基本工资为基数计发。其中：',
      '1.公务员，为本人职务工资和级别工资之和；',
      '（1）含津贴的，按规定执行；',
      '2.机关工人，为本人岗位工资。',
      '（二）离退休人员死亡，按本人基本离退休费为基数计发。',
    ].join('\n');
    const chunks = chunkDocument(notice, { maxChars: 120 });
    expect(chunks[0]!.article).toBeNull();
    expect(chunks[0]!.text).toContain('通知如下');
    const first = chunks.find((c) => c.article === '一、')!;
    expect(first.path).toBe('一、调整一次性抚恤金标准');
    expect(first.text).toContain('2倍加本人生前40个月');
    const items = chunks.filter((c) => c.article?.startsWith('二、'));
    expect(items.map((c) => c.article)).toEqual(['二、（一）', '二、（二）']);
    // The short lead-in of 二、 travels with its children instead of standing alone.
    for (const c of items) expect(c.text.startsWith('二、一次性抚恤金计发办法\n计发办法为：\n')).toBe(true);
    expect(items[0]!.text).toContain('（1）含津贴的');
    expect(items[0]!.path).toBe('二、一次性抚恤金计发办法 › （一）在职工作人员死亡');
  });

  it('splits reports by numbered paragraphs (1、) under their part headings, and markdown by headings', () => {
    const report = ['一、工作成效', `1、领导重视，制度健全。${'坚持每月召开阅文会。'.repeat(3)}`, '2、完善信息，搭建平台。建立老干部解忧室，每周二下午开展心理疏导。', '二、存在问题', '1、队伍结构发生变化。'].join('\n');
    const chunks = chunkDocument(report, { maxChars: 60 });
    expect(chunks.map((c) => c.article)).toEqual(['一、1、', '一、2、', '二、']);
    expect(chunks[0]!.path).toBe('一、工作成效 › 1、领导重视');
    expect(chunks[1]!.text).toContain('每周二下午');

    const md = ['# 老干部服务指南', '## 解忧室', '每周二下午开放。', '## 老年大学', '开设书法、绘画课程。'].join('\n');
    const mdChunks = chunkDocument(md, { maxChars: 20 });
    expect(mdChunks.map((c) => c.path)).toEqual(['老干部服务指南 › 解忧室', '老干部服务指南 › 老年大学']);
    expect(mdChunks[1]!.text).toContain('书法');
  });
});
