import type { Command } from 'commander';
import { createPolicyAnswerer } from '../knowledge/policy-answerer.ts';
import { ensureKnowledge } from '../main.ts';
import { printResult, runWithContext } from './run-command.ts';

export function registerAsk(program: Command): void {
  program
    .command('ask')
    .description('政策问答：回答并注明出处；找不到就如实说')
    .argument('<question>')
    .option('--json', 'print JSON')
    .action((question: string, opts: { json?: boolean }) =>
      runWithContext(opts, async (ctx) => {
        await ensureKnowledge(ctx);
        const answerer = createPolicyAnswerer({ db: ctx.db, config: ctx.config, log: ctx.log });
        const result = await answerer.answer(question);
        printResult(opts, result, result.answer);
      }),
    );
}
