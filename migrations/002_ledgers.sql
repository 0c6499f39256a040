-- The 基本信息台账 and everything hanging off it.

CREATE TABLE elders (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id      text UNIQUE,              -- an id column from the office's own sheet (编号), when present
  name             text NOT NULL,
  gender           text CHECK (gender IN ('男', '女')),
  birth_date       date NOT NULL,
  lunar_birthday   boolean NOT NULL DEFAULT false,  -- celebrates the 农历 date that birth_date falls on
  category         text CHECK (category IN ('离休', '退休')),
  former_unit      text,
  former_post      text,
  party_member     boolean,
  party_branch     text,
  town             text,
  village          text,
  address          text,
  phone            text,
  health           text,                      -- 身体状况, free text (患高血压、糖尿病 …)
  mobility         text CHECK (mobility IN ('好', '行动不便', '卧床')),
  lives_alone      boolean NOT NULL DEFAULT false,
  widowed          boolean NOT NULL DEFAULT false,
  children         text,
  emergency_contact text,
  emergency_phone  text,
  needs            text,
  notes            text,
  status           text NOT NULL DEFAULT '在世' CHECK (status IN ('在世', '已故')),
  death_date       date,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT elders_death_date_only_when_deceased CHECK (death_date IS NULL OR status = '已故')
);
-- Same name and birth date is the same person (how offices identify people without an id column).
CREATE UNIQUE INDEX elders_name_birth ON elders (name, birth_date);
CREATE INDEX elders_town ON elders (town, village);
CREATE INDEX elders_birth_md ON elders ((extract(month FROM birth_date)), (extract(day FROM birth_date)));

CREATE TABLE family_contacts (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elder_id    bigint NOT NULL REFERENCES elders(id) ON DELETE CASCADE,
  name        text NOT NULL,
  relation    text,                           -- 儿子, 女儿, 老伴 …
  phone       text,
  is_emergency boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (elder_id, name)
);

-- 体质健康档案
CREATE TABLE health_records (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elder_id      bigint NOT NULL REFERENCES elders(id) ON DELETE CASCADE,
  checkup_date  date NOT NULL,
  findings      text NOT NULL,
  follow_up     text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX health_records_elder ON health_records (elder_id, checkup_date DESC);

CREATE TABLE staff (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL,
  phone       text,
  role        text NOT NULL CHECK (role IN ('admin', 'staff', 'liaison')),
  towns       text[] NOT NULL DEFAULT '{}',   -- empty for admin means every town
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- A WeChat / Telegram / simulator identity and who it has been proven to be.
CREATE TABLE channel_accounts (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel      text NOT NULL CHECK (channel IN ('wechat', 'telegram', 'web', 'cli')),
  external_id  text NOT NULL,
  display_name text,
  kind         text NOT NULL DEFAULT 'unknown' CHECK (kind IN ('unknown', 'elder', 'family', 'staff')),
  elder_id     bigint REFERENCES elders(id) ON DELETE SET NULL,
  staff_id     bigint REFERENCES staff(id) ON DELETE SET NULL,
  relation     text,                           -- for family: 儿子, 女儿 …
  bound_at     timestamptz,
  unreachable  boolean NOT NULL DEFAULT false,  -- blocked the bot; never retried
  voice_reply  boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel, external_id),
  CONSTRAINT channel_accounts_binding CHECK (
    (kind = 'unknown' AND elder_id IS NULL AND staff_id IS NULL) OR
    (kind IN ('elder', 'family') AND elder_id IS NOT NULL AND staff_id IS NULL) OR
    (kind = 'staff' AND staff_id IS NOT NULL AND elder_id IS NULL))
);
CREATE INDEX channel_accounts_elder ON channel_accounts (elder_id);

CREATE TABLE chat_groups (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel      text NOT NULL CHECK (channel IN ('wechat', 'telegram', 'web', 'cli')),
  external_id  text NOT NULL,
  name         text,
  kind         text NOT NULL CHECK (kind IN ('staff', 'elder')),
  towns        text[] NOT NULL DEFAULT '{}',   -- which towns' notifications it receives; empty = all
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel, external_id)
);

-- 诉求: a case is written before the elder is told it was received.
CREATE TABLE cases (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  number       text NOT NULL UNIQUE,           -- JY-2026-0001
  kind         text NOT NULL,                  -- jieyou, legal, life_event, help, urgent, handoff, …
  subkind      text,                           -- 住院, 病故, 再婚, 生日, 意外 …
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'closed')),
  urgent       boolean NOT NULL DEFAULT false,
  elder_id     bigint REFERENCES elders(id) ON DELETE SET NULL,
  account_id   bigint REFERENCES channel_accounts(id) ON DELETE SET NULL,
  summary      text NOT NULL,
  details      jsonb NOT NULL DEFAULT '{}',
  assignee_id  bigint REFERENCES staff(id) ON DELETE SET NULL,
  due_at       timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  closed_at    timestamptz
);
CREATE INDEX cases_open ON cases (status, created_at) WHERE status <> 'closed';
CREATE INDEX cases_elder ON cases (elder_id);

CREATE TABLE case_counters (
  prefix  text NOT NULL,
  year    int NOT NULL,
  last    int NOT NULL,
  PRIMARY KEY (prefix, year)
);

CREATE TABLE case_events (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id   bigint NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  at        timestamptz NOT NULL DEFAULT now(),
  actor     text NOT NULL,                     -- 'elder:12', 'staff:3', 'system'
  kind      text NOT NULL,                     -- created, detail, assigned, note, closed, notified
  note      text
);
CREATE INDEX case_events_case ON case_events (case_id, at);

-- 走访: 一进两看三查
CREATE TABLE visits (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elder_id       bigint NOT NULL REFERENCES elders(id) ON DELETE CASCADE,
  staff_id       bigint REFERENCES staff(id) ON DELETE SET NULL,
  visited_on     date NOT NULL,
  spirit         text,   -- 精神面貌
  health         text,   -- 健康状态
  children_care  text,   -- 子女照顾态度
  housing        text,   -- 住宿情况
  meals          text,   -- 用餐情况
  notes          text,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visits_elder ON visits (elder_id, visited_on DESC);

-- Who read or exported whose personal data, when, with what query.
CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,                   -- 'staff:3', 'cli', 'system'
  action      text NOT NULL,                   -- ledger.query, ledger.export, ledger.import, elder.view …
  channel     text,
  query       jsonb,
  elder_ids   bigint[],
  row_count   int
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Conversation state between turns (slot filling, confused-turn counter, numbered menus).
CREATE TABLE conversations (
  channel     text NOT NULL,
  thread_id   text NOT NULL,
  author_id   text NOT NULL,
  state       jsonb NOT NULL DEFAULT '{}',
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, thread_id, author_id)
);

-- The same update delivered twice is handled once.
CREATE TABLE inbound_messages (
  channel      text NOT NULL,
  message_id   text NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, message_id)
);

CREATE TABLE settings (
  key    text PRIMARY KEY,
  value  jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The 患病/丧偶/独居 ledgers are views of the one ledger, never copies.
CREATE VIEW elders_ill AS
  SELECT * FROM elders
  WHERE status = '在世' AND health IS NOT NULL AND btrim(health) <> ''
    AND health !~ '^(良好|健康|好|较好|一般|正常|无)$';
CREATE VIEW elders_widowed AS
  SELECT * FROM elders WHERE status = '在世' AND widowed;
CREATE VIEW elders_alone AS
  SELECT * FROM elders WHERE status = '在世' AND lives_alone;
