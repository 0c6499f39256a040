import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text, type Attachment } from '../../chat/message.ts';
import type { StaffContext, StaffSkill } from '../../chat/staff-command.ts';
import type { TurnResult } from '../../chat/turn.ts';
import type { Db } from '../../db/types.ts';
import { isJinqiuError } from '../../kernel/errors.ts';
import { importLedger, type ImportResult } from '../import-ledger.ts';
import { formatImportReport } from '../import-report.ts';
import { dropDraft, loadDraft, saveDraft, type DraftAnswers, type ImportDraft } from '../import-drafts.ts';
import { loadTownBook, TownMatcher } from '../places.ts';
import type { InputLimits } from '../../kernel/input-file.ts';

/**
 * A staff member sends the ledger spreadsheet in a private chat: the bot answers with what the
 * import would change (new, changed old → new, missing, rejected rows, town questions) and applies
 * it only when they reply 确认导入, after any town questions are answered (新镇 名称, 写法=正确名称).
 * The file waits in ledger_import_drafts; the confirmed import is planned again and must be the one
 * previewed. A liaison's import is limited to their towns.
 */
const INTENT = 'staff_ledger_import';
const MAX_BYTES = 20 * 1024 * 1024;
const CONFIRM = /^(确认|确定|确认导入|确定导入|导入|可以导入|开始导入|好的?[，,]?导入吧?|是的?[，,]?导入)[。！!]?$/;
const CANCEL = /^(取消|取消导入|不导入了?|算了|不要了)[。！!]?$/;
const PARTIAL = /只导入(正确|没有?问题|对)的(行|部分)/;
const NEW_TOWN = /^(?:新镇|新设的?镇|新街道)[\s:：]*(\S{2,12})$|^(\S{2,12}?)是新(?:设的?)?(?:镇|街道|乡)[。！!]?$/;
const ALIAS = /^(\S{2,12}?)\s*(?:=|＝|就是|即)\s*(\S{2,12})[。！!]?$/;

const reply = (t: string, intent = INTENT): TurnResult => ({ replies: [text(t)], intent });

function isSpreadsheet(a: Attachment): boolean {
  return /\.(xlsx|xlsm|csv|txt|tsv)$/i.test(a.name ?? '') || /spreadsheet|csv|excel/i.test(a.mimeType ?? '');
}

export function createLedgerImportSkill(deps: { db: Db; fileLimits?: InputLimits }): StaffSkill {
  const { db } = deps;

  async function run(ctx: StaffContext, fileName: string, data: Buffer, answers: DraftAnswers, apply?: string): Promise<ImportResult> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jinqiu-import-'));
    try {
      const ext = path.extname(fileName).toLowerCase() || (data[0] === 0x50 && data[1] === 0x4b ? '.xlsx' : '.csv');
      const file = path.join(dir, `台账${ext}`);
      fs.writeFileSync(file, data);
      return await importLedger(db, file, {
        today: ctx.staff.today,
        actor: ctx.staff.tag,
        channel: ctx.msg.channel,
        scopeTowns: ctx.staff.towns,
        newTowns: answers.newTowns ?? [],
        townAliases: answers.townAliases ?? {},
        partial: !!answers.partial,
        ...(deps.fileLimits ? { fileLimits: deps.fileLimits } : {}),
        ...(apply ? { expectPlan: apply } : { dryRun: true }),
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** The preview, saved as the staff member's draft, with what to reply next. */
  async function preview(ctx: StaffContext, fileName: string, data: Buffer, answers: DraftAnswers, lead = ''): Promise<TurnResult> {
    const r = await run(ctx, fileName, data, answers);
    await saveDraft(db, { staffId: ctx.staff.staffId, fileName, data, planId: r.planId, answers });
    const next = r.questions.length
      ? '请先回答上面的问题。回复“取消导入”可以放弃。'
      : r.rejectedCount && !answers.partial
        ? '有问题的行请改好后重新发送文件；也可以回复“只导入正确的行”。回复“取消导入”可以放弃。'
        : r.imported + r.updated === 0
          ? '这份文件和台账一致，没有要导入的变动。'
          : '回复“确认导入”即按上面导入；回复“取消导入”放弃。';
    return reply([lead, formatImportReport(r, { how: 'chat', perList: 10 }), '', next].filter(Boolean).join('\n'), `${INTENT}_preview`);
  }

  async function answerTown(ctx: StaffContext, draft: ImportDraft, t: string): Promise<TurnResult | null> {
    const nt = NEW_TOWN.exec(t);
    const answers: DraftAnswers = { ...draft.answers };
    if (nt) {
      answers.newTowns = [...new Set([...(answers.newTowns ?? []), (nt[1] ?? nt[2])!])];
      return preview(ctx, draft.fileName, draft.data, answers, `好的，“${(nt[1] ?? nt[2])!}”记为新的镇（街道）。`);
    }
    const al = ALIAS.exec(t);
    if (!al) return null;
    const [from, to] = [al[1]!, al[2]!];
    const known = new TownMatcher(await loadTownBook(db), { newTowns: answers.newTowns ?? [] }).match(to);
    if (known.kind !== 'town') return reply(`“${to}”也不在全县的镇（街道）名单里。请回复“${from}=名单里的镇”，或“新镇 ${from}”。`);
    answers.townAliases = { ...(answers.townAliases ?? {}), [from]: known.town };
    return preview(ctx, draft.fileName, draft.data, answers, `好的，“${from}”按“${known.town}”导入。`);
  }

  async function confirm(ctx: StaffContext, draft: ImportDraft): Promise<TurnResult> {
    try {
      const r = await run(ctx, draft.fileName, draft.data, draft.answers, draft.planId);
      if (!r.applied) return preview(ctx, draft.fileName, draft.data, draft.answers, '还不能导入：');
      await dropDraft(db, ctx.staff.staffId);
      return reply(formatImportReport(r, { how: 'chat', perList: 10 }));
    } catch (e) {
      // The ledger changed since the preview: show the new preview instead of applying something unseen.
      if (isJinqiuError(e) && e.code === 'INPUT_INVALID' && /预览之后/.test(e.userMessage)) return preview(ctx, draft.fileName, draft.data, draft.answers, '预览之后台账有了变动，这是新的预览：');
      throw e;
    }
  }

  return {
    name: 'ledger-import',
    intent: INTENT,
    help: ['（私聊里直接发台账 Excel 文件：先预览变动，回复“确认导入”才导入）'],
    async handle(ctx) {
      const file = ctx.msg.attachments.find((a) => a.kind === 'file');
      if (file) {
        if (!ctx.isPrivate) return reply('台账里有老人的个人信息，请在私聊里把文件发给我。', `${INTENT}_denied`);
        if (!isSpreadsheet(file)) return reply('收到文件。我能导入的是台账表格：Excel（.xlsx）或 CSV 文件。');
        if (file.size && file.size > MAX_BYTES) return reply('文件太大了（超过20MB），请分成几个文件再发。');
        const data = file.data ?? (await file.load?.());
        if (!data?.length) return reply('文件没有收到，请再发一次。');
        if (data.length > MAX_BYTES) return reply('文件太大了（超过20MB），请分成几个文件再发。');
        return preview(ctx, file.name ?? '台账.xlsx', data, {});
      }
      const t = ctx.msg.text.trim().normalize('NFKC');
      if (!t || t.length > 40) return null;
      const isConfirm = CONFIRM.test(t);
      const isCancel = CANCEL.test(t);
      const isPartial = PARTIAL.test(t);
      const maybeTown = NEW_TOWN.test(t) || ALIAS.test(t);
      if (!isConfirm && !isCancel && !isPartial && !maybeTown) return null;
      const draft = await loadDraft(db, ctx.staff.staffId);
      if (!draft) return isConfirm && /导入/.test(t) ? reply('没有等待导入的台账文件。请先把台账 Excel 文件发给我。') : null;
      if (isCancel) {
        await dropDraft(db, ctx.staff.staffId);
        return reply('好的，这份台账没有导入。');
      }
      if (isPartial) return preview(ctx, draft.fileName, draft.data, { ...draft.answers, partial: true }, '好的，只导入没有问题的行：');
      if (isConfirm) return confirm(ctx, draft);
      return answerTown(ctx, draft, t);
    },
  };
}
