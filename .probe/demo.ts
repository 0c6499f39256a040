import crypto from 'node:crypto';
import { openDatabase } from '../src/db/open-database.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { createLogger } from '../src/kernel/logger.ts';
import { createLedgerService, createServices, type AppContext } from '../src/main.ts';
import { seedDemoIfEmpty } from '../src/ledgers/demo-ledger.ts';
const config = loadConfig({ LOG_LEVEL: 'silent', JINQIU_DATA_DIR: 'memory://' });
const log = createLogger('silent');
const db = await openDatabase({ dataDir: 'memory://' }); await migrate(db);
await seedDemoIfEmpty(db, { today: '2026-12-01' });
const ctx: AppContext = { config, db, log, ledger: createLedgerService(db, config, log), close: () => db.close() };
const services = await createServices(ctx, { now: () => new Date('2026-12-01T02:00:00Z') });
const admin = (await db.query<{ id: number }>(`SELECT id FROM staff WHERE role = 'admin' LIMIT 1`)).rows[0]!.id;
const liaison = (await db.query<{ id: number }>(`SELECT id FROM staff WHERE role = 'liaison' LIMIT 1`)).rows[0]!.id;
for (const [who, t] of [[admin, '韦庄镇有哪些独居老干部？'], [admin, '90岁以上的有几位？'], [admin, '本月谁过生日？'], [admin, '按镇和性别统计人数'], [admin, '各镇90岁以上的各有几位'], [admin, '全县老干部平均年龄多大'], [admin, '党员占全部老干部的百分之多少'], [admin, '这个月还没走访的有哪些'], [admin, '查一下张建国'], [admin, '他最近的走访记录'], [admin, '韦庄镇有哪些独居老干部？'], [admin, '其中行动不便的呢'], [admin, '女的呢'], [admin, '他们的电话'], [admin, '导出'], [admin, '按镇统计患病老干部人数'], [admin, '画个饼图'], [liaison, '90岁以上的有几位？'], [admin, '张建国已经去世了，11月28号'], [admin, '确认']] as const) {
  const turn = await services.agent.handle({ id: crypto.randomUUID(), channel: 'cli', threadId: 'demo', chatKind: 'private', author: { id: `staff:${who}` }, text: t, attachments: [], mentionsBot: true, receivedAt: new Date() });
  console.log(`> ${t}\n   ${turn.replies.map((r) => r.kind === 'text' ? r.text : `[${r.kind}]`).join(' // ').replace(/\n/g, ' / ').slice(0, 260)}`);
}
await services.jobs.close(); await db.close();
