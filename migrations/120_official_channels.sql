-- The official routes in China: the bureau's 服务号 (wechat_oa) and 企业微信 (wecom) for chat, 群机器人
-- (wecom_robot) for staff groups, SMS and TTS voice calls for elders without a chat account.

ALTER TABLE channel_accounts DROP CONSTRAINT channel_accounts_channel_check;
ALTER TABLE channel_accounts ADD CONSTRAINT channel_accounts_channel_check
  CHECK (channel IN ('wechat', 'telegram', 'web', 'cli', 'wechat_oa', 'wecom'));
-- The 服务号 may send 客服消息 only within 48 hours of the person's last message, click or follow.
ALTER TABLE channel_accounts ADD COLUMN last_inbound_at timestamptz;

ALTER TABLE chat_groups DROP CONSTRAINT chat_groups_channel_check;
ALTER TABLE chat_groups ADD CONSTRAINT chat_groups_channel_check
  CHECK (channel IN ('wechat', 'telegram', 'web', 'cli', 'wecom_robot'));

-- How staff want an elder greeted: auto (a bound chat account, else SMS, else a voice call, else the
-- staff call list), or one route first. Owned by people, next to the accounts it chooses between.
CREATE TABLE elder_contact_preferences (
  elder_id    bigint PRIMARY KEY REFERENCES elders(id) ON DELETE CASCADE,
  preference  text NOT NULL CHECK (preference IN ('auto', 'chat', 'sms', 'voice', 'staff_call')),
  set_by      text,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- A delivery with no account (SMS or a voice call to the ledger's phone) keeps the route chosen when it
-- was planned; the number itself is read from the ledger at send time. template_params: the short
-- values (称呼, 姓名, 场合, 日期) that SMS, voice and 模板消息 templates are filled with.
ALTER TABLE deliveries ADD COLUMN channel text CHECK (channel IS NULL OR channel IN ('sms', 'voice_call'));
ALTER TABLE deliveries ADD COLUMN template_params jsonb;

-- Every SMS and call the providers were asked for: per-number limits are counted here before a send,
-- and delivery receipts (回执) are written back by provider id.
CREATE TABLE phone_sends (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('sms', 'voice_call')),
  provider     text NOT NULL,
  phone        text NOT NULL,
  template     text,
  status       text NOT NULL CHECK (status IN ('sending', 'submitted', 'delivered', 'failed')),
  provider_id  text,                -- BizId / SerialNo / CallId
  error        text,
  receipt      jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  reported_at  timestamptz
);
CREATE INDEX phone_sends_phone ON phone_sends (phone, kind, created_at);
CREATE INDEX phone_sends_provider_id ON phone_sends (provider, provider_id);
