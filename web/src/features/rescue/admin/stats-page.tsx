// 救援统计: for a unit's subtree and a period — deployments, 出勤人次, 党员出勤人次 and share (as the seeds count them),
// hours on deployment, people helped and rescued; charts by month, by incident and per team (party / other); the
// attendance per member; Excel export.
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Input, Row, Space, Statistic, Table, Typography } from 'antd';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { type StatsView, statsExportUrl, useRescueStats } from '../api';
import { kindLabel } from './rescue-labels';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type MemberRow = StatsView['byMember'][number];

export function RescueStatsPage() {
  const { t, i18n } = useTranslation('rescue');
  const { unitId } = useScope();
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const q = { orgId: orgId ?? unitId ?? undefined, from: from || undefined, to: to || undefined };
  const stats = useRescueStats(q);
  const s = stats.data;
  const lang = i18n.language;
  const pct = (v: number | null | undefined) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);

  const monthOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 40, top: 36, bottom: 30 },
    xAxis: { type: 'category', data: (s?.byMonth ?? []).map((m) => m.month) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', minInterval: 1 },
    ],
    series: [
      {
        name: t('stats.deployments'),
        type: 'bar',
        barMaxWidth: 36,
        itemStyle: { color: '#c62828' },
        data: (s?.byMonth ?? []).map((m) => m.deployments),
      },
      {
        name: t('stats.attendance'),
        type: 'line',
        yAxisIndex: 1,
        itemStyle: { color: '#1565c0' },
        data: (s?.byMonth ?? []).map((m) => m.attendance),
      },
    ],
  };
  const kindOption = {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        top: -20,
        data: (s?.byKind ?? []).map((k) => ({ name: kindLabel(k.kind, lang), value: k.deployments })),
      },
    ],
  };
  const teams = (s?.byTeam ?? []).filter((r) => r.attendance > 0 || r.activeMembers > 0);
  const teamOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 60 },
    xAxis: {
      type: 'category',
      data: teams.map((r) => r.name.replace(/^.*?(红十字)/, '')),
      axisLabel: { interval: 0, rotate: teams.length > 4 ? 30 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('stats.partyAttendance'),
        type: 'bar',
        barMaxWidth: 48,
        stack: 'a',
        itemStyle: { color: '#c62828' },
        data: teams.map((r) => r.partyAttendance),
      },
      {
        name: t('stats.nonParty'),
        type: 'bar',
        barMaxWidth: 48,
        stack: 'a',
        itemStyle: { color: '#90a4ae' },
        data: teams.map((r) => r.attendance - r.partyAttendance),
      },
    ],
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="rescue-stats-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('stats.title')}
      </Typography.Title>
      <Card size="small">
        <Space wrap>
          <OrgPicker value={q.orgId} onChange={setOrgId} style={{ width: 240 }} />
          {t('stats.period')}
          <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} style={{ width: 150 }} />
          –
          <Input type="date" value={to} onChange={(e) => setTo(e.target.value)} style={{ width: 150 }} />
          <Button icon={<DownloadOutlined />} href={statsExportUrl(q)}>
            {t('stats.export')}
          </Button>
        </Space>
      </Card>
      <Row gutter={[12, 12]}>
        {[
          ['deployments', s?.totals.deployments],
          ['attendance', s?.totals.attendance],
          ['partyAttendance', s?.totals.partyAttendance],
          ['partyShare', pct(s?.totals.partyShare)],
          ['hours', s?.totals.deploymentHours],
          ['helped', s?.totals.peopleHelped],
          ['rescued', s?.totals.peopleRescued],
          ['activeMembers', s?.totals.activeMembers],
        ].map(([key, value]) => (
          <Col key={key as string} xs={12} sm={8} lg={6} xl={3}>
            <Card size="small" loading={stats.isLoading}>
              <Statistic
                title={t(`stats.${key}` as 'stats.attendance')}
                value={value ?? 0}
                data-testid={`stat-${key}`}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('stats.byMonth')}>
            <ReactEChartsCore echarts={echarts} option={monthOption} notMerge style={{ height: 280 }} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('stats.byKind')}>
            <ReactEChartsCore echarts={echarts} option={kindOption} notMerge style={{ height: 280 }} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('stats.byTeam')}>
        <ReactEChartsCore echarts={echarts} option={teamOption} notMerge style={{ height: 280 }} />
        <Table
          rowKey="orgId"
          size="small"
          pagination={false}
          scroll={{ x: 800 }}
          dataSource={s?.byTeam}
          columns={[
            { title: t('stats.teams'), dataIndex: 'name' },
            { title: t('stats.activeMembers'), dataIndex: 'activeMembers', width: 90 },
            { title: t('stats.deployments'), dataIndex: 'deployments', width: 90 },
            { title: t('stats.attendance'), dataIndex: 'attendance', width: 90 },
            { title: t('stats.partyAttendance'), dataIndex: 'partyAttendance', width: 120 },
            { title: t('stats.partyShare'), dataIndex: 'partyShare', width: 110, render: pct },
            { title: t('stats.hours'), dataIndex: 'deploymentHours', width: 120 },
            { title: t('stats.helped'), dataIndex: 'peopleHelped', width: 120 },
          ]}
        />
      </Card>
      <Card size="small" title={t('stats.byMember')}>
        <Table<MemberRow>
          rowKey="memberId"
          size="small"
          scroll={{ x: 600 }}
          dataSource={s?.byMember}
          pagination={{ pageSize: 20 }}
          data-testid="rescue-member-stats"
          columns={[
            { title: t('stats.member'), dataIndex: 'name', render: (v: string, m) => (m.isPartyMember ? `${v} ★` : v) },
            { title: t('stats.teams'), dataIndex: 'teamName' },
            { title: t('stats.attendance'), dataIndex: 'attendance', width: 90 },
            { title: t('stats.hours'), dataIndex: 'deploymentHours', width: 120 },
            { title: t('stats.trainings'), dataIndex: 'trainingSessions', width: 90 },
          ]}
        />
      </Card>
    </Space>
  );
}
