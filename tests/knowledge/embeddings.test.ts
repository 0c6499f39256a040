import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/fake-openai.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { createEmbedder, syncEmbeddings } from '../../src/knowledge/embeddings.ts';
import { ingestPaths } from '../../src/knowledge/ingest.ts';
import { createKnowledgeSearch } from '../../src/knowledge/search.ts';

const DIMS = 32;
/** A bag-of-characters embedding: similar wording gives similar vectors, which is all these tests need. */
function embed(text: string): number[] {
  const v = new Array<number>(DIMS).fill(0);
  for (const ch of text) v[ch.codePointAt(0)! % DIMS]! += 1;
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

describe.each(testDbKinds)('embeddings on %s', (kind) => {
  let t: TestDb;
  let fake: FakeOpenAI;
  let failing = false;
  let tmp: ReturnType<typeof tmpDir>;
  beforeAll(async () => {
    t = await createTestDb(kind);
    fake = await startFakeOpenAI({ embeddings: (inputs) => (failing ? Promise.reject(new Error('down')) : inputs.map(embed)) });
    tmp = tmpDir('jinqiu-emb-');
    tmp.file('a.txt', '# 解忧室管理办法\n\n第一条 解忧室每周二下午开放，由解忧队员陪老干部谈心。\n\n第二条 解忧室设在老干部活动中心。\n');
    tmp.file('b.txt', '# 体检办法\n\n第一条 每年五月组织离退休干部健康体检。\n\n第二条 体检费用由财政保障。\n');
  });
  afterAll(async () => {
    await fake.close();
    await t.cleanup();
    tmp.cleanup();
  });
  const config = () => loadConfig({ OPENAI_BASE_URL: fake.baseURL, OPENAI_EMBEDDING_MODEL: 'bge-test', OPENAI_TIMEOUT_MS: '3000' });

  it('stores one vector per chunk with an HNSW index of the endpoint dimension, and the vector retriever finds by meaning', async () => {
    const embedder = createEmbedder(config())!;
    await ingestPaths(t.db, [tmp.file('a.txt')], { embedder });
    const rows = await t.db.query<{ n: number; dims: number; model: string }>('SELECT count(*)::int AS n, min(dims) AS dims, min(model) AS model FROM kb_embeddings');
    const chunks = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM kb_chunks');
    expect(rows.rows[0]).toEqual({ n: chunks.rows[0]!.n, dims: DIMS, model: 'bge-test' });
    const idx = await t.db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = $1`, [`kb_embeddings_hnsw_${DIMS}`]);
    expect(idx.rows[0]!.indexdef).toMatch(/USING hnsw/);

    const search = createKnowledgeSearch({ db: t.db, embedder });
    expect(search.retrievers.map((r) => r.name)).toEqual(['article', 'words', 'bigrams', 'vector']);
    const r = await search.search('解忧室每周二下午开放吗', { k: 3 });
    expect(r.byRetriever.vector!.length).toBeGreaterThan(0);
    expect(r.passages[0]!.text).toContain('每周二下午');
    // The vector retriever alone, not only the fusion, puts the right passage first.
    const byVector = await search.search('解忧室每周二下午开放吗', { k: 3, only: ['vector'] });
    expect(byVector.passages[0]!.text).toContain('每周二下午');
  });

  it('ingests without vectors while the endpoint is down, fills them in later, and search keeps answering', async () => {
    const embedder = createEmbedder(config())!;
    failing = true;
    const report = await ingestPaths(t.db, [tmp.file('b.txt')], { embedder });
    expect(report.documents[0]!.status).toBe('added');
    const search = createKnowledgeSearch({ db: t.db, embedder });
    const r = await search.search('每年什么时候体检');
    expect(r.byRetriever.vector).toEqual([]);
    expect(r.passages[0]!.text).toContain('五月');
    failing = false;
    const added = await syncEmbeddings(t.db, embedder);
    expect(added).toBe(2);
    const missing = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM kb_chunks c LEFT JOIN kb_embeddings e ON e.chunk_id = c.id WHERE e.chunk_id IS NULL');
    expect(missing.rows[0]!.n).toBe(0);
  });
});
