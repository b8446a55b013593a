// 办件统计: requests submitted in a date range under a unit — 办结率, 按时办结率, average handling days and satisfaction —
// by the unit's children (the province sees its cities), by service and by month, charted with ECharts; Excel export.
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Empty, Select, Spin, Statistic, Table, Tabs } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatFigures, StatsView } from '../../../../../server/src/modules/services/services.schemas';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { statsExcelUrl, useCatalogue, useStats } from '../api';
import { usePick } from '../components/labels';
import { Chart, type ChartOption } from './chart';
import '../components/services.css';
import { chinaNow } from '../../../lib/china-time';

type Row = StatFigures & { key: string; name: string };
type Dimension = 'byUnit' | 'byItem' | 'byMonth';

const brandRed = '#c8102e';
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));

function rowsOf(
  stats: StatsView,
  dimension: Dimension,
  name: (zh: string, en: string) => string,
  self: (n: string) => string,
): Row[] {
  if (dimension === 'byUnit') {
    return stats.byUnit.map((u) => ({ ...u, key: String(u.orgId), name: u.isSelf ? self(u.orgName) : u.orgName }));
  }
  if (dimension === 'byItem') {
    return stats.byItem.map((i) => ({ ...i, key: i.itemCode, name: name(i.itemNameZh, i.itemNameEn) }));
  }
  return stats.byMonth.map((m) => ({ ...m, key: m.month, name: m.month }));
}

export function StatsPage() {
  const { t } = useTranslation(['services', 'common']);
  const { pick } = usePick();
  const { unitId } = useScope();
  const catalogue = useCatalogue();
  const [chosenOrg, setChosenOrg] = useState<number | null | undefined>(undefined);
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [chinaNow().startOf('year'), chinaNow()]);
  const [itemCode, setItemCode] = useState<string | undefined>();
  const [dimension, setDimension] = useState<Dimension>('byUnit');
  const orgId = (chosenOrg === undefined ? unitId : chosenOrg) ?? undefined;
  const filter = { orgId, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), itemCode };
  const stats = useStats(filter);
  const s = stats.data;
  const rows = s
    ? rowsOf(
        s,
        dimension,
        (zh, en) => pick(zh, en),
        (n) => t('stats.self', { name: n }),
      )
    : [];
  // Charts show every unit below (the province sees all its cities) unless there are many; then those with requests.
  const withRequests = rows.filter(
    (r) => r.received > 0 || dimension === 'byMonth' || (dimension === 'byUnit' && rows.length <= 20),
  );

  const rateOption = (data: Row[]): ChartOption => ({
    color: [brandRed, '#1677ff'],
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => `${Number(v ?? 0).toFixed(1)}%`,
    },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: data.map((r) => r.name),
      axisLabel: { interval: 0, rotate: data.length > 6 ? 30 : 0, width: 90, overflow: 'truncate' },
    },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: t('stats.completionRate'),
        type: 'bar',
        barMaxWidth: 24,
        data: data.map((r) => (r.completionRate === null ? null : Math.round(r.completionRate * 1000) / 10)),
      },
      {
        name: t('stats.onTimeRate'),
        type: 'bar',
        barMaxWidth: 24,
        data: data.map((r) => (r.onTimeRate === null ? null : Math.round(r.onTimeRate * 1000) / 10)),
      },
    ],
  });

  const daysOption = (data: Row[]): ChartOption => ({
    color: ['#faad14', '#52c41a'],
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: data.map((r) => r.name),
      axisLabel: { interval: 0, rotate: data.length > 6 ? 30 : 0, width: 90, overflow: 'truncate' },
    },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 5, interval: 1, splitLine: { show: false } },
    ],
    series: [
      {
        name: t('stats.avgHandlingDays'),
        type: 'bar',
        barMaxWidth: 24,
        data: data.map((r) => (r.avgHandlingDays === null ? null : Math.round(r.avgHandlingDays * 10) / 10)),
      },
      {
        name: t('stats.avgStars'),
        type: 'line',
        yAxisIndex: 1,
        connectNulls: true,
        data: data.map((r) => (r.avgStars === null ? null : Math.round(r.avgStars * 10) / 10)),
      },
    ],
  });

  const figure = (title: string, value: string | number, testId?: string, color?: string) => (
    <Card size="small">
      <Statistic
        title={title}
        value={value}
        loading={stats.isLoading}
        styles={color ? { content: { color } } : undefined}
        data-testid={testId}
      />
    </Card>
  );

  return (
    <Card
      title={t('stats.title')}
      extra={
        <Button icon={<DownloadOutlined />} href={statsExcelUrl(filter)} data-testid="stats-export">
          {t('stats.export')}
        </Button>
      }
      data-testid="stats-page"
    >
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 12, alignItems: 'center' }}>
        <OrgPicker
          value={orgId}
          onChange={(id) => setChosenOrg(id ?? null)}
          placeholder={t('stats.unit')}
          style={{ width: 220 }}
        />
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(v) => {
            if (v?.[0] && v[1]) {
              setRange([v[0], v[1]]);
            }
          }}
          presets={[
            { label: String(chinaNow().year()), value: [chinaNow().startOf('year'), chinaNow()] },
            {
              label: String(chinaNow().year() - 1),
              value: [chinaNow().subtract(1, 'year').startOf('year'), chinaNow().subtract(1, 'year').endOf('year')],
            },
          ]}
          style={{ width: 260 }}
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('stats.allItems')}
          value={itemCode}
          onChange={setItemCode}
          options={(catalogue.data?.categories ?? []).map((c) => ({
            label: pick(c),
            options: c.items.map((i) => ({ value: i.code, label: pick(i) })),
          }))}
          style={{ width: 220 }}
          popupMatchSelectWidth={false}
        />
      </div>
      <Alert type="info" showIcon title={t('stats.hint')} style={{ marginBottom: 16 }} />
      {stats.error && <Alert type="error" showIcon title={stats.error.message} style={{ marginBottom: 16 }} />}
      <div className="svc-stats-figures">
        {figure(t('stats.received'), s?.totals.received ?? 0, 'stats-received')}
        {figure(t('stats.concluded'), s?.totals.concluded ?? 0)}
        {figure(t('stats.completionRate'), pct(s?.totals.completionRate ?? null), 'stats-completion', brandRed)}
        {figure(t('stats.onTimeRate'), pct(s?.totals.onTimeRate ?? null), 'stats-on-time')}
        {figure(t('stats.avgHandlingDays'), num(s?.totals.avgHandlingDays ?? null))}
        {figure(
          s && s.totals.avgStars !== null
            ? `${t('stats.goodRate')} · ${t('stats.avgStars')} ${num(s.totals.avgStars)}★`
            : t('stats.goodRate'),
          pct(s?.totals.goodRate ?? null),
        )}
      </div>
      <Tabs
        activeKey={dimension}
        onChange={(k) => setDimension(k as Dimension)}
        items={(['byUnit', 'byItem', 'byMonth'] as const).map((d) => ({ key: d, label: t(`stats.${d}`) }))}
      />
      {stats.isLoading && <Spin style={{ display: 'block', margin: '32px auto' }} />}
      {s && s.totals.received === 0 && <Empty description={t('stats.empty')} />}
      {s && s.totals.received > 0 && (
        <>
          <div className="svc-charts">
            <Card size="small" title={t('stats.rateChart')}>
              <Chart option={rateOption(withRequests)} height={300} testId="stats-rate-chart" />
            </Card>
            <Card size="small" title={t('stats.daysChart')}>
              <Chart option={daysOption(withRequests)} height={300} />
            </Card>
          </div>
          <Table<Row>
            rowKey="key"
            size="small"
            dataSource={rows}
            pagination={false}
            scroll={{ x: 1100 }}
            data-testid="stats-table"
            columns={[
              {
                title: t(
                  dimension === 'byUnit' ? 'stats.unit' : dimension === 'byItem' ? 'stats.item' : 'stats.byMonth',
                ),
                dataIndex: 'name',
                fixed: 'left',
                width: 200,
                ellipsis: true,
              },
              { title: t('stats.received'), dataIndex: 'received', align: 'right' },
              { title: t('stats.accepted'), dataIndex: 'accepted', align: 'right' },
              { title: t('stats.returned'), dataIndex: 'returned', align: 'right' },
              { title: t('stats.refused'), dataIndex: 'refused', align: 'right' },
              { title: t('stats.concluded'), dataIndex: 'concluded', align: 'right' },
              { title: t('stats.completionRate'), dataIndex: 'completionRate', align: 'right', render: pct },
              { title: t('stats.onTimeRate'), dataIndex: 'onTimeRate', align: 'right', render: pct },
              {
                title: t('stats.avgHandlingDays'),
                dataIndex: 'avgHandlingDays',
                align: 'right',
                render: (v: number | null) => num(v),
              },
              { title: t('stats.ratings'), dataIndex: 'ratings', align: 'right' },
              {
                title: t('stats.avgStars'),
                dataIndex: 'avgStars',
                align: 'right',
                render: (v: number | null) => num(v),
              },
              { title: t('stats.goodRate'), dataIndex: 'goodRate', align: 'right', render: pct },
            ]}
          />
        </>
      )}
    </Card>
  );
}
