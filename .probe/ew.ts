import { editWords } from '../src/ledgers/edit-words.ts';
for (const t of process.argv.slice(2)) console.log(t, JSON.stringify(editWords(t, '2026-12-01')));
