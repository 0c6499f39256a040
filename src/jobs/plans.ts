import { z } from 'zod';
import type { Queryable } from '../db/types.ts';
import { InputError } from '../kernel/errors.ts';

/** What each plan's rule may hold; unknown keys are rejected so a typo does not silently disable a plan. */
export const planRuleSchema = z
  .object({
    festival: z.string().optional(),
    partyMembersOnly: z.boolean().optional(),
    ages: z.array(z.number().int().min(1).max(130)).optional(),
    daysBefore: z.number().int().min(0).max(60).optional(),
    at: z.enum(['初伏']).optional(),
    daysBeforeSpringFestival: z.number().int().min(0).max(60).optional(),
    monthDays: z.array(z.number().int().min(1).max(31)).optional(),
    month: z.number().int().min(1).max(12).optional(),
    day: z.number().int().min(1).max(31).optional(),
    addressStyle: z.enum(['张老', '老张', '张老先生']).optional(),
    /** A visit reminder names the elders of each group's towns visited fewer times than this in the month (每月两次). */
    dueVisits: z.number().int().min(1).max(10).optional(),
  })
  .strict();
export type PlanRule = z.infer<typeof planRuleSchema>;

export interface Plan {
  key: string;
  kind: 'greeting' | 'visit_task' | 'reminder';
  title: string;
  enabled: boolean;
  sendTime: string;
  rule: PlanRule;
  template: string;
  updatedBy: string | null;
  updatedAt: string;
}

interface PlanRow {
  key: string;
  kind: Plan['kind'];
  title: string;
  enabled: boolean;
  send_time: string;
  rule: unknown;
  template: string;
  updated_by: string | null;
  updated_at: Date;
}

const toPlan = (r: PlanRow): Plan => ({
  key: r.key,
  kind: r.kind,
  title: r.title,
  enabled: r.enabled,
  sendTime: r.send_time,
  rule: planRuleSchema.parse(r.rule),
  template: r.template,
  updatedBy: r.updated_by,
  updatedAt: new Date(r.updated_at).toISOString(),
});

export async function listPlans(db: Queryable): Promise<Plan[]> {
  const { rows } = await db.query<PlanRow>('SELECT * FROM job_plans ORDER BY kind, key');
  return rows.map(toPlan);
}

export const planChangeSchema = z
  .object({
    enabled: z.boolean().optional(),
    sendTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 08:30').optional(),
    template: z.string().trim().min(4, '模板太短').max(500, '模板太长').optional(),
    rule: planRuleSchema.optional(),
  })
  .strict();
export type PlanChange = z.infer<typeof planChangeSchema>;

/** Changes a plan; takes effect from the next day it is planned (days already planned keep their text). */
export async function updatePlan(db: Queryable, key: string, change: PlanChange, by: string): Promise<Plan> {
  const parsed = planChangeSchema.safeParse(change);
  if (!parsed.success) {
    throw new InputError(`invalid plan change: ${parsed.error.message}`, `计划修改有误：${parsed.error.issues.map((i) => i.message).join('；')}`);
  }
  const c = parsed.data;
  const { rows } = await db.query<PlanRow>(
    `UPDATE job_plans SET
       enabled = COALESCE($2, enabled), send_time = COALESCE($3, send_time),
       template = COALESCE($4, template), rule = COALESCE($5::jsonb, rule),
       updated_by = $6, updated_at = now()
     WHERE key = $1 RETURNING *`,
    [key, c.enabled ?? null, c.sendTime ?? null, c.template ?? null, c.rule ? JSON.stringify(c.rule) : null, by],
  );
  if (!rows[0]) throw new InputError(`no plan ${key}`, `没有找到“${key}”这个计划。`);
  return toPlan(rows[0]);
}
