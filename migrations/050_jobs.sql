-- Scheduled care: plans staff can read and change, campaigns (one per plan and day, or a staff 群发),
-- and the delivery outbox with one row per (recipient, occasion, date).

CREATE TABLE job_plans (
  key         text PRIMARY KEY,               -- birthday, milestone, festival:端午, song_liang, song_nuan, reminder:阅文会 …
  kind        text NOT NULL CHECK (kind IN ('greeting', 'visit_task', 'reminder')),
  title       text NOT NULL,                  -- what staff see: 生日祝福, 端午节祝福 …
  enabled     boolean NOT NULL DEFAULT true,
  send_time   text NOT NULL DEFAULT '08:30' CHECK (send_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  rule        jsonb NOT NULL DEFAULT '{}',    -- when it applies; shape depends on the key (see src/jobs/plans.ts)
  template    text NOT NULL,                  -- {称呼} {姓名} {年龄} {节日} {单位} {日期} …
  updated_by  text,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaigns (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_key      text REFERENCES job_plans(key) ON DELETE SET NULL,
  title         text NOT NULL,
  occasion      text NOT NULL,                -- the occasion its deliveries carry (birthday, festival:端午, campaign:12 …)
  occasion_date date NOT NULL,
  send_at       timestamptz NOT NULL,
  audience      jsonb NOT NULL DEFAULT '{}',
  body          text,                         -- staff-written text for a 群发; plans use their template
  status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'confirmed', 'cancelled')),
  created_by    text NOT NULL DEFAULT 'system',
  confirmed_by  text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  confirmed_at  timestamptz
);
-- One campaign per plan and day, however many schedulers plan it.
CREATE UNIQUE INDEX campaigns_plan_day ON campaigns (plan_key, occasion_date) WHERE plan_key IS NOT NULL;

CREATE TABLE deliveries (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id   bigint NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  recipient     text NOT NULL,                -- 'elder:12' or 'group:3': part of the exactly-once key
  occasion      text NOT NULL,
  occasion_date date NOT NULL,
  elder_id      bigint REFERENCES elders(id) ON DELETE CASCADE,
  group_id      bigint REFERENCES chat_groups(id) ON DELETE CASCADE,
  account_id    bigint REFERENCES channel_accounts(id) ON DELETE SET NULL,
  via           text CHECK (via IN ('elder', 'family', 'group')),
  body          text NOT NULL,
  send_at       timestamptz NOT NULL,
  -- pending → sending → sent | failed; call = no account, staff phone instead; uncertain = a crash
  -- between send and record, reported to staff and never re-sent blindly.
  status        text NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'uncertain', 'call', 'called', 'cancelled')),
  attempts      int NOT NULL DEFAULT 0,
  last_error    text,
  message_ids   text[],
  case_id       bigint REFERENCES cases(id) ON DELETE SET NULL,
  sending_at    timestamptz,
  sent_at       timestamptz,
  reported_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT deliveries_once UNIQUE (recipient, occasion, occasion_date),
  CONSTRAINT deliveries_target CHECK ((elder_id IS NULL) <> (group_id IS NULL))
);
CREATE INDEX deliveries_campaign ON deliveries (campaign_id, status);
CREATE INDEX deliveries_open ON deliveries (status, send_at) WHERE status IN ('pending', 'sending');
CREATE INDEX deliveries_unreported ON deliveries (status) WHERE reported_at IS NULL AND status IN ('failed', 'uncertain');

-- Defaults; staff change them with /计划 in chat or `jinqiu jobs plans`.
INSERT INTO job_plans (key, kind, title, send_time, rule, template) VALUES
  ('birthday', 'greeting', '生日祝福', '08:30', '{}',
   '{称呼}，您好！今天是您的生日，{单位}全体工作人员祝您生日快乐，福如东海，寿比南山！天气变化注意身体，有什么需要随时跟我们说。'),
  ('milestone', 'visit_task', '整寿生日必到', '09:00', '{"ages": [80, 85, 90, 95, 100], "daysBefore": 7}',
   '【生日必到】{日期} 是{镇}{姓名}（{年龄}岁）的生日，请提前安排上门看望，送上祝福。任务号 {任务号}。'),
  ('festival:春节', 'greeting', '春节祝福', '08:00', '{"festival": "春节"}',
   '{称呼}，新春快乐！{单位}给您拜年了，祝您阖家幸福、健康长寿！'),
  ('festival:元宵', 'greeting', '元宵节祝福', '08:30', '{"festival": "元宵"}',
   '{称呼}，元宵节快乐！祝您团团圆圆、身体安康。'),
  ('festival:清明', 'greeting', '清明节问候', '08:30', '{"festival": "清明"}',
   '{称呼}，清明时节天气多变，外出祭扫请注意安全、防寒保暖。{单位}惦记着您。'),
  ('festival:端午', 'greeting', '端午节祝福', '08:30', '{"festival": "端午"}',
   '{称呼}，端午节安康！{单位}祝您身体健康、万事顺心。'),
  ('festival:七一', 'greeting', '七一问候', '08:30', '{"festival": "七一", "partyMembersOnly": true}',
   '{称呼}，在党的生日到来之际，{单位}向您致以崇高的敬意和节日的问候！祝您身体健康！'),
  ('festival:八一', 'greeting', '八一问候', '08:30', '{"festival": "八一"}',
   '{称呼}，八一建军节快乐！向您致敬，祝您身体健康！'),
  ('festival:七夕', 'greeting', '七夕问候', '08:30', '{"festival": "七夕"}',
   '{称呼}，七夕快乐！祝您和家人和和美美。'),
  ('festival:中秋', 'greeting', '中秋节祝福', '08:30', '{"festival": "中秋"}',
   '{称呼}，中秋节快乐！月圆人团圆，{单位}祝您阖家幸福、健康长寿！'),
  ('festival:国庆', 'greeting', '国庆节祝福', '08:30', '{"festival": "国庆"}',
   '{称呼}，国庆节快乐！祝您节日愉快、身体健康！'),
  ('festival:重阳', 'greeting', '重阳节（老年节）祝福', '08:30', '{"festival": "重阳"}',
   '{称呼}，重阳节快乐！今天是老年节，{单位}祝您福寿安康，晚年幸福！'),
  ('festival:元旦', 'greeting', '元旦祝福', '08:30', '{"festival": "元旦"}',
   '{称呼}，新年好！{单位}祝您新的一年身体健康、心情舒畅！'),
  ('festival:腊八', 'greeting', '腊八问候', '08:30', '{"festival": "腊八"}',
   '{称呼}，今天是腊八节，记得喝碗热腊八粥，注意保暖。'),
  ('festival:小年', 'greeting', '小年问候', '08:30', '{"festival": "小年"}',
   '{称呼}，小年好！年味渐浓，{单位}提前祝您新春愉快。'),
  ('song_liang', 'greeting', '夏季送清凉', '08:30', '{"at": "初伏"}',
   '{称呼}，今天入伏了，天气炎热，请您多喝水、少出门、注意防暑。{单位}近期会上门送清凉，有需要随时联系我们。'),
  ('song_nuan', 'greeting', '冬季送温暖', '08:30', '{"daysBeforeSpringFestival": 10}',
   '{称呼}，春节快到了，{单位}近期将上门看望、送温暖。天冷路滑，请您注意保暖、小心出行。'),
  ('reminder:阅文会', 'reminder', '每月阅文会提醒', '09:00', '{"monthDays": [5]}',
   '【提醒】本月阅文会请按时组织，通知老干部参加，做好签到和记录。'),
  ('reminder:一进两看三查', 'reminder', '一进两看三查走访提醒', '09:00', '{"monthDays": [1, 16]}',
   '【提醒】请按计划开展一进两看三查走访：看精神面貌、健康状态，查子女照顾、住宿、用餐情况，走访后及时登记。'),
  ('reminder:年度体检', 'reminder', '年度体检提醒', '09:00', '{"month": 4, "day": 1}',
   '【提醒】今年的老干部年度体检请开始安排：联系医院、通知老干部、组织接送行动不便的老人。');
UPDATE job_plans SET enabled = false WHERE key = 'festival:八一';
