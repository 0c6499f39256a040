import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, JinqiuError } from '../kernel/errors.ts';

export interface DataDirLock {
  release(): void;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const code = (e: unknown) => (e as NodeJS.ErrnoException).code;

function readPid(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch (e) {
    if (code(e) === 'ENOENT') return null;
    throw e;
  }
}

const inUse = (dir: string, pid: number) =>
  new JinqiuError(
    'DATA_DIR_LOCKED',
    `data folder ${dir} is in use by process ${pid}; stop it first, or set JINQIU_DATA_DIR to another folder, or use DATABASE_URL for several processes`,
    { userMessage: '数据目录正被另一个金秋程序使用，请先关闭它。' },
  );

/**
 * PGlite is a single-process database: two processes writing one folder corrupt it. The lock file
 * holds the owner's pid and appears atomically: the pid is written to a private temporary file first
 * and link(2) puts it in place, which fails if a lock is already there, so no one ever sees a lock
 * file without its pid. A stale lock (dead pid) is moved aside with rename(2) before it is deleted,
 * and the moved file is checked: if another process had already replaced it with its own live lock,
 * that lock is linked back and this process gives up.
 */
export function lockDataDir(dir: string): DataDirLock {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new ConfigError(`JINQIU_DATA_DIR: ${dir} cannot be used as the data folder (${code(e) ?? (e as Error).message})`, e);
  }
  const file = path.join(dir, 'jinqiu.lock');
  const unique = () => `${file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}`;
  const tmp = unique();
  fs.writeFileSync(tmp, String(process.pid), { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        fs.linkSync(tmp, file);
        const ino = fs.statSync(file).ino;
        let released = false;
        return {
          release() {
            if (released) return;
            released = true;
            // Only our own lock file: never one another process put there after a takeover.
            const st = fs.statSync(file, { throwIfNoEntry: false });
            if (st?.ino === ino) fs.rmSync(file, { force: true });
          },
        };
      } catch (e) {
        if (code(e) !== 'EEXIST') throw e;
      }
      const pid = readPid(file);
      if (pid !== null && pid !== process.pid && processAlive(pid)) throw inUse(dir, pid);
      // Stale (dead pid, our own pid from an earlier open, or no pid at all): move it aside, then look at what was moved.
      const aside = unique();
      try {
        fs.renameSync(file, aside);
      } catch (e) {
        if (code(e) === 'ENOENT') continue; // someone else moved it first: try again
        throw e;
      }
      const moved = readPid(aside);
      if (moved !== null && moved !== process.pid && processAlive(moved)) {
        // Between our read and our rename another process took the stale lock over: give it back.
        try {
          fs.linkSync(aside, file);
        } catch (e) {
          if (code(e) !== 'EEXIST') throw e;
        }
        fs.rmSync(aside, { force: true });
        throw inUse(dir, moved);
      }
      fs.rmSync(aside, { force: true });
    }
    throw new JinqiuError('DATA_DIR_LOCKED', `could not lock data folder ${dir}`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
