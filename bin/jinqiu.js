#!/usr/bin/env node
// Runs the compiled dist/ when it is up to date with src/ (`npm ci` builds it), otherwise the
// TypeScript sources through tsx, so a tree edited after the last build still runs what is in src/.
// The compiled path matters for memory: tsx's loader costs about 90 MB of resident memory.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

// PGlite's 9 MB WebAssembly module is compiled on V8's worker threads by default; glibc keeps the
// memory they freed in per-thread arenas, about 40 MB that never goes back to the system. Compiling
// on the main thread instead costs no measurable start time or query speed (npm run bench).
v8.setFlagsFromString('--wasm-num-compilation-tasks=0');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function builtAt() {
  try {
    return fs.statSync(path.join(root, 'dist', '.built')).mtimeMs;
  } catch {
    return undefined;
  }
}

// Folders count too: removing or renaming a source changes only its folder's time. Relative names
// rather than Dirent.parentPath, which Node 20 has only from 20.12.
function newestSource(dir) {
  let newest = fs.statSync(dir).mtimeMs;
  for (const rel of fs.readdirSync(dir, { recursive: true })) {
    newest = Math.max(newest, fs.statSync(path.join(dir, rel)).mtimeMs);
  }
  return newest;
}

const built = builtAt();
if (built !== undefined && built >= newestSource(path.join(root, 'src'))) {
  await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
