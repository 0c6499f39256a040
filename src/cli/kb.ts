import type { Command } from 'commander';
import { createEmbedder } from '../knowledge/embeddings.ts';
import { ingestPaths } from '../knowledge/ingest.ts';
import { listDocuments, removeDocument } from '../knowledge/store.ts';
import { knowledgeInputLimits } from '../kernel/input-file.ts';
import { listGaps, reaskGaps } from '../knowledge/gaps.ts';
import { createPolicyAnswerer } from '../knowledge/policy-answerer.ts';
import { sourceLabel } from '../knowledge/compose-answer.ts';
import { modelGuardFor, type AppContext } from '../main.ts';
import { InputError } from '../kernel/errors.ts';
import { printResult, runWithContext } from './run-command.ts';

/** After documents changed: the questions waiting in the knowledge gaps, asked again. */
async function reask(ctx: AppContext) {
  const answerer = createPolicyAnswerer({ db: ctx.db, config: ctx.config, log: ctx.log, chat: null });
  return reaskGaps(ctx.db, async (q) => {
    const a = await answerer.answerDetailed(q, { record: false });
    const p = a.passages[0];
    return { grounded: a.grounded, weak: !!a.weak, source: p ? sourceLabel(p) : null };
  });
}

export function registerKb(program: Command): void {
  const kb = program.command('kb').description('知识库：政策法规');
  kb.command('ingest')
    .description('导入或更新文件（txt、md、docx、pdf、html；同名文件内容变了就替换，没变就跳过）')
    .argument('<paths...>', 'files or folders')
    .option('--json', 'print JSON')
    .action((paths: string[], opts: { json?: boolean }) =>
      runWithContext(opts, async (ctx) => {
        const ingested = await ingestPaths(ctx.db, paths, { log: ctx.log, embedder: createEmbedder(ctx.config, modelGuardFor(ctx.db, ctx.config)), limits: knowledgeInputLimits(ctx.config) });
        // New knowledge may answer what elders asked before: ask the waiting questions again.
        const gaps = ingested.documents.some((d) => d.status !== 'unchanged') ? await reask(ctx) : { asked: 0, nowAnswered: [] };
        const report = { ...ingested, gaps };
        const human = [
          ...report.documents.map((d) => `${{ added: '新增', updated: '更新', unchanged: '未变' }[d.status]}  ${d.title}${d.docNumber ? `（${d.docNumber}）` : ''}  ${d.chunks} 段`),
          ...report.rejected.map((r) => `未导入  ${r.userMessage}\n        ${r.reason}`),
          ...(gaps.asked ? [`重问了 ${gaps.asked} 个待解答的问题，现在能回答 ${gaps.nowAnswered.length} 个：`, ...gaps.nowAnswered.map((g) => `  ${g.question} → ${g.source}`)] : []),
        ].join('\n');
        printResult(opts, report, human || '没有可导入的文件。');
        if (report.rejected.length) {
          for (const r of report.rejected) if (opts.json) process.stderr.write(`${JSON.stringify({ error: { code: 'FILE_UNREADABLE', message: r.reason, userMessage: r.userMessage } })}\n`);
          process.exitCode = 1;
        }
      }),
    );
  kb.command('list')
    .description('列出知识库里的文件')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      runWithContext(opts, async (ctx) => {
        const documents = await listDocuments(ctx.db);
        printResult(
          opts,
          { documents },
          documents.length ? documents.map((d) => `${d.id}\t${d.source}\t${d.title}${d.docNumber ? `（${d.docNumber}）` : ''}\t${d.chunks} 段`).join('\n') : '知识库是空的。',
        );
      }),
    );
  kb.command('gaps')
    .description('知识缺口：知识库答不上或答得没把握的问题，按主题分组计数')
    .option('--since <date>', 'only questions asked on or after this day (YYYY-MM-DD)')
    .option('--limit <n>', 'questions shown per topic (all by default)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean; since?: string; limit?: string }) =>
      runWithContext(opts, async (ctx) => {
        if (opts.since && !/^\d{4}-\d{2}-\d{2}$/.test(opts.since)) throw new InputError(`bad --since: ${opts.since}`, '日期请写成 2026-05-01 这样的格式。');
        if (opts.limit && !/^\d+$/.test(opts.limit)) throw new InputError(`bad --limit: ${opts.limit}`, '--limit 请写一个整数。');
        const gaps = await listGaps(ctx.db, { ...(opts.since ? { since: new Date(`${opts.since}T00:00:00Z`) } : {}), ...(opts.limit ? { perTopic: Number(opts.limit) } : {}) });
        const human = gaps.total
          ? gaps.topics.map((t) => [`${t.topic}（${t.count}）`, ...t.questions.map((q) => `  ${q.askedAt.slice(0, 10)}  ${q.question}${q.closest ? `  ［最接近：《${q.closest.title}》${q.closest.article ?? ''}］` : ''}`)].join('\n')).join('\n')
          : '没有待解答的问题。';
        printResult(opts, gaps, human);
      }),
    );
  kb.command('remove')
    .description('从知识库删除一份文件（按编号或文件名）')
    .argument('<ref>', 'document id or source file name')
    .option('--json', 'print JSON')
    .action((ref: string, opts: { json?: boolean }) =>
      runWithContext(opts, async (ctx) => {
        const removed = await removeDocument(ctx.db, ref);
        printResult(opts, { removed }, `已删除：${removed.title}`);
      }),
    );
}
