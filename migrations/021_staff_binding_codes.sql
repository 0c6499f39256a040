-- One-time codes can also bind a staff member's WeChat or Telegram account (issued by an admin
-- with `/员工码 <姓名>`), so staff are recognised by the account they write from.
ALTER TABLE binding_codes ALTER COLUMN elder_id DROP NOT NULL;
ALTER TABLE binding_codes ADD COLUMN staff_id bigint REFERENCES staff(id) ON DELETE CASCADE;
ALTER TABLE binding_codes DROP CONSTRAINT binding_codes_kind_check;
ALTER TABLE binding_codes ADD CONSTRAINT binding_codes_kind_check CHECK (kind IN ('elder', 'family', 'staff'));
ALTER TABLE binding_codes ADD CONSTRAINT binding_codes_target CHECK (
  (kind = 'staff' AND staff_id IS NOT NULL AND elder_id IS NULL) OR
  (kind <> 'staff' AND elder_id IS NOT NULL AND staff_id IS NULL));
