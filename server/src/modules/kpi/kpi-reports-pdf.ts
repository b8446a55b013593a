// The PDF summary of the annual evaluation: the unit's completion of every indicator, charts of its children's
// completion and of the monthly course of the key indicators (ECharts SVG, drawn in the shipped CJK font), the units
// behind, and the note on staff-entered figures. Figures come from loadReport, so they match the workbook.
import type { Db } from '../../db/client';
import {
  assertRenderable,
  type Content,
  type DocDefinition,
  renderPdf,
  type TableCell,
} from '../../platform/documents/pdf';
import type { Ctx } from '../../platform/http/context';
import type { Figure, IndicatorView, Trend } from './kpi.schemas';
import { trendsFor } from './kpi.service';
import {
  chinaDateTime,
  figureOf,
  groupSheetNames,
  groupsOf,
  loadReport,
  manualNote,
  type ReportData,
  reportFileNames,
  statusLabels,
} from './kpi-reports';
import type { ReportQuery } from './kpi-reports.schemas';
import { completionBarsSvg, trendSvg, valueBarsSvg } from './kpi-reports-charts';

const red = '#c8102e';
const statusColors: Record<Figure['status'], string> = {
  achieved: '#237804',
  on_track: '#1d39c4',
  behind: '#cf1322',
  no_target: '#595959',
};

/** A figure as printed: thousands separators and the indicator's decimals; '—' when there is none. */
export function formatValue(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined) {
    return '—';
  }
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export function formatRate(completion: number | null | undefined): string {
  return completion === null || completion === undefined ? '—' : `${(completion * 100).toFixed(1)}%`;
}

/**
 * The key indicators of the summary: those with a target for the unit, then those with a target for any child, in
 * the order of the groups (at most `n`).
 */
function keyIndicators(data: ReportData, n: number): IndicatorView[] {
  const root = data.rows[0].unit;
  // In the order of the groups: party work first, as the evaluation itself puts it.
  const ordered = groupsOf(data.indicators).flatMap((g) => g.indicators);
  const own = ordered.filter((i) => figureOf(root, i.code)?.target != null);
  const children = ordered.filter(
    (i) => !own.includes(i) && data.rows.some((r) => r.level === 1 && figureOf(r.unit, i.code)?.target != null),
  );
  return [...own, ...children].slice(0, n);
}

function figuresTable(data: ReportData): Content {
  const root = data.rows[0].unit;
  const head: TableCell[] = ['指标组', '指标', '目标', `截至${data.asOfMonth}月应完成`, '完成', '完成率', '状态'].map(
    (text) => ({ text, bold: true, fillColor: '#f2f2f2', alignment: 'center' }),
  );
  const body: TableCell[][] = [head];
  for (const g of groupsOf(data.indicators)) {
    g.indicators.forEach((indicator, i) => {
      const f = figureOf(root, indicator.code);
      body.push([
        i === 0 ? { text: groupSheetNames[g.group], bold: true } : '',
        `${indicator.nameZh}(${indicator.unitZh})`,
        { text: formatValue(f?.target, indicator.decimals), alignment: 'right' },
        { text: formatValue(f?.expected, indicator.decimals), alignment: 'right' },
        {
          text: `${formatValue(f?.actual, indicator.decimals)}${f?.manual ? ' ※' : ''}`,
          alignment: 'right',
          fillColor: f?.manual ? '#fff7d6' : undefined,
        },
        {
          text: formatRate(f?.completion),
          alignment: 'right',
          bold: true,
          color: f ? statusColors[f.status] : undefined,
        },
        { text: f ? statusLabels[f.status] : '', color: f ? statusColors[f.status] : undefined, alignment: 'center' },
      ]);
    });
  }
  return {
    table: { headerRows: 1, widths: [44, '*', 62, 62, 66, 46, 44], body },
    layout: 'lightHorizontalLines',
    fontSize: 8.5,
  };
}

function statusSummary(data: ReportData): string {
  const root = data.rows[0].unit;
  const count = (s: Figure['status']) => root.figures.filter((f) => f.status === s).length;
  const manual = root.figures.filter((f) => f.manual).length;
  return (
    `共 ${data.indicators.length} 项指标:已完成 ${count('achieved')} 项,进度正常 ${count('on_track')} 项,` +
    `落后 ${count('behind')} 项,未设目标 ${count('no_target')} 项${manual ? `;其中 ${manual} 项含手工填报数据(※)` : ''}。`
  );
}

/** Charts two to a row. */
function pairs(charts: Content[]): Content[] {
  const rows: Content[] = [];
  for (let i = 0; i < charts.length; i += 2) {
    rows.push({ columns: charts.slice(i, i + 2), columnGap: 5, margin: [0, 0, 0, 6] });
  }
  return rows;
}

function barCharts(data: ReportData, key: IndicatorView[]): Content[] {
  const children = data.rows.filter((r) => r.level === 1);
  const note = (text: string): Content => ({ text, color: '#595959', margin: [0, 4, 0, 8] });
  if (children.length === 0) {
    return [note('本单位没有下级单位,无下级对比。')];
  }
  const withTargets = key.filter((i) => children.some((r) => figureOf(r.unit, i.code)?.target != null));
  if (withTargets.length > 0) {
    return pairs(
      withTargets.map((indicator) => ({
        svg: completionBarsSvg(
          `${indicator.nameZh}完成率`,
          children.map((r) => {
            const f = figureOf(r.unit, indicator.code);
            return { name: r.unit.name, completion: f?.completion ?? null, status: f?.status ?? 'no_target' };
          }),
          500,
        ),
        width: 255,
      })),
    );
  }
  // No child has a target yet: compare what they did on the first indicators with figures.
  const shown = data.indicators
    .filter((i) => children.some((r) => (figureOf(r.unit, i.code)?.actual ?? 0) !== 0))
    .slice(0, 4);
  if (shown.length === 0) {
    return [note('各下级单位尚无目标和完成数据。')];
  }
  return [
    note('各下级单位尚未设定目标,以下对比完成值。'),
    ...pairs(
      shown.map((indicator) => ({
        svg: valueBarsSvg(
          `${indicator.nameZh}(${indicator.unitZh})`,
          indicator.unitZh,
          children.map((r) => ({ name: r.unit.name, value: figureOf(r.unit, indicator.code)?.actual ?? null })),
          500,
        ),
        width: 255,
      })),
    ),
  ];
}

/** The indicators whose monthly course the summary draws: key indicators first, then those with figures (at most 3). */
function trendIndicators(data: ReportData): IndicatorView[] {
  const root = data.rows[0].unit;
  const key = keyIndicators(data, 3);
  const active = data.indicators.filter((i) => !key.includes(i) && (figureOf(root, i.code)?.actual ?? 0) !== 0);
  return [...key, ...active].slice(0, 3);
}

function trendCharts(shown: IndicatorView[], trends: Trend[]): Content {
  const charts = shown.map((indicator) => {
    const t = trends.find((x) => x.indicator === indicator.code);
    return {
      svg: trendSvg(indicator.nameZh, indicator.unitZh, t?.points ?? []),
      width: 168,
    };
  });
  return { columns: charts, columnGap: 5 };
}

function behindTable(data: ReportData): Content {
  const lines: TableCell[][] = [];
  for (const r of data.rows.filter((x) => x.level === 1)) {
    for (const indicator of data.indicators) {
      const f = figureOf(r.unit, indicator.code);
      if (f?.status === 'behind') {
        lines.push([
          r.unit.name,
          `${indicator.nameZh}(${indicator.unitZh})`,
          { text: formatValue(f.expected, indicator.decimals), alignment: 'right' },
          { text: `${formatValue(f.actual, indicator.decimals)}${f.manual ? ' ※' : ''}`, alignment: 'right' },
          { text: formatRate(f.completion), alignment: 'right', color: statusColors.behind },
        ]);
      }
    }
  }
  if (lines.length === 0) {
    return { text: '各下级单位均无落后指标。', color: '#595959' };
  }
  const shown = lines.slice(0, 60);
  const head: TableCell[] = ['单位', '指标', '应完成', '完成', '完成率'].map((text) => ({
    text,
    bold: true,
    fillColor: '#f2f2f2',
    alignment: 'center',
  }));
  return [
    {
      table: { headerRows: 1, widths: [110, '*', 70, 70, 50], body: [head, ...shown] },
      layout: 'lightHorizontalLines',
      fontSize: 8.5,
    },
    lines.length > shown.length
      ? {
          text: `另有 ${lines.length - shown.length} 项未列出,详见年度考核评估表。`,
          color: '#595959',
          margin: [0, 4, 0, 0],
        }
      : '',
  ];
}

function transparencySection(data: ReportData): Content {
  const own = data.transparency.get(data.org.id);
  if (!own) {
    return { text: '暂无红透指数。', color: '#595959' };
  }
  const children = data.rows.filter((r) => r.level === 1);
  const lead: Content = {
    text: `本单位红透指数 ${own.score === null ? '—' : own.score.toFixed(1)} 分(满分100),待整改问题 ${own.gapCount} 个。`,
    margin: [0, 0, 0, 6],
  };
  if (children.length === 0) {
    return lead;
  }
  const head: TableCell[] = ['单位', '得分', '同级排名', '待整改问题'].map((text) => ({
    text,
    bold: true,
    fillColor: '#f2f2f2',
    alignment: 'center',
  }));
  const body: TableCell[][] = children.map((r) => {
    const s = data.transparency.get(r.unit.orgId);
    return [
      r.unit.name,
      { text: s?.score == null ? '—' : s.score.toFixed(1), alignment: 'right' },
      { text: s?.siblingRank == null ? '—' : String(s.siblingRank), alignment: 'center' },
      { text: s ? String(s.gapCount) : '—', alignment: 'right' },
    ];
  });
  return [
    lead,
    {
      table: { headerRows: 1, widths: ['*', 70, 70, 80], body: [head, ...body] },
      layout: 'lightHorizontalLines',
      fontSize: 8.5,
    },
  ];
}

function pageFooter(current: number, count: number): string {
  return `第 ${current} 页,共 ${count} 页`;
}

/** Builds the summary document definition (exported for tests that look at its parts). */
export function summaryDefinition(data: ReportData, trends: Trend[]): DocDefinition {
  const key = keyIndicators(data, 4);
  const title = `${data.org.name}${data.year}年度红十字工作评估摘要`;
  const h2 = (text: string, pageBreak?: 'before'): Content => ({
    text,
    fontSize: 13,
    bold: true,
    color: red,
    margin: [0, 12, 0, 6],
    ...(pageBreak ? { pageBreak } : {}),
  });
  return {
    pageSize: 'A4',
    pageMargins: [40, 48, 40, 48],
    info: { title, subject: `统计截至${data.year}年${data.asOfMonth}月末` },
    defaultStyle: { fontSize: 10, lineHeight: 1.25 },
    footer: (current, count) => ({
      text: pageFooter(current, count),
      alignment: 'center',
      fontSize: 8,
      color: '#8c8c8c',
    }),
    content: [
      { text: title, fontSize: 18, bold: true, alignment: 'center', margin: [0, 0, 0, 4] },
      {
        text: `统计截至 ${data.year}年${data.asOfMonth}月末 · 生成于 ${chinaDateTime(data.generatedAt)}(北京时间)· ${data.generatedBy}`,
        alignment: 'center',
        fontSize: 9,
        color: '#595959',
        margin: [0, 0, 0, 10],
      },
      { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 515, y2: 0, lineWidth: 1.5, lineColor: red }] },
      h2('一、主要指标完成情况'),
      { text: statusSummary(data), margin: [0, 0, 0, 6] },
      figuresTable(data),
      h2('二、下级单位对比', 'before'),
      ...barCharts(data, key),
      h2('三、主要指标月度走势'),
      trendIndicators(data).length > 0
        ? trendCharts(trendIndicators(data), trends)
        : { text: '本年度暂无数据。', color: '#595959' },
      h2('四、落后单位与指标'),
      behindTable(data),
      h2('五、红透指数'),
      transparencySection(data),
      h2('六、说明'),
      {
        ul: [
          manualNote,
          '※ 表示该数字含手工填报数据。',
          '完成率 = 完成 ÷ 目标(越少越好的指标为 目标 ÷ 完成);“应完成”为按月度目标(或全年目标按月平均)截至统计月应达到的数字。',
          '各单位明细、同级排名见同期的年度考核评估表(Excel)。',
        ],
        fontSize: 9,
        color: '#404040',
      },
    ],
  };
}

/** The PDF summary of a unit's year (kpi:view at the unit); throws as loadReport does. */
export async function summaryPdf(db: Db, ctx: Ctx, q: Omit<ReportQuery, 'lang' | 'depth'>) {
  const data = await loadReport(db, ctx, { ...q, depth: 1 });
  const shown = trendIndicators(data).map((i) => i.code);
  const trends = shown.length > 0 ? await trendsFor(db, data.org.id, data.year, data.asOfMonth, shown) : [];
  // Footer text is produced while rendering, out of renderPdf's reach: check its characters here.
  assertRenderable(pageFooter(10, 10));
  const buffer = await renderPdf(summaryDefinition(data, trends));
  return { buffer, ...reportFileNames(data, 'pdf') };
}
