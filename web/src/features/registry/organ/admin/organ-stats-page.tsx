// 捐献登记统计 (console): organ and body registrations, withdrawals and realised donations for the chosen unit and
// period — totals, a stacked bar per child unit (each rolled up over its subtree) and a line per month.
import { Button, Card, DatePicker, Space, Statistic, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../../../app/session';
import { OrgPicker } from '../../../../components/org-picker';
import { chinaNow } from '../../../../lib/china-time';
import { statsExportUrl, useRegistryStats } from '../api';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const keys = [
  'organRegistered',
  'bodyRegistered',
  'organWithdrawn',
  'bodyWithdrawn',
  'organRealised',
  'bodyRealised',
] as const;
const zero = Object.fromEntries(keys.map((k) => [k, 0])) as Record<(typeof keys)[number], number>;
type Counts = { month: string } & Record<(typeof keys)[number], number>;
const colors = ['#c8102e', '#e57373', '#8c8c8c', '#bfbfbf', '#d4a017', '#f0c75e'];

export function OrganStatsPage() {
  const { t } = useTranslation('organ');
  const { unitId } = useScope();
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [range, setRange] = useState<[Dayjs, Dayjs]>([chinaNow().startOf('year'), chinaNow()]);
  const stats = useRegistryStats({
    orgId: orgId ?? unitId ?? undefined,
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
  });
  const units = stats.data?.units ?? [];
  // Every month of the period, so that a month without events shows as zero rather than a gap.
  const months: Counts[] = [];
  for (let m = range[0].startOf('month'); !m.isAfter(range[1], 'month'); m = m.add(1, 'month')) {
    const key = m.format('YYYY-MM');
    months.push(stats.data?.months.find((x) => x.month === key) ?? { month: key, ...zero });
  }
  const unitOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 48, bottom: 60 },
    xAxis: {
      type: 'category',
      data: units.map((u) => u.orgName),
      axisLabel: { interval: 0, rotate: units.length > 6 ? 30 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: keys.map((k, i) => ({
      name: t(`admin.${k}`),
      type: 'bar',
      itemStyle: { color: colors[i] },
      data: units.map((u) => u[k]),
    })),
  };
  const monthOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 48, bottom: 30 },
    xAxis: { type: 'category', data: months.map((m) => m.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: keys.map((k, i) => ({
      name: t(`admin.${k}`),
      type: 'line',
      itemStyle: { color: colors[i] },
      data: months.map((m) => m[k]),
    })),
  };
  return (
    <div>
      <Typography.Title level={3}>{t('admin.stats')}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgPicker value={orgId ?? unitId ?? undefined} onChange={setOrgId} style={{ width: 240 }} />
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        />
        {(orgId ?? unitId) && (
          <Button
            href={statsExportUrl(
              (orgId ?? unitId) as number,
              range[0].format('YYYY-MM-DD'),
              range[1].format('YYYY-MM-DD'),
            )}
            target="_blank"
            data-testid="organ-stats-export"
          >
            {t('admin.export')}
          </Button>
        )}
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        {keys.map((k) => (
          <Card key={k} size="small" style={{ minWidth: 130 }}>
            <Statistic title={t(`admin.${k}`)} value={stats.data?.total[k] ?? 0} />
          </Card>
        ))}
      </Space>
      <Card title={t('admin.byUnit')} size="small" style={{ marginBottom: 12 }}>
        <ReactEChartsCore echarts={echarts} option={unitOption} style={{ height: 320 }} notMerge />
        <Table
          rowKey="orgId"
          size="small"
          pagination={false}
          dataSource={units}
          columns={[
            { title: t('admin.unit'), dataIndex: 'orgName' },
            ...keys.map((k) => ({ title: t(`admin.${k}`), dataIndex: k })),
          ]}
        />
      </Card>
      <Card title={t('admin.byMonth')} size="small">
        <ReactEChartsCore echarts={echarts} option={monthOption} style={{ height: 280 }} notMerge />
      </Card>
    </div>
  );
}
