import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { ingestPaths } from '../../src/knowledge/ingest.ts';
import { listDocuments, removeDocument } from '../../src/knowledge/store.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/default-knowledge.ts';
import { makeDocx, makePdf } from './fixtures.ts';

const corpus = (name: string) => path.join(DEFAULT_KNOWLEDGE_DIR, name);

/** Document frequencies kept incrementally must equal a recount from scratch. */
async function expectStatsConsistent(t: TestDb) {
  const recount = await t.db.query<{ term: string; df: number }>(
    `SELECT u.lexeme AS term, count(*)::int AS df FROM kb_chunks c, unnest(c.tsv) u GROUP BY u.lexeme ORDER BY 1`,
  );
  const kept = await t.db.query<{ term: string; df: number }>(`SELECT term, df FROM kb_term_stats WHERE field = 'tsv' ORDER BY term`);
  expect(kept.rows).toEqual(recount.rows);
  const f = await t.db.query<{ n_chunks: number; total_len: number; n: number; len: number }>(
    `SELECT f.n_chunks, f.total_len, (SELECT count(*) FROM kb_chunks)::int AS n, (SELECT coalesce(sum(n_terms), 0) FROM kb_chunks)::int AS len FROM kb_field_stats f WHERE field = 'tsv'`,
  );
  expect(Number(f.rows[0]!.n_chunks)).toBe(Number(f.rows[0]!.n));
  expect(Number(f.rows[0]!.total_len)).toBe(Number(f.rows[0]!.len));
}

const counts = async (t: TestDb) => {
  const r = await t.db.query<{ d: number; c: number; s: number }>(
    'SELECT (SELECT count(*) FROM kb_documents)::int AS d, (SELECT count(*) FROM kb_chunks)::int AS c, (SELECT count(*) FROM kb_term_stats)::int AS s',
  );
  return r.rows[0]!;
};

describe.each(testDbKinds)('knowledge ingest on %s', (kind) => {
  let t: TestDb;
  let tmp: ReturnType<typeof tmpDir>;
  beforeAll(async () => {
    t = await createTestDb(kind);
    tmp = tmpDir('jinqiu-kb-');
  });
  afterAll(async () => {
    await t.cleanup();
    tmp.cleanup();
  });

  it('ingests regulations with title, 文号, issuer and date, and does nothing the second time', async () => {
    const files = ['005_shehui_baoxian_fa.txt', '009_minfa_2011_192_yicixing_fuxujin.txt', '010_minfa_2007_64_yicixing_fuxujin_banfa.txt'].map(corpus);
    const first = await ingestPaths(t.db, files);
    expect(first.rejected).toEqual([]);
    expect(first.documents.map((d) => d.status)).toEqual(['added', 'added', 'added']);
    const docs = await listDocuments(t.db);
    const notice = docs.find((d) => d.source.startsWith('009'))!;
    expect(notice.docNumber).toBe('民发〔2011〕192号');
    expect(notice.issuer).toBe('民政部 人力资源社会保障部 财政部');
    expect(notice.issuedOn).toBe('2011-11-15');
    const law = docs.find((d) => d.source.startsWith('005'))!;
    expect(law.title).toBe('中华人民共和国社会保险法（2018年修正）');
    expect(law.issuer).toBe('全国人民代表大会常务委员会');
    expect(law.issuedOn).toBe('2010-10-28');
    const art = await t.db.query<{ path: string; text: string }>(`SELECT path, text FROM kb_chunks WHERE document_id = $1 AND article_no = 17`, [law.id]);
    expect(art.rows[0]!.path).toBe('第二章 基本养老保险 › 第十七条');
    expect(art.rows[0]!.text).toMatch(/^第十七条 参加基本养老保险的个人，因病或者非因工死亡的/);
    // 010 says its amounts were replaced by 民发〔2011〕192号.
    const sup = await t.db.query<{ superseded_by: string[] }>(`SELECT superseded_by FROM kb_documents WHERE source LIKE '010%'`);
    expect(sup.rows[0]!.superseded_by).toEqual(['民发〔2011〕192号']);

    const before = await counts(t);
    const again = await ingestPaths(t.db, files);
    expect(again.documents.map((d) => d.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(await counts(t)).toEqual(before);
    await expectStatsConsistent(t);
  });

  it('replaces the chunks of a changed file in one go, and removes documents', async () => {
    const file = tmp.file('本县护理费办法.md', '# 本县离休干部护理费发放办法\n\n第一条 离休干部护理费每月发放。\n\n第二条 由县委老干部局负责。\n\n第三条 自发布之日起施行。\n');
    expect((await ingestPaths(t.db, [file])).documents[0]!.status).toBe('added');
    tmp.file('本县护理费办法.md', '# 本县离休干部护理费发放办法（修订）\n\n第一条 离休干部护理费每季度发放。\n\n第二条 由县委老干部局负责审核。\n');
    const r = await ingestPaths(t.db, [tmp.dir]);
    expect(r.documents[0]!.status).toBe('updated');
    const doc = (await listDocuments(t.db)).find((d) => d.source === '本县护理费办法.md')!;
    expect(doc.title).toBe('本县离休干部护理费发放办法（修订）');
    const chunks = await t.db.query<{ text: string }>('SELECT text FROM kb_chunks WHERE document_id = $1 ORDER BY ord', [doc.id]);
    expect(chunks.rows.map((c) => c.text)).toEqual(['第一条 离休干部护理费每季度发放。', '第二条 由县委老干部局负责审核。']);
    await expectStatsConsistent(t);

    expect(await removeDocument(t.db, '本县护理费办法.md')).toEqual(doc);
    expect((await listDocuments(t.db)).some((d) => d.source === '本县护理费办法.md')).toBe(false);
    await expect(removeDocument(t.db, '本县护理费办法.md')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // By id as well (what `kb list` shows).
    const law = (await listDocuments(t.db)).find((d) => d.source.startsWith('005'))!;
    expect(await removeDocument(t.db, String(law.id))).toEqual(law);
    expect((await listDocuments(t.db)).some((d) => d.id === law.id)).toBe(false);
    await expectStatsConsistent(t);
  });

  it('reads docx, pdf, html and GBK text', async () => {
    const docx = tmp.file('notice.docx', await makeDocx(['关于做好离退休干部体检工作的通知', '澄老干发〔2024〕3号', '一、体检时间', '每年五月组织一次健康体检。', '二、体检对象', '全体离退休干部。']));
    const pdf = tmp.file('rules.pdf', makePdf(['Care allowance rules.', 'Article 1 Retired cadres receive a monthly care allowance.', 'Article 2 The bureau reviews each case.']));
    const html = tmp.file(
      'page.html',
      '<html><head><title>解忧室开放时间</title><style>p{color:red}</style><script>var x = "<p>不要</p>";</script></head><body><h1>解忧室开放时间</h1><!-- 注释 --><p>每周二下午&nbsp;开放，地点在老干部活动中心&lt;二楼&gt;。</p><div>电话&#65306;6666666</div></body></html>',
    );
    const gbk = tmp.file('gbk.txt', iconv.encode('老年大学招生简章\n\n一、招生对象\n全县离退休干部。\n', 'gbk'));
    const r = await ingestPaths(t.db, [docx, pdf, html, gbk]);
    expect(r.rejected).toEqual([]);
    const docs = await listDocuments(t.db);
    const d = docs.find((x) => x.source === 'notice.docx')!;
    expect(d.title).toBe('关于做好离退休干部体检工作的通知');
    expect(d.docNumber).toBe('澄老干发〔2024〕3号');
    expect(d.format).toBe('docx');
    const text = async (source: string) =>
      (await t.db.query<{ text: string }>('SELECT c.text FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id WHERE d.source = $1 ORDER BY ord', [source])).rows.map((x) => x.text).join('\n');
    expect(await text('notice.docx')).toContain('每年五月组织一次健康体检');
    expect(await text('rules.pdf')).toContain('monthly care allowance');
    const h = await text('page.html');
    expect(h).toContain('每周二下午 开放，地点在老干部活动中心<二楼>。');
    expect(h).toContain('电话：6666666');
    expect(h).not.toMatch(/color|var x|不要|注释|<p>/);
    expect(docs.find((x) => x.source === 'page.html')!.title).toBe('解忧室开放时间');
    expect(await text('gbk.txt')).toContain('全县离退休干部');
  });

  it('rejects a corrupted pdf or docx with a clear message and writes nothing', async () => {
    const before = await counts(t);
    const badPdf = tmp.file('损坏.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200, 7)]));
    const badDocx = tmp.file('损坏.docx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 1)]));
    const notDocx = tmp.file('改名.docx', '这其实是一个文本文件');
    const r = await ingestPaths(t.db, [badPdf, badDocx, notDocx]);
    expect(r.documents).toEqual([]);
    expect(r.rejected.map((x) => path.basename(x.file))).toEqual(['损坏.pdf', '损坏.docx', '改名.docx']);
    for (const x of r.rejected) {
      expect(x.userMessage).toMatch(/打不开或已损坏，没有导入/);
      expect(x.reason).toMatch(/nothing was written/);
    }
    expect(await counts(t)).toEqual(before);
  });
});
