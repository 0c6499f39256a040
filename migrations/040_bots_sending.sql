-- Proactive WeChat sends per bot account and local day: the daily cap survives restarts, and a
-- frequency warning from WeChat stops proactive sending for the rest of that day.
CREATE TABLE wechat_send_days (
  account_id      text NOT NULL,                 -- the logged-in WeChat account (Wechaty user id)
  day             date NOT NULL,                 -- local day in JINQIU_TZ
  sent            int NOT NULL DEFAULT 0,
  stopped_reason  text,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, day)
);
