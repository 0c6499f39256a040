import type ExcelJS from 'exceljs';
import { loadExcelJs } from './load-exceljs.ts';
import { ELDER_FIELDS } from './elder-fields.ts';

/**
 * The blank 基本信息台账 handed to the towns: the headers the import reads, one sample row (marked 示例,
 * which the import skips), drop-down lists where a cell has few right answers (是/否, 男/女, 离休/退休,
 * 行动能力, 状态, the county's towns), dates and phones kept as text so Excel does not turn
 * 1938.10 into 1938.1 or drop a landline's leading 0, and a sheet of instructions.
 */
const ROWS = 2000;

const SAMPLE: Record<string, string> = {
  external_id: '示例',
  name: '张建国（示例）',
  gender: '男',
  birth_date: '1936年3月15日',
  lunar_birthday: '否',
  category: '退休',
  former_unit: '县教育局',
  former_post: '科长',
  party_member: '是',
  party_branch: '退休干部党支部',
  town: '韦庄镇',
  village: '韦庄村',
  address: '韦庄镇韦庄村三组12号',
  phone: '13800000000',
  health: '高血压',
  mobility: '行动不便',
  lives_alone: '是',
  widowed: '否',
  children: '一子一女，儿子在西安',
  emergency_contact: '张小明',
  emergency_phone: '13900000000',
  needs: '希望定期上门量血压',
  notes: '这一行是示例，导入时会自动跳过',
  status: '在世',
  death_date: '',
};

const LISTS: Record<string, string[]> = {
  gender: ['男', '女'],
  category: ['离休', '退休'],
  mobility: ['好', '行动不便', '卧床'],
  status: ['在世', '已故'],
  lunar_birthday: ['是', '否'],
  party_member: ['是', '否'],
  lives_alone: ['是', '否'],
  widowed: ['是', '否'],
};

const TEXT_COLUMNS = new Set(['external_id', 'birth_date', 'phone', 'emergency_phone', 'death_date']);

const HELP = [
  '填写说明',
  '1. 每位老人填一行，不要合并单元格；第2行是示例，可以留着，导入时会自动跳过。',
  '2. 姓名、出生日期必填。出生日期可写 1936年3月15日、1936-03-15、1936.3.15；只知道年月的写 1936.3，系统会记下，请以后补上日。',
  '3. 过农历生日的，“农历生日”选“是”；出生日期也可以直接写农历，例如 1936年腊月初八、1936年农历三月十五。',
  '4. 年份请写全四位（1936，不要写36）。',
  '5. “镇（街道）”请从下拉列表里选；新设的镇请先告诉老干部局。',
  '6. 是/否的列请从下拉列表里选。身份证号不用填，系统不保存。',
  '7. 填好后直接把文件发给金秋助手，或交给老干部局导入；导入前会先显示会有哪些变动，确认后才生效。',
];

export async function ledgerTemplate(towns: readonly string[]): Promise<Buffer> {
  const Excel = await loadExcelJs();
  const wb = new Excel.Workbook();
  wb.creator = '金秋';
  const ws = wb.addWorksheet('基本信息台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = ELDER_FIELDS.map((f) => ({
    header: LISTS[f.column]?.[0] === '是' ? `${f.header}(是/否)` : f.header,
    key: f.column,
    width: f.width + 4,
    ...(TEXT_COLUMNS.has(f.column) ? { style: { numFmt: '@' } } : {}),
  }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  head.height = 30;
  for (const f of ELDER_FIELDS) if (f.required) ws.getCell(1, ELDER_FIELDS.indexOf(f) + 1).font = { bold: true, color: { argb: 'FFC00000' } };
  const sample = ws.addRow(Object.fromEntries(ELDER_FIELDS.map((f) => [f.column, SAMPLE[f.column] ?? ''])));
  sample.font = { italic: true, color: { argb: 'FF808080' } };

  const options = wb.addWorksheet('选项', { state: 'hidden' });
  options.getColumn(1).values = ['镇（街道）', ...towns];
  const colLetter = (i: number) => ws.getColumn(i + 1).letter;
  // Range validations exist in exceljs (worksheet.dataValidations) but not in its typings.
  const validations = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  for (const [i, f] of ELDER_FIELDS.entries()) {
    const range = `${colLetter(i)}2:${colLetter(i)}${ROWS}`;
    const list = LISTS[f.column];
    if (list) {
      validations.add(range, { type: 'list', allowBlank: true, formulae: [`"${list.join(',')}"`], showErrorMessage: true, errorTitle: '请从列表里选', error: `请填：${list.join('、')}` });
    } else if (f.column === 'town' && towns.length) {
      validations.add(range, {
        type: 'list', allowBlank: true, formulae: [`'选项'!$A$2:$A$${towns.length + 1}`],
        showErrorMessage: true, errorStyle: 'warning', errorTitle: '不在全县的镇（街道）名单里', error: '请从列表里选；新设的镇请先告诉老干部局。',
      });
    }
  }
  const help = wb.addWorksheet('填写说明');
  help.getColumn(1).width = 110;
  for (const line of HELP) help.addRow([line]).alignment = { wrapText: true };
  help.getRow(1).font = { bold: true, size: 14 };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
