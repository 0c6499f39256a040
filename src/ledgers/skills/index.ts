import type { StaffCommand, StaffSkill } from '../../chat/staff-command.ts';
import type { Db } from '../../db/types.ts';
import type { LedgerQueryService } from '../query/run.ts';
import { createEdits } from './edit-skill.ts';
import { createLedgerQuery } from './ledger-query-skill.ts';
import { createRecordCommand } from './record-skill.ts';
import { createVisits } from './visit-skill.ts';
import { createContactPreferenceCommand } from './contact-preference-skill.ts';

/**
 * What the ledgers offer staff in chat: /查询 /档案 /走访 /修改 /问候方式, and free text: an edit's
 * confirmation or an edit in words, a visit told in plain words, then ledger questions and their
 * follow-ups (in that order).
 */
export function createLedgerStaffTools(deps: { db: Db; service: LedgerQueryService; timeZone?: string }): { commands: StaffCommand[]; skills: StaffSkill[] } {
  const query = createLedgerQuery({ db: deps.db, service: deps.service, ...(deps.timeZone ? { timeZone: deps.timeZone } : {}) });
  const visits = createVisits({ db: deps.db });
  const edits = createEdits({ db: deps.db });
  return {
    commands: [query.command, createRecordCommand({ db: deps.db }), visits.command, edits.command, createContactPreferenceCommand({ db: deps.db })],
    skills: [edits.skill, visits.skill, query.skill],
  };
}
