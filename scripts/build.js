#!/usr/bin/env node
// Compiles src/ to dist/ (same folder depth, so paths like ../../migrations still resolve) and copies
// the files that are not TypeScript. `npm ci` runs this through `prepare`; bin/jinqiu.js then runs the
// compiled code, which needs about 90 MB less memory than compiling TypeScript at run time with tsx.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');

// The stamp carries the time the sources were read, so a file saved while tsc runs counts as newer.
const startedAt = new Date();
fs.rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const res = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (res.status !== 0) {
  fs.rmSync(dist, { recursive: true, force: true });
  process.exit(res.status ?? 1);
}
for (const rel of fs.readdirSync(src, { recursive: true })) {
  const from = path.join(src, rel);
  if (rel.endsWith('.ts') || !fs.statSync(from).isFile()) continue;
  const to = path.join(dist, rel);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}
// Written last: bin/jinqiu.js trusts dist/ only when this stamp is newer than everything in src/.
const stamp = path.join(dist, '.built');
fs.writeFileSync(stamp, `${startedAt.toISOString()}\n`);
fs.utimesSync(stamp, startedAt, startedAt);
