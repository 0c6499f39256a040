import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { chunkDocument } from '../../src/knowledge/chunker.ts';
import { extractText } from '../../src/knowledge/extract-text.ts';
import { glossMatcher } from '../../src/knowledge/gloss-match.ts';
import { attachGlosses, glossFileOf, parseGlosses, readGlossFile, unmatchedLabels } from '../../src/knowledge/glosses.ts';
import { collectFiles, ingestPaths } from '../../src/knowledge/ingest.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/default-knowledge.ts';
import { createKnowledgeSearch } from '../../src/knowledge/search.ts';
import { createPolicyAnswerer } from '../../src/knowledge/policy-answerer.ts';

describe('gloss files', () => {
  it('reads one line per article, skips comments, reports unreadable lines and reads dialect as questions are read', () => {
    const { glosses, rejected } = parseGlosses(
      ['# comment', '第一条\t儿女不给看病钱；孩子不管老人', '', '第二条 no tab here', '第三条\t', `第四条\t扶恤金咋领；${'长'.repeat(41)}`].join('\n'),
    );
    expect([...glosses.keys()]).toEqual(['第一条', '第四条']);
    expect(glosses.get('第一条')).toEqual(['儿女不给看病钱', '孩子不管老人']);
    // 咋 is read as 怎么, as in a question; a pasted paragraph is not a gloss.
    expect(glosses.get('第四条')).toEqual(['扶恤金怎么领']);
    expect(rejected).toEqual([4, 5]);
  });

  it('gives every piece of an article its glosses and names labels that match no article', () => {
    const chunks = chunkDocument('第一条 赡养人应当使患病的老年人及时得到治疗和护理。\n第二条 老年人的婚姻自由受法律保护。');
    const glossed = attachGlosses(chunks, new Map([['第二条', ['老了想再找个伴儿女拦着']], ['第九条', ['没有这一条']]]));
    expect(glossed.map((c) => c.glosses ?? null)).toEqual([null, ['老了想再找个伴儿女拦着']]);
    expect(unmatchedLabels(chunks, new Map([['第九条', ['x']]]))).toEqual(['第九条']);
  });

  it('scores the one gloss the question says best, not the number of glosses', () => {
    const flat = { idf: () => 1 };
    const glossMatch = glossMatcher('孩子不带我去医院看病', flat);
    const one = glossMatch('孩子不带老人看病');
    expect(one).toBeGreaterThan(0.5);
    expect(glossMatch('孩子不带老人看病；老人的房子谁修；门票能不能免；低保怎么申请')).toBe(one);
    expect(glossMatch('老人的房子谁修；门票能不能免')).toBeLessThan(0.3);
    expect(glossMatch('')).toBe(0);
  });

  it('every shipped gloss line is readable and names an article of its document', async () => {
    const docs = collectFiles([DEFAULT_KNOWLEDGE_DIR]);
    let glossed = 0;
    for (const file of docs) {
      const g = readGlossFile(file);
      if (!g) continue;
      glossed++;
      expect(g.rejected, path.basename(file)).toEqual([]);
      const extracted = await extractText(file, fs.readFileSync(file));
      expect(unmatchedLabels(chunkDocument(extracted.text), g.glosses), path.basename(file)).toEqual([]);
    }
    expect(glossed).toBeGreaterThanOrEqual(10);
    // A gloss file is never taken for a document.
    expect(docs.some((f) => f.endsWith('.glosses.tsv'))).toBe(false);
  });
});

// A made-up rule whose wording shares nothing with how a family would tell the situation.
const RULE = [
  '# 示例县留守老年人关爱办法',
  '第一条 为加强农村留守老年人关爱服务，制定本办法。',
  '第二条 乡镇人民政府应当建立农村留守老年人信息台账，定期走访探视，及时掌握其生活状况。',
  '第三条 村民委员会应当协助做好农村留守老年人的巡访工作，发现生活无着的，及时报告。',
  '第四条 用人单位应当支持职工履行赡养义务，保障其探亲休假的权利。',
].join('\n');

describe.each(testDbKinds)('glosses in search on %s', (kind) => {
  let t: TestDb;
  let tmp: ReturnType<typeof tmpDir>;
  let doc: string;
  beforeAll(async () => {
    t = await createTestDb(kind);
    tmp = tmpDir('jinqiu-gloss-');
    doc = tmp.file('care.txt', RULE);
  });
  afterAll(async () => {
    await t.cleanup();
    tmp.cleanup();
  });

  const question = '儿女都在外头打工，屋里就剩我一个老汉，有没有人来看看';
  const first = async () => (await createKnowledgeSearch({ db: t.db }).search(question, { k: 3 })).passages[0];

  it('a question told in everyday words finds the article through its glosses, and a changed gloss file indexes it again', async () => {
    await ingestPaths(t.db, [doc]);
    const before = await first();
    expect(before?.article).not.toBe('第二条');

    fs.writeFileSync(glossFileOf(doc), '第二条\t儿女在外打工老人一个人在家；没人来看看我；村里有人上门看望老人吗\n第四条\t厂里不给假回家照顾老人\n');
    const report = await ingestPaths(t.db, [doc]);
    expect(report.documents[0]!.status).toBe('updated');
    const after = await first();
    expect(after?.article).toBe('第二条');
    // Searched, never quoted: the passage an answer cites is the rule's own text.
    expect(after?.text).not.toContain('打工');

    const answer = await createPolicyAnswerer({ db: t.db, config: loadConfig({}), embedder: null, chat: null }).answerDetailed(question);
    expect(answer.answer).not.toContain('儿女在外打工');
    expect(answer.answer).not.toContain('没人来看看我');
  });

  it('an unchanged document with unchanged glosses is left alone', async () => {
    const report = await ingestPaths(t.db, [doc]);
    expect(report.documents[0]!.status).toBe('unchanged');
  });
});
