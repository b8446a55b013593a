// 应答统计 (response:manage): for a unit and a period, how many emergencies, how fast the first responder accepted and
// arrived (median, P90 and histograms), the outcomes, and responders enrolled / on call per unit.
import { Card, Col, DatePicker, Empty, Row, Space, Statistic, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import {
  type Bucket,
  formatSeconds,
  type Outcome,
  type ResponseStats,
  type StatsFilter,
  useResponseStats,
} from '../api';
import '../components/response.css';
import { chinaNow } from '../../../lib/china-time';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

function Histogram({ buckets, name, color }: { buckets: Bucket[]; name: string; color: string }) {
  const option = {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 16, bottom: 40 },
    xAxis: { type: 'category', data: buckets.map((b) => b.bucket), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name, type: 'bar', data: buckets.map((b) => b.count), itemStyle: { color }, barMaxWidth: 40 }],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 280 }} notMerge />;
}

function OutcomePie({ stats }: { stats: ResponseStats }) {
  const { t } = useTranslation('response');
  const option = {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['40%', '68%'],
        top: -20,
        data: stats.outcomes.map((o) => ({
          name: t(`console.resultValue.${o.result as Outcome['result']}`),
          value: o.count,
        })),
        label: { formatter: '{b}: {c}' },
      },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 280 }} notMerge />;
}

export function ResponseStatsPage() {
  const { t, i18n } = useTranslation('response');
  const { unitId } = useScope();
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [range, setRange] = useState<[Dayjs, Dayjs]>([chinaNow().subtract(90, 'day'), chinaNow()]);
  const filter: StatsFilter = {
    orgId: orgId ?? unitId ?? undefined,
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
  };
  const stats = useResponseStats(filter);
  const s = stats.data;
  const lang = i18n.language;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }} data-testid="response-stats">
      <Card title={t('stats.title')} loading={stats.isLoading && !s}>
        <Space wrap style={{ marginBottom: 16 }}>
          <span>{t('stats.unit')}</span>
          <OrgPicker value={orgId ?? unitId ?? undefined} onChange={setOrgId} style={{ width: 260 }} />
          <span>{t('stats.period')}</span>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => {
              if (v?.[0] && v[1]) {
                setRange([v[0], v[1]]);
              }
            }}
          />
        </Space>
        {s ? (
          <Row gutter={[16, 16]}>
            <Col span={3}>
              <Statistic title={t('stats.emergencies')} value={s.emergencies} />
            </Col>
            <Col span={3}>
              <Statistic title={t('stats.withAcceptance')} value={s.withAcceptance} />
            </Col>
            <Col span={3}>
              <Statistic title={t('stats.medianFirstAccept')} value={formatSeconds(s.medianFirstAcceptSeconds, lang)} />
            </Col>
            <Col span={3}>
              <Statistic title={t('stats.p90FirstAccept')} value={formatSeconds(s.p90FirstAcceptSeconds, lang)} />
            </Col>
            <Col span={3}>
              <Statistic title={t('stats.medianArrival')} value={formatSeconds(s.medianArrivalSeconds, lang)} />
            </Col>
            <Col span={3}>
              <Statistic title={t('stats.p90Arrival')} value={formatSeconds(s.p90ArrivalSeconds, lang)} />
            </Col>
            <Col span={3}>
              <Statistic title={t('stats.enrolled')} value={s.respondersEnrolled} />
            </Col>
            <Col span={3}>
              <Statistic title={t('stats.onCall')} value={s.respondersOnCall} />
            </Col>
          </Row>
        ) : null}
      </Card>
      {s ? (
        <>
          <Row gutter={16}>
            <Col span={9}>
              <Card title={t('stats.firstAcceptChart')} size="small">
                {s.emergencies === 0 ? (
                  <Empty description={t('stats.empty')} />
                ) : (
                  <Histogram buckets={s.firstAcceptHistogram} name={t('stats.count')} color="#1677ff" />
                )}
              </Card>
            </Col>
            <Col span={9}>
              <Card title={t('stats.arrivalChart')} size="small">
                {s.emergencies === 0 ? (
                  <Empty description={t('stats.empty')} />
                ) : (
                  <Histogram buckets={s.arrivalHistogram} name={t('stats.count')} color="#c8102e" />
                )}
              </Card>
            </Col>
            <Col span={6}>
              <Card title={t('stats.outcomesChart')} size="small">
                {s.outcomes.length === 0 ? <Empty description={t('stats.empty')} /> : <OutcomePie stats={s} />}
              </Card>
            </Col>
          </Row>
          <Card title={t('stats.byUnit')} size="small">
            <Table
              rowKey="orgId"
              size="small"
              pagination={false}
              dataSource={s.byUnit}
              columns={[
                { title: t('stats.unit'), dataIndex: 'orgName' },
                { title: t('stats.emergencies'), dataIndex: 'emergencies', width: 140 },
                { title: t('stats.enrolled'), dataIndex: 'respondersEnrolled', width: 160 },
                { title: t('stats.onCall'), dataIndex: 'respondersOnCall', width: 140 },
              ]}
            />
          </Card>
        </>
      ) : null}
    </div>
  );
}
