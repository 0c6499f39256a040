-- Staff ledger questions (issue 14).
--
-- Birthdays by the calendar each elder keeps: the lunar month-day of the birth date ('0610', '0610L'
-- for a leap month), written by the application (src/ledgers/lunar-keys.ts) for every elder keeping a
-- 农历 birthday whose key was not computed from the present birth date, so an import or an edit never
-- leaves a stale key behind.
ALTER TABLE elders ADD COLUMN IF NOT EXISTS lunar_md text;
ALTER TABLE elders ADD COLUMN IF NOT EXISTS lunar_md_of date;
CREATE INDEX IF NOT EXISTS elders_lunar_md_stale ON elders (id) WHERE lunar_birthday AND lunar_md_of IS DISTINCT FROM birth_date;

-- Visits by day (this month's visits, who has not been visited) and by the staff member who went.
CREATE INDEX IF NOT EXISTS visits_day ON visits (visited_on, elder_id);
CREATE INDEX IF NOT EXISTS visits_staff ON visits (staff_id, visited_on);

-- What a staff member asked last in one chat, so "其中…的呢", "他们的电话", "导出", "画个图" and
-- "确认" (an edit waiting for its confirmation) continue it. One row per staff member and chat.
CREATE TABLE IF NOT EXISTS ledger_chat_context (
  staff_id    bigint NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  channel     text NOT NULL,
  thread_id   text NOT NULL,
  state       jsonb NOT NULL DEFAULT '{}',
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (staff_id, channel, thread_id)
);

-- The 一进两看三查 reminder names who is still due this month (每月两次).
UPDATE job_plans SET rule = rule || '{"dueVisits": 2}'::jsonb WHERE key = 'reminder:一进两看三查' AND NOT rule ? 'dueVisits';

-- Birthday questions read solar birthdays by month-day and lunar ones by their key; these two small
-- partial indexes let PostgreSQL answer "本月谁过生日" from a bitmap instead of every row.
CREATE INDEX IF NOT EXISTS elders_solar_md ON elders (((extract(month FROM birth_date) * 100 + extract(day FROM birth_date)))) WHERE NOT lunar_birthday;
CREATE INDEX IF NOT EXISTS elders_lunar_md ON elders (lunar_md) WHERE lunar_birthday;
