// AED 统计: for the chosen unit, per child unit (its whole subtree), the unit's own devices and the total — device health
// (ready, needs service, out of service, expiring battery / pads, inspection overdue, telemetry silent) as stacked bars
// and a table, and AEDs per 100,000 inhabitants from the registered population, rolled up the tree.
import { Alert, Card, InputNumber, Space, Table, Tabs, Typography } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AedStatsRow } from '../../../../../server/src/modules/aed/aed.schemas';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { chinaYear } from '../../../lib/china-time';
import { useAedStats } from '../api';
import { statusColors } from './aed-map';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const thisYear = chinaYear();

export function AedStatsPage() {
  const { t } = useTranslation('aedAdmin');
  const { unitId } = useScope();
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [year, setYear] = useState(thisYear);
  const unit = orgId ?? unitId ?? null;
  const stats = useAedStats(unit, year);
  const rows = stats.data?.rows ?? [];
  // Units with devices (the unit's own ones as a bar of their own); the density table keeps every unit with a population.
  const bars = rows.filter((r) => r.devices > 0);
  const barName = (r: AedStatsRow) => (r.kind === 'own' ? `${r.name}(${t('stats.kindOwn')})` : r.name);
  const withDevices = stats.data ? [...bars, stats.data.total] : [];
  const withPopulation = stats.data
    ? [...rows.filter((r) => r.kind === 'child' && (r.devices > 0 || r.population !== null)), stats.data.total]
    : [];
  const densityBars = rows.filter((r) => r.kind === 'child' && r.population !== null);
  const kindLabel = (r: AedStatsRow) =>
    r.kind === 'total' ? t('stats.kindTotal') : r.kind === 'own' ? t('stats.kindOwn') : '';
  const nameCell = (v: string, r: AedStatsRow) => (r.kind === 'child' ? v : <b>{`${v} · ${kindLabel(r)}`}</b>);

  const healthOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 70 },
    xAxis: {
      type: 'category',
      data: bars.map(barName),
      axisLabel: { interval: 0, rotate: bars.length > 6 ? 35 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { key: 'ready', color: statusColors.ready },
      { key: 'needsService', color: statusColors.needs_service },
      { key: 'outOfService', color: statusColors.out_of_service },
    ].map((s) => ({
      name: t(`stats.${s.key}` as 'stats.ready'),
      type: 'bar',
      stack: 'status',
      itemStyle: { color: s.color },
      data: bars.map((r) => r[s.key as 'ready']),
    })),
  };
  const densityOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 70 },
    xAxis: {
      type: 'category',
      data: densityBars.map((r) => r.name),
      axisLabel: { interval: 0, rotate: densityBars.length > 6 ? 35 : 0 },
    },
    yAxis: { type: 'value' },
    series: [
      {
        name: t('stats.per100k'),
        type: 'bar',
        itemStyle: { color: '#1565c0' },
        data: densityBars.map((r) => r.per100k),
      },
      {
        name: t('stats.readyPer100k'),
        type: 'bar',
        itemStyle: { color: statusColors.ready },
        data: densityBars.map((r) => r.readyPer100k),
      },
    ],
  };
  const n = (v: number) => (v > 0 ? <b style={{ color: '#c62828' }}>{v}</b> : v);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('stats.title')}
      </Typography.Title>
      <Card size="small">
        <Space wrap>
          <OrgPicker value={unit ?? undefined} onChange={setOrgId} style={{ width: 240 }} />
          {t('stats.year')}
          <InputNumber value={year} min={2000} max={2100} onChange={(v) => setYear(v ?? thisYear)} />
        </Space>
      </Card>
      <Card size="small" loading={stats.isLoading}>
        <Tabs
          items={[
            {
              key: 'health',
              label: t('stats.health'),
              children: (
                <>
                  <ReactEChartsCore echarts={echarts} option={healthOption} notMerge style={{ height: 320 }} />
                  <Table<AedStatsRow>
                    rowKey={(r) => `${r.kind}-${r.orgId}`}
                    size="small"
                    pagination={false}
                    dataSource={withDevices}
                    data-testid="aed-health-table"
                    columns={[
                      { title: t('stats.unit'), dataIndex: 'name', render: nameCell },
                      { title: t('stats.devices'), dataIndex: 'devices' },
                      { title: t('stats.ready'), dataIndex: 'ready' },
                      { title: t('stats.needsService'), dataIndex: 'needsService', render: n },
                      { title: t('stats.outOfService'), dataIndex: 'outOfService', render: n },
                      { title: t('stats.batteryExpiring'), dataIndex: 'batteryExpiring', render: n },
                      { title: t('stats.padsExpiring'), dataIndex: 'padsExpiring', render: n },
                      { title: t('stats.inspectionOverdue'), dataIndex: 'inspectionOverdue', render: n },
                      { title: t('stats.telemetrySilent'), dataIndex: 'telemetrySilent', render: n },
                    ]}
                  />
                </>
              ),
            },
            {
              key: 'density',
              label: t('stats.density'),
              children: (
                <>
                  {stats.data && stats.data.total.population === null ? (
                    <Alert type="info" showIcon message={t('stats.noPopulation')} style={{ marginBottom: 12 }} />
                  ) : null}
                  <ReactEChartsCore echarts={echarts} option={densityOption} notMerge style={{ height: 320 }} />
                  <Table<AedStatsRow>
                    rowKey={(r) => `${r.kind}-${r.orgId}`}
                    size="small"
                    pagination={false}
                    dataSource={withPopulation}
                    data-testid="aed-density-table"
                    columns={[
                      { title: t('stats.unit'), dataIndex: 'name', render: nameCell },
                      {
                        title: t('stats.population'),
                        dataIndex: 'population',
                        render: (v: number | null, r) =>
                          v === null ? '—' : `${v.toLocaleString()} (${r.populationYear})`,
                      },
                      { title: t('stats.devices'), dataIndex: 'devices' },
                      { title: t('stats.ready'), dataIndex: 'ready' },
                      { title: t('stats.per100k'), dataIndex: 'per100k', render: (v: number | null) => v ?? '—' },
                      {
                        title: t('stats.readyPer100k'),
                        dataIndex: 'readyPer100k',
                        render: (v: number | null) => v ?? '—',
                      },
                    ]}
                  />
                </>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
