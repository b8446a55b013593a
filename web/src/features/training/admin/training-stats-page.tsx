// 培训统计: for a unit and a period, per child unit rolled up the tree — trainees, certificates issued, valid holders,
// awareness attendees — and the shares of the registered population against the target lines (certified ≥ 8%,
// awareness ≥ 40% by default); pass rates per course and per trainer; Excel; the population editor for the year.
import { DownloadOutlined, EditOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PassRateRow, StatsRow } from '../../../../../server/src/modules/training/training-certificates.schemas';
import { useCan, useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import {
  type PopulationView,
  type StatsFilter,
  statsExcelUrl,
  usePopulations,
  useSetPopulation,
  useTrainingStats,
} from '../certificates-api';
import './practical.css';
import { chinaToday, chinaYear } from '../../../lib/china-time';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

const thisYear = chinaYear();
const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(3)}%`);

/** Bars per child unit with the target as a dashed line (the axis always reaches the target, so the gap shows). */
function ShareChart({
  rows,
  pick,
  target,
  name,
  color,
}: {
  rows: StatsRow[];
  pick: (r: StatsRow) => number | null;
  target: number;
  name: string;
  color: string;
}) {
  const { t } = useTranslation('trainingCerts');
  const children = rows.filter((r) => r.kind === 'child');
  const option = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
    legend: { top: 0 },
    grid: { left: 48, right: 24, top: 40, bottom: 64 },
    xAxis: {
      type: 'category',
      data: children.map((r) => r.name),
      axisLabel: { interval: 0, rotate: children.length > 6 ? 30 : 0 },
    },
    yAxis: {
      type: 'value',
      max: (v: { max: number }) => Math.ceil(Math.max(v.max, target) * 1.1),
      axisLabel: { formatter: '{value}%' },
    },
    series: [
      {
        name,
        type: 'bar',
        data: children.map(pick),
        itemStyle: { color },
        label: {
          show: true,
          position: 'top',
          formatter: ({ value }: { value: number | null }) => (value === null ? '' : `${value}%`),
        },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#c8102e' },
          label: { formatter: `${t('stats.target')} ${target}%`, position: 'insideEndTop' },
          data: [{ yAxis: target }],
        },
      },
    ],
  };
  return (
    <ReactEChartsCore echarts={echarts} option={option} notMerge lazyUpdate style={{ height: 320, width: '100%' }} />
  );
}

function PopulationEditor({ orgId, year, onClose }: { orgId: number; year: number; onClose: () => void }) {
  const { t } = useTranslation('trainingCerts');
  const { message } = App.useApp();
  const list = usePopulations(orgId, year);
  const save = useSetPopulation();
  const [edits, setEdits] = useState<Record<number, number | null>>({});
  const submit = async () => {
    try {
      for (const [id, population] of Object.entries(edits)) {
        if (population) {
          await save.mutateAsync({ orgId: Number(id), year, input: { population } });
        }
      }
      void message.success(t('stats.populationSaved'));
      onClose();
    } catch (e) {
      void message.error((e as Error).message);
    }
  };
  return (
    <Modal
      open
      width={640}
      title={t('stats.populationTitle', { year })}
      okText={t('stats.save')}
      confirmLoading={save.isPending}
      onOk={submit}
      onCancel={onClose}
    >
      <Table<PopulationView>
        rowKey="orgId"
        size="small"
        loading={list.isLoading}
        pagination={false}
        dataSource={list.data ?? []}
        scroll={{ y: 420 }}
        columns={[
          { title: t('fields.unit'), dataIndex: 'name', render: (v: string, r) => (r.isSelf ? <b>{v}</b> : v) },
          {
            title: t('stats.population'),
            render: (_: unknown, r) => (
              <InputNumber
                min={1}
                max={2_000_000_000}
                precision={0}
                style={{ width: 160 }}
                value={edits[r.orgId] === undefined ? r.population : edits[r.orgId]}
                onChange={(v) => setEdits((m) => ({ ...m, [r.orgId]: v === null ? null : Number(v) }))}
              />
            ),
          },
          {
            title: t('stats.earlier'),
            render: (_: unknown, r) =>
              r.fallback ? `${r.fallback.population.toLocaleString()}(${r.fallback.year})` : '',
          },
        ]}
      />
    </Modal>
  );
}

export function TrainingStatsPage() {
  const { t } = useTranslation('trainingCerts');
  const can = useCan();
  const { unitId } = useScope();
  const [orgId, setOrgId] = useState<number | undefined>(unitId ?? undefined);
  const [period, setPeriod] = useState<StatsFilter['period']>('year');
  const [year, setYear] = useState(thisYear);
  const [quarter, setQuarter] = useState(Math.floor((Number(chinaToday().slice(5, 7)) - 1) / 3) + 1);
  const [month, setMonth] = useState(Number(chinaToday().slice(5, 7)));
  const [range, setRange] = useState<[string, string]>([`${chinaToday().slice(0, 4)}-01-01`, chinaToday()]);
  const [certifiedTarget, setCertifiedTarget] = useState(8);
  const [awarenessTarget, setAwarenessTarget] = useState(40);
  const [editing, setEditing] = useState(false);
  const filter: StatsFilter | null = orgId
    ? {
        orgId,
        period,
        ...(period === 'custom' ? { from: range[0], to: range[1] } : { year }),
        ...(period === 'quarter' ? { quarter } : {}),
        ...(period === 'month' ? { month } : {}),
        certifiedTarget,
        awarenessTarget,
      }
    : null;
  const stats = useTrainingStats(filter);
  const s = stats.data;
  const rateColumns = (label: string) => [
    { title: label, dataIndex: 'label' },
    {
      title: t('stats.theory'),
      render: (_: unknown, r: PassRateRow) =>
        `${r.theoryRate ?? '—'}${r.theoryRate === null ? '' : '%'} (${r.theoryPassed}/${r.theoryDecided})`,
    },
    {
      title: t('stats.practical'),
      render: (_: unknown, r: PassRateRow) =>
        `${r.practicalRate ?? '—'}${r.practicalRate === null ? '' : '%'} (${r.practicalPassed}/${r.practicalDecided})`,
    },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="training-stats-page">
      <Card size="small">
        <Space wrap>
          <OrgPicker value={orgId} onChange={setOrgId} style={{ width: 240 }} />
          <Select
            value={period}
            onChange={setPeriod}
            style={{ width: 110 }}
            options={(['year', 'quarter', 'month', 'custom'] as const).map((p) => ({
              value: p,
              label: t(`stats.periods.${p}`),
            }))}
          />
          {period !== 'custom' && (
            <Select
              value={year}
              onChange={setYear}
              style={{ width: 100 }}
              options={Array.from({ length: 8 }, (_, i) => ({ value: thisYear - i, label: String(thisYear - i) }))}
            />
          )}
          {period === 'quarter' && (
            <Select
              value={quarter}
              onChange={setQuarter}
              style={{ width: 90 }}
              options={[1, 2, 3, 4].map((q) => ({ value: q, label: `Q${q}` }))}
            />
          )}
          {period === 'month' && (
            <Select
              value={month}
              onChange={setMonth}
              style={{ width: 90 }}
              options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: t('stats.month', { m: i + 1 }) }))}
            />
          )}
          {period === 'custom' && (
            <DatePicker.RangePicker
              value={[dayjs(range[0]), dayjs(range[1])]}
              onChange={(v) => v?.[0] && v[1] && setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])}
            />
          )}
          <InputNumber
            min={0}
            max={100}
            value={certifiedTarget}
            onChange={(v) => setCertifiedTarget(v ?? 8)}
            addonBefore={t('stats.certifiedTarget')}
            addonAfter="%"
            style={{ width: 200 }}
          />
          <InputNumber
            min={0}
            max={100}
            value={awarenessTarget}
            onChange={(v) => setAwarenessTarget(v ?? 40)}
            addonBefore={t('stats.awarenessTarget')}
            addonAfter="%"
            style={{ width: 200 }}
          />
          {filter && (
            <Button icon={<DownloadOutlined />} href={statsExcelUrl(filter)}>
              Excel
            </Button>
          )}
          {orgId && can('orgs:manage') && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('stats.editPopulation')}
            </Button>
          )}
        </Space>
      </Card>
      {stats.error && <Alert type="error" showIcon title={stats.error.message} />}
      {s && (
        <>
          <Row gutter={12}>
            <Col span={4}>
              <Card size="small">
                <Statistic title={t('stats.trainees')} value={s.total.trainees} />
              </Card>
            </Col>
            <Col span={4}>
              <Card size="small">
                <Statistic title={t('stats.issued')} value={s.total.certificatesIssued} />
              </Card>
            </Col>
            <Col span={4}>
              <Card size="small">
                <Statistic title={t('stats.valid')} value={s.total.validCertificates} />
              </Card>
            </Col>
            <Col span={4}>
              <Card size="small">
                <Statistic title={t('stats.awareness')} value={s.total.awarenessAttendees} />
              </Card>
            </Col>
            <Col span={4}>
              <Card size="small">
                <Statistic
                  title={t('stats.certifiedShare')}
                  value={pct(s.total.certifiedShare)}
                  valueStyle={{ color: (s.total.certifiedShare ?? 0) >= s.certifiedTarget ? '#237a3b' : '#c8102e' }}
                />
              </Card>
            </Col>
            <Col span={4}>
              <Card size="small">
                <Statistic
                  title={t('stats.awarenessShare')}
                  value={pct(s.total.awarenessShare)}
                  valueStyle={{ color: (s.total.awarenessShare ?? 0) >= s.awarenessTarget ? '#237a3b' : '#c8102e' }}
                />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('stats.chartTitle', { unit: s.unitName })}>
            <Row gutter={12} data-testid="stats-chart">
              <Col span={12}>
                <ShareChart
                  rows={s.rows}
                  pick={(r) => r.certifiedShare}
                  target={s.certifiedTarget}
                  name={t('stats.certifiedShare')}
                  color="#c8102e"
                />
              </Col>
              <Col span={12}>
                <ShareChart
                  rows={s.rows}
                  pick={(r) => r.awarenessShare}
                  target={s.awarenessTarget}
                  name={t('stats.awarenessShare')}
                  color="#f0a04b"
                />
              </Col>
            </Row>
            <div className="tc-chart-note">
              {t('stats.chartNote', { from: s.from, to: dayjs(s.to).subtract(1, 'day').format('YYYY-MM-DD') })}
            </div>
          </Card>
          <Card size="small">
            <Tabs
              items={[
                {
                  key: 'units',
                  label: t('stats.byUnit'),
                  children: (
                    <Table<StatsRow>
                      rowKey={(r) => `${r.kind}-${r.orgId}`}
                      size="small"
                      pagination={false}
                      dataSource={[...s.rows, s.total]}
                      rowClassName={(r) => (r.kind === 'total' ? 'ant-table-row-selected' : '')}
                      columns={[
                        {
                          title: t('fields.unit'),
                          render: (_: unknown, r) =>
                            r.kind === 'child' ? r.name : `${r.name}(${t(`stats.kinds.${r.kind}`)})`,
                        },
                        {
                          title: t('stats.population'),
                          render: (_: unknown, r) =>
                            r.population === null ? '—' : `${r.population.toLocaleString()}(${r.populationYear})`,
                        },
                        { title: t('stats.trainees'), dataIndex: 'trainees' },
                        { title: t('stats.issued'), dataIndex: 'certificatesIssued' },
                        { title: t('stats.valid'), dataIndex: 'validCertificates' },
                        { title: t('stats.certifiedShare'), render: (_: unknown, r) => pct(r.certifiedShare) },
                        { title: t('stats.awareness'), dataIndex: 'awarenessAttendees' },
                        { title: t('stats.awarenessShare'), render: (_: unknown, r) => pct(r.awarenessShare) },
                      ]}
                    />
                  ),
                },
                {
                  key: 'courses',
                  label: t('stats.byCourse'),
                  children: (
                    <Table<PassRateRow>
                      rowKey="key"
                      size="small"
                      pagination={false}
                      dataSource={s.byCourse}
                      columns={rateColumns(t('fields.course'))}
                    />
                  ),
                },
                {
                  key: 'trainers',
                  label: t('stats.byTrainer'),
                  children: (
                    <Table<PassRateRow>
                      rowKey="key"
                      size="small"
                      pagination={false}
                      dataSource={s.byTrainer}
                      columns={rateColumns(t('stats.trainer'))}
                    />
                  ),
                },
              ]}
            />
            <Typography.Text type="secondary">{t('stats.rollupNote')}</Typography.Text>
          </Card>
        </>
      )}
      {editing && orgId && (
        <PopulationEditor
          orgId={orgId}
          year={period === 'custom' ? Number(range[1].slice(0, 4)) : year}
          onClose={() => setEditing(false)}
        />
      )}
    </Space>
  );
}
