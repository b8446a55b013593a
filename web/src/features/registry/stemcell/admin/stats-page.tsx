// 三献统计 (console): for a unit and a period, stem-cell sign-ups, samples, preliminary matches, collections and
// withdrawals, and blood drives, donors and millilitres — rolled up to each child unit (bars) and per month (lines),
// with the table and an Excel export.
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
import { type StatsView, statsExportUrl, useStats } from '../api';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const stemKeys = ['registrations', 'samples', 'matches', 'collections', 'withdrawals'] as const;
const bloodKeys = ['drives', 'bloodDonors', 'bloodVolumeMl'] as const;
const colors = ['#c8102e', '#fa8c16', '#1677ff', '#52c41a', '#8c8c8c'];

export function StemCellStatsPage() {
  const { t } = useTranslation('stemcell');
  const { unitId } = useScope();
  const [orgId, setOrgId] = useState<number | undefined>();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([chinaNow().subtract(1, 'year').add(1, 'day'), chinaNow()]);
  const unit = orgId ?? unitId ?? null;
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const stats = useStats(unit, from, to);
  const s = stats.data;
  const label = (k: (typeof stemKeys)[number] | (typeof bloodKeys)[number]) => t(`stats.${k}`);

  const byUnit = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 70 },
    xAxis: {
      type: 'category',
      data: s?.byUnit.map((u) => u.orgName) ?? [],
      axisLabel: { interval: 0, rotate: (s?.byUnit.length ?? 0) > 5 ? 30 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: stemKeys.map((k, i) => ({
      name: label(k),
      type: 'bar',
      itemStyle: { color: colors[i] },
      data: s?.byUnit.map((u) => u[k]) ?? [],
    })),
  };
  const byMonth = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 48, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: s?.byMonth.map((m) => m.month) ?? [] },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', name: 'ml', splitLine: { show: false } },
    ],
    series: [
      ...stemKeys.slice(0, 4).map((k, i) => ({
        name: label(k),
        type: 'line',
        itemStyle: { color: colors[i] },
        data: s?.byMonth.map((m) => m[k]) ?? [],
      })),
      {
        name: label('bloodVolumeMl'),
        type: 'bar',
        yAxisIndex: 1,
        itemStyle: { color: '#ffccc7' },
        data: s?.byMonth.map((m) => m.bloodVolumeMl) ?? [],
      },
    ],
  };
  type Row = StatsView['byUnit'][number];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('stats.title')}
      </Typography.Title>
      <Space wrap>
        <OrgPicker value={orgId} onChange={setOrgId} style={{ width: 240 }} />
        <DatePicker.RangePicker
          allowClear={false}
          value={range}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        />
        {unit && (
          <Button href={statsExportUrl(unit, from, to)} target="_blank">
            {t('stats.export')}
          </Button>
        )}
      </Space>
      {s && (
        <>
          <Space wrap size="large">
            {[...stemKeys, ...bloodKeys].map((k) => (
              <Card key={k} size="small" style={{ minWidth: 130 }}>
                <Statistic title={label(k)} value={s.totals[k]} />
              </Card>
            ))}
          </Space>
          <Card title={t('stats.byUnit')} size="small">
            <ReactEChartsCore echarts={echarts} option={byUnit} style={{ height: 320 }} notMerge />
          </Card>
          <Card title={t('stats.byMonth')} size="small">
            <ReactEChartsCore echarts={echarts} option={byMonth} style={{ height: 300 }} notMerge />
          </Card>
          <Table<Row>
            rowKey="orgId"
            size="small"
            pagination={false}
            scroll={{ x: 900 }}
            dataSource={s.byUnit}
            columns={[
              { title: t('stats.unit'), dataIndex: 'orgName', fixed: 'left', width: 180 },
              ...[...stemKeys, ...bloodKeys].map((k) => ({ title: label(k), dataIndex: k })),
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <b>{t('stats.total')}</b>
                </Table.Summary.Cell>
                {[...stemKeys, ...bloodKeys].map((k, i) => (
                  <Table.Summary.Cell key={k} index={i + 1}>
                    <b>{s.totals[k]}</b>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            )}
          />
        </>
      )}
    </Space>
  );
}
