import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StaffRouter } from '../../../src/agents/staff-router.ts';
import { readAudit } from '../../../src/privacy/audit.ts';
import { LedgerQueryService } from '../../../src/ledgers/query/run.ts';
import { createLedgerStaffTools } from '../../../src/ledgers/skills/index.ts';
import { createLedgerQuery } from '../../../src/ledgers/skills/ledger-query-skill.ts';
import { createTestDb, testDbKinds, type TestDb } from '../../helpers/db.ts';
import { loadDemoLedger } from '../../helpers/ledger-fixture.ts';
import { decodePng } from '../../helpers/png.ts';
import { addStaff, chat, run, staffRouter, textOf, type Who } from '../../helpers/staff-chat.ts';

describe.each(testDbKinds)('ledger query skill on %s', (kind) => {
  let t: TestDb;
  let skills: StaffRouter;
  let admin: Who;
  let jiaodao: Who;
  beforeAll(async () => {
    t = await createTestDb(kind);
    await loadDemoLedger(t.db);
    skills = staffRouter(createLedgerStaffTools({ db: t.db, service: new LedgerQueryService(t.db) }));
    admin = await addStaff(t, '管理员', 'admin', []);
    jiaodao = await addStaff(t, '交道联络员', 'liaison', ['交道镇']);
  });
  afterAll(() => t.cleanup());

  it('answers a short list as a text table, and audits it', async () => {
    const r = await run(skills, chat('韦庄镇有哪些独居老干部？', admin));
    expect(r?.intent).toBe('staff_ledger_query');
    const body = textOf(r!.replies);
    expect(body).toContain('共 1 位');
    expect(body).toMatch(/\d\. \S+｜/);
    const audit = await readAudit(t.db, { actor: `staff:${admin.staffId}`, action: 'ledger.query' });
    const last = audit.at(-1)!;
    expect(last).toMatchObject({ rowCount: 1, question: '韦庄镇有哪些独居老干部？', channel: 'web' });
    expect(last.query).toMatchObject({ filters: { towns: ['韦庄镇'], livesAlone: true } });
    expect(last.elderIds).toHaveLength(1);
  });

  it('parses each message once, though it first parses to decide whether to answer', async () => {
    const service = new LedgerQueryService(t.db);
    const parse = vi.spyOn(service, 'parse');
    const router = staffRouter({ skills: [createLedgerQuery({ db: t.db, service }).skill] });
    expect((await router.route(chat('韦庄镇有哪些独居老干部？', admin)))?.intent).toBe('staff_ledger_query');
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('masks phones and addresses in groups, not in private', async () => {
    const q = '罗守仁的电话和住址';
    const inGroup = textOf((await run(skills, chat(q, admin, { group: true })))!.replies);
    expect(inGroup).toContain('133****6281');
    expect(inGroup).not.toContain('13308246281');
    expect(inGroup).not.toContain('51号');
    expect(inGroup).toContain('交道村');
    const inPrivate = textOf((await run(skills, chat(q, admin)))!.replies);
    expect(inPrivate).toContain('13308246281');
    expect(inPrivate).toContain('交道村51号');
  });

  it('sends more than 20 rows as a count plus an Excel file exceljs can read (masked in groups)', async () => {
    const r = (await run(skills, chat('老干部的电话名单', admin, { group: true })))!;
    expect(textOf(r.replies)).toMatch(/共 56 位/);
    const file = r.replies.find((x) => x.kind === 'file');
    expect(file?.kind).toBe('file');
    if (file?.kind !== 'file') return;
    expect(file.filename).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.data as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('姓名');
    expect(header).toContain('联系电话');
    const phoneCol = header.indexOf('联系电话') + 1;
    const phones: string[] = [];
    for (let i = 2; i <= 57; i++) phones.push(String(ws.getRow(i).getCell(phoneCol).value));
    expect(phones.every((p) => /^\d{3}\*{4}\d{4}$/.test(p))).toBe(true);
    const audit = await readAudit(t.db, { action: 'ledger.export' });
    expect(audit.at(-1)).toMatchObject({ actor: `staff:${admin.staffId}`, rowCount: 56 });
  });

  it('shows a requested top-N as text even when many match', async () => {
    const r = (await run(skills, chat('年龄最大的5位老干部', admin)))!;
    expect(r.replies.every((x) => x.kind === 'text')).toBe(true);
    const body = textOf(r.replies);
    expect(body).toContain('共 56 位（列出前 5 位）');
    expect(body.split('\n').filter((l) => /^\d+\. /.test(l))).toHaveLength(5);
  });

  it('answers statistics with a bar chart PNG and the numbers in text', async () => {
    const r = (await run(skills, chat('按镇统计患病老干部人数', admin)))!;
    const body = textOf(r.replies);
    expect(body).toMatch(/交道镇：\d+ 位/);
    const img = r.replies.find((x) => x.kind === 'image');
    expect(img?.kind).toBe('image');
    if (img?.kind !== 'image') return;
    expect(img.mimeType).toBe('image/png');
    expect(decodePng(img.data).width).toBe(800);
  });

  it('keeps non-admin staff to their towns', async () => {
    const own = textOf((await run(skills, chat('独居老人名单', jiaodao)))!.replies);
    expect(own).toContain('交道镇');
    expect(own).not.toContain('韦庄镇');
    const r = (await run(skills, chat('韦庄镇有哪些独居老干部？', jiaodao)))!;
    expect(r.intent).toBe('staff_ledger_denied');
    expect(textOf(r.replies)).toContain('只能查看交道镇');
    const audit = await readAudit(t.db, { actor: `staff:${jiaodao.staffId}`, action: 'ledger.query.denied' });
    expect(audit).toHaveLength(1);
  });

  it('refuses people who are not bound staff', async () => {
    const elder = (await run(skills, chat('/查询 韦庄镇独居老人', { kind: 'elder' })))!;
    expect(elder.intent).toBe('staff_ledger_denied');
    expect(textOf(elder.replies)).toContain('工作人员');
    expect(await run(skills, chat('韦庄镇有哪些独居老干部？', { kind: 'unknown' }))).toBeNull();
    const forged = (await run(skills, chat('/查询 独居老人', { kind: 'staff', role: 'admin' })))!;
    expect(forged.intent).toBe('staff_ledger_denied');
  });

  it('leaves other staff messages to other skills, and says what it did not understand', async () => {
    expect(await run(skills, chat('你好', admin))).toBeNull();
    expect(await run(skills, chat('高血压的医药费怎么报销', admin))).toBeNull();
    const r = (await run(skills, chat('韦庄镇爱打麻将的老干部名单', admin)))!;
    expect(textOf(r.replies)).toContain('“爱打麻将”');
    const help = (await run(skills, chat('/查询', admin)))!;
    expect(textOf(help.replies)).toContain('本月谁过生日');
  });

  it('in a staff group without @, answers only clear ledger questions', async () => {
    const clear = chat('交道镇有几位独居老人？', admin, { group: true });
    clear.msg.mentionsBot = false;
    expect((await run(skills, clear))?.intent).toBe('staff_ledger_query');
    const chatter = chat('交道镇那几位老人最近打麻将挺开心', admin, { group: true });
    chatter.msg.mentionsBot = false;
    expect(await run(skills, chatter)).toBeNull();
  });

  it('uses the message time for 本月', async () => {
    const r = (await run(skills, chat('本月谁过生日', admin, { now: new Date('2026-12-01T02:00:00Z') })))!;
    const body = textOf(r.replies);
    expect(body).toContain('侯美玲');
    expect(body).toContain('雷秀兰');
  });
});
