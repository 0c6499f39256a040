import fs from 'node:fs';

/** Debian's fonts-wqy-microhei: without a CJK font the Chinese labels come out as boxes. */
export const CJK_FONT_FILE = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

export interface BarChartInput {
  title: string;
  labels: string[];
  values: number[];
  /** Unit after each number on the bars, e.g. 人. */
  unit?: string;
  /** A pie (shares of a whole) instead of bars. */
  kind?: 'bar' | 'pie';
}

/**
 * A bar chart as PNG: echarts renders SVG on the server, resvg turns it into pixels.
 * Horizontal bars when labels are many or long (village names), so they stay readable on a phone.
 * echarts and resvg are loaded on the first chart: most processes never draw one, and they cost ~40 MB.
 */
export async function renderBarChart(input: BarChartInput, opts: { fontFile?: string } = {}): Promise<Buffer> {
  const [echarts, { Resvg }] = await Promise.all([import('echarts'), import('@resvg/resvg-js')]);
  const n = input.labels.length;
  const horizontal = n > 6 || input.labels.some((l) => l.length > 5);
  const width = 800;
  const height = input.kind === 'pie' ? 560 : horizontal ? Math.max(360, 90 + n * 34) : 480;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    const category = { type: 'category' as const, data: input.labels, axisLabel: { fontSize: 14, interval: 0 }, inverse: horizontal };
    const value = { type: 'value' as const, minInterval: 1, axisLabel: { fontSize: 13 } };
    if (input.kind === 'pie') {
      chart.setOption({
        animation: false,
        backgroundColor: '#ffffff',
        textStyle: { fontFamily: 'WenQuanYi Micro Hei' },
        title: { text: input.title, left: 'center', top: 12, textStyle: { fontSize: 20 } },
        series: [
          {
            type: 'pie',
            radius: '58%',
            center: ['50%', '55%'],
            data: input.labels.map((name, i) => ({ name, value: input.values[i] ?? 0 })),
            label: { fontSize: 14, formatter: `{b}：{c}${input.unit ?? ''}（{d}%）` },
          },
        ],
      });
      return toPng(chart.renderToSVGString(), width, opts.fontFile, Resvg);
    }
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: 'WenQuanYi Micro Hei' },
      title: { text: input.title, left: 'center', top: 12, textStyle: { fontSize: 20 } },
      grid: { left: horizontal ? 150 : 60, right: 60, top: 60, bottom: horizontal ? 30 : 70, containLabel: false },
      xAxis: horizontal ? value : { ...category, axisLabel: { ...category.axisLabel, rotate: n > 4 ? 30 : 0 } },
      yAxis: horizontal ? category : value,
      series: [
        {
          type: 'bar',
          data: input.values,
          itemStyle: { color: '#c0392b' },
          barMaxWidth: 48,
          label: { show: true, position: horizontal ? 'right' : 'top', fontSize: 14, formatter: `{c}${input.unit ?? ''}` },
        },
      ],
    });
    return toPng(chart.renderToSVGString(), width, opts.fontFile, Resvg);
  } finally {
    chart.dispose();
  }
}

function toPng(svg: string, width: number, font: string | undefined, Resvg: typeof import('@resvg/resvg-js').Resvg): Buffer {
  const fontFile = font ?? CJK_FONT_FILE;
  const hasFont = fs.existsSync(fontFile);
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'width', value: width },
    font: {
      fontFiles: hasFont ? [fontFile] : [],
      loadSystemFonts: !hasFont,
      defaultFontFamily: 'WenQuanYi Micro Hei',
    },
  });
  return Buffer.from(resvg.render().asPng());
}
