import crypto from 'node:crypto';
import type { Command } from 'commander';
import type { InboundMessage, OutboundMessage } from '../chat/message.ts';
import { InputError } from '../kernel/errors.ts';
import { takeAccountNotices } from '../notices/outbox.ts';
import { createServices, ensureKnowledge, type AppContext } from '../main.ts';
import { printResult, runWithContext } from './run-command.ts';
import { findGroupId } from '../people/groups.ts';
import { writeAudit } from '../privacy/audit.ts';

/**
 * `jinqiu chat --as <identity> [--group <id>] "<message>"`: one turn through the same agent the bots
 * use, on the local 'cli' channel where the identity names the speaker. Conversation state lives in
 * the database, so consecutive calls continue one conversation.
 */
interface ChatOptions {
  as: string;
  group?: string;
  json?: boolean;
}

const IDENTITY = /^(?:elder:.+|staff:\d+|family:.+|unknown(?::.+)?)$/;

export function describeReply(m: OutboundMessage): string | Record<string, unknown> {
  if (m.kind === 'text') return m.text;
  const { data, ...rest } = m;
  return { ...rest, bytes: data.length };
}

async function groupThread(ctx: AppContext, group: string): Promise<string> {
  const id = await findGroupId(ctx.db, group);
  if (id === null) throw new InputError(`no chat group ${group}`, `没有找到这个群：${group}`);
  return `group:${id}`;
}

export function registerChat(program: Command): void {
  program
    .command('chat')
    .description('以某个身份发一条消息，经过与机器人相同的处理')
    .requiredOption('--as <identity>', 'elder:ID | elder:姓名 | staff:ID | family:ID | unknown')
    .option('--group <id>', 'send inside this group chat')
    .option('--json', 'print JSON')
    .argument('<message>')
    .action((message: string, opts: ChatOptions) =>
      runWithContext(opts, async (ctx) => {
        const as = opts.as.trim();
        if (!IDENTITY.test(as)) throw new InputError(`bad --as ${as}`, '身份格式不对，请用 elder:编号、elder:姓名、staff:编号、family:编号 或 unknown');
        const threadId = opts.group ? await groupThread(ctx, opts.group) : 'cli';
        const msg: InboundMessage = {
          id: crypto.randomUUID(),
          channel: 'cli',
          threadId,
          chatKind: opts.group ? 'group' : 'private',
          author: { id: as },
          text: message,
          attachments: [],
          mentionsBot: true,
          receivedAt: new Date(),
        };
        // The same agent, knowledge and staff skills the bots get (main.ts createServices).
        await ensureKnowledge(ctx);
        const services = await createServices(ctx);
        const turn = await services.agent.handle(msg).finally(() => services.jobs.close());
        // The operator speaks as someone else and reads what that person would read: audited as the CLI.
        const elderId = /^elder:(\d+)$/.exec(as)?.[1];
        await writeAudit(ctx.db, { actor: 'cli', action: 'chat.as', channel: 'cli', query: { as, group: opts.group ?? null, intent: turn.intent }, question: message.slice(0, 200), ...(elderId ? { elderIds: [Number(elderId)] } : {}), rowCount: 1 });
        // What the bot would have sent this person on its own (e.g. "your case is closed").
        const notices = turn.accountId ? await takeAccountNotices(ctx.db, turn.accountId) : [];
        const replies = turn.replies.map(describeReply);
        printResult(
          opts,
          { replies, intent: turn.intent, caseId: turn.caseId ?? null, ...(notices.length ? { notices: notices.map(describeReply) } : {}) },
          [...replies.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))), turn.caseId ? `（编号 ${turn.caseId}）` : ''].filter(Boolean).join('\n\n'),
        );
      }),
    );
}
