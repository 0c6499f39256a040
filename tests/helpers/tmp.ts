import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A temp folder removed by the returned cleanup. */
export function tmpDir(prefix = 'jinqiu-'): { dir: string; file(name: string, data?: string | Buffer): string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    file(name, data) {
      const p = path.join(dir, name);
      if (data !== undefined) fs.writeFileSync(p, data);
      return p;
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
