import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.ts';
import { lockDataDir } from '../../src/db/data-dir-lock.ts';
import { tmpDir } from '../helpers/tmp.ts';

describe('PGlite data folder lock', () => {
  const tmp = tmpDir('jq-lock-');
  const lockFile = path.join(tmp.dir, 'jinqiu.lock');
  afterEach(() => tmp.cleanup());

  it('a second opener of the same folder gets a clear error; once the holder is gone it can open', async () => {
    await (await openDatabase({ dataDir: tmp.dir })).close();
    // Another process holds it: a live pid that is not ours.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(()=>{}, 20000)']);
    try {
      fs.writeFileSync(lockFile, String(holder.pid));
      await expect(openDatabase({ dataDir: tmp.dir })).rejects.toMatchObject({ code: 'DATA_DIR_LOCKED', message: expect.stringContaining(tmp.dir) });
    } finally {
      holder.kill();
      await once(holder, 'exit');
    }
    const db = await openDatabase({ dataDir: tmp.dir });
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
    await db.close();
  });

  it('the lock file names its holder, refuses while another live process holds it, and goes on release', () => {
    const a = lockDataDir(tmp.dir);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
    fs.writeFileSync(lockFile, String(process.ppid));
    expect(() => lockDataDir(tmp.dir)).toThrow(/in use by process/);
    a.release();
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('takes over a stale lock left by a dead process', async () => {
    fs.mkdirSync(tmp.dir, { recursive: true });
    fs.writeFileSync(lockFile, '999999');
    const db = await openDatabase({ dataDir: tmp.dir });
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
    await db.close();
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});
