-- The agent: one-time binding codes, binding attempts (lock after three wrong tries), and the
-- notice outbox through which case notices reach staff groups and elders.

-- A one-time code staff issue (`/绑定码 张建国`) that the elder or a family member sends back.
CREATE TABLE binding_codes (
  code        text PRIMARY KEY,                 -- six digits
  elder_id    bigint NOT NULL REFERENCES elders(id) ON DELETE CASCADE,
  kind        text NOT NULL DEFAULT 'elder' CHECK (kind IN ('elder', 'family')),
  relation    text,                             -- for family codes: 儿子, 女儿 …
  issued_by   bigint REFERENCES staff(id) ON DELETE SET NULL,
  issued_at   timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  used_by     bigint REFERENCES channel_accounts(id) ON DELETE SET NULL
);
CREATE INDEX binding_codes_elder ON binding_codes (elder_id);

-- Every binding try (code or name + phone digits); three wrong ones in a day lock the account.
CREATE TABLE binding_attempts (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id  bigint NOT NULL REFERENCES channel_accounts(id) ON DELETE CASCADE,
  at          timestamptz NOT NULL DEFAULT now(),
  method      text NOT NULL CHECK (method IN ('code', 'name_phone')),
  ok          boolean NOT NULL
);
CREATE INDEX binding_attempts_account ON binding_attempts (account_id, at);

-- Outbox: a case notice is a row before anyone tries to send it, so it is never lost.
-- target 'group' rows go to one chat_groups row; 'account' rows go to one person's private chat.
-- group_id is NULL only when no staff group exists at all: the notice waits until one is registered.
CREATE TABLE staff_notices (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  target       text NOT NULL CHECK (target IN ('group', 'account')),
  group_id     bigint REFERENCES chat_groups(id) ON DELETE CASCADE,
  account_id   bigint REFERENCES channel_accounts(id) ON DELETE CASCADE,
  towns        text[],                          -- what the notice was addressed to (NULL: every staff group)
  case_id      bigint REFERENCES cases(id) ON DELETE SET NULL,
  messages     jsonb NOT NULL,                  -- OutboundMessage[]; binary data base64-encoded
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'claimed', 'sent', 'failed')),
  attempts     int NOT NULL DEFAULT 0,
  available_at timestamptz NOT NULL DEFAULT now(),
  claimed_at   timestamptz,
  sent_at      timestamptz,
  last_error   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT staff_notices_target CHECK (
    (target = 'group' AND account_id IS NULL) OR (target = 'account' AND account_id IS NOT NULL AND group_id IS NULL))
);
CREATE INDEX staff_notices_pending ON staff_notices (available_at, id) WHERE status IN ('pending', 'claimed');
CREATE INDEX staff_notices_case ON staff_notices (case_id);
