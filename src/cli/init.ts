import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { JinqiuError, type ErrorCode } from '../kernel/errors.ts';
import { prepareData, type Prepared } from '../main.ts';
import { printResult, runWithContext } from './run-command.ts';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('准备数据目录：建库、升级表结构、演示台账、默认政策文件（start 首次会自动做）')
    .option('--no-demo', '空台账时也不填演示台账')
    .option('--json', 'print JSON')
    .action((opts: { demo: boolean; json?: boolean }) =>
      runWithContext(opts, async (ctx) => {
        const prepared = await prepareData(ctx, { demo: opts.demo });
        const docs = prepared.knowledge.documents;
        printResult(opts, prepared, `数据目录已就绪${prepared.demo.seeded ? `，演示台账 ${prepared.demo.elders} 人` : ''}${docs ? `，政策文件 ${docs} 份` : ''}。`);
      }),
    );
}

/**
 * Runs `jinqiu init` in a short-lived child process. The first start on a new folder does the heavy
 * one-time work there (initdb, the demo, indexing the regulations) because a WebAssembly heap never
 * shrinks: done in the long-running process, that work would stay resident (~680 MB instead of ~250 MB).
 * The child inherits the environment, so it prepares the same folder with the same settings.
 */
export function initInChildProcess(opts: { demo: boolean }): Promise<Prepared> {
  const args = [...process.execArgv, process.argv[1]!, 'init', '--json', ...(opts.demo ? [] : ['--no-demo'])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let failure: { code?: string; message?: string; userMessage?: string } | undefined;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    // Log lines pass through; the child's error document becomes start's own error, reported once.
    createInterface({ input: child.stderr }).on('line', (line) => {
      const doc = parseJson(line) as { error?: typeof failure } | undefined;
      if (doc?.error) failure = doc.error;
      else process.stderr.write(`${line}\n`);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const result = code === 0 ? (parseJson(out.trim().split('\n').pop() ?? '') as Prepared | undefined) : undefined;
      if (result) return resolve(result);
      const errCode = (failure?.code ?? 'DB_MIGRATION_FAILED') as ErrorCode;
      reject(new JinqiuError(errCode, failure?.message ?? `jinqiu init exited with ${code}`, { ...(failure?.userMessage ? { userMessage: failure.userMessage } : {}) }));
    });
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
