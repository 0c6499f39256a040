import type { StaffSkill } from '../../chat/ports.ts';
import type { Db } from '../../db/types.ts';
import type { Logger } from '../../kernel/logger.ts';
import { LedgerQueryService, type QueryPlanner } from '../query/run.ts';
import { createLedgerQuerySkill } from './ledger-query-skill.ts';
import { createRecordSkill } from './record-skill.ts';
import { createVisitSkill } from './visit-skill.ts';

export interface LedgerSkillDeps {
  db: Db;
  timeZone: string;
  log?: Logger;
  /** Optional LLM planner for questions the offline parser only partly understands. */
  planner?: QueryPlanner;
}

/** The staff skills of the ledgers, in the order a router should try them: /档案, 走访, questions. */
export function createLedgerSkills(deps: LedgerSkillDeps): StaffSkill[] {
  const service = new LedgerQueryService(deps.db, deps.planner ? { planner: deps.planner } : {});
  return [
    createRecordSkill({ db: deps.db, timeZone: deps.timeZone }),
    createVisitSkill({ db: deps.db, timeZone: deps.timeZone }),
    createLedgerQuerySkill({ db: deps.db, service, timeZone: deps.timeZone, log: deps.log }),
  ];
}
