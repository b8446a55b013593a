// 会员统计: for a unit and period, members per child unit (rolled up the tree) by kind and status, members admitted,
// lapsed and transferred, dues collected and shares kept; a stacked bar chart and the table.
import { Card, Col, DatePicker, Row, Space, Statistic, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { chinaNow } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import { type MemberStats, useMemberStats } from '../api';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type StatsRow = MemberStats['rows'][number];

export function MemberStatsPage() {
  const { t } = useTranslation('members');
  const { unitId } = useScope();
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([chinaNow().startOf('year'), chinaNow()]);
  const unit = orgId ?? unitId ?? undefined;
  const stats = useMemberStats({
    orgId: unit,
    from: period[0].format('YYYY-MM-DD'),
    to: period[1].format('YYYY-MM-DD'),
  });
  const s = stats.data;
  const rows = s?.rows.filter((r) => r.active + r.applied + r.lapsed + r.admitted + r.duesCollectedFen > 0) ?? [];
  const series = (['ordinary', 'youth', 'group'] as const).map((k) => ({
    name: t(`stats.${k}`),
    type: 'bar' as const,
    stack: 'members',
    data: rows.map((r) => r[k]),
  }));
  return (
    <div data-testid="member-stats-page">
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgPicker value={unit} onChange={(v) => setOrgId(v ?? undefined)} style={{ width: 260 }} />
        <DatePicker.RangePicker
          value={period}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
        />
      </Space>
      {s ? (
        <>
          <Row gutter={12} style={{ marginBottom: 12 }}>
            {(
              [
                [t('stats.active'), s.total.active],
                [t('stats.applied'), s.total.applied],
                [t('stats.lapsed'), s.total.lapsed],
                [t('stats.admitted'), s.total.admitted],
                [t('stats.groupHeadcount'), s.total.groupHeadcount],
                [t('stats.duesCollected'), formatFen(s.total.duesCollectedFen)],
              ] as const
            ).map(([title, value]) => (
              <Col key={title} xs={12} md={4}>
                <Card size="small">
                  <Statistic title={title} value={value} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card size="small" title={t('stats.chartTitle')} style={{ marginBottom: 12 }}>
            <ReactEChartsCore
              echarts={echarts}
              style={{ height: Math.max(260, rows.length * 34 + 80) }}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
                xAxis: { type: 'value' },
                yAxis: { type: 'category', data: rows.map((r) => r.orgName), inverse: true },
                series,
              }}
            />
          </Card>
          <Table<StatsRow>
            rowKey="orgId"
            size="small"
            pagination={false}
            scroll={{ x: 1000 }}
            dataSource={s.rows.filter((r) => r.orgId === s.org.id || rows.includes(r))}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <b>{s.org.name}</b>
                </Table.Summary.Cell>
                {(
                  [
                    'active',
                    'ordinary',
                    'youth',
                    'group',
                    'applied',
                    'lapsed',
                    'admitted',
                    'lapsedInPeriod',
                    'transferredIn',
                    'transferredOut',
                  ] as const
                ).map((k, i) => (
                  <Table.Summary.Cell key={k} index={i + 1}>
                    <b>{s.total[k]}</b>
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={11}>
                  <b>{formatFen(s.total.duesCollectedFen)}</b>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={12}>
                  <b>{formatFen(s.total.duesSharesFen)}</b>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
            columns={[
              { title: t('stats.unit'), dataIndex: 'orgName', fixed: 'left' },
              { title: t('stats.active'), dataIndex: 'active' },
              { title: t('stats.ordinary'), dataIndex: 'ordinary' },
              { title: t('stats.youth'), dataIndex: 'youth' },
              { title: t('stats.group'), dataIndex: 'group' },
              { title: t('stats.applied'), dataIndex: 'applied' },
              { title: t('stats.lapsed'), dataIndex: 'lapsed' },
              { title: t('stats.admitted'), dataIndex: 'admitted' },
              { title: t('stats.lapsedInPeriod'), dataIndex: 'lapsedInPeriod' },
              { title: t('stats.transferredIn'), dataIndex: 'transferredIn' },
              { title: t('stats.transferredOut'), dataIndex: 'transferredOut' },
              { title: t('stats.duesCollected'), dataIndex: 'duesCollectedFen', render: (v: number) => formatFen(v) },
              { title: t('stats.duesShares'), dataIndex: 'duesSharesFen', render: (v: number) => formatFen(v) },
            ]}
          />
        </>
      ) : null}
    </div>
  );
}
