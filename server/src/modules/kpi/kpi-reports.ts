// The annual evaluation report (年度考核评估): the figures of a unit and the units under it for a year as of a month,
// read only through the engine's service (so the workbook shows what the cockpit shows), and the Excel workbook built
// from them: a cover, the unit's own overview, then one sheet per indicator group with a row per unit.
import ExcelJS from 'exceljs';
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import type { Ctx } from '../../platform/http/context';
import { type Actor, assertCanAt } from '../../platform/rbac/actor';
import { type OrgType, orgTypeLabels } from '../orgs/orgs.schemas';
import * as orgs from '../orgs/orgs.service';
import type { Figure, IndicatorGroup, IndicatorView, UnitFigures } from './kpi.schemas';
import { asOfMonthFor, listIndicators, rankFigures, unitFigures } from './kpi.service';
import type { ReportQuery } from './kpi-reports.schemas';
import { transparencyScores } from './kpi-transparency';
import type { TransparencyMeasureCode, TransparencyUnitScore } from './kpi-transparency.schemas';
import { transparencyMeasureCodes } from './kpi-transparency.schemas';

/** Sheet names of the indicator groups (Excel allows 31 characters, none of []:*?/\). */
export const groupSheetNames: Record<IndicatorGroup, string> = {
  party: '党建',
  donations: '款物募集',
  relief: '救助',
  first_aid: '应急救护',
  people: '人员队伍',
  grassroots: '基层组织',
  services: '一网通办',
  transparency: '信息公开',
  other: '其他',
};

export const statusLabels: Record<Figure['status'], string> = {
  achieved: '已完成',
  on_track: '进度正常',
  behind: '落后',
  no_target: '未设目标',
};

export const manualNote =
  '标注"手工"的数字含工作人员按月填报、附有佐证材料的数据(业务模块尚未记录的工作),其余数字均由各业务模块的记录自动统计,与数字驾驶舱一致。';

export type ReportRow = {
  unit: UnitFigures;
  /** 0 for the unit the report is about, 1 for its children, … */
  level: number;
  parentId: number | null;
  /** Rank of each indicator's completion among the row's siblings (1 = best), when it has one. */
  ranks: Map<string, { rank: number; of: number }>;
};

export type ReportData = {
  org: { id: number; name: string; path: string; type: string; code: string | null };
  year: number;
  asOfMonth: number;
  depth: number;
  indicators: IndicatorView[];
  /** The unit, then each unit under it, depth first in the tree's order. */
  rows: ReportRow[];
  /** Each row's transparency index (红透指数) for the year, with its rank among the row's siblings. */
  transparency: Map<number, TransparencyUnitScore & { siblingRank: number | null }>;
  generatedAt: Date;
  generatedBy: string;
};

function actorName(actor: Actor): string {
  if (actor.kind === 'staff') {
    return actor.displayName;
  }
  return actor.kind === 'system' ? '系统(定时报告)' : '';
}

/**
 * The units under `root` down to `depth` levels, depth first (each parent followed by its own children), inactive
 * ones included (a merged township keeps its past figures): loadReport drops those without figures, as the cockpit does.
 */
async function unitsDown(db: Db, rootId: number, depth: number) {
  const out: { id: number; level: number; parentId: number | null; isActive: boolean }[] = [
    { id: rootId, level: 0, parentId: null, isActive: true },
  ];
  const walk = async (parentId: number, level: number): Promise<void> => {
    if (level > depth) {
      return;
    }
    for (const child of await orgs.listAllChildUnits(db, parentId)) {
      out.push({ id: child.id, level, parentId, isActive: child.isActive });
      await walk(child.id, level + 1);
    }
  };
  await walk(rootId, 1);
  return out;
}

/** Ranks among siblings by the one ranking rule (`rankFigures`); units with neither a completion nor an actual get none. */
export function rankSiblings(
  rates: { orgId: number; completion: number | null; actual: number | null }[],
  higherIsBetter = true,
): Map<number, number> {
  const ranked = rankFigures(
    rates.filter((r) => r.completion !== null || r.actual !== null),
    higherIsBetter,
  );
  return new Map(ranked.map((r) => [r.orgId, r.rank]));
}

/**
 * The figures of a unit (kpi:view at the unit) and the units under it down to `depth` levels, for a year as of a
 * month, with each unit's rank among its siblings. Throws NOT_FOUND, FORBIDDEN / OUT_OF_SCOPE, and KPI_PERIOD_FUTURE
 * for a year after this one or a later month of this year.
 */
export async function loadReport(db: Db, ctx: Ctx, q: Omit<ReportQuery, 'lang'>): Promise<ReportData> {
  const org = await orgs.getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'kpi:view', org.path);
  const asOfMonth = asOfMonthFor(q.year, q.month);
  const tree = await unitsDown(db, org.id, q.depth);
  const [indicators, figures] = await Promise.all([
    listIndicators(db),
    unitFigures(
      db,
      tree.map((u) => u.id),
      q.year,
      asOfMonth,
    ),
  ]);
  const byOrg = new Map(figures.map((f) => [f.orgId, f]));
  // An inactive unit (merged away) stays only while it has figures in the year.
  const hasFigures = (u: UnitFigures) => u.figures.some((f) => f.actual !== null && f.actual !== 0);
  const rows: ReportRow[] = tree
    .filter((u) => byOrg.has(u.id) && (u.isActive || hasFigures(byOrg.get(u.id)!)))
    .map((u) => ({ unit: byOrg.get(u.id)!, level: u.level, parentId: u.parentId, ranks: new Map() }));
  const siblings = new Map<number, ReportRow[]>();
  for (const row of rows) {
    if (row.parentId !== null) {
      siblings.set(row.parentId, [...(siblings.get(row.parentId) ?? []), row]);
    }
  }
  for (const group of siblings.values()) {
    for (const indicator of indicators) {
      const rates = group.map((r) => {
        const f = figureOf(r.unit, indicator.code);
        return { orgId: r.unit.orgId, completion: f?.completion ?? null, actual: f?.actual ?? null };
      });
      const ranks = rankSiblings(rates, indicator.higherIsBetter);
      for (const r of group) {
        const rank = ranks.get(r.unit.orgId);
        if (rank !== undefined) {
          r.ranks.set(indicator.code, { rank, of: ranks.size });
        }
      }
    }
  }
  const scores = await transparencyScores(
    db,
    rows.map((r) => r.unit.orgId),
    q.year,
  );
  const transparency = new Map<number, TransparencyUnitScore & { siblingRank: number | null }>();
  for (const row of rows) {
    const score = scores.get(row.unit.orgId);
    if (score) {
      const group = row.parentId === null ? [row] : (siblings.get(row.parentId) ?? [row]);
      const ranks = rankSiblings(
        group.map((r) => ({ orgId: r.unit.orgId, completion: scores.get(r.unit.orgId)?.score ?? null, actual: null })),
      );
      transparency.set(row.unit.orgId, {
        ...score,
        siblingRank: row.parentId === null ? null : (ranks.get(row.unit.orgId) ?? null),
      });
    }
  }
  return {
    transparency,
    org: { id: org.id, name: org.name, path: org.path, type: org.type, code: org.code },
    year: q.year,
    asOfMonth,
    depth: q.depth,
    indicators,
    rows,
    generatedAt: new Date(),
    generatedBy: actorName(ctx.actor),
  };
}

export function figureOf(unit: UnitFigures, indicator: string): Figure | undefined {
  return unit.figures.find((f) => f.indicator === indicator);
}

/** Date and time in China, as `2026-11-24 09:05`. */
export function chinaDateTime(at: Date): string {
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(at);
  return `${toChinaDate(at)} ${time}`;
}

export function typeLabel(type: string): string {
  return orgTypeLabels[type as OrgType]?.zh ?? type;
}

/** The groups that have indicators, in catalogue order of the groups. */
export function groupsOf(indicators: IndicatorView[]): { group: IndicatorGroup; indicators: IndicatorView[] }[] {
  const order = Object.keys(groupSheetNames) as IndicatorGroup[];
  return order
    .map((group) => ({ group, indicators: indicators.filter((i) => i.group === group) }))
    .filter((g) => g.indicators.length > 0);
}

/** The file names of a report: a readable Chinese one and an ASCII one for old clients. */
export function reportFileNames(data: ReportData, kind: 'xlsx' | 'pdf') {
  const mm = String(data.asOfMonth).padStart(2, '0');
  const title = kind === 'xlsx' ? '年度考核评估表' : '年度工作评估摘要';
  return {
    fileName: `${data.org.name}${data.year}${title}(截至${data.asOfMonth}月).${kind}`,
    asciiName: `kpi-${kind === 'xlsx' ? 'annual' : 'summary'}-${data.org.code ?? data.org.id}-${data.year}-${mm}.${kind}`,
  };
}

// -------------------------------------------------------------------------------------------------- the workbook

const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const manualFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF7D6' } };
const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFD9D9D9' } },
  bottom: { style: 'thin', color: { argb: 'FFD9D9D9' } },
  left: { style: 'thin', color: { argb: 'FFD9D9D9' } },
  right: { style: 'thin', color: { argb: 'FFD9D9D9' } },
};
const statusColor: Record<Figure['status'], string> = {
  achieved: 'FF237804',
  on_track: 'FF1D39C4',
  behind: 'FFCF1322',
  no_target: 'FF595959',
};

/** The number format of an indicator's values: thousands separators and the indicator's decimals. */
export function valueFormat(indicator: IndicatorView): string {
  return indicator.decimals > 0 ? `#,##0.${'0'.repeat(indicator.decimals)}` : '#,##0';
}

/** Excel's sheet-name rules: at most 31 characters, none of []:*?/\. */
export function safeSheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
}

function landscape(ws: ExcelJS.Worksheet, titleRows: string) {
  ws.pageSetup = {
    ...ws.pageSetup,
    orientation: 'landscape',
    paperSize: 9,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    printTitlesRow: titleRows,
  };
  ws.headerFooter = { oddFooter: '&C第 &P 页,共 &N 页' };
}

function styleHeader(row: ExcelJS.Row, from: number, to: number) {
  for (let c = from; c <= to; c++) {
    const cell = row.getCell(c);
    cell.font = { bold: true };
    cell.fill = headerFill;
    cell.border = thin;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
}

function addCover(wb: ExcelJS.Workbook, data: ReportData) {
  const ws = wb.addWorksheet('封面', { properties: { tabColor: { argb: 'FFC8102E' } } });
  ws.columns = [{ width: 18 }, { width: 80 }];
  ws.mergeCells(1, 1, 1, 2);
  const title = ws.getCell(1, 1);
  title.value = `${data.org.name}${data.year}年度红十字工作考核评估表`;
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 32;
  const groups = groupsOf(data.indicators);
  const lines: [string, string][] = [
    ['单位', `${data.org.name}${data.org.code ? `(${data.org.code})` : ''}`],
    ['年度', `${data.year}年`],
    ['统计截至', `${data.year}年${data.asOfMonth}月末`],
    ['包含单位', `本级及下属${data.depth}级单位,共 ${data.rows.length} 个`],
    ['生成时间', `${chinaDateTime(data.generatedAt)}(北京时间)`],
    ['生成人', data.generatedBy],
    [
      '工作表',
      [
        '本级汇总',
        ...groups.map((g) => `${groupSheetNames[g.group]}(${g.indicators.length}项指标)`),
        ...(data.transparency.size > 0 ? ['红透指数'] : []),
      ].join('、'),
    ],
    [
      '口径说明',
      '完成率 = 完成 ÷ 目标(越少越好的指标为 目标 ÷ 完成);排名为同一上级下各单位完成率的名次;空白表示未设目标或暂无数据。',
    ],
    ['手工填报', manualNote],
  ];
  lines.forEach(([k, v], i) => {
    const row = ws.getRow(i + 3);
    row.getCell(1).value = k;
    row.getCell(1).font = { bold: true };
    row.getCell(1).alignment = { vertical: 'top' };
    row.getCell(2).value = v;
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  });
  ws.pageSetup = {
    ...ws.pageSetup,
    orientation: 'portrait',
    paperSize: 9,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
  };
}

function addOverview(wb: ExcelJS.Workbook, data: ReportData) {
  const ws = wb.addWorksheet('本级汇总', { views: [{ state: 'frozen', xSplit: 2, ySplit: 2 }] });
  const root = data.rows[0]?.unit;
  const headers = [
    '指标组',
    '指标',
    '计量单位',
    '目标',
    `截至${data.asOfMonth}月应完成`,
    '完成',
    '完成率',
    '状态',
    '来源',
    '说明',
  ];
  ws.columns = [10, 24, 10, 14, 16, 14, 10, 10, 10, 50].map((width) => ({ width }));
  ws.mergeCells(1, 1, 1, headers.length);
  ws.getCell(1, 1).value = `${data.org.name}${data.year}年各项指标完成情况(截至${data.asOfMonth}月)`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  const header = ws.getRow(2);
  headers.forEach((h, i) => {
    header.getCell(i + 1).value = h;
  });
  styleHeader(header, 1, headers.length);
  let r = 3;
  for (const g of groupsOf(data.indicators)) {
    for (const indicator of g.indicators) {
      const f = root ? figureOf(root, indicator.code) : undefined;
      const row = ws.getRow(r++);
      const values = [
        groupSheetNames[g.group],
        indicator.nameZh,
        indicator.unitZh,
        f?.target ?? null,
        f?.expected ?? null,
        f?.actual ?? null,
        f?.completion ?? null,
        f ? statusLabels[f.status] : '',
        indicator.source === 'manual' ? (f?.manual ? '手工填报' : '手工(未填)') : '自动统计',
        indicator.descriptionZh,
      ];
      values.forEach((v, i) => {
        const cell = row.getCell(i + 1);
        cell.value = v;
        cell.border = thin;
      });
      for (const c of [4, 5, 6]) {
        row.getCell(c).numFmt = valueFormat(indicator);
      }
      row.getCell(7).numFmt = '0.0%';
      row.getCell(10).alignment = { wrapText: true, vertical: 'top' };
      if (f) {
        row.getCell(8).font = { color: { argb: statusColor[f.status] } };
      }
      if (f?.manual) {
        row.getCell(6).fill = manualFill;
        row.getCell(6).note = '含手工填报数据';
      }
    }
  }
  landscape(ws, '1:2');
}

function addGroupSheet(wb: ExcelJS.Workbook, data: ReportData, group: IndicatorGroup, indicators: IndicatorView[]) {
  const ws = wb.addWorksheet(safeSheetName(groupSheetNames[group]), {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 3 }],
  });
  // Per indicator: 目标, 完成, 完成率, 排名; manual indicators also 手工填报.
  const blocks = indicators.map((indicator) => ({
    indicator,
    cols:
      indicator.source === 'manual'
        ? ['目标', '完成', '完成率', '排名', '手工填报']
        : ['目标', '完成', '完成率', '排名'],
  }));
  const fixed = ['单位', '级别', '编码'];
  const total = fixed.length + blocks.reduce((n, b) => n + b.cols.length, 0);
  ws.getColumn(1).width = 26;
  ws.getColumn(2).width = 12;
  ws.getColumn(3).width = 10;
  ws.mergeCells(1, 1, 1, total);
  ws.getCell(1, 1).value =
    `${data.org.name}${data.year}年${groupSheetNames[group]}指标完成情况(截至${data.asOfMonth}月)`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  const top = ws.getRow(2);
  const sub = ws.getRow(3);
  fixed.forEach((h, i) => {
    ws.mergeCells(2, i + 1, 3, i + 1);
    top.getCell(i + 1).value = h;
  });
  let c = fixed.length + 1;
  for (const b of blocks) {
    ws.mergeCells(2, c, 2, c + b.cols.length - 1);
    top.getCell(c).value =
      `${b.indicator.nameZh}(${b.indicator.unitZh})${b.indicator.source === 'manual' ? '·手工' : ''}`;
    if (b.indicator.descriptionZh) {
      top.getCell(c).note = b.indicator.descriptionZh;
    }
    b.cols.forEach((h, i) => {
      sub.getCell(c + i).value = h;
      ws.getColumn(c + i).width = h === '完成率' || h === '排名' ? 9 : h === '手工填报' ? 9 : 13;
    });
    c += b.cols.length;
  }
  top.height = 30;
  styleHeader(top, 1, total);
  styleHeader(sub, 1, total);
  data.rows.forEach((row, i) => {
    const line = ws.getRow(4 + i);
    const name = line.getCell(1);
    name.value = row.unit.name;
    name.alignment = { indent: row.level * 2 };
    if (row.level === 0) {
      line.font = { bold: true };
    }
    line.getCell(2).value = typeLabel(row.unit.type);
    line.getCell(3).value = row.unit.code ?? '';
    let col = fixed.length + 1;
    for (const b of blocks) {
      const f = figureOf(row.unit, b.indicator.code);
      const rank = row.ranks.get(b.indicator.code);
      const [target, actual, rate, rankCell] = [0, 1, 2, 3].map((k) => line.getCell(col + k));
      target.value = f?.target ?? null;
      target.numFmt = valueFormat(b.indicator);
      actual.value = f?.actual ?? null;
      actual.numFmt = valueFormat(b.indicator);
      rate.value = f?.completion ?? null;
      rate.numFmt = '0.0%';
      if (f && f.completion !== null) {
        rate.font = { color: { argb: statusColor[f.status] }, bold: row.level === 0 };
      }
      rankCell.value = rank ? rank.rank : null;
      rankCell.alignment = { horizontal: 'center' };
      if (rank) {
        rankCell.note = `同级 ${rank.of} 个单位中第 ${rank.rank} 名`;
      }
      if (b.cols.length === 5) {
        const flag = line.getCell(col + 4);
        flag.value = f?.manual ? '是' : '';
        flag.alignment = { horizontal: 'center' };
      }
      if (f?.manual) {
        actual.fill = manualFill;
        actual.note = '含工作人员手工填报的数据(附佐证材料)';
      }
      col += b.cols.length;
    }
    for (let k = 1; k <= total; k++) {
      line.getCell(k).border = thin;
    }
  });
  const notes = ws.getRow(5 + data.rows.length);
  notes.getCell(1).value = `注:${manualNote}`;
  notes.getCell(1).font = { italic: true, color: { argb: 'FF595959' } };
  landscape(ws, '2:3');
}

/** The measures of the transparency index, as the workbook's columns name them. */
export const transparencyMeasureLabels: Record<TransparencyMeasureCode, string> = {
  disclosure_published: '信息公开完成率',
  disclosure_on_time: '信息公开及时率',
  receipt_published: '接收款物及时公示率',
  ledger_daily: '一天一公示',
  payout_evidence: '拨付发放凭证完整率',
  restricted_traceable: '定向资金可溯源率',
  relief_notice: '救助公示执行率',
  goods_distributed: '物资及时发放率',
  annual_report: '年报与审计公开率',
};

function addTransparencySheet(wb: ExcelJS.Workbook, data: ReportData) {
  const ws = wb.addWorksheet('红透指数', { views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }] });
  const headers = [
    '单位',
    '级别',
    '得分',
    '同级排名',
    '待整改问题',
    ...transparencyMeasureCodes.map((c) => transparencyMeasureLabels[c]),
  ];
  ws.columns = headers.map((_, i) => ({ width: i === 0 ? 26 : i < 5 ? 11 : 14 }));
  ws.mergeCells(1, 1, 1, headers.length);
  ws.getCell(1, 1).value = `${data.org.name}${data.year}年红透指数(信息公开透明度,满分100)`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  const header = ws.getRow(2);
  headers.forEach((h, i) => {
    header.getCell(i + 1).value = h;
  });
  header.height = 30;
  styleHeader(header, 1, headers.length);
  data.rows.forEach((row, i) => {
    const score = data.transparency.get(row.unit.orgId);
    const line = ws.getRow(3 + i);
    line.getCell(1).value = row.unit.name;
    line.getCell(1).alignment = { indent: row.level * 2 };
    line.getCell(2).value = typeLabel(row.unit.type);
    line.getCell(3).value = score?.score ?? null;
    line.getCell(3).numFmt = '0.0';
    line.getCell(4).value = score?.siblingRank ?? null;
    line.getCell(4).alignment = { horizontal: 'center' };
    line.getCell(5).value = score?.gapCount ?? null;
    transparencyMeasureCodes.forEach((code, k) => {
      const cell = line.getCell(6 + k);
      const share = score?.shares[code];
      cell.value = share ?? (score ? '不适用' : null);
      cell.numFmt = '0.0%';
      if (share === null || share === undefined) {
        cell.alignment = { horizontal: 'center' };
        cell.font = { color: { argb: 'FF8C8C8C' } };
      }
    });
    if (row.level === 0) {
      line.font = { bold: true };
    }
    for (let k = 1; k <= headers.length; k++) {
      line.getCell(k).border = thin;
    }
  });
  const note = ws.getRow(4 + data.rows.length);
  note.getCell(1).value =
    '注:红透指数为本平台按信息公开记录计算的透明度得分(各项比率加权,满分100),非全国红十字会透明指数;待整改问题详见“红透指数”页面。';
  note.getCell(1).font = { italic: true, color: { argb: 'FF595959' } };
  landscape(ws, '2:2');
}

/** Builds the annual evaluation workbook from loaded report figures. */
export async function buildWorkbook(data: ReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Boai';
  wb.created = data.generatedAt;
  wb.title = `${data.org.name}${data.year}年度红十字工作考核评估表`;
  addCover(wb, data);
  addOverview(wb, data);
  for (const g of groupsOf(data.indicators)) {
    addGroupSheet(wb, data, g.group, g.indicators);
  }
  if (data.transparency.size > 0) {
    addTransparencySheet(wb, data);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The annual evaluation workbook of a unit (kpi:view at the unit); see loadReport for what it throws. */
export async function annualWorkbook(db: Db, ctx: Ctx, q: Omit<ReportQuery, 'lang'>) {
  const data = await loadReport(db, ctx, q);
  return { buffer: await buildWorkbook(data), ...reportFileNames(data, 'xlsx') };
}
