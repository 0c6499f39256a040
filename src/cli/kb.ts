import type { Command } from 'commander';
import { createEmbedder } from '../knowledge/embeddings.ts';
import { ingestPaths } from '../knowledge/ingest.ts';
import { listDocuments, removeDocument } from '../knowledge/store.ts';
import { knowledgeInputLimits } from '../kernel/input-file.ts';
import { printResult, runWithContext } from './run-command.ts';

export function registerKb(program: Command): void {
  const kb = program.command('kb').description('知识库：政策法规');
  kb.command('ingest')
    .description('导入或更新文件（txt、md、docx、pdf、html；同名文件内容变了就替换，没变就跳过）')
    .argument('<paths...>', 'files or folders')
    .option('--json', 'print JSON')
    .action((paths: string[], opts: { json?: boolean }) =>
      runWithContext(opts, async (ctx) => {
        const report = await ingestPaths(ctx.db, paths, { log: ctx.log, embedder: createEmbedder(ctx.config), limits: knowledgeInputLimits(ctx.config) });
        const human = [
          ...report.documents.map((d) => `${{ added: '新增', updated: '更新', unchanged: '未变' }[d.status]}  ${d.title}${d.docNumber ? `（${d.docNumber}）` : ''}  ${d.chunks} 段`),
          ...report.rejected.map((r) => `未导入  ${r.userMessage}\n        ${r.reason}`),
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
