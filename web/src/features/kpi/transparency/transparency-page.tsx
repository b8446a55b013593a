// 红透指数: a unit's own disclosure-completeness score for a year as a gauge, each measure as a bar with its weight, the
// gaps to fix (each linking to its record), the units below ranked (click to drill down), the annual report / audit
// result records, and a note saying how it is computed and that it is not the national index.
import { DownloadOutlined, InfoCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Form,
  Grid,
  Input,
  Modal,
  message,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { BarChart, GaugeChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan, useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { chinaYear } from '../../../lib/china-time';
import {
  type AnnualDisclosureView,
  type TransparencyGap,
  type TransparencyMeasure,
  type TransparencyMeasureCode,
  type TransparencyUnitScore,
  transparencyExportUrl,
  useAnnualDisclosures,
  useRecordAnnualDisclosure,
  useTransparency,
  useTransparencyGaps,
} from './api';

echarts.use([GaugeChart, BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const red = '#c62828';
const pct = (share: number | null) => (share === null ? null : `${(share * 100).toFixed(1)}%`);
const scoreColor = (score: number) => (score >= 90 ? '#2e7d32' : score >= 70 ? '#f9a825' : red);

/** Where a gap's record is fixed: the console page that holds it (or the public page that shows it). */
function gapLink(g: TransparencyGap): string | null {
  switch (g.ref.type) {
    case 'disclosure':
      return '/console/disclosures';
    case 'donation':
      return `/trace/${encodeURIComponent(g.ref.id)}`;
    case 'payout':
      return '/console/funds';
    case 'goods_lot':
      return `/console/goods-lots?lot=${g.ref.id}`;
    case 'goods_movement':
      return '/console/goods-movements';
    case 'relief_case':
      return `/console/relief-cases?case=${g.ref.id}`;
    case 'ledger_day':
      return `/disclosure?date=${g.ref.id}`;
    default:
      return null;
  }
}

/** The record's number as a link to where it is fixed; records without a number (a disclosure) read "去处理". */
function recordLink(g: TransparencyGap, openLabel: string) {
  const href = gapLink(g);
  const label = g.ref.no ?? openLabel;
  return href ? <Link to={href}>{label}</Link> : label;
}

export function TransparencyPage() {
  const { t } = useTranslation('kpiTransparency');
  const { unitId } = useScope();
  const thisYear = chinaYear();
  const [chosenOrg, setChosenOrg] = useState<number | undefined>(undefined);
  const [year, setYear] = useState(thisYear);
  const orgId = chosenOrg ?? unitId ?? undefined;
  const q = { orgId, year };
  const index = useTransparency(q);
  const v = index.data;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="transparency-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('title')}
      </Typography.Title>
      <Card size="small">
        <Space wrap>
          <OrgPicker value={orgId} onChange={setChosenOrg} style={{ width: 260 }} />
          <Select
            value={year}
            onChange={setYear}
            style={{ width: 110 }}
            aria-label={t('year')}
            options={Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => ({
              value: y,
              label: t('yearValue', { year: y }),
            }))}
          />
          <Button icon={<DownloadOutlined />} href={transparencyExportUrl(q)}>
            {t('export')}
          </Button>
          {v && <Typography.Text type="secondary">{t('asOf', { date: v.asOf.slice(0, 10) })}</Typography.Text>}
        </Space>
      </Card>
      {v && v.ancestors.length > 0 && (
        <Breadcrumb
          items={[
            ...v.ancestors.map((a) => ({
              title: (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setChosenOrg(a.orgId)}>
                  {a.name}
                </Button>
              ),
            })),
            { title: v.unit.name },
          ]}
        />
      )}
      {index.error && <Alert type="error" showIcon title={index.error.message} />}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={8}>
          <ScoreCard unit={v?.unit} loading={index.isLoading} />
        </Col>
        <Col xs={24} lg={16}>
          <MeasuresCard measures={v?.measures ?? []} loading={index.isLoading} />
        </Col>
      </Row>
      <GapsCard orgId={v?.unit.orgId} year={year} measures={v?.measures ?? []} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <ChildrenCard rows={v?.children ?? []} onOpen={setChosenOrg} loading={index.isLoading} />
        </Col>
        <Col xs={24} xl={10}>
          <AnnualCard orgId={v?.unit.orgId} unitType={v?.unit.type} />
        </Col>
      </Row>
      <Alert
        type="info"
        showIcon
        icon={<InfoCircleOutlined />}
        title={t('aboutTitle')}
        description={
          <>
            <Typography.Paragraph style={{ marginBottom: 4 }}>{t('about')}</Typography.Paragraph>
            <Typography.Text type="secondary">{t('aboutLink')}</Typography.Text>
          </>
        }
        data-testid="transparency-about"
      />
    </Space>
  );
}

function ScoreCard({ unit, loading }: { unit: TransparencyUnitScore | undefined; loading: boolean }) {
  const { t } = useTranslation('kpiTransparency');
  const score = unit?.score ?? null;
  const option = {
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        radius: '95%',
        center: ['50%', '58%'],
        startAngle: 210,
        endAngle: -30,
        progress: {
          show: score !== null,
          width: 16,
          itemStyle: { color: score === null ? '#bdbdbd' : scoreColor(score) },
        },
        axisLine: { lineStyle: { width: 16, color: [[1, '#eeeeee']] } },
        axisTick: { show: false },
        splitLine: { length: 8, lineStyle: { width: 2, color: '#bdbdbd' } },
        axisLabel: { distance: 22, color: '#757575', fontSize: 11 },
        pointer: { show: false },
        anchor: { show: false },
        title: { show: false },
        detail: {
          valueAnimation: true,
          offsetCenter: [0, '5%'],
          fontSize: 40,
          fontWeight: 'bold',
          color: score === null ? '#9e9e9e' : scoreColor(score),
          formatter: () => (score === null ? t('noScore') : score.toFixed(1)),
        },
        data: [{ value: score ?? 0 }],
      },
    ],
  };
  return (
    <Card
      size="small"
      title={unit ? `${unit.name} · ${t('score')}` : t('score')}
      loading={loading}
      style={{ height: '100%' }}
    >
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 240 }} />
      <Row gutter={8} style={{ textAlign: 'center' }}>
        <Col span={12}>
          <Statistic
            title={t('measures')}
            value={t('applicable', { count: unit?.applicableMeasures ?? 0 })}
            styles={{ content: { fontSize: 16 } }}
          />
        </Col>
        <Col span={12}>
          <Statistic
            title={t('gaps')}
            value={t('gapCount', { count: unit?.gapCount ?? 0 })}
            styles={{ content: { fontSize: 16, color: unit?.gapCount ? red : undefined } }}
            data-testid="transparency-gap-count"
          />
        </Col>
      </Row>
      {unit && score === null && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('noScoreHint')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function MeasuresCard({ measures, loading }: { measures: TransparencyMeasure[]; loading: boolean }) {
  const { t } = useTranslation('kpiTransparency');
  const name = (c: TransparencyMeasureCode) => t(`measureNames.${c}`);
  const narrow = !Grid.useBreakpoint().sm;
  const rows = [...measures].reverse();
  const shown = (m: TransparencyMeasure) => (m.share === null ? t('notApplicable') : `${(m.share * 100).toFixed(1)}%`);
  const option = {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => {
        const m = rows[items[0].dataIndex];
        return `${name(m.code)}<br/>${t('metOfCounted')}: ${m.met} / ${m.counted}<br/>${t('weight')}: ${m.weight}`;
      },
    },
    // On a phone the names sit above the bars, so the bars keep the width.
    grid: narrow
      ? { left: 4, right: 8, top: 20, bottom: 4 }
      : { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, show: !narrow, axisLabel: { formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      data: rows.map((m) => `${name(m.code)}(${m.weight})`),
      axisLabel: { fontSize: 12, show: !narrow },
      axisTick: { show: !narrow },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: narrow ? 10 : 18,
        showBackground: narrow,
        data: rows.map((m) => ({
          value: m.share === null ? 0 : Math.round(m.share * 1000) / 10,
          itemStyle: { color: m.share === null ? '#bdbdbd' : scoreColor(m.share * 100) },
          label: narrow
            ? { show: true, position: [0, -15], fontSize: 12, formatter: `${name(m.code)}(${m.weight})  ${shown(m)}` }
            : { show: true, position: 'right', formatter: shown(m) },
        })),
      },
    ],
  };
  return (
    <Card size="small" title={t('measures')} loading={loading} style={{ height: '100%' }}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: narrow ? 380 : 300 }} />
      <Table<TransparencyMeasure>
        rowKey="code"
        size="small"
        pagination={false}
        scroll={{ x: 640 }}
        dataSource={measures}
        data-testid="transparency-measures"
        columns={[
          {
            title: t('measure'),
            dataIndex: 'code',
            render: (c: TransparencyMeasureCode) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{name(c)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`measureRules.${c}`)}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('weight'), dataIndex: 'weight', width: 64 },
          {
            title: t('metOfCounted'),
            key: 'met',
            width: 110,
            render: (_: unknown, m) => (m.applicable ? `${m.met} / ${m.counted}` : '—'),
          },
          {
            title: t('share'),
            key: 'share',
            width: 120,
            render: (_: unknown, m) =>
              m.applicable ? (
                <Space orientation="vertical" size={0}>
                  <span>{pct(m.share)}</span>
                  {m.medianDays !== null && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('medianDays', { days: m.medianDays })}
                    </Typography.Text>
                  )}
                </Space>
              ) : (
                <Tag>{t('notApplicable')}</Tag>
              ),
          },
          {
            title: t('effectiveWeight'),
            dataIndex: 'effectiveWeight',
            width: 96,
            render: (w: number) => (w > 0 ? `${(w * 100).toFixed(1)}%` : '—'),
          },
        ]}
      />
    </Card>
  );
}

function GapsCard({ orgId, year, measures }: { orgId?: number; year: number; measures: TransparencyMeasure[] }) {
  const { t } = useTranslation('kpiTransparency');
  const [measure, setMeasure] = useState<TransparencyMeasureCode | undefined>(undefined);
  const [page, setPage] = useState(1);
  const pageSize = 10;
  const gaps = useTransparencyGaps(orgId, { year, measure, page, pageSize });
  const narrow = !Grid.useBreakpoint().sm;
  return (
    <Card
      size="small"
      title={t('gaps')}
      extra={
        <Select
          allowClear
          data-testid="transparency-gap-measure"
          placeholder={t('allMeasures')}
          value={measure}
          onChange={(m) => {
            setMeasure(m);
            setPage(1);
          }}
          style={{ width: narrow ? 170 : 220 }}
          options={measures
            .filter((m) => m.gapCount > 0)
            .map((m) => ({ value: m.code, label: `${t(`measureNames.${m.code}`)}(${m.gapCount})` }))}
        />
      }
    >
      <Table<TransparencyGap>
        rowKey={(g) => `${g.measure}:${g.kind}:${g.ref.type}:${g.ref.id}`}
        size="small"
        loading={gaps.isFetching}
        dataSource={gaps.data?.items}
        scroll={narrow ? undefined : { x: 900 }}
        locale={{ emptyText: t('noGaps') }}
        data-testid="transparency-gaps"
        pagination={{
          current: page,
          pageSize,
          total: gaps.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={
          narrow
            ? [
                {
                  title: t('gapKind'),
                  key: 'all',
                  // A phone shows each gap as one block: what, which record, when.
                  render: (_: unknown, g) => (
                    <Space orientation="vertical" size={2}>
                      <Space size={4} wrap>
                        <Tag color="red">{t(`gapKinds.${g.kind}`)}</Tag>
                        {recordLink(g, t('open'))}
                      </Space>
                      <Typography.Text style={{ fontSize: 13 }}>
                        {g.orgName} · {g.subject}
                      </Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {g.date}
                        {g.days === null ? '' : ` · ${t('daysValue', { days: g.days })}`}
                      </Typography.Text>
                    </Space>
                  ),
                },
              ]
            : [
                {
                  title: t('gapKind'),
                  dataIndex: 'kind',
                  width: 190,
                  render: (k: TransparencyGap['kind'], g) => (
                    <Space orientation="vertical" size={0}>
                      <Tag color="red">{t(`gapKinds.${k}`)}</Tag>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t(`measureNames.${g.measure}`)}
                      </Typography.Text>
                    </Space>
                  ),
                },
                { title: t('unit'), dataIndex: 'orgName', width: 150 },
                { title: t('record'), key: 'record', width: 200, render: (_: unknown, g) => recordLink(g, t('open')) },
                { title: t('project'), dataIndex: 'projectCode', width: 120, render: (c: string | null) => c ?? '—' },
                { title: t('subject'), dataIndex: 'subject', ellipsis: true },
                { title: t('date'), dataIndex: 'date', width: 110 },
                {
                  title: t('days'),
                  dataIndex: 'days',
                  width: 80,
                  render: (d: number | null) => (d === null ? '—' : t('daysValue', { days: d })),
                },
              ]
        }
      />
    </Card>
  );
}

function ChildrenCard({
  rows,
  onOpen,
  loading,
}: {
  rows: TransparencyUnitScore[];
  onOpen: (id: number) => void;
  loading: boolean;
}) {
  const { t } = useTranslation('kpiTransparency');
  return (
    <Card size="small" title={t('children')} style={{ height: '100%' }}>
      <Table<TransparencyUnitScore>
        rowKey="orgId"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={rows.length > 15 ? { pageSize: 15 } : false}
        data-testid="transparency-children"
        columns={[
          { title: t('rank'), dataIndex: 'rank', width: 60, render: (r: number | null) => r ?? '—' },
          {
            title: t('unit'),
            dataIndex: 'name',
            render: (name: string, r) => (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onOpen(r.orgId)}>
                {name}
              </Button>
            ),
          },
          {
            title: t('score'),
            dataIndex: 'score',
            width: 180,
            render: (s: number | null) =>
              s === null ? (
                <Tag>{t('noScore')}</Tag>
              ) : (
                <Progress percent={s} size="small" strokeColor={scoreColor(s)} format={() => s.toFixed(1)} />
              ),
          },
          {
            title: t('gaps'),
            dataIndex: 'gapCount',
            width: 80,
            render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
          },
        ]}
      />
    </Card>
  );
}

const branchTypes = ['province', 'city', 'county'];

function AnnualCard({ orgId, unitType }: { orgId?: number; unitType?: string }) {
  const { t } = useTranslation('kpiTransparency');
  const can = useCan();
  const list = useAnnualDisclosures(orgId);
  const record = useRecordAnnualDisclosure();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const lastYear = chinaYear() - 1;
  const isBranch = unitType !== undefined && branchTypes.includes(unitType);
  const submit = async () => {
    const values = await form.validateFields();
    record.mutate(
      {
        orgId: orgId!,
        reportYear: Number(values.reportYear),
        kind: values.kind,
        title: values.title,
        url: values.url,
        publishedAt: `${values.publishedOn}T12:00:00+08:00`,
        correctsId: values.correctsId || undefined,
        note: values.note || undefined,
      },
      {
        onSuccess: () => {
          message.success(t('annualSaved'));
          setOpen(false);
          form.resetFields();
        },
        onError: (e) => message.error(e.message),
      },
    );
  };
  return (
    <Card
      size="small"
      id="annual"
      title={t('annualTitle')}
      style={{ height: '100%' }}
      extra={
        can('kpi:manage') && isBranch ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="annual-record">
            {t('annualRecord')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('annualHint')}
      </Typography.Paragraph>
      <Table<AnnualDisclosureView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={list.data}
        locale={{ emptyText: t('annualEmpty') }}
        data-testid="annual-list"
        columns={[
          { title: t('annualReportYear'), dataIndex: 'reportYear', width: 70 },
          {
            title: t('annualKind'),
            dataIndex: 'kind',
            width: 110,
            render: (k: AnnualDisclosureView['kind']) => t(`kinds.${k}`),
          },
          {
            title: t('annualTitleField'),
            dataIndex: 'title',
            ellipsis: true,
            render: (title: string, r) =>
              r.url ? (
                <a href={r.url} target="_blank" rel="noreferrer">
                  {title}
                </a>
              ) : (
                title
              ),
          },
          {
            title: t('annualPublishedAt'),
            dataIndex: 'publishedAt',
            width: 120,
            render: (at: string, r) => (
              <Space size={4}>
                {at.slice(0, 10)}
                <Tag color={r.isOnTime ? 'green' : 'orange'}>{r.isOnTime ? t('annualOnTime') : t('annualLate')}</Tag>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={open}
        title={t('annualRecord')}
        onCancel={() => setOpen(false)}
        onOk={submit}
        confirmLoading={record.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ reportYear: lastYear, kind: 'annual_report' }}>
          <Form.Item name="kind" label={t('annualKind')} rules={[{ required: true }]}>
            <Select
              data-testid="annual-kind"
              options={(['annual_report', 'audit_result'] as const).map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="reportYear" label={t('annualReportYear')} rules={[{ required: true }]}>
            <Input type="number" min={2000} max={lastYear} />
          </Form.Item>
          <Form.Item name="title" label={t('annualTitleField')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="url" label={t('annualUrl')} rules={[{ required: true, type: 'url' }]}>
            <Input placeholder="https://" />
          </Form.Item>
          <Form.Item name="publishedOn" label={t('annualPublishedAt')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="correctsId" label={t('annualCorrects')}>
            <Select
              allowClear
              options={(list.data ?? []).map((r) => ({
                value: r.id,
                label: `${r.reportYear} ${t(`kinds.${r.kind}`)} · ${r.title}`,
              }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('annualNote')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
