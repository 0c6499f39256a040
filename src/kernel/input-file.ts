import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { Config } from './config.ts';
import { FileError } from './errors.ts';

/**
 * Checks a file someone hands us (a ledger, a policy document) BEFORE any parser sees it: only a
 * regular file (a symlink could point at /etc/passwd, a FIFO would hang the read, a device never
 * ends), no bigger than a cap, and for zip-based formats (xlsx, docx) a central directory whose entry
 * count and total uncompressed size are under caps. The declared sizes are then verified by
 * streaming each counted entry through a byte counter (yauzl stops at the first byte past the
 * declared size), so a zip that lies about its sizes is refused without ever being held in memory.
 * Parsers hold a multiple of the expanded XML (ExcelJS about 12x, mammoth about 36x): the caps are
 * what keeps one bad file from taking the process past its memory.
 */
export interface InputLimits {
  /** Bytes on disk. */
  maxBytes: number;
  zip: {
    /** Sum of the uncompressed sizes of the entries a parser expands. */
    maxUnzippedBytes: number;
    maxEntries: number;
    /** Entries the parser never expands (a docx's images, for raw text): listed and counted, not summed. */
    notExpanded?: RegExp;
  };
}

export interface CheckedInput {
  size: number;
  zip?: { entries: number; unzippedBytes: number };
}

const MB = 1024 * 1024;

/** The defaults, also the config's defaults (README, configuration table). */
export const INPUT_DEFAULTS = {
  ledgerMaxMb: 20,
  ledgerMaxUnzippedMb: 64,
  kbMaxMb: 50,
  kbMaxUnzippedMb: 16,
  kbMaxTextMb: 4,
  zipMaxEntries: 2000,
  pdfMaxPages: 2000,
} as const;

type LimitConfig = Partial<
  Pick<Config, 'JINQIU_LEDGER_MAX_MB' | 'JINQIU_LEDGER_MAX_UNZIPPED_MB' | 'JINQIU_KB_MAX_MB' | 'JINQIU_KB_MAX_UNZIPPED_MB' | 'JINQIU_KB_MAX_TEXT_MB' | 'JINQIU_ZIP_MAX_ENTRIES' | 'JINQIU_PDF_MAX_PAGES'>
>;

export function ledgerInputLimits(cfg: LimitConfig = {}): InputLimits {
  return {
    maxBytes: (cfg.JINQIU_LEDGER_MAX_MB ?? INPUT_DEFAULTS.ledgerMaxMb) * MB,
    // ExcelJS expands everything, images included.
    zip: { maxUnzippedBytes: (cfg.JINQIU_LEDGER_MAX_UNZIPPED_MB ?? INPUT_DEFAULTS.ledgerMaxUnzippedMb) * MB, maxEntries: cfg.JINQIU_ZIP_MAX_ENTRIES ?? INPUT_DEFAULTS.zipMaxEntries },
  };
}

export interface KnowledgeInputLimits extends InputLimits {
  /** txt/md/html files, and the text extracted from any format. */
  maxTextBytes: number;
  maxPdfPages: number;
}

export function knowledgeInputLimits(cfg: LimitConfig = {}): KnowledgeInputLimits {
  return {
    maxBytes: (cfg.JINQIU_KB_MAX_MB ?? INPUT_DEFAULTS.kbMaxMb) * MB,
    zip: {
      maxUnzippedBytes: (cfg.JINQIU_KB_MAX_UNZIPPED_MB ?? INPUT_DEFAULTS.kbMaxUnzippedMb) * MB,
      maxEntries: cfg.JINQIU_ZIP_MAX_ENTRIES ?? INPUT_DEFAULTS.zipMaxEntries,
      // Raw-text extraction never decodes embedded pictures or objects; scanned attachments are common.
      notExpanded: /^word\/(media|embeddings)\//,
    },
    maxTextBytes: (cfg.JINQIU_KB_MAX_TEXT_MB ?? INPUT_DEFAULTS.kbMaxTextMb) * MB,
    maxPdfPages: cfg.JINQIU_PDF_MAX_PAGES ?? INPUT_DEFAULTS.pdfMaxPages,
  };
}

const mb = (n: number) => (n / MB >= 10 ? String(Math.round(n / MB)) : (n / MB).toFixed(1));

export function tooBig(file: string, size: number, max: number, what = 'file'): FileError {
  const name = path.basename(file);
  return new FileError(`${name}: ${what} is ${size} bytes, over the ${max} limit; nothing was read`, `文件《${name}》太大了（${mb(size)}MB，最多 ${mb(max)}MB），没有导入。请分成几个小一点的文件。`);
}

/** O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: a symlink swapped in after lstat fails. */
const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;

function openRegular(file: string, limits: InputLimits): { fd: number; size: number } {
  const name = path.basename(file);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch (e) {
    throw new FileError(`${file}: cannot open (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, `找不到文件《${name}》，请检查文件名和位置。`, e);
  }
  if (st.isSymbolicLink()) {
    throw new FileError(`${file}: a symbolic link, not a regular file; refused`, `《${name}》是一个链接（快捷方式），不是文件本身，没有读取。请直接提供文件本身。`);
  }
  if (!st.isFile()) {
    const kind = st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a FIFO (named pipe)' : st.isSocket() ? 'a socket' : 'a device';
    throw new FileError(`${file}: ${kind}, not a regular file; refused`, `《${name}》不是普通文件，没有读取。请提供 Excel、CSV 或文档文件本身。`);
  }
  if (st.size > limits.maxBytes) throw tooBig(file, st.size, limits.maxBytes);
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new FileError(`${file}: became a symbolic link; refused`, `《${name}》是一个链接（快捷方式），不是文件本身，没有读取。`, e);
    throw new FileError(`${file}: cannot open (${code ?? (e as Error).message})`, `文件《${name}》打不开，请检查文件是否还在、是否有权限读取。`, e);
  }
  const now = fs.fstatSync(fd);
  // The path may have been replaced between lstat and open: judge what was actually opened.
  if (!now.isFile() || now.ino !== st.ino || now.dev !== st.dev) {
    fs.closeSync(fd);
    throw new FileError(`${file}: changed while being opened; refused`, `文件《${name}》在读取时被替换了，没有读取。请重新提供文件。`);
  }
  if (now.size > limits.maxBytes) {
    fs.closeSync(fd);
    throw tooBig(file, now.size, limits.maxBytes);
  }
  return { fd, size: now.size };
}

function startsWithZip(fd: number): boolean {
  const head = Buffer.alloc(4);
  const n = fs.readSync(fd, head, 0, 4, 0);
  return n === 4 && head.readUInt32LE(0) === 0x04034b50;
}

const damaged = (file: string, why: string, cause?: unknown) =>
  new FileError(`${path.basename(file)}: damaged zip (${why}); nothing was written`, `文件《${path.basename(file)}》打不开或已损坏，没有导入。请用 Office 或 WPS 重新保存后再试。`, cause);

/** yauzl reads through our descriptor without ever closing it (its own fd reader closes when idle). */
class FdReader extends yauzl.RandomAccessReader {
  constructor(private readonly fd: number) {
    super();
  }
  override _readStreamForRange(start: number, end: number): Readable {
    // Positional reads on a descriptor we keep (an fs.ReadStream closes its fd when destroyed).
    const fd = this.fd;
    let pos = start;
    return new Readable({
      read(size) {
        const n = Math.min(size, end - pos, 65536);
        if (n <= 0) return void this.push(null);
        const buf = Buffer.allocUnsafe(n);
        fs.read(fd, buf, 0, n, pos, (err, got) => {
          if (err) return void this.destroy(err);
          if (got === 0) return void this.push(null);
          pos += got;
          this.push(buf.subarray(0, got));
        });
      },
    });
  }
  override close(cb: (err: Error | null) => void) {
    cb(null);
  }
}

/** Reads the central directory (and only it), then streams each counted entry through a byte counter. */
function inspectZip(file: string, fd: number, size: number, limits: InputLimits['zip']): Promise<{ entries: number; unzippedBytes: number }> {
  const name = path.basename(file);
  return new Promise((resolve, reject) => {
    yauzl.fromRandomAccessReader(new FdReader(fd), size, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) return reject(damaged(file, err?.message ?? 'unreadable', err));
      if (zip.entryCount > limits.maxEntries) {
        zip.close();
        return reject(new FileError(`${name}: ${zip.entryCount} zip entries, over the ${limits.maxEntries} limit; nothing was read`, `文件《${name}》里的部件太多（${zip.entryCount} 个，最多 ${limits.maxEntries} 个），没有导入。可能已损坏。`));
      }
      const counted: yauzl.Entry[] = [];
      let total = 0;
      let failed = false;
      const fail = (e: Error) => {
        if (failed) return;
        failed = true;
        zip.close();
        reject(e);
      };
      zip.on('error', (e: Error) => fail(damaged(file, e.message, e)));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith('/') && !limits.notExpanded?.test(entry.fileName)) {
          total += entry.uncompressedSize;
          counted.push(entry);
          if (total > limits.maxUnzippedBytes) {
            return fail(
              new FileError(
                `${name}: expands to more than ${limits.maxUnzippedBytes} bytes (declared); nothing was read`,
                `文件《${name}》解压后太大了（超过 ${mb(limits.maxUnzippedBytes)}MB），没有导入。如果内容确实这么多，请分成几个文件。`,
              ),
            );
          }
        }
        zip.readEntry();
      });
      zip.on('end', () => {
        if (failed) return;
        void verify().then(
          () => {
            zip.close();
            resolve({ entries: zip.entryCount, unzippedBytes: total });
          },
          (e: Error) => fail(e),
        );
      });
      zip.readEntry();

      // The central directory can lie; yauzl's stream fails at the first byte past the declared size.
      async function verify(): Promise<void> {
        for (const entry of counted) {
          if (entry.isEncrypted()) throw damaged(file, `encrypted entry ${entry.fileName}`);
          await new Promise<void>((res, rej) => {
            zip.openReadStream(entry, (e, stream) => {
              if (e || !stream) return rej(damaged(file, e?.message ?? 'no stream', e));
              stream.on('data', () => {});
              stream.on('end', () => res());
              stream.on('error', (se: Error) => rej(damaged(file, se.message, se)));
            });
          });
        }
      }
    });
  });
}

/**
 * Refuses anything but a regular file within the caps (zip formats inspected as above). Call it
 * before a parser opens the path; readInputFile does the same and returns the bytes it checked.
 */
export async function checkInputFile(file: string, limits: InputLimits): Promise<CheckedInput> {
  const { fd, size } = openRegular(file, limits);
  try {
    // By content, not by name: an xlsx renamed .csv is still a zip to whoever opens it.
    const zip = size >= 4 && startsWithZip(fd) ? await inspectZip(file, fd, size, limits.zip) : undefined;
    return { size, ...(zip ? { zip } : {}) };
  } finally {
    fs.closeSync(fd);
  }
}

/** checkInputFile, then the bytes, read from the same open file (never more than the cap). */
export async function readInputFile(file: string, limits: InputLimits): Promise<Buffer> {
  const { fd, size } = openRegular(file, limits);
  try {
    if (size >= 4 && startsWithZip(fd)) await inspectZip(file, fd, size, limits.zip);
    // One byte more than the cap: a file still growing after fstat is caught, not read forever.
    const buf = Buffer.alloc(Math.min(size, limits.maxBytes) + 1);
    let got = 0;
    while (got < buf.length) {
      const n = fs.readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    if (got > limits.maxBytes) throw tooBig(file, got, limits.maxBytes);
    return buf.subarray(0, got);
  } finally {
    fs.closeSync(fd);
  }
}
