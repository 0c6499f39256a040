import crypto from 'node:crypto';
import { openDatabase } from '../src/db/open-database.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { createLogger } from '../src/kernel/logger.ts';
import { createLedgerService, createServices, type AppContext } from '../src/main.ts';
import { generateLedger } from '../eval/ledger/generate.ts';
import { loadGeneratedLedger } from '../eval/ledger-eval/load.ts';
import { zonedInstant } from '../src/kernel/zoned-time.ts';
import fs from 'node:fs';
const L = generateLedger();
const config = loadConfig({ LOG_LEVEL: 'silent', JINQIU_DATA_DIR: 'memory://' });
const log = createLogger('silent');
const db = await openDatabase({ dataDir: 'memory://' });
await migrate(db);
const loaded = await loadGeneratedLedger(db, L);
const ctx: AppContext = { config, db, log, ledger: createLedgerService(db, config, log), close: () => db.close() };
let clock = new Date();
const services = await createServices(ctx, { now: () => clock });
const spec = fs.readFileSync(process.argv[2]!, 'utf8').split('\n');
let thread = 'p0'; let staffId = await loaded.askerId(undefined); let today = '2026-12-01';
for (const line of spec) {
  if (!line.trim()) continue;
  if (line.startsWith('#')) { thread = crypto.randomUUID(); const m = /today=(\S+)/.exec(line); if (m) today = m[1]!; const t = /towns=(\S+)/.exec(line); staffId = await loaded.askerId(t ? { role: 'liaison', towns: t[1]!.split(',') } : undefined); console.log(`\n${line}`); continue; }
  if (line.startsWith('?')) { const r = await ctx.ledger.ask(line.slice(1), { today, scopeTowns: null }); console.log(`? ${line.slice(1)}\n   ${JSON.stringify({q: r.query, total: r.total, groups: r.groups?.slice(0,6), value: r.value, nu: r.notUnderstood}).slice(0, 700)}`); continue; }
  clock = zonedInstant(today, '10:00', 'Asia/Shanghai');
  const turn = await services.agent.handle({ id: crypto.randomUUID(), channel: 'cli', threadId: thread, chatKind: 'private', author: { id: `staff:${staffId}` }, text: line, attachments: [], mentionsBot: true, receivedAt: clock });
  const t = turn.replies.map((r) => r.kind === 'text' ? r.text : `[${r.kind}]`).join(' // ');
  console.log(`> ${line}\n   ${t.replace(/\n/g, ' / ').slice(0, 400)}`);
}
await services.jobs.close(); await db.close();
