import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { DEFAULT_KNOWLEDGE_DIR, ensureDefaultKnowledge } from '../../src/knowledge/default-knowledge.ts';
import { listDocuments } from '../../src/knowledge/store.ts';

describe('default knowledge', () => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDb('pglite');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jinqiu-default-'));
    for (const f of ['003_binzang_guanli_tiaoli.txt', '016_chengcheng_lituixiu_ganbu_fuwu_guanli_diaoyan_baogao.txt', 'README.md']) fs.copyFileSync(path.join(DEFAULT_KNOWLEDGE_DIR, f), path.join(dir, f));
  });
  afterAll(async () => {
    await t.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ships every shared corpus text', () => {
    const shipped = fs.readdirSync(DEFAULT_KNOWLEDGE_DIR).filter((f) => f.endsWith('.txt'));
    expect(shipped).toHaveLength(16);
  });

  it('loads once, is cheap when already loaded, and picks up a changed shipped set', async () => {
    const first = await ensureDefaultKnowledge(t.db, undefined, { dir });
    expect(first.loaded).toBe(true);
    expect((await listDocuments(t.db)).map((d) => d.source)).toEqual(['003_binzang_guanli_tiaoli.txt', '016_chengcheng_lituixiu_ganbu_fuwu_guanli_diaoyan_baogao.txt']);
    expect(await ensureDefaultKnowledge(t.db, undefined, { dir })).toEqual({ loaded: false });
    fs.copyFileSync(path.join(DEFAULT_KNOWLEDGE_DIR, '002_falv_yuanzhu_fa.txt'), path.join(dir, '002_falv_yuanzhu_fa.txt'));
    const again = await ensureDefaultKnowledge(t.db, undefined, { dir });
    expect(again.loaded).toBe(true);
    expect(again.report!.documents.map((d) => d.status)).toEqual(['added', 'unchanged', 'unchanged']);
    // A changed gloss file is a changed shipped set: only its document is indexed again.
    fs.writeFileSync(path.join(dir, '003_binzang_guanli_tiaoli.glosses.tsv'), '第四条\t老人去世了能不能土葬\n');
    const glossed = await ensureDefaultKnowledge(t.db, undefined, { dir });
    expect(glossed.loaded).toBe(true);
    expect(glossed.report!.documents.map((d) => d.status)).toEqual(['unchanged', 'updated', 'unchanged']);
    expect(await ensureDefaultKnowledge(t.db, undefined, { dir })).toEqual({ loaded: false });
  });
});
