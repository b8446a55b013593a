// 会员积分 in the console: 积分规则 (in force at a unit, own and inherited; add, switch off), 积分台账 (find a member,
// award or deduct by a rule with a reason, reverse an entry), 积分排行 (top 20 as a chart, the ranking with paging) and
// 兑换 (the awards catalogue and members' redemptions to hand over).
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { usePaging } from '../../../components/paging';
import { chinaYear, formatDateTime } from '../../../lib/china-time';
import {
  type EntryView,
  type RuleView,
  useAwardPoints,
  useAwards,
  useCreateAward,
  useCreateRule,
  useDecideRedemption,
  useMemberPoints,
  useMemberSearch,
  useRanking,
  useRedemptions,
  useReverseEntry,
  useRules,
  useUpdateRule,
} from './api';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const categoryColor = { basic: 'blue', exemplary: 'green', spreading: 'purple', prohibited: 'red' } as const;

function RulesTab({ orgId }: { orgId: number | null }) {
  const { t } = useTranslation('memberPoints');
  const rules = useRules(orgId);
  const create = useCreateRule();
  const update = useUpdateRule();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const trigger = Form.useWatch('trigger', form);
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} style={{ marginBottom: 12 }} disabled={orgId === null}>
        {t('admin.newRule')}
      </Button>
      <Table<RuleView>
        rowKey="id"
        size="small"
        loading={rules.isPending && orgId !== null}
        dataSource={rules.data ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { title: t('admin.code'), dataIndex: 'code' },
          { title: t('admin.name'), dataIndex: 'name' },
          {
            title: t('admin.category'),
            dataIndex: 'category',
            render: (c: RuleView['category']) => <Tag color={categoryColor[c]}>{t(`category.${c}`)}</Tag>,
          },
          {
            title: t('admin.points'),
            render: (_, r) =>
              `${r.points > 0 ? '+' : ''}${r.points}${r.donationBasis ? ` / ${t(`basis.${r.donationBasis}`)}` : ''}`,
          },
          { title: t('admin.trigger'), dataIndex: 'trigger', render: (v: RuleView['trigger']) => t(`trigger.${v}`) },
          { title: t('admin.cap'), dataIndex: 'yearlyCap', render: (v: number | null) => v ?? '—' },
          {
            title: t('admin.unit'),
            render: (_, r) => (
              <Space size={4}>
                {r.orgName}
                {r.isInherited ? <Tag>{t('admin.inherited')}</Tag> : <Tag color="gold">{t('admin.own')}</Tag>}
                {r.overrides && !r.isInherited ? <Tag color="orange">{t('admin.overrides')}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t('admin.active'),
            render: (_, r) =>
              r.isInherited ? (
                r.isActive ? (
                  <Tag color="success">{t('admin.active')}</Tag>
                ) : (
                  <Tag>{t('admin.disable')}</Tag>
                )
              ) : (
                <Switch
                  size="small"
                  checked={r.isActive}
                  onChange={(v) => update.mutate({ id: r.id, patch: { isActive: v } })}
                />
              ),
          },
        ]}
      />
      <Modal
        open={open}
        title={t('admin.newRule')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ category: 'basic', trigger: 'manual', points: 5 }}
          onFinish={(v) =>
            create.mutate(
              {
                ...v,
                orgId,
                yearlyCap: v.yearlyCap || undefined,
                donationBasis: v.trigger === 'donation' ? (v.donationBasis ?? 'gift') : undefined,
              },
              {
                onSuccess: () => {
                  setOpen(false);
                  form.resetFields();
                },
              },
            )
          }
        >
          <Form.Item name="code" label={t('admin.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{2,32}$/ }]}>
            <Input placeholder="STUDY" />
          </Form.Item>
          <Form.Item name="name" label={t('admin.name')} rules={[{ required: true }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="category" label={t('admin.category')}>
            <Select
              options={(['basic', 'exemplary', 'spreading', 'prohibited'] as const).map((c) => ({
                value: c,
                label: t(`category.${c}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="trigger" label={t('admin.trigger')}>
            <Select
              options={(['manual', 'training_certified', 'volunteer_hours', 'donation'] as const).map((c) => ({
                value: c,
                label: t(`trigger.${c}`),
              }))}
            />
          </Form.Item>
          {trigger === 'donation' ? (
            <Form.Item name="donationBasis" label={t('trigger.donation')} initialValue="gift">
              <Select
                options={(['gift', 'per_100_yuan'] as const).map((c) => ({ value: c, label: t(`basis.${c}`) }))}
              />
            </Form.Item>
          ) : null}
          <Form.Item name="points" label={t('admin.points')} rules={[{ required: true }]}>
            <InputNumber min={-1000} max={1000} />
          </Form.Item>
          <Form.Item name="yearlyCap" label={t('admin.cap')}>
            <InputNumber min={1} />
          </Form.Item>
          {create.error ? <Alert type="error" showIcon title={create.error.message} /> : null}
        </Form>
      </Modal>
    </>
  );
}

function LedgerTab({ orgId }: { orgId: number | null }) {
  const { t, i18n } = useTranslation('memberPoints');
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [memberId, setMemberId] = useState<string | null>(null);
  const found = useMemberSearch(orgId, q);
  const points = useMemberPoints(memberId);
  const rules = useRules(orgId);
  const award = useAwardPoints();
  const reverse = useReverseEntry();
  const [form] = Form.useForm();
  const manual = (rules.data ?? []).filter((r) => r.trigger === 'manual' && r.isActive);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select
        showSearch
        style={{ width: 360, maxWidth: '100%' }}
        placeholder={t('admin.pickMember')}
        filterOption={false}
        onSearch={setQ}
        value={memberId ?? undefined}
        onChange={setMemberId}
        data-testid="points-member-picker"
        options={(found.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name} ${m.memberNo ?? ''}` }))}
      />
      {points.data ? (
        <Card
          size="small"
          title={`${points.data.name} · ${points.data.memberNo ?? ''} · ${points.data.orgName}`}
          extra={
            <span>
              {t('admin.balance')} <b data-testid="points-admin-balance">{points.data.balance}</b>
            </span>
          }
        >
          <Form
            form={form}
            layout="inline"
            onFinish={(v: { ruleId: string; reason: string; points?: number }) =>
              award.mutate(
                { memberId: memberId!, ...v },
                {
                  onSuccess: () => {
                    form.resetFields();
                    void message.success(t('admin.saved'));
                  },
                },
              )
            }
            style={{ marginBottom: 12, rowGap: 8 }}
          >
            <Form.Item name="ruleId" rules={[{ required: true }]}>
              <Select
                style={{ width: 220 }}
                placeholder={t('admin.rule')}
                data-testid="points-rule"
                options={manual.map((r) => ({
                  value: r.id,
                  label: `${r.name}(${r.points > 0 ? '+' : ''}${r.points})`,
                }))}
              />
            </Form.Item>
            <Form.Item name="points">
              <InputNumber placeholder={t('admin.points')} style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name="reason" rules={[{ required: true, min: 2 }]}>
              <Input placeholder={t('admin.reason')} style={{ width: 240 }} data-testid="points-reason" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={award.isPending} data-testid="points-award">
              {t('admin.award')}
            </Button>
          </Form>
          {award.error ? <Alert type="error" showIcon title={award.error.message} style={{ marginBottom: 8 }} /> : null}
          <Table<EntryView>
            rowKey="id"
            size="small"
            dataSource={points.data.entries}
            pagination={{ pageSize: 20 }}
            scroll={{ x: 700 }}
            columns={[
              {
                title: t('admin.year'),
                dataIndex: 'occurredAt',
                render: (v: string) => formatDateTime(v, i18n.language),
              },
              { title: t('admin.rule'), render: (_, e) => e.ruleName ?? e.ruleCode },
              { title: t('admin.reason'), dataIndex: 'reason' },
              { title: t('admin.trigger'), dataIndex: 'source', render: (v: EntryView['source']) => t(`source.${v}`) },
              {
                title: t('admin.points'),
                dataIndex: 'points',
                render: (v: number) => <b style={{ color: v < 0 ? '#cf1322' : '#389e0d' }}>{v > 0 ? `+${v}` : v}</b>,
              },
              {
                title: '',
                render: (_, e) =>
                  e.isReversed ? (
                    <Tag>{t('mine.reversed')}</Tag>
                  ) : e.source !== 'reversal' && e.source !== 'redemption' ? (
                    <Button
                      size="small"
                      onClick={() => {
                        const reason = window.prompt(t('admin.reverseReason'));
                        if (reason && reason.trim().length >= 2) {
                          reverse.mutate({ memberId: memberId!, entryId: e.id, reason: reason.trim() });
                        }
                      }}
                    >
                      {t('admin.reverse')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Card>
      ) : null}
    </Space>
  );
}

function RankingTab({ orgId }: { orgId: number | null }) {
  const { t } = useTranslation('memberPoints');
  const [year, setYear] = useState<number | undefined>(chinaYear());
  const { page, pageSize, pagination } = usePaging(20);
  const ranking = useRanking(orgId, year, page, pageSize);
  const top = useRanking(orgId, year, 1, 20);
  const items = top.data?.items ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select
        style={{ width: 160 }}
        value={year ?? 0}
        onChange={(v) => setYear(v === 0 ? undefined : v)}
        options={[
          { value: 0, label: t('admin.allTime') },
          ...[0, 1, 2].map((k) => ({
            value: chinaYear() - k,
            label: String(chinaYear() - k),
          })),
        ]}
      />
      <Card size="small" title={t('admin.chart')}>
        <ReactEChartsCore
          echarts={echarts}
          style={{ height: 420 }}
          option={{
            tooltip: {},
            grid: { left: 120, right: 20, top: 10, bottom: 20 },
            xAxis: { type: 'value' },
            yAxis: {
              type: 'category',
              inverse: true,
              axisLabel: { interval: 0 },
              data: items.map((r) => `${r.rank}. ${r.name}`),
            },
            series: [{ type: 'bar', data: items.map((r) => r.points), itemStyle: { color: '#c8102e' } }],
          }}
        />
      </Card>
      <Table
        rowKey="memberId"
        size="small"
        loading={ranking.isFetching}
        dataSource={ranking.data?.items ?? []}
        pagination={pagination(ranking.data?.total ?? 0)}
        columns={[
          { title: t('admin.rank'), dataIndex: 'rank', width: 80 },
          { title: t('admin.member'), dataIndex: 'name' },
          { title: t('admin.memberNo'), dataIndex: 'memberNo' },
          { title: t('admin.unit'), dataIndex: 'orgName' },
          { title: t('admin.points'), dataIndex: 'points' },
        ]}
      />
    </Space>
  );
}

function RedemptionsTab({ orgId }: { orgId: number | null }) {
  const { t, i18n } = useTranslation('memberPoints');
  const awards = useAwards(orgId);
  const create = useCreateAward();
  const redemptions = useRedemptions(orgId);
  const decide = useDecideRedemption();
  const [form] = Form.useForm();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('admin.awards')}>
        <Form
          form={form}
          layout="inline"
          style={{ marginBottom: 12, rowGap: 8 }}
          onFinish={(v) =>
            create.mutate({ ...v, orgId, stock: v.stock ?? undefined }, { onSuccess: () => form.resetFields() })
          }
        >
          <Form.Item name="name" rules={[{ required: true }]}>
            <Input placeholder={t('admin.name')} />
          </Form.Item>
          <Form.Item name="pointsCost" rules={[{ required: true }]}>
            <InputNumber min={1} placeholder={t('admin.cost')} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="stock">
            <InputNumber min={0} placeholder={t('admin.stock')} style={{ width: 100 }} />
          </Form.Item>
          <Button htmlType="submit" loading={create.isPending} disabled={orgId === null}>
            {t('admin.newAward')}
          </Button>
        </Form>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={awards.data ?? []}
          columns={[
            { title: t('admin.name'), dataIndex: 'name' },
            { title: t('admin.cost'), dataIndex: 'pointsCost' },
            { title: t('admin.stock'), dataIndex: 'stock', render: (v: number | null) => v ?? '∞' },
            { title: t('admin.unit'), dataIndex: 'orgName' },
          ]}
        />
      </Card>
      <Card size="small" title={t('admin.redemptions')}>
        <Table
          rowKey="id"
          size="small"
          dataSource={redemptions.data?.items ?? []}
          scroll={{ x: 700 }}
          columns={[
            { title: t('admin.member'), render: (_, r) => `${r.memberName} ${r.memberNo ?? ''}` },
            { title: t('admin.name'), dataIndex: 'awardName' },
            { title: t('admin.points'), dataIndex: 'points' },
            {
              title: t('admin.requestedAt'),
              dataIndex: 'requestedAt',
              render: (v: string) => formatDateTime(v, i18n.language),
            },
            { title: t('admin.status'), dataIndex: 'status', render: (v: 'requested') => t(`redemption.${v}`) },
            {
              title: '',
              render: (_, r) =>
                r.status === 'requested' ? (
                  <Space>
                    <Button size="small" type="primary" onClick={() => decide.mutate({ r, action: 'hand-over' })}>
                      {t('admin.handOver')}
                    </Button>
                    <Button size="small" onClick={() => decide.mutate({ r, action: 'cancel' })}>
                      {t('admin.cancel')}
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
    </Space>
  );
}

export function PointsAdminPage() {
  const { t } = useTranslation('memberPoints');
  const { unitId } = useScope();
  const [picked, setPicked] = useState<number | undefined>(undefined);
  const orgId = picked ?? unitId ?? null;
  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('admin.pointsTitle')}
        </Typography.Title>
        <OrgPicker value={orgId ?? undefined} onChange={(v) => setPicked(v ?? undefined)} style={{ width: 260 }} />
      </Space>
      <Tabs
        items={[
          { key: 'rules', label: t('admin.rules'), children: <RulesTab orgId={orgId} /> },
          { key: 'ledger', label: t('admin.ledger'), children: <LedgerTab orgId={orgId} /> },
          { key: 'ranking', label: t('admin.ranking'), children: <RankingTab orgId={orgId} /> },
          { key: 'redemptions', label: t('admin.redemptions'), children: <RedemptionsTab orgId={orgId} /> },
        ]}
      />
    </div>
  );
}
