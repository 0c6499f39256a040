import type { ImportResult } from './import-ledger.ts';
import type { RowRef } from './import-rows.ts';

/**
 * An import's preview or result in plain Chinese, for the command line and for the staff chat:
 * counts first, then the details a person checks (changes old → new, elders missing from the file,
 * rejected rows with reasons, questions to answer, birth dates to complete). Long lists are cut at
 * `perList` lines with the number left out; the counts are always complete.
 */
const at = (r: RowRef) => (r.sheet ? `“${r.sheet}”第${r.row}行` : `第${r.row}行`);

function listed<T>(items: T[], total: number, perList: number, line: (x: T) => string): string[] {
  const shown = items.slice(0, perList).map((x) => `  ${line(x)}`);
  if (total > shown.length) shown.push(`  ……另有${total - shown.length}条`);
  return shown;
}

export function formatImportReport(r: ImportResult, opts: { perList?: number; how?: 'cli' | 'chat' } = {}): string {
  const n = opts.perList ?? 20;
  const chat = opts.how === 'chat';
  const lines: string[] = [];
  const blocked = !r.applied && !r.dryRun;
  if (r.applied) lines.push(`导入完成：新增 ${r.imported} 人，更新 ${r.updated} 人，没有变化 ${r.unchanged} 人${r.removed ? `，删除 ${r.removed} 人` : ''}。`);
  else if (r.dryRun) lines.push(`预览（还没有导入）：新增 ${r.imported} 人，有变动 ${r.updated} 人，没有变化 ${r.unchanged} 人。`);
  else lines.push('没有导入任何数据。');
  lines.push(`共读了${r.rows.read}行：老人${r.rows.people}行${r.rows.footer ? `，表尾${r.rows.footer}行` : ''}${r.rows.blank ? `，空行${r.rows.blank}行` : ''}${r.rows.title + r.rows.header ? `，标题和表头${r.rows.title + r.rows.header}行` : ''}${r.rows.sample ? `，示例${r.rows.sample}行` : ''}。`);
  if (r.sheets.length > 1) lines.push(`工作表：${r.sheets.map((s) => `${s.name}（${s.people}人${s.town ? `，${s.town}` : ''}）`).join('、')}`);
  if (r.demoRemoved && !r.applied) lines.push(`导入后，演示用的${r.demoRemoved}位虚构老人会被清除。`);
  for (const w of r.warnings) lines.push(`注意：${w}`);

  if (r.questions.length) {
    lines.push('', '需要您确认的镇（街道）名称：');
    for (const q of r.questions) {
      const guess = q.suggestions.length ? `是不是“${q.suggestions.join('”或“')}”？` : '';
      lines.push(`  “${q.name}”不在全县的镇（街道）名单里（${q.rows}人，如${q.examples.map(at).join('、')}）。${guess}`);
    }
    lines.push(
      chat
        ? '  如果是新设的镇，请回复“新镇 名称”；如果是写法不同，请回复“名称=正确名称”，例如“城关镇=城关街道”；也可以改好表格再发一次。'
        : '  新设的镇请加 --new-town 名称；写法不同请加 --town-alias 名称=正确名称；或改好表格再导入。',
    );
  }
  if (r.rejectedCount) {
    lines.push('', `有 ${r.rejectedCount} 行有问题${r.applied ? '（已跳过）' : chat ? '，请改正后重新发送' : '，请改正后重新导入（或加 --partial 只导入正确的行）'}：`);
    lines.push(...listed(r.rejected, r.rejectedCount, n, (x) => `${at(x)}：${x.reason}`));
  }
  if (r.changed.length) {
    lines.push('', `有变动的老人（${r.updated}人）：`);
    lines.push(...listed(r.changed, r.updated, n, (c) => `${c.name}：${c.changes.map((x) => `${x.field} ${x.old || '（空）'} → ${x.new || '（空）'}`).join('；')}`));
  }
  if (r.newElders.length && (r.dryRun || blocked)) {
    lines.push('', `新增的老人（${r.imported || r.newElders.length}人）：`);
    lines.push(...listed(r.newElders, Math.max(r.imported, r.newElders.length), n, (e) => `${e.name}（${[e.town, e.village].filter(Boolean).join('')}，${e.birthDate}）`));
  }
  if (r.missingCount) {
    const what = r.removed ? '已删除' : chat ? '不会删除' : '不会删除，除非加 --remove-missing';
    lines.push('', `台账里有、这份文件里没有的在世老人（${r.missingCount}人，${what}）：`);
    lines.push(...listed(r.missing, r.missingCount, n, (m) => `${m.name}（${[m.town, m.village].filter(Boolean).join('')}，${m.birthDate}）`));
  }
  if (r.toCompleteCount) {
    lines.push('', `出生日期只有年月、待补上日的老人（${r.toCompleteCount}人，补全前不发生日祝福）：`);
    lines.push(...listed(r.toComplete, r.toCompleteCount, n, (e) => `${e.name}（${e.birthDate}）`));
  }
  if (r.newVillages.length) lines.push('', `新出现的村（社区）：${r.newVillages.slice(0, n).map((v) => `${v.town ?? ''}${v.village}`).join('、')}${r.newVillages.length > n ? ' 等' : ''}`);
  if (r.droppedColumns.length) lines.push(`没有保存的列：${r.droppedColumns.join('、')}（系统不需要身份证号）`);
  if (r.ignoredColumns.length) lines.push(`没有用到的列：${r.ignoredColumns.join('、')}`);
  if (r.skippedSheets.length) lines.push(`跳过的工作表：${r.skippedSheets.map((s) => `${s.name}（${s.why}）`).join('、')}`);
  return lines.join('\n');
}
