import { PassThrough, type Readable } from 'node:stream';
import type JSZip from 'jszip';

/**
 * exceljs's streaming WorkbookReader reads the zip in a single pass (unzipper.Parse) that on Node 18+
 * sometimes loses entries (upstream exceljs#3064, #962): xl/workbook.xml, which exceljs and other
 * writers store last, then never arrives and the reader fails on `this.model.sheets`, about one
 * ledger in six here. A lost entry could as well be a sheet, read as if it were not there.
 *
 * The file is in memory already, so its parts are taken from the zip's central directory in the
 * order the reader needs them (relations, workbook, shared strings, styles), then each sheet in the
 * order of its tab, still inflated as a stream and read row by row. The reader's own part parsers
 * do the parsing; only the order of the parts is ours. exceljs is pinned, and the reader tests cover
 * these calls.
 */
interface ReaderParts {
  model?: { sheets?: { id: number; name: string; rId: string; state?: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<{ eventType: string; value: unknown }>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
  parse: () => AsyncGenerator<{ eventType: string; value: unknown }>;
}

const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/** One part of the zip as a Node stream (inflated as it is read), or null when the file lacks it. */
function partStream(zip: JSZip, name: string): Readable | null {
  const file = zip.file(name);
  if (!file) return null;
  // A plain Node stream: exceljs iterates it with for-await, which JSZip's own stream class lacks.
  const out = new PassThrough();
  file
    .nodeStream('nodebuffer')
    .on('error', (e: Error) => out.destroy(e))
    .pipe(out);
  return out;
}

/** The sheet parts in the order of their tabs (workbook.xml), then any other sheet part by number. */
function sheetOrder(zip: JSZip, reader: ReaderParts): string[] {
  const parts = Object.keys(zip.files).filter((n) => SHEET.test(n));
  const byTab: string[] = [];
  for (const s of reader.model?.sheets ?? []) {
    const target = reader.workbookRels?.find((r) => r.Id === s.rId)?.Target.replace(/^\/?(?:xl\/)?/, '');
    const part = target ? `xl/${target}` : undefined;
    if (part && parts.includes(part) && !byTab.includes(part)) byTab.push(part);
  }
  const rest = parts.filter((p) => !byTab.includes(p)).sort((a, b) => Number(SHEET.exec(a)![1]) - Number(SHEET.exec(b)![1]));
  return [...byTab, ...rest];
}

/** Makes `reader` take the parts of the xlsx in `buf` from its central directory, in the order it needs them. */
export async function readPartsInOrder(reader: unknown, buf: Buffer): Promise<void> {
  const { default: JSZipClass } = await import('jszip');
  const zip = await JSZipClass.loadAsync(buf);
  const r = reader as ReaderParts;
  r.parse = async function* parse() {
    const rels = partStream(zip, 'xl/_rels/workbook.xml.rels');
    if (rels) await r._parseRels(rels);
    const book = partStream(zip, 'xl/workbook.xml');
    if (!book) throw new Error('no xl/workbook.xml');
    await r._parseWorkbook(book);
    const strings = partStream(zip, 'xl/sharedStrings.xml');
    if (strings) yield* r._parseSharedStrings(strings);
    const styles = partStream(zip, 'xl/styles.xml');
    if (styles) await r._parseStyles(styles);
    for (const part of sheetOrder(zip, r)) {
      yield* r._parseWorksheet(partStream(zip, part)!, SHEET.exec(part)![1]!);
    }
  };
}
