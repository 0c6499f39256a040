import { lunarBirthKey } from '../src/kernel/calendar.ts';
import { addDays } from '../src/kernel/time.ts';
const t0 = performance.now(); let n = 0;
for (let d = '1924-01-01'; d < '1964-01-01'; d = addDays(d, 1)) { lunarBirthKey(d); n++; }
console.log(n, performance.now() - t0);
