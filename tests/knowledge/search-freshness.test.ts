import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { ingestPaths } from '../../src/knowledge/ingest.ts';
import { removeDocument } from '../../src/knowledge/store.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/default-knowledge.ts';
import { createKnowledgeSearch } from '../../src/knowledge/search.ts';

// One search object lives for the whole process, with its caches (token lists, term statistics,
// character rarities): what a document says must be what it answers right after it changes.
describe.each(testDbKinds)('search after ingest and removal on %s', (kind) => {
  let t: TestDb;
  let tmp: ReturnType<typeof tmpDir>;
  beforeAll(async () => {
    t = await createTestDb(kind);
    tmp = tmpDir('jinqiu-kb-fresh-');
    await ingestPaths(t.db, [DEFAULT_KNOWLEDGE_DIR]);
  });
  afterAll(async () => {
    await t.cleanup();
    tmp.cleanup();
  });

  it('finds a new document, then only its changed text, then nothing of it once removed', async () => {
    const search = createKnowledgeSearch({ db: t.db });
    const question = '助浴券多久发一次';
    const ours = async () => (await search.search(question, { k: 10 })).passages.filter((p) => p.title.includes('助浴券')).map((p) => p.text);
    expect(await ours()).toEqual([]);

    const file = tmp.file('本县助浴券办法.md', '# 本县银发助浴券发放办法\n\n第一条 银发助浴券每季度发放一次，每次四张。\n\n第二条 由县委老干部局负责。\n');
    await ingestPaths(t.db, [file]);
    expect((await ours()).join('\n')).toContain('每季度发放一次');

    tmp.file('本县助浴券办法.md', '# 本县银发助浴券发放办法\n\n第一条 银发助浴券每月发放一次，每次两张。\n\n第二条 由县委老干部局负责。\n');
    await ingestPaths(t.db, [file]);
    const changed = (await ours()).join('\n');
    expect(changed).toContain('每月发放一次');
    expect(changed).not.toContain('每季度');

    await removeDocument(t.db, '本县助浴券办法.md');
    expect(await ours()).toEqual([]);
  });
});
