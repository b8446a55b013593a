// 捐赠报表: gifts received per China day or month, and per channel, project and unit, with payouts paid in the same
// periods; summed by the server (GET /api/donation-reports), charted with ECharts, each table exportable as CSV.
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Empty, Segmented, Select, Spin, Statistic, Table, Tabs } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channelValues } from '../../../../../server/src/modules/donations/donations.schemas';
import type { DonationReport } from '../../../../../server/src/modules/donations/reports.schemas';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { chinaNow } from '../../../lib/china-time';
import { fenToYuanText, formatFen, formatYuanShort } from '../../../lib/money';
import { type Channel, useDonationReport, useProjectOptions } from '../api';
import { Chart, type ChartOption } from './chart';
import { ChannelTag, Money } from './tags';

type Granularity = 'day' | 'month';
type Range = [Dayjs, Dayjs];

const channelColors: Record<Channel, string> = {
  local: '#2f54eb',
  wechat: '#52c41a',
  alipay: '#1677ff',
  bank: '#722ed1',
  cash: '#faad14',
  cheque: '#13c2c2',
};
const brandRed = '#c8102e';
/** Room for up to ten bars, never shorter than the channel pie beside them. */
const barHeight = (rows: number) => Math.max(200, Math.min(rows, 10) * 30 + 50);

function defaultRange(g: Granularity): Range {
  const today = chinaNow().startOf('day');
  return g === 'day' ? [today.subtract(29, 'day'), today] : [today.subtract(11, 'month').startOf('month'), today];
}

/** Downloads rows as a UTF-8 CSV that Excel opens with Chinese intact (BOM first). */
function downloadCsv(fileName: string, header: string[], rows: (string | number)[][]) {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}

const yuan = (fen: number | null) => fenToYuanText(fen);

export function DonationReportsPage() {
  const { t, i18n } = useTranslation(['donations', 'common']);
  const { unitId } = useScope();
  const [granularity, setGranularity] = useState<Granularity>('day');
  const [range, setRange] = useState<Range>(() => defaultRange('day'));
  const [chosenOrg, setChosenOrg] = useState<number | null | undefined>(undefined);
  const [projectId, setProjectId] = useState<number | undefined>(undefined);
  const [channel, setChannel] = useState<Channel | undefined>(undefined);
  const [tab, setTab] = useState('projects');
  const orgId = chosenOrg === undefined ? unitId : chosenOrg;
  const projects = useProjectOptions(orgId);
  const report = useDonationReport({
    granularity,
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
    orgId: orgId ?? undefined,
    projectId,
    channel,
  });
  const r = report.data;
  const isEmpty = r !== undefined && r.totals.count === 0 && !r.totals.paidOutFen;
  const money = (fen: number) => formatFen(fen);
  const short = (fen: number) => formatYuanShort(fen, i18n.language);
  const channelName = (c: Channel) => t(`channels.${c}`);

  const trendOption = (rep: DonationReport): ChartOption => {
    const periods = rep.periods.map((p) => p.period);
    const used = channelValues.filter((c) => rep.periodChannels.some((pc) => pc.channel === c));
    const cells = new Map(rep.periodChannels.map((pc) => [`${pc.period}|${pc.channel}`, pc.amountFen]));
    const showPaid = rep.totals.paidOutFen !== null;
    return {
      color: [...used.map((c) => channelColors[c]), brandRed],
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: unknown) => money(Number(v ?? 0)),
      },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: periods,
        axisLabel: { formatter: (v: string) => (granularity === 'day' ? v.slice(5) : v) },
      },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => short(v) } },
      series: [
        ...used.map((c) => ({
          name: channelName(c),
          type: 'bar',
          stack: 'received',
          barMaxWidth: 28,
          data: periods.map((p) => cells.get(`${p}|${c}`) ?? 0),
        })),
        ...(showPaid
          ? [
              {
                name: t('reports.paidOut'),
                type: 'line',
                showSymbol: false,
                lineStyle: { width: 2 },
                data: rep.periods.map((p) => p.paidOutFen ?? 0),
              },
            ]
          : []),
      ],
    };
  };

  const pieOption = (rep: DonationReport): ChartOption => ({
    tooltip: {
      trigger: 'item',
      valueFormatter: (v: unknown) => money(Number(v ?? 0)),
    },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['38%', '62%'],
        center: ['50%', '45%'],
        label: { formatter: '{d}%', overflow: 'none' },
        minShowLabelAngle: 4,
        data: rep.channels.map((c) => ({
          name: channelName(c.channel),
          value: c.amountFen,
          itemStyle: { color: channelColors[c.channel] },
        })),
      },
    ],
  });

  const barOption = (rows: { name: string; amountFen: number }[]): ChartOption => {
    const top = rows.slice(0, 10).reverse();
    return {
      color: [brandRed],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => money(Number(v)) },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', splitNumber: 3, axisLabel: { formatter: (v: number) => short(v), hideOverlap: true } },
      yAxis: {
        type: 'category',
        data: top.map((x) => x.name),
        axisLabel: { width: 110, overflow: 'truncate' },
      },
      series: [{ type: 'bar', barMaxWidth: 22, data: top.map((x) => x.amountFen) }],
    };
  };

  const fileStem = r ? `donations-${r.granularity}-${r.from}-${r.to}` : 'donations';
  const exportTab = () => {
    if (!r) {
      return;
    }
    const sums = [t('fields.amount'), t('reports.count'), t('reports.refunded')];
    if (tab === 'projects') {
      downloadCsv(
        `${fileStem}-projects.csv`,
        [t('fields.projectCode'), t('fields.project'), ...sums],
        r.projects.map((p) => [p.projectCode, p.projectName, yuan(p.amountFen), p.count, yuan(p.refundedFen)]),
      );
    } else if (tab === 'channels') {
      downloadCsv(
        `${fileStem}-channels.csv`,
        [t('fields.channel'), ...sums],
        r.channels.map((c) => [channelName(c.channel), yuan(c.amountFen), c.count, yuan(c.refundedFen)]),
      );
    } else if (tab === 'units') {
      downloadCsv(
        `${fileStem}-units.csv`,
        [t('fields.unit'), ...sums],
        r.units.map((u) => [u.orgName, yuan(u.amountFen), u.count, yuan(u.refundedFen)]),
      );
    } else {
      downloadCsv(
        `${fileStem}-periods.csv`,
        [t('fields.period'), ...sums, t('reports.paidOut')],
        r.periods.map((p) => [p.period, yuan(p.amountFen), p.count, yuan(p.refundedFen), yuan(p.paidOutFen)]),
      );
    }
  };

  const sumColumns = <T extends { amountFen: number; count: number; refundedFen: number }>() => [
    {
      title: t('fields.amount'),
      dataIndex: 'amountFen',
      width: 150,
      align: 'right' as const,
      render: (f: number) => <Money fen={f} strong />,
    },
    {
      title: t('reports.share'),
      key: 'share',
      width: 80,
      align: 'right' as const,
      render: (_: unknown, row: T) => (
        <span className="money">
          {r && r.totals.amountFen > 0 ? `${((row.amountFen / r.totals.amountFen) * 100).toFixed(1)}%` : '—'}
        </span>
      ),
    },
    {
      title: t('reports.count'),
      dataIndex: 'count',
      width: 90,
      align: 'right' as const,
      render: (n: number) => <span className="money">{n.toLocaleString()}</span>,
    },
    {
      title: t('reports.refunded'),
      dataIndex: 'refundedFen',
      width: 130,
      align: 'right' as const,
      render: (f: number) => (f ? <Money fen={f} /> : <span className="muted">—</span>),
    },
  ];

  return (
    <Card title={t('reports.title')}>
      <div className="page-toolbar">
        <Segmented<Granularity>
          value={granularity}
          onChange={(g) => {
            setGranularity(g);
            setRange(defaultRange(g));
          }}
          options={[
            { value: 'day', label: t('reports.byDay') },
            { value: 'month', label: t('reports.byMonth') },
          ]}
          data-testid="report-granularity"
        />
        <DatePicker.RangePicker
          picker={granularity === 'day' ? 'date' : 'month'}
          value={range}
          allowClear={false}
          onChange={(v) => {
            if (v?.[0] && v[1]) {
              setRange([v[0], v[1]]);
            }
          }}
          disabledDate={(d) => d.isAfter(chinaNow(), 'day')}
          style={{ width: 250, maxWidth: '100%' }}
        />
        <OrgPicker
          value={orgId}
          onChange={(id) => {
            setChosenOrg(id ?? null);
            setProjectId(undefined);
          }}
          allowClear
          placeholder={t('common.allUnits')}
          style={{ width: 200, maxWidth: '100%' }}
        />
        <Select<number>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('common.allProjects')}
          value={projectId}
          onChange={setProjectId}
          options={(projects.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          style={{ width: 200, maxWidth: '100%' }}
          popupMatchSelectWidth={false}
        />
        <Select<Channel>
          allowClear
          placeholder={t('common.allChannels')}
          value={channel}
          onChange={setChannel}
          options={channelValues.map((c) => ({ value: c, label: channelName(c) }))}
          style={{ width: 130 }}
        />
      </div>

      {report.error && (
        <Alert
          type="error"
          showIcon
          title={report.error.message}
          description={t('reports.tooWide')}
          style={{ marginBottom: 12 }}
        />
      )}
      {report.isLoading && <Spin style={{ display: 'block', margin: '48px auto' }} />}

      {r && (
        <Spin spinning={report.isFetching} delay={200}>
          <div className="donation-stats" data-testid="report-totals">
            <Statistic
              title={t('reports.received')}
              value={money(r.totals.amountFen)}
              styles={{ content: { color: brandRed } }}
            />
            <Statistic title={t('reports.count')} value={r.totals.count} />
            <Statistic title={t('reports.refunded')} value={money(r.totals.refundedFen)} />
            <Statistic
              title={t('reports.paidOut')}
              value={r.totals.paidOutFen === null ? '—' : money(r.totals.paidOutFen)}
            />
          </div>
          {r.totals.paidOutFen === null && (
            <Alert type="info" showIcon title={t('reports.paidOutNote')} style={{ marginBottom: 12 }} />
          )}
          {isEmpty ? (
            <Empty description={t('reports.empty')} style={{ margin: '48px 0' }} />
          ) : (
            <>
              <Card size="small" title={t('reports.trend')} style={{ marginBottom: 16 }}>
                <Chart option={trendOption(r)} height={300} testId="report-trend" />
              </Card>
              <div className="report-grid" style={{ marginBottom: 16 }}>
                <Card size="small" title={t('reports.byChannel')}>
                  <Chart option={pieOption(r)} height={260} testId="report-channels" />
                </Card>
                <Card size="small" title={`${t('reports.byProject')} · ${t('reports.top', { n: 10 })}`}>
                  <Chart
                    option={barOption(r.projects.map((p) => ({ name: p.projectName, amountFen: p.amountFen })))}
                    height={barHeight(r.projects.length)}
                    testId="report-projects"
                  />
                </Card>
                <Card size="small" title={`${t('reports.byUnit')} · ${t('reports.top', { n: 10 })}`}>
                  <Chart
                    option={barOption(r.units.map((u) => ({ name: u.orgName, amountFen: u.amountFen })))}
                    height={barHeight(r.units.length)}
                    testId="report-units"
                  />
                </Card>
              </div>
            </>
          )}
          <Tabs
            activeKey={tab}
            onChange={setTab}
            tabBarExtraContent={
              <Button size="small" icon={<DownloadOutlined />} onClick={exportTab} data-testid="report-export">
                {t('reports.export')}
              </Button>
            }
            items={[
              {
                key: 'projects',
                label: t('reports.byProject'),
                children: (
                  <Table
                    rowKey="projectId"
                    size="small"
                    dataSource={r.projects}
                    pagination={r.projects.length > 20 ? { pageSize: 20 } : false}
                    scroll={{ x: 640 }}
                    columns={[
                      {
                        title: t('fields.project'),
                        dataIndex: 'projectName',
                        ellipsis: true,
                        render: (name: string, p) => (
                          <span>
                            {name} <span className="mono muted">{p.projectCode}</span>
                          </span>
                        ),
                      },
                      ...sumColumns<DonationReport['projects'][number]>(),
                    ]}
                  />
                ),
              },
              {
                key: 'channels',
                label: t('reports.byChannel'),
                children: (
                  <Table
                    rowKey="channel"
                    size="small"
                    dataSource={r.channels}
                    pagination={false}
                    scroll={{ x: 560 }}
                    columns={[
                      {
                        title: t('fields.channel'),
                        dataIndex: 'channel',
                        render: (c: Channel) => <ChannelTag channel={c} />,
                      },
                      ...sumColumns<DonationReport['channels'][number]>(),
                    ]}
                  />
                ),
              },
              {
                key: 'units',
                label: t('reports.byUnit'),
                children: (
                  <Table
                    rowKey="orgId"
                    size="small"
                    dataSource={r.units}
                    pagination={r.units.length > 20 ? { pageSize: 20 } : false}
                    scroll={{ x: 560 }}
                    columns={[
                      { title: t('fields.unit'), dataIndex: 'orgName', ellipsis: true },
                      ...sumColumns<DonationReport['units'][number]>(),
                    ]}
                  />
                ),
              },
              {
                key: 'periods',
                label: t('reports.byPeriod'),
                children: (
                  <Table
                    rowKey="period"
                    size="small"
                    dataSource={[...r.periods].reverse()}
                    pagination={r.periods.length > 31 ? { pageSize: 31, showSizeChanger: false } : false}
                    scroll={{ x: 640 }}
                    columns={[
                      {
                        title: t('fields.period'),
                        dataIndex: 'period',
                        width: 120,
                        render: (v: string) => <span className="money">{v}</span>,
                      },
                      ...sumColumns<DonationReport['periods'][number]>(),
                      {
                        title: t('reports.paidOut'),
                        dataIndex: 'paidOutFen',
                        width: 140,
                        align: 'right',
                        render: (f: number | null) => (f ? <Money fen={f} /> : <span className="muted">—</span>),
                      },
                    ]}
                  />
                ),
              },
            ]}
          />
        </Spin>
      )}
      {!r && !report.isLoading && !report.error && <Empty />}
    </Card>
  );
}
