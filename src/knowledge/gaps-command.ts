import { text } from '../chat/message.ts';
import type { StaffCommand } from '../chat/staff-command.ts';
import type { Queryable } from '../db/types.ts';
import { listGaps } from './gaps.ts';

/** Topics shown in chat, and questions under each: a chat message stays short enough to read. */
const TOPICS_SHOWN = 8;
const QUESTIONS_SHOWN = 3;

/**
 * `/知识缺口`: what elders asked that the knowledge base could not answer (or answered weakly),
 * grouped by topic with counts, so staff know which local documents to add (`jinqiu kb ingest`).
 * Questions only, never who asked: the list is fit for a staff group.
 */
export function createGapsCommand(deps: { db: Queryable }): StaffCommand {
  return {
    name: '知识缺口',
    aliases: ['缺口', '答不上的问题'],
    minRole: 'staff',
    help: '/知识缺口 —— 老同志问了、知识库答不上的问题（按主题计数），好补充本地文件',
    intent: 'staff_kb_gaps',
    async run() {
      const gaps = await listGaps(deps.db, { perTopic: QUESTIONS_SHOWN });
      if (!gaps.total) return { replies: [text('目前没有答不上的问题。')], intent: 'staff_kb_gaps' };
      const lines = [`知识库答不上的问题共 ${gaps.total} 个，按主题：`];
      for (const t of gaps.topics.slice(0, TOPICS_SHOWN)) {
        lines.push(`【${t.topic}】${t.count} 个`);
        for (const q of t.questions) lines.push(`  · ${q.question.length > 40 ? `${q.question.slice(0, 40)}…` : q.question}`);
      }
      if (gaps.topics.length > TOPICS_SHOWN) lines.push(`另有 ${gaps.topics.length - TOPICS_SHOWN} 个主题，完整清单：jinqiu kb gaps`);
      lines.push('补充文件后用 jinqiu kb ingest 导入，系统会把这些问题重新回答一遍。');
      return { replies: [text(lines.join('\n'))], intent: 'staff_kb_gaps' };
    },
  };
}
