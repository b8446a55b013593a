// Charts of the PDF summary, drawn on the server with ECharts' SSR renderer as SVG (no browser, no canvas) in the
// shipped CJK font, so pdfmake can embed them as vector graphics with the same font as the text.
import * as echarts from 'echarts';
import { cjkFontFamily } from '../../platform/documents/fonts';

const font = { fontFamily: cjkFontFamily };
// Labels are drawn without the white halo ECharts gives them: the PDF's SVG renderer paints the halo over the text.
const plainLabel = { ...font, textBorderWidth: 0, textShadowBlur: 0 };
const colors = { achieved: '#389e0d', on_track: '#1677ff', behind: '#cf1322', no_target: '#8c8c8c' } as const;

function render(width: number, height: number, option: echarts.EChartsCoreOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: font, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export type CompletionBar = {
  name: string;
  /** actual / target (1.2 = 120 %), or null without a target. */
  completion: number | null;
  status: keyof typeof colors;
};

function barHeight(count: number): number {
  return Math.max(150, 60 + count * 22);
}

/** Horizontal bars of each unit's actual figure (where no unit has a target yet). */
export function valueBarsSvg(
  title: string,
  unitLabel: string,
  bars: { name: string; value: number | null }[],
  width = 500,
): string {
  const rows = [...bars].reverse();
  return render(width, barHeight(rows.length), {
    title: { text: title, left: 'center', top: 4, textStyle: { ...font, fontSize: 13 } },
    grid: { left: 8, right: 56, top: 34, bottom: 8, containLabel: true },
    xAxis: {
      type: 'value',
      min: 0,
      name: unitLabel,
      nameTextStyle: { ...font, fontSize: 9 },
      axisLabel: { ...font, fontSize: 9 },
      splitLine: { lineStyle: { color: '#eeeeee' } },
    },
    yAxis: {
      type: 'category',
      data: rows.map((b) => b.name),
      axisLabel: { ...font, fontSize: 10, width: 110, overflow: 'truncate' },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 14,
        data: rows.map((b) => b.value ?? 0),
        itemStyle: { color: '#c8102e' },
        label: { show: true, position: 'right', fontSize: 9, color: '#333333', ...plainLabel },
      },
    ],
  });
}

/** Horizontal bars of each unit's completion rate, coloured by status, with a line at 100 %. */
export function completionBarsSvg(title: string, bars: CompletionBar[], width = 500): string {
  const rows = [...bars].reverse();
  return render(width, barHeight(rows.length), {
    title: { text: title, left: 'center', top: 4, textStyle: { ...font, fontSize: 13 } },
    grid: { left: 8, right: 56, top: 34, bottom: 8, containLabel: true },
    xAxis: {
      type: 'value',
      min: 0,
      axisLabel: { ...font, fontSize: 9, formatter: (v: number) => `${v}%` },
      splitLine: { lineStyle: { color: '#eeeeee' } },
    },
    yAxis: {
      type: 'category',
      data: rows.map((b) => b.name),
      axisLabel: { ...font, fontSize: 10, width: 110, overflow: 'truncate' },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 14,
        data: rows.map((b) => ({
          value: b.completion === null ? 0 : Math.round(b.completion * 1000) / 10,
          itemStyle: { color: colors[b.status] },
          label: { formatter: b.completion === null ? '无目标' : '{c}%' },
        })),
        label: { show: true, position: 'right', fontSize: 9, color: '#333333', ...plainLabel },
        markLine: {
          symbol: 'none',
          silent: true,
          data: [{ xAxis: 100 }],
          lineStyle: { color: '#fa8c16', type: 'dashed' },
          label: { formatter: '100%', fontSize: 9, color: '#fa8c16', ...plainLabel },
        },
      },
    ],
  });
}

export type TrendLine = {
  month: number;
  /** The year to the end of the month (null after the as-of month). */
  cumulative: number | null;
  /** What the target expects by the end of the month, or null. */
  expected: number | null;
};

/** Month-by-month line of the year-to-date figure against the target's expected course. */
export function trendSvg(title: string, unitLabel: string, points: TrendLine[], width = 250): string {
  const months = points.map((p) => `${p.month}月`);
  const hasTarget = points.some((p) => p.expected !== null);
  return render(width, 190, {
    title: { text: title, left: 'center', top: 4, textStyle: { ...font, fontSize: 11 } },
    legend: {
      bottom: 2,
      itemWidth: 14,
      itemHeight: 8,
      textStyle: { ...font, fontSize: 8 },
      data: hasTarget ? ['累计完成', '目标进度'] : ['累计完成'],
    },
    grid: { left: 6, right: 14, top: 30, bottom: 24, containLabel: true },
    xAxis: { type: 'category', data: months, axisLabel: { ...font, fontSize: 8 }, boundaryGap: false },
    yAxis: {
      type: 'value',
      name: unitLabel,
      nameTextStyle: { ...font, fontSize: 8 },
      axisLabel: { ...font, fontSize: 8 },
      splitLine: { lineStyle: { color: '#eeeeee' } },
    },
    series: [
      {
        name: '累计完成',
        type: 'line',
        symbolSize: 4,
        data: points.map((p) => p.cumulative),
        itemStyle: { color: '#c8102e' },
        lineStyle: { width: 2 },
      },
      ...(hasTarget
        ? [
            {
              name: '目标进度',
              type: 'line',
              symbol: 'none',
              data: points.map((p) => p.expected),
              itemStyle: { color: '#8c8c8c' },
              lineStyle: { width: 1, type: 'dashed' },
            },
          ]
        : []),
    ],
  });
}
