import { openDatabase } from '../src/db/open-database.ts';
import { createScratchDatabase } from '../src/db/scratch-database.ts';
import { migrate } from '../src/db/migrate.ts';
import { generate } from '../bench/ledger-query.bench.ts';
import { refreshLedgerStatistics } from '../src/ledgers/elder-repo.ts';
import { LedgerQueryService } from '../src/ledgers/query/run.ts';
import { compileLedgerQuery } from '../src/ledgers/query/compile.ts';
import { parseLedgerQuery } from '../src/ledgers/query/schema.ts';
import { refreshLunarBirthKeys } from '../src/ledgers/lunar-keys.ts';
const scratch = await createScratchDatabase('postgres://postgres@127.0.0.1:5432/postgres', 'jq_explain');
const db = await openDatabase({ url: scratch.url, poolSize: 2 });
try {
  await migrate(db); await generate(db); await refreshLedgerStatistics(db);
  let t0 = performance.now(); await refreshLunarBirthKeys(db); console.log('fill', performance.now() - t0);
  await db.query('ANALYZE elders');
  const s = new LedgerQueryService(db);
  for (const q of process.argv.slice(2)) {
    const p = await s.parse(q, '2026-12-01', null);
    const sql = compileLedgerQuery(parseLedgerQuery(p.query), { today: '2026-12-01', scopeTowns: null, defaultLimit: 20 });
    for (const part of [sql.rows, sql.count]) {
      const r = await db.query<any>(`EXPLAIN ANALYZE ${part.text}`, part.params);
      console.log(q, '\n ', r.rows.map((x) => x['QUERY PLAN']).filter((l: string) => /Scan|Execution|Bitmap|Sort|Aggregate/.test(l)).slice(0, 8).join('\n  '));
    }
    t0 = performance.now(); for (let i = 0; i < 5; i++) await s.ask(q, { today: '2026-12-01', scopeTowns: null, defaultLimit: 20 }); console.log('  ask', ((performance.now() - t0) / 5).toFixed(1));
  }
} finally { await db.close(); await scratch.drop(); }
