-- Logins to the web page. A session is a random id kept by the browser in an HttpOnly, SameSite=Strict
-- cookie; only its hash is stored, with a CSRF token every change must carry. 'simulator' sessions
-- (act as anyone) exist only while the page listens on loopback; 'staff' sessions are one staff member.
CREATE TABLE web_sessions (
  id_hash      text PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('simulator', 'staff')),
  staff_id     bigint REFERENCES staff(id) ON DELETE CASCADE,
  csrf         text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  CONSTRAINT web_sessions_staff CHECK ((kind = 'staff') = (staff_id IS NOT NULL))
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

-- A staff member signs in with a password an admin set (scrypt hash) or a one-time code sent to
-- their own bound chat account.
ALTER TABLE staff ADD COLUMN password_hash text;

CREATE TABLE web_login_codes (
  staff_id    bigint PRIMARY KEY REFERENCES staff(id) ON DELETE CASCADE,
  code_hash   text NOT NULL,
  expires_at  timestamptz NOT NULL,
  tries       int NOT NULL DEFAULT 0
);

-- Failed sign-ins per staff member, for a lock after repeated failures.
CREATE TABLE web_login_failures (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  staff_id  bigint REFERENCES staff(id) ON DELETE CASCADE,
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX web_login_failures_staff ON web_login_failures (staff_id, at);
