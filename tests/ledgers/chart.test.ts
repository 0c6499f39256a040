import { describe, expect, it } from 'vitest';
import { CJK_FONT_FILE, renderBarChart } from '../../src/ledgers/chart.ts';
import { decodePng } from '../helpers/png.ts';
import fs from 'node:fs';

/** Share of pixels that are clearly not white. */
function inkRatio(png: Buffer): number {
  const img = decodePng(png);
  let ink = 0;
  for (let i = 0; i < img.pixels.length; i += img.channels) if (img.pixels[i]! < 200 || img.pixels[i + 1]! < 200 || img.pixels[i + 2]! < 200) ink++;
  return ink / (img.width * img.height);
}

describe('renderBarChart', () => {
  it('draws a decodable PNG with bars', async () => {
    const png = await renderBarChart({ title: '各镇患病老干部人数', labels: ['交道镇', '韦庄镇', '城关街道'], values: [8, 10, 3], unit: '人' });
    const img = decodePng(png);
    expect(img.width).toBe(800);
    expect(img.height).toBeGreaterThan(300);
    expect(inkRatio(png)).toBeGreaterThan(0.03);
  });

  it('grows with many labels (horizontal bars) and handles zero values', async () => {
    const labels = Array.from({ length: 15 }, (_, i) => `第${i + 1}村`);
    const img = decodePng(await renderBarChart({ title: '各村人数', labels, values: labels.map((_, i) => i) }));
    expect(img.height).toBeGreaterThan(500);
  });

  it('renders Chinese with the CJK font, not as missing glyphs', async () => {
    expect(fs.existsSync(CJK_FONT_FILE), `${CJK_FONT_FILE} (Debian fonts-wqy-microhei) must be installed`).toBe(true);
    // Same chart, different Chinese title: if glyphs were missing, both titles would draw the same boxes.
    const a = decodePng(await renderBarChart({ title: '按镇统计', labels: ['甲'], values: [1] }));
    const b = decodePng(await renderBarChart({ title: '按村统计', labels: ['甲'], values: [1] }));
    expect(a.pixels.equals(b.pixels)).toBe(false);
  });
});
