import { generateDemoElders } from '../src/ledgers/demo-ledger.ts';
import { celebrations } from '../eval/ledger/oracle-lib.ts';
import { birthdayKeysBetween, lunarBirthKey, solarBirthKey, toLunar } from '../src/kernel/calendar.ts';
const es = generateDemoElders(300, '2026-03-15').filter((e) => e.status === '在世');
const k = birthdayKeysBetween('2026-03-01', '2026-03-31');
for (const e of es) {
  const mine = e.lunar_birthday ? k.lunar.includes(lunarBirthKey(e.birth_date)) : k.solar.includes(solarBirthKey(e.birth_date));
  const theirs = celebrations({ birthDate: e.birth_date, lunarBirthday: e.lunar_birthday } as any, '2026-03-01', '2026-03-31').length > 0;
  if (mine !== theirs) console.log(e.name, e.birth_date, e.lunar_birthday, mine, theirs, JSON.stringify(toLunar(e.birth_date)), lunarBirthKey(e.birth_date));
}
console.log(k.lunar.join(' '));
