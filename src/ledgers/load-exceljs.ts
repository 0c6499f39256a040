import type ExcelJS from 'exceljs';

/**
 * exceljs costs about 20 MB of resident memory once loaded. It is needed only for an import, an
 * export or a spreadsheet reply, so it loads on the first of those, not at start.
 */
export async function loadExcelJs(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
