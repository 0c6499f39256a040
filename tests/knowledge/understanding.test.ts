import { analyzeQuery } from '../../src/knowledge/query.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { ingestPaths } from '../../src/knowledge/ingest.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/default-knowledge.ts';
import { plainMandarin } from '../../src/knowledge/colloquial-lexicon.ts';
import { createSoundIndex, soundOf } from '../../src/knowledge/sound-alike.ts';
import { answerTypesOf, asksMoney, givesAnswer, givesMoney } from '../../src/knowledge/answer-type.ts';
import { clauseStarts } from '../../src/knowledge/query.ts';
import { asksLocalDetail } from '../../src/knowledge/grounding.ts';
import { createKnowledgeSearch, type KnowledgeSearch } from '../../src/knowledge/search.ts';
import { documentKind } from '../../src/knowledge/document-kind.ts';

// Sentences written for these tests (not from eval/): each checks one mechanism.
describe('dialect and colloquial speech to plain Mandarin', () => {
  it('rewrites pronouns, question words, kinship terms and death euphemisms', () => {
    expect(plainMandarin('额想问咋办')).toBe('我想问怎么办');
    expect(plainMandarin('俺大上个月殁了')).toBe('我父亲上个月去世');
    expect(plainMandarin('屋里的病了到阿达看')).toBe('妻子病了到哪里看');
    expect(plainMandarin('娃们不伺候')).toBe('孩子不照顾');
    expect(plainMandarin('叫人哄了五百块')).toBe('被人骗了五百块');
  });
  it('reads X行不 at the end as asking whether X is allowed, not as a word', () => {
    expect(plainMandarin('儿子替我去取钱行不？')).toBe('儿子替我去取钱可以吗？');
    expect(plainMandarin('这个月接着领行不')).toBe('这个月接着领可以吗');
    expect(plainMandarin('住院能行不，医生说能成不')).toBe('住院可以吗，医生说可以吗');
    expect(plainMandarin('行不行得通要看条件')).toBe('行不行得通要看条件');
  });
  it('reads 务 as tending a field, and leaves 服务, 任务 and 义务 alone', () => {
    expect(plainMandarin('腿不行了务不动庄稼')).toBe('腿不行了种不动庄稼');
    expect(plainMandarin('那几亩地没人务弄')).toBe('那几亩地没人种');
    expect(plainMandarin('老汉还在务果园')).toBe('老伴还在种果园');
    expect(plainMandarin('上门服务不了，有义务地帮，任务重')).toBe('上门服务不了，有义务地帮，任务重');
  });
  it('reads 老汉 as her husband when she says whose, and as some old man after a classifier or 的', () => {
    expect(plainMandarin('俺老汉住院了')).toBe('我老伴住院了');
    expect(plainMandarin('额家老汉腿不好')).toBe('我家老伴腿不好');
    expect(plainMandarin('镇上有个老汉天天来')).toBe('镇上有个老人天天来');
    expect(plainMandarin('看门的老汉姓李')).toBe('看门的老人姓李');
  });
  it('leaves standard words that contain a dialect character alone', () => {
    expect(plainMandarin('补助金额是多少')).toBe('补助金额是多少');
    expect(plainMandarin('大概多少钱')).toBe('大概多少钱');
    expect(plainMandarin('姑娘结婚')).toBe('姑娘结婚');
  });
});

describe('answer sentences and spoken sources', () => {
  it('never takes a heading line as the answer, and names a notice briefly for the ear', async () => {
    const { sentencesOf } = await import('../../src/knowledge/rerank.ts');
    const { spokenSource } = await import('../../src/knowledge/compose-answer.ts');
    expect(sentencesOf('二、关于一次性抚恤金计发办法\n计发基数为本人生前最后一个月基本工资。')).toEqual(['计发基数为本人生前最后一个月基本工资。']);
    expect(spokenSource({ title: '民政部 人事部 财政部关于国家机关工作人员死亡一次性抚恤发放办法的通知（民发〔2007〕64号）', article: '二、' })).toBe('依据《关于国家机关工作人员死亡一次性抚恤发放办法的通知》二');
    expect(spokenSource({ title: '中华人民共和国社会保险法（2018年修正）', article: '第十七条' })).toBe('依据《社会保险法》第十七条');
  });
});

describe('kinds of answer', () => {
  it('recognises what is asked and whether a sentence gives it', () => {
    expect(answerTypesOf('丧葬费能领多少')).toContain('amount');
    expect(answerTypesOf('到哪里申请')).toContain('where');
    expect(answerTypesOf('什么时候发')).toContain('time');
    expect(givesAnswer('按本人生前40个月基本工资发给', ['amount'])).toBe(true);
    expect(givesAnswer('国家鼓励地方建立高龄津贴制度', ['amount'])).toBe(false);
  });
  it('tells a question about money from one about an age, and answers money only with a sum or a standard', () => {
    expect(asksMoney('这个补助一年能给多少')).toBe(true);
    expect(asksMoney('护理费多少钱')).toBe(true);
    expect(asksMoney('多大岁数能领')).toBe(false);
    expect(givesMoney('七十五周岁以上的老人可以申请')).toBe(false);
    expect(givesMoney('按上一年度人均可支配收入的2倍发给')).toBe(true);
    expect(givesMoney('补助标准由县级人民政府确定')).toBe(true);
  });
  it('reads 几 after a determiner as a few, and a difference or a meaning as a definition', () => {
    expect(answerTypesOf('这几天老是下雨')).not.toContain('time');
    expect(answerTypesOf('一年能请几天假')).toContain('time');
    expect(answerTypesOf('五保和低保有啥区别')).toContain('definition');
    expect(answerTypesOf('兄弟几个签的协议还算数不')).toContain('permission');
  });
  it('finds where a spoken question without punctuation starts to ask', () => {
    const q = '老伴前年走了我一个人过我就想问一下那个补贴咋领';
    expect(q.slice(clauseStarts(q).at(-1))).toBe('那个补贴咋领');
    // 慰问 and 问题 are words, not the start of an ask.
    expect(clauseStarts('慰问金的问题')).toEqual([0]);
  });
  it('knows a report from a rule, and a detail only the bureau knows', () => {
    expect(documentKind('某某县离退休干部服务工作调研报告')).toBe('report');
    expect(documentKind('殡葬管理条例')).toBe('rule');
    expect(asksLocalDetail('解忧室在几楼')).toBe(true);
    expect(asksLocalDetail('解忧室是做什么的')).toBe(false);
  });
});

describe('on the shipped knowledge base', () => {
  let t: TestDb;
  let search: KnowledgeSearch;
  beforeAll(async () => {
    t = await createTestDb('pglite');
    await ingestPaths(t.db, [DEFAULT_KNOWLEDGE_DIR]);
    search = createKnowledgeSearch({ db: t.db });
  });
  afterAll(() => t.cleanup());

  it('reads misheard words as the knowledge base words that sound the same', async () => {
    const sounds = createSoundIndex(t.db);
    expect(soundOf('扶恤金')).toBe(soundOf('抚恤金'));
    const r = await sounds.correct('老伴的扶恤金和住远的报消');
    expect(r.text).toBe('老伴的抚恤金和住院的报销');
    expect(r.fixes.map((f) => f.meant)).toEqual(['抚恤金', '住院', '报销']);
    // Real words, numerals and function words stay as they are.
    expect((await sounds.correct('一个人在县里住')).text).toBe('一个人在县里住');
    // Unless the character beside one never stands alone in the documents: 就助 and 一保 are slips.
    expect((await sounds.correct('能办医疗就助不，一保能报多少')).text).toBe('能办医疗救助不，医保能报多少');
    expect((await sounds.correct('他会来，我记着')).text).toBe('他会来，我记着');
  });

  it('the key concept is what is asked about, not the frame, the amount asked or the person asking', async () => {
    // 规矩 and 算数 say the kind of answer (is it allowed), 多长时间 how much, 女子 who asks.
    for (const [q, not] of [
      ['几个儿子商量好的赡养协议 这合规矩不', '规矩'],
      ['遗赠扶养协议签了 这算数不', '算数'],
      ['申请法律援助批下来要多长时间', '多长时间'],
      ['法律援助俺是他女子能替他申请不', '女子'],
    ] as const) expect((await search.search(q)).key, q).not.toBe(not);
  });

  it('farmland said by what grows on it or whose it is (麦地, 责任田) is searched as the 耕地 of the rules', async () => {
    for (const q of ['老汉百年后想埋进自家麦地 让不让', '娃不种我那二亩责任田咋办']) {
      const c = analyzeQuery(q).concepts.find((x) => x.forms.includes('耕地'));
      expect(c, q).toBeDefined();
    }
    const r = await search.search('老汉百年后想埋进自家麦地 让不让');
    expect(r.passages.slice(0, 2).some((p) => /耕地/.test(p.text) && p.keyCovered)).toBe(true);
  });

  it('a question about 丧葬费 is not answered by a passage about 抚恤金 alone', async () => {
    const r = await search.search('离休干部去世了，丧葬费给多少');
    expect(r.key).toBe('丧葬费');
    // 丧葬费 in any of its forms (丧葬, 丧事, 殡葬); a passage about 抚恤金 alone lacks it.
    for (const p of r.passages) if (!/丧葬|丧事|殡葬/.test(p.text + p.title + p.path)) expect(p.keyCovered).toBe(false);
    const pension = r.passages.find((p) => /抚恤/.test(p.text) && !/丧葬|丧事|殡葬/.test(p.text + p.title + p.path));
    expect(pension?.keyCovered ?? false).toBe(false);
    if (r.grounded) expect(r.passages[0]!.text).toMatch(/丧葬/);
    else expect(r.verdict.reason).not.toBe('supported');
  });

  it('refuses a local amount, a phone number and an opening time, and says why', async () => {
    for (const [q, reason] of [
      ['老干部局办公室的电话号码是多少', 'local-detail'],
      ['活动中心早上几点开门', 'local-detail'],
    ] as const) {
      const r = await search.search(q);
      expect({ q, grounded: r.grounded, reason: r.verdict.reason }).toEqual({ q, grounded: false, reason });
    }
    const r = await search.search('我们县的高龄补贴一个月发多少钱');
    expect(r.grounded).toBe(false);
  });

  it('answers a misheard, dialect question from the right passage', async () => {
    const r = await search.search('俺老汉殁了，单位给的扶恤金是咋算的');
    expect(r.heard.map((h) => h.meant)).toContain('抚恤金');
    expect(r.query.question).toContain('去世');
    expect(r.passages.slice(0, 3).some((p) => /抚恤/.test(p.text))).toBe(true);
  });
  it('a one-character verb beside the thing asked (咋领) does not make the answer lonely', async () => {
    // One word of two or more characters is known (丧葬补助金): a sentence holding it is not a chance meeting.
    const r = await search.search('丧葬补助金咋领');
    expect(r.passages[0]!.known).toBe(1);
    expect(r.grounded).toBe(true);
    expect(r.passages[0]!.evidence.sentence).toMatch(/丧葬补助金/);
  });
  it('chatter after the question does not make a passage that answers the asking clause lonely', async () => {
    // The asking clause (老年节是哪一天) is in the passage and its sentence gives a date; the
    // rest is talk (几个老伙计 is a few old friends, not "how many").
    const r = await search.search('老年节是哪一天 俺村几个老汉说法不一样 争得脸红');
    expect(r.passages[0]!.text).toMatch(/九月初九/);
    expect(r.grounded).toBe(true);
  });
  it('a rule that leaves the figure to a local government answers in general, not for this place', async () => {
    const general = await search.search('临时救助的标准是多少');
    expect(general.grounded).toBe(true);
    expect(general.passages[0]!.evidence.sentence).toMatch(/由县级以上地方人民政府确定/);
    const here = await search.search('咱澄城县临时救助的标准是多少');
    expect(here.grounded).toBe(false);
    expect(here.verdict.reason).toBe('local-detail');
  });
  it('does not count the asker introducing herself against the answer', async () => {
    const plain = await search.search('五保户咋申请');
    const named = await search.search('我是王桂兰，五保户咋申请');
    const name = named.query.concepts.filter((c) => '王桂兰'.includes(c.label));
    expect(name.length).toBeGreaterThan(0);
    expect(name.every((c) => c.person)).toBe(true);
    expect(named.passages[0]!.chunkId).toBe(plain.passages[0]!.chunkId);
    expect(named.passages[0]!.coverage).toBeCloseTo(plain.passages[0]!.coverage, 2);
    expect(named.grounded).toBe(plain.grounded);
  });
});
