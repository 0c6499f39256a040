import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.ts';
import { lockDataDir } from '../../src/db/data-dir-lock.ts';
import { tmpDir } from '../helpers/tmp.ts';

describe('PGlite data folder lock', () => {
  const tmp = tmpDir('jq-lock-');
  afterEach(() => tmp.cleanup());

  it('a second opener of the same folder gets a clear error; after close it can open', async () => {
    const db = await openDatabase({ dataDir: tmp.dir });
    await expect(
      (async () => {
        // Another process holds it: simulate by a live pid that is not ours.
        const child = spawn(process.execPath, ['-e', 'setTimeout(()=>{}, 20000)']);
        try {
          await db.close();
          fs.writeFileSync(path.join(tmp.dir, 'jinqiu.lock'), String(child.pid));
          await openDatabase({ dataDir: tmp.dir });
        } finally {
          child.kill();
        }
      })(),
    ).rejects.toMatchObject({ code: 'DATA_DIR_LOCKED', message: expect.stringContaining(tmp.dir) });
  });

  it('within one process the lock is held until released', () => {
    const a = lockDataDir(tmp.dir);
    fs.writeFileSync(path.join(tmp.dir, 'jinqiu.lock'), String(process.ppid));
    expect(() => lockDataDir(tmp.dir)).toThrow(/in use by process/);
    a.release();
  });

  it('takes over a stale lock left by a dead process', async () => {
    fs.mkdirSync(tmp.dir, { recursive: true });
    fs.writeFileSync(path.join(tmp.dir, 'jinqiu.lock'), '999999');
    const db = await openDatabase({ dataDir: tmp.dir });
    expect(fs.readFileSync(path.join(tmp.dir, 'jinqiu.lock'), 'utf8')).toBe(String(process.pid));
    await db.close();
    expect(fs.existsSync(path.join(tmp.dir, 'jinqiu.lock'))).toBe(false);
  });
});
