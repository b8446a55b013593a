// The cockpit's numbers and ECharts options: figures in the indicator's unit (万元 where large), completion gauges,
// children's bars (the ones behind in red), the month-by-month trend and the choropleth of the child areas.
import type { Figure, GeoMap, IndicatorView, Trend, UnitFigures } from './api';

export type Palette = {
  text: string;
  muted: string;
  axis: string;
  split: string;
  accent: string;
  onTrack: string;
  good: string;
  warn: string;
  bad: string;
  neutral: string;
  expected: string;
  areaEmpty: string;
  areaBorder: string;
  mapRamp: string[];
  tooltipBg: string;
};

export const palettes: Record<'dark' | 'light', Palette> = {
  dark: {
    text: '#e6f4ff',
    muted: '#8fb3d9',
    axis: '#35557a',
    split: 'rgba(80, 140, 210, 0.18)',
    accent: '#36cfff',
    onTrack: '#36cfff',
    good: '#2fe0a5',
    warn: '#ffc53d',
    bad: '#ff4d4f',
    neutral: '#5b8ff9',
    expected: '#ffd666',
    areaEmpty: '#132a4a',
    areaBorder: '#58c8ff',
    mapRamp: ['#0d3a6b', '#1368b5', '#25a4e8', '#5fe3ff'],
    tooltipBg: 'rgba(8, 24, 48, 0.92)',
  },
  light: {
    text: '#1f1f1f',
    muted: '#6b7280',
    axis: '#c9ced6',
    split: '#eef0f3',
    accent: '#c8102e',
    onTrack: '#1677ff',
    good: '#389e0d',
    warn: '#d48806',
    bad: '#cf1322',
    neutral: '#1677ff',
    expected: '#fa8c16',
    areaEmpty: '#f0f0f0',
    areaBorder: '#ffffff',
    mapRamp: ['#fde3e1', '#f8a5a0', '#e5484d', '#9b1022'],
    tooltipBg: 'rgba(255, 255, 255, 0.96)',
  },
};

// ------------------------------------------------------------------------------------------------ numbers

const isEnglish = (lang: string) => lang === 'en';

function grouped(v: number, decimals: number, lang: string): string {
  return new Intl.NumberFormat(isEnglish(lang) ? 'en-GB' : 'zh-CN', {
    minimumFractionDigits: 0,
    maximumFractionDigits: decimals,
  }).format(v);
}

/** A figure in its indicator's unit: money of 10,000 yuan and more in 万元 (zh) or k / M yuan (en). */
export function formatValue(v: number | null | undefined, ind: IndicatorView | undefined, lang: string): string {
  if (v === null || v === undefined) {
    return '—';
  }
  const unit = ind ? (isEnglish(lang) ? ind.unitEn : ind.unitZh) : '';
  const decimals = ind?.decimals ?? 0;
  if (ind?.unitZh === '元' && Math.abs(v) >= 10_000) {
    if (!isEnglish(lang)) {
      return `${grouped(v / 10_000, 2, lang)} 万元`;
    }
    return Math.abs(v) >= 1_000_000
      ? `${grouped(v / 1_000_000, 2, lang)} M yuan`
      : `${grouped(v / 1000, 1, lang)} k yuan`;
  }
  const sep = unit === '%' ? '' : ' ';
  return `${grouped(v, decimals, lang)}${unit ? sep + unit : ''}`;
}

/** 12.01 → '1201%', 0.873 → '87.3%'. */
export function formatCompletion(c: number | null | undefined): string {
  if (c === null || c === undefined) {
    return '—';
  }
  const pct = c * 100;
  return `${pct >= 1000 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/** Axis ticks: money in 万 (zh) or k (en) from 10,000 yuan; other figures as they are. */
function axisNumber(v: number, ind: IndicatorView | undefined, lang: string): string {
  if (ind?.unitZh === '元' && Math.abs(v) >= 10_000) {
    return isEnglish(lang) ? `${grouped(v / 1000, 0, lang)}k` : `${grouped(v / 10_000, 1, lang)}万`;
  }
  return grouped(v, 2, lang);
}

export function figureOf(unit: UnitFigures | undefined, code: string): Figure | undefined {
  return unit?.figures.find((f) => f.indicator === code);
}

/** Codes shown first as gauges, when the catalogue has them and they carry targets. */
const preferredKeys = [
  'donations.funds_raised',
  'training.certificates',
  'training.awareness',
  'volunteers.hours',
  'aed.per_100k',
  'services.completion_rate',
  'orgs.boai_homes',
  'donations.payouts',
];

/** Up to six key indicators: the preferred ones, then any other with a target for this unit. */
export function keyIndicators(indicators: IndicatorView[], unit: UnitFigures | undefined): IndicatorView[] {
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const hasTarget = (code: string) => figureOf(unit, code)?.target != null;
  const preferred = preferredKeys.map((c) => byCode.get(c)).filter((i): i is IndicatorView => !!i);
  const ordered = [
    ...preferred.filter((i) => hasTarget(i.code)),
    ...indicators.filter((i) => hasTarget(i.code) && !preferredKeys.includes(i.code)),
    ...preferred.filter((i) => !hasTarget(i.code)),
  ];
  return ordered.slice(0, 6);
}

export const nameOf = (ind: IndicatorView | undefined, lang: string) =>
  ind ? (isEnglish(lang) ? ind.nameEn : ind.nameZh) : '';

/** A unit's name without the trailing 红十字会 where it has one, for axes and labels. */
export const shortName = (name: string) => name.replace(/红十字会$/, '') || name;

// ------------------------------------------------------------------------------------------------ gauges

export function gaugeOption(
  keys: IndicatorView[],
  unit: UnitFigures | undefined,
  p: Palette,
  lang: string,
  manualMark: string,
  layout: { cols: number; small: boolean },
) {
  const { cols, small } = layout;
  const rows = Math.max(1, Math.ceil(keys.length / cols));
  return {
    series: keys.map((ind, i) => {
      const f = figureOf(unit, ind.code);
      const completion = f?.completion ?? null;
      const pct = completion === null ? 0 : completion * 100;
      const col = i % cols;
      const row = Math.floor(i / cols);
      const color = f?.status === 'behind' ? p.bad : f?.status === 'achieved' ? p.good : p.onTrack;
      return {
        type: 'gauge',
        name: ind.code,
        center: [`${((col + 0.5) * 100) / cols}%`, `${((row + 0.5) * 100) / rows + 3}%`],
        radius: `${Math.min(100 / cols, 100 / rows) * 0.9}%`,
        startAngle: 210,
        endAngle: -30,
        min: 0,
        max: 120,
        splitNumber: 4,
        progress: { show: true, width: 8, itemStyle: { color } },
        axisLine: { lineStyle: { width: 8, color: [[1, p.split]] } },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        pointer: { show: false },
        anchor: { show: false },
        title: {
          offsetCenter: [0, '78%'],
          color: p.muted,
          fontSize: small ? 12 : 13,
          overflow: 'truncate',
          width: small ? 92 : 130,
        },
        detail: {
          offsetCenter: [0, '0%'],
          valueAnimation: false,
          fontSize: small ? 15 : 20,
          fontWeight: 600,
          color: completion === null ? p.text : color,
          // Without a target there is no completion: the gauge shows the figure itself.
          formatter: () =>
            completion === null ? `{plain|${formatValue(f?.actual, ind, lang)}}` : formatCompletion(completion),
          rich: { plain: { fontSize: small ? 12 : 15, fontWeight: 600, color: p.text } },
        },
        data: [
          {
            value: Math.min(pct, 120),
            name: `${nameOf(ind, lang)}${f?.manual ? `(${manualMark})` : ''}`,
          },
        ],
      };
    }),
  };
}

// ------------------------------------------------------------------------------------------------ bars

export type ChildBar = { child: UnitFigures; figure: Figure | undefined };

/** The children sorted for the bars: by completion where there are targets, else by the figure itself. */
export function sortedChildren(children: UnitFigures[], code: string): ChildBar[] {
  const rows = children.map((child) => ({ child, figure: figureOf(child, code) }));
  const byCompletion = rows.some((r) => r.figure?.completion != null);
  const key = (r: ChildBar) => (byCompletion ? (r.figure?.completion ?? -1) : (r.figure?.actual ?? -1));
  return rows.sort((a, b) => key(b) - key(a));
}

export function barOption(
  rows: ChildBar[],
  ind: IndicatorView | undefined,
  p: Palette,
  lang: string,
  labels: { completion: string; actual: string; target: string },
) {
  const byCompletion = rows.some((r) => r.figure?.completion != null);
  // Largest at the top: a category y axis draws its first item at the bottom.
  const shown = [...rows].reverse();
  return {
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      backgroundColor: p.tooltipBg,
      borderColor: p.axis,
      textStyle: { color: p.text },
      formatter: (params: { dataIndex: number }[]) => {
        const r = shown[params[0]?.dataIndex ?? 0];
        if (!r) {
          return '';
        }
        const f = r.figure;
        return [
          `<b>${r.child.name}</b>`,
          `${labels.actual}: ${formatValue(f?.actual, ind, lang)}`,
          `${labels.target}: ${formatValue(f?.target, ind, lang)}`,
          `${labels.completion}: ${formatCompletion(f?.completion)}`,
        ].join('<br/>');
      },
    },
    xAxis: {
      type: 'value',
      axisLabel: { color: p.muted, formatter: byCompletion ? '{value}%' : (v: number) => axisNumber(v, ind, lang) },
      splitLine: { lineStyle: { color: p.split } },
    },
    yAxis: {
      type: 'category',
      data: shown.map((r) => shortName(r.child.name)),
      axisLabel: { color: p.text, fontSize: 12, width: 96, overflow: 'truncate' },
      axisLine: { lineStyle: { color: p.axis } },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 16,
        cursor: 'pointer',
        data: shown.map((r) => {
          const f = r.figure;
          const value = byCompletion ? Math.round((f?.completion ?? 0) * 1000) / 10 : (f?.actual ?? 0);
          const color = f?.status === 'behind' ? p.bad : f?.status === 'achieved' ? p.good : p.neutral;
          return {
            value,
            orgId: r.child.orgId,
            itemStyle: { color, borderRadius: [0, 3, 3, 0] },
            // The ones behind stand out even when their bar is too short to see.
            label: f?.status === 'behind' ? { color: p.bad, fontWeight: 600 } : undefined,
          };
        }),
        label: {
          show: true,
          position: 'right',
          color: p.text,
          fontSize: 11,
          formatter: (x: { dataIndex: number }) => {
            const f = shown[x.dataIndex]?.figure;
            return byCompletion ? formatCompletion(f?.completion) : formatValue(f?.actual, ind, lang);
          },
        },
      },
    ],
  };
}

// ------------------------------------------------------------------------------------------------ trend

export function trendOption(
  trend: Trend | undefined,
  ind: IndicatorView | undefined,
  p: Palette,
  lang: string,
  labels: { cumulative: string; expected: string; month: string },
) {
  const points = trend?.points ?? [];
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  const at = (m: number) => points.find((x) => x.month === m);
  const isFlow = ind?.periodKind === 'flow' && ind.rollup === 'sum';
  return {
    grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
    legend: { top: 0, textStyle: { color: p.muted }, itemHeight: 8 },
    tooltip: {
      trigger: 'axis',
      backgroundColor: p.tooltipBg,
      borderColor: p.axis,
      textStyle: { color: p.text },
      valueFormatter: (v: number | null) => formatValue(v, ind, lang),
    },
    xAxis: {
      type: 'category',
      data: months.map((m) => (lang === 'en' ? `M${m}` : `${m}月`)),
      axisLabel: { color: p.muted },
      axisLine: { lineStyle: { color: p.axis } },
    },
    yAxis: {
      type: 'value',
      axisLabel: {
        color: p.muted,
        formatter: (v: number) => axisNumber(v, ind, lang),
      },
      splitLine: { lineStyle: { color: p.split } },
    },
    series: [
      ...(isFlow
        ? [
            {
              name: labels.month,
              type: 'bar',
              barMaxWidth: 14,
              itemStyle: { color: p.neutral, opacity: 0.55 },
              data: months.map((m) => at(m)?.monthValue ?? null),
            },
          ]
        : []),
      {
        name: labels.cumulative,
        type: 'line',
        smooth: true,
        symbolSize: 6,
        lineStyle: { width: 3, color: p.accent },
        itemStyle: { color: p.accent },
        areaStyle: { color: p.accent, opacity: 0.12 },
        data: months.map((m) => (isFlow ? at(m)?.cumulative : (at(m)?.monthValue ?? at(m)?.cumulative)) ?? null),
      },
      {
        name: labels.expected,
        type: 'line',
        symbol: 'none',
        lineStyle: { width: 2, type: 'dashed', color: p.expected },
        itemStyle: { color: p.expected },
        data: months.map((m) => at(m)?.expected ?? null),
      },
    ],
  };
}

// ------------------------------------------------------------------------------------------------ map

/** The outline matching a child: by its current code, else by a code the area held before. */
export function matchOutline(map: GeoMap, code: string | null) {
  if (!code) {
    return undefined;
  }
  return map.features.find((f) => f.id === code) ?? map.features.find((f) => f.properties.formerCodes?.includes(code));
}

/** The outlines with each area named after its unit (so the series data join by name) and the data to colour them. */
export function mapData(map: GeoMap, children: UnitFigures[], code: string, metric: 'actual' | 'completion') {
  const byFeature = new Map<string, UnitFigures>();
  for (const child of children) {
    const f = matchOutline(map, child.code);
    if (f) {
      byFeature.set(f.id, child);
    }
  }
  const geo = {
    type: 'FeatureCollection' as const,
    features: map.features.map((f) => ({
      ...f,
      // No `cp`: ECharts then labels each area at the centre of its largest polygon (the source's seats crowd).
      properties: { name: byFeature.get(f.id)?.name ?? f.properties.name },
    })),
  };
  const data = [...byFeature.values()].map((child) => {
    const fig = figureOf(child, code);
    const raw = metric === 'completion' ? fig?.completion : fig?.actual;
    return {
      name: child.name,
      value: raw === null || raw === undefined ? null : metric === 'completion' ? raw * 100 : raw,
      orgId: child.orgId,
      figure: fig,
    };
  });
  return { geo, data, unmatched: children.filter((c) => !matchOutline(map, c.code)) };
}

export function mapOption(
  mapName: string,
  data: ReturnType<typeof mapData>['data'],
  ind: IndicatorView | undefined,
  metric: 'actual' | 'completion',
  p: Palette,
  lang: string,
  labels: { actual: string; target: string; completion: string; manual: string },
) {
  const values = data.map((d) => d.value).filter((v): v is number => v !== null);
  const max = values.length ? Math.max(...values) : 1;
  const min = values.length ? Math.min(...values, 0) : 0;
  return {
    tooltip: {
      trigger: 'item',
      backgroundColor: p.tooltipBg,
      borderColor: p.axis,
      textStyle: { color: p.text },
      formatter: (x: { name: string; data?: (typeof data)[number] }) => {
        const f = x.data?.figure;
        if (!x.data) {
          return x.name;
        }
        return [
          `<b>${x.name}</b>${f?.manual ? ` · ${labels.manual}` : ''}`,
          `${labels.actual}: ${formatValue(f?.actual, ind, lang)}`,
          `${labels.target}: ${formatValue(f?.target, ind, lang)}`,
          `${labels.completion}: ${formatCompletion(f?.completion)}`,
        ].join('<br/>');
      },
    },
    visualMap: {
      type: 'continuous',
      min,
      max: max === min ? min + 1 : max,
      left: 8,
      bottom: 8,
      itemHeight: 110,
      itemWidth: 12,
      calculable: false,
      text: [
        metric === 'completion' ? `${Math.round(max)}%` : formatValue(max, ind, lang),
        metric === 'completion' ? `${Math.round(min)}%` : formatValue(min, ind, lang),
      ],
      textStyle: { color: p.muted, fontSize: 11 },
      inRange: { color: p.mapRamp },
    },
    series: [
      {
        type: 'map',
        map: mapName,
        roam: false,
        layoutCenter: ['52%', '50%'],
        layoutSize: '96%',
        cursor: 'pointer',
        selectedMode: false,
        itemStyle: { areaColor: p.areaEmpty, borderColor: p.areaBorder, borderWidth: 1 },
        emphasis: {
          label: { color: '#fff', fontWeight: 600 },
          itemStyle: { areaColor: p.warn, shadowBlur: 12, shadowColor: p.accent },
        },
        label: {
          show: true,
          color: p.text,
          fontSize: 12,
          textShadowColor: 'rgba(0,0,0,0.45)',
          textShadowBlur: 3,
          formatter: (x: { name: string }) => shortName(x.name),
        },
        data,
      },
    ],
  };
}
