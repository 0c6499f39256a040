/**
 * Hostile input files made the way a careless or malicious sender would, written in a streaming way so
 * the test process itself never holds the expanded content: a zip writer (deflate per entry, stored
 * sizes optionally lied about), an xlsx of N rows, a docx that expands to N MB.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** The entry's content, in pieces (each piece is deflated as it comes, never joined). */
  pieces: () => Iterable<string | Buffer>;
}

function deflateEntry(e: ZipEntry): Promise<{ data: Buffer; crc: number; size: number }> {
  return new Promise((resolve, reject) => {
    const z = zlib.createDeflateRaw({ level: 6 });
    const out: Buffer[] = [];
    let crc = 0;
    let size = 0;
    z.on('data', (b: Buffer) => out.push(b));
    z.on('error', reject);
    z.on('end', () => resolve({ data: Buffer.concat(out), crc, size }));
    const it = e.pieces()[Symbol.iterator]();
    const pump = () => {
      for (;;) {
        const n = it.next();
        if (n.done) return void z.end();
        const b = typeof n.value === 'string' ? Buffer.from(n.value) : n.value;
        crc = zlib.crc32(b, crc);
        size += b.length;
        if (!z.write(b)) return void z.once('drain', pump);
      }
    };
    pump();
  });
}

/** Writes a zip; `declare` can make the central directory lie about an entry's uncompressed size. */
export async function writeZip(file: string, entries: ZipEntry[], declare?: (name: string, real: number) => number): Promise<void> {
  const fd = fs.openSync(file, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  try {
    for (const e of entries) {
      const { data, crc, size } = await deflateEntry(e);
      const declared = declare ? declare(e.name, size) : size;
      const name = Buffer.from(e.name);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x0800, 6); // UTF-8 names
      local.writeUInt16LE(8, 8); // deflate
      local.writeUInt32LE(crc >>> 0, 14);
      local.writeUInt32LE(data.length, 18);
      local.writeUInt32LE(declared, 22);
      local.writeUInt16LE(name.length, 26);
      fs.writeSync(fd, local);
      fs.writeSync(fd, name);
      fs.writeSync(fd, data);
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x0800, 8);
      c.writeUInt16LE(8, 10);
      c.writeUInt32LE(crc >>> 0, 16);
      c.writeUInt32LE(data.length, 20);
      c.writeUInt32LE(declared, 24);
      c.writeUInt16LE(name.length, 28);
      c.writeUInt32LE(offset, 42);
      central.push(c, name);
      offset += 30 + name.length + data.length;
    }
    const cd = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(cd.length, 12);
    end.writeUInt32LE(offset, 16);
    fs.writeSync(fd, cd);
    fs.writeSync(fd, end);
  } finally {
    fs.closeSync(fd);
  }
}

const CONTENT_TYPES_XLSX =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';
const ROOT_RELS_XLSX =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const TOWNS = ['城关街道', '冯原镇', '王庄镇', '尧头镇', '赵庄镇', '交道镇', '寺前镇', '韦庄镇', '安里镇', '庄头镇'];

/** A ledger sheet of `rows` invented elders with varied cells (so it compresses like a real one). */
export async function writeLedgerXlsx(file: string, rows: number): Promise<void> {
  const cell = (ref: string, v: string) => `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`;
  function* sheet() {
    yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
    yield `<row r="1">${['姓名', '性别', '出生日期', '镇(街道)', '联系电话', '家庭住址', '备注'].map((h, i) => cell(`${String.fromCharCode(65 + i)}1`, h)).join('')}</row>`;
    let batch: string[] = [];
    for (let i = 0; i < rows; i++) {
      const r = i + 2;
      const name = `${SURNAMES[i % SURNAMES.length]}${String.fromCharCode(0x4e00 + ((i * 7919) % 20000))}${String.fromCharCode(0x4e00 + ((i * 104729) % 20000))}`;
      const birth = `19${30 + (i % 30)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      const phone = `13${String(100000000 + ((i * 2654435761) % 899999999)).padStart(9, '0')}`;
      batch.push(
        `<row r="${r}">${cell(`A${r}`, name)}${cell(`B${r}`, i % 2 ? '男' : '女')}${cell(`C${r}`, birth)}${cell(`D${r}`, TOWNS[i % TOWNS.length]!)}${cell(`E${r}`, phone)}${cell(`F${r}`, `${TOWNS[(i * 3) % TOWNS.length]}${i % 97}组${i % 31}号`)}${cell(`G${r}`, `第${i}行`)}</row>`,
      );
      if (batch.length === 2000) {
        yield batch.join('');
        batch = [];
      }
    }
    yield batch.join('');
    yield '</sheetData></worksheet>';
  }
  await writeZip(file, [
    { name: '[Content_Types].xml', pieces: () => [CONTENT_TYPES_XLSX] },
    { name: '_rels/.rels', pieces: () => [ROOT_RELS_XLSX] },
    { name: 'xl/workbook.xml', pieces: () => [WORKBOOK] },
    { name: 'xl/_rels/workbook.xml.rels', pieces: () => [WORKBOOK_RELS] },
    { name: 'xl/worksheets/sheet1.xml', pieces: sheet },
  ]);
}

const CONTENT_TYPES_DOCX =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const ROOT_RELS_DOCX =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

/** A docx whose document.xml is `mb` megabytes of the same paragraph: a few hundred KB on disk. */
export async function writeDocxBomb(file: string, mb: number, declare?: (name: string, real: number) => number): Promise<void> {
  const para = '<w:p><w:r><w:t>第一条 为做好离退休干部服务管理工作，根据有关规定，制定本办法。</w:t></w:r></w:p>';
  const chunk = para.repeat(Math.ceil(65536 / Buffer.byteLength(para)));
  function* doc() {
    yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
    const n = Math.ceil((mb * 1024 * 1024) / Buffer.byteLength(chunk));
    for (let i = 0; i < n; i++) yield chunk;
    yield '</w:body></w:document>';
  }
  await writeZip(
    file,
    [
      { name: '[Content_Types].xml', pieces: () => [CONTENT_TYPES_DOCX] },
      { name: '_rels/.rels', pieces: () => [ROOT_RELS_DOCX] },
      { name: 'word/document.xml', pieces: doc },
    ],
    declare,
  );
}

/** A text file of `mb` megabytes of policy-like lines, written in pieces. */
export function writeBigText(file: string, mb: number): void {
  const line = '第一条 为做好离退休干部服务管理工作，根据有关规定，制定本办法。\n';
  const chunk = Buffer.from(line.repeat(Math.ceil(1048576 / Buffer.byteLength(line))).slice(0, 1048576 / 3));
  const fd = fs.openSync(file, 'w');
  try {
    const total = Math.round(mb * 1048576);
    let written = 0;
    while (written < total) written += fs.writeSync(fd, chunk, 0, Math.min(chunk.length, total - written));
  } finally {
    fs.closeSync(fd);
  }
}
