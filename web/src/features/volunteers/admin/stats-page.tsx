// 志愿服务统计: for a unit and period, activities (场次), attendances, check-ins and approved hours per child unit
// (rolled up the tree) and per month, as charts and a table, with the two exports for the national system.
import { Button, Card, Col, DatePicker, Row, Space, Statistic, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { chinaNow } from '../../../lib/china-time';
import { exportUrl, useVolunteerStats } from '../api';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const hours = (m: number) => Number((m / 60).toFixed(1));

export function VolunteerStatsPage() {
  const { t } = useTranslation('volunteers');
  const { unitId } = useScope();
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([chinaNow().startOf('year'), chinaNow().endOf('year')]);
  const unit = orgId ?? unitId ?? null;
  const q = { orgId: unit, from: period[0].format('YYYY-MM-DD'), to: period[1].format('YYYY-MM-DD') };
  const stats = useVolunteerStats(q);
  const s = stats.data;
  return (
    <div data-testid="volunteer-stats-page">
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgPicker value={unit ?? undefined} onChange={(v) => setOrgId(v ?? undefined)} style={{ width: 260 }} />
        <DatePicker.RangePicker
          value={period}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
        />
        {unit ? (
          <>
            <a href={exportUrl('volunteers', { orgId: unit })}>
              <Button>{t('admin.exportVolunteers')}</Button>
            </a>
            <a href={exportUrl('records', { orgId: unit, from: q.from, to: q.to })}>
              <Button>{t('admin.exportRecords')}</Button>
            </a>
          </>
        ) : null}
      </Space>
      {s ? (
        <>
          <Row gutter={12} style={{ marginBottom: 12 }}>
            {[
              [t('admin.registeredTotal'), s.registeredVolunteers],
              [t('admin.sessions'), s.total.activities],
              [t('admin.attendances'), s.total.volunteers],
              [t('admin.signups'), s.total.signups],
              [t('admin.hours'), hours(s.total.minutes)],
            ].map(([title, value]) => (
              <Col key={String(title)} xs={12} md={4}>
                <Card size="small">
                  <Statistic title={title} value={value} />
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={12}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('admin.byUnit')}>
                <ReactEChartsCore
                  echarts={echarts}
                  style={{ height: 300 }}
                  option={{
                    tooltip: { trigger: 'axis' },
                    legend: { top: 0 },
                    grid: { left: 48, right: 48, top: 36, bottom: 60 },
                    xAxis: {
                      type: 'category',
                      data: s.byUnit.map((u) => u.orgName),
                      axisLabel: { interval: 0, rotate: s.byUnit.length > 5 ? 30 : 0 },
                    },
                    yAxis: [
                      { type: 'value', name: 'h' },
                      { type: 'value', minInterval: 1 },
                    ],
                    series: [
                      {
                        name: t('admin.hours'),
                        type: 'bar',
                        data: s.byUnit.map((u) => hours(u.minutes)),
                        itemStyle: { color: '#c8102e' },
                      },
                      {
                        name: t('admin.sessions'),
                        type: 'bar',
                        yAxisIndex: 1,
                        data: s.byUnit.map((u) => u.activities),
                      },
                    ],
                  }}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('admin.byMonth')}>
                <ReactEChartsCore
                  echarts={echarts}
                  style={{ height: 300 }}
                  option={{
                    tooltip: { trigger: 'axis' },
                    legend: { top: 0 },
                    grid: { left: 48, right: 48, top: 36, bottom: 30 },
                    xAxis: { type: 'category', data: s.byMonth.map((m) => m.month) },
                    yAxis: [
                      { type: 'value', name: 'h' },
                      { type: 'value', minInterval: 1 },
                    ],
                    series: [
                      {
                        name: t('admin.hours'),
                        type: 'line',
                        data: s.byMonth.map((m) => hours(m.minutes)),
                        itemStyle: { color: '#c8102e' },
                      },
                      {
                        name: t('admin.attendances'),
                        type: 'line',
                        yAxisIndex: 1,
                        data: s.byMonth.map((m) => m.volunteers),
                      },
                    ],
                  }}
                />
              </Card>
            </Col>
          </Row>
          <Table
            style={{ marginTop: 12 }}
            size="small"
            rowKey="orgId"
            pagination={false}
            dataSource={s.byUnit}
            columns={[
              { title: t('admin.unitCol'), dataIndex: 'orgName' },
              { title: t('admin.sessions'), dataIndex: 'activities' },
              { title: t('admin.signups'), dataIndex: 'signups' },
              { title: t('admin.checkins'), dataIndex: 'checkins' },
              { title: t('admin.attendances'), dataIndex: 'volunteers' },
              { title: t('admin.hours'), dataIndex: 'minutes', render: (m: number) => hours(m) },
            ]}
          />
        </>
      ) : null}
    </div>
  );
}
