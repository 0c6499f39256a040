/**
 * `npm run bench`: runs every bench/*.bench.ts (each exports `run(): Promise<Record<string, unknown>>`)
 * and prints one JSON document. `npm run bench -- knowledge` runs only files whose name contains it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();
const results: Record<string, unknown> = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version } };
for (const f of files) {
  const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { run: () => Promise<Record<string, unknown>> };
  const name = f.replace(/\.bench\.ts$/, '');
  process.stderr.write(`bench: ${name}…\n`);
  try {
    results[name] = await mod.run();
  } catch (e) {
    results[name] = { error: e instanceof Error ? e.message : String(e) };
    process.exitCode = 1;
  }
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
