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

/**
 * PGlite is a single-process database: two processes writing one folder corrupt it.
 * A lock file holding the owner's pid keeps the second one out; a stale lock (dead pid) is taken over.
 */
export function lockDataDir(dir: string): DataDirLock {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new ConfigError(`JINQIU_DATA_DIR: ${dir} cannot be used as the data folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, e);
  }
  const file = path.join(dir, 'jinqiu.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          fs.rmSync(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new JinqiuError(
          'DATA_DIR_LOCKED',
          `data folder ${dir} is in use by process ${pid}; stop it first, or set JINQIU_DATA_DIR to another folder, or use DATABASE_URL for several processes`,
          { userMessage: '数据目录正被另一个金秋程序使用，请先关闭它。' },
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new JinqiuError('DATA_DIR_LOCKED', `could not lock data folder ${dir}`);
}
