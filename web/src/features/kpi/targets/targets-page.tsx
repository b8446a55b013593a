// 年度目标: a unit's targets for a year beside its children's — set (by the parent's owner), split among the direct
// children with a live sum against the unit's target (an excess is refused unless the unit's approver accepts it),
// approve and lock, and change requests for locked targets decided above the unit.
import { CheckOutlined, LockOutlined, SplitCellsOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Grid,
  Input,
  InputNumber,
  List,
  Modal,
  Progress,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { chinaYear, formatDateTime } from '../../../lib/china-time';
import {
  type TargetChangeView,
  type TargetRow,
  type TargetsBoard,
  useApproveTargets,
  useDecideChange,
  useRequestChange,
  useSetTargets,
  useSplitTarget,
  useTargetChanges,
  useTargetsBoard,
} from './api';

function useFormat() {
  const { i18n } = useTranslation();
  const lang = i18n.language.startsWith('zh') ? 'zh-CN' : 'en';
  return {
    lang,
    num: (v: number | null | undefined, decimals = 2) =>
      v == null ? '—' : v.toLocaleString(lang, { maximumFractionDigits: Math.max(decimals, 0) }),
    name: (r: { nameZh: string; nameEn: string }) => (lang === 'en' ? r.nameEn : r.nameZh),
    unit: (r: { unitZh: string; unitEn: string }) => (lang === 'en' ? r.unitEn : r.unitZh),
  };
}

type ExcessDetails = { sum?: number; parent?: number; excess?: number; canApprove?: boolean };

/** Rounds to the indicator's decimals (at least cents for 元). */
const roundTo = (v: number, decimals: number) => {
  const f = 10 ** Math.max(0, Math.min(decimals, 4));
  return Math.round(v * f) / f;
};

// ------------------------------------------------------------------------------------------------- set a target

function SetTargetDialog({ board, row, onClose }: { board: TargetsBoard; row: TargetRow; onClose: () => void }) {
  const { t } = useTranslation('kpiTargets');
  const { message } = App.useApp();
  const fmt = useFormat();
  const save = useSetTargets();
  const [value, setValue] = useState<number | null>(row.target?.value ?? null);
  const [note, setNote] = useState(row.target?.note ?? '');
  const [withMonthly, setWithMonthly] = useState(!!row.target?.monthly);
  const [monthly, setMonthly] = useState<(number | null)[]>(row.target?.monthly ?? Array(12).fill(null));
  const [approveExcess, setApproveExcess] = useState(false);
  const [excess, setExcess] = useState<ExcessDetails | null>(null);
  const [error, setError] = useState<string | null>(null);
  const monthlySum = monthly.reduce<number>((a, m) => a + (m ?? 0), 0);
  const fillEven = () => {
    if (value == null) {
      return;
    }
    const part = roundTo(value / 12, 2);
    const parts = Array(12).fill(part);
    parts[11] = roundTo(value - part * 11, 2);
    setMonthly(parts);
  };

  const submit = async () => {
    if (value == null) {
      return;
    }
    setError(null);
    try {
      await save.mutateAsync({
        orgId: board.orgId,
        year: board.year,
        targets: [
          {
            indicator: row.indicator,
            value,
            monthly: withMonthly ? monthly.map((m) => m ?? 0) : null,
            note: note || undefined,
          },
        ],
        approveExcess: approveExcess || undefined,
      });
      message.success(t('saved'));
      onClose();
    } catch (e) {
      if (isApiError(e) && e.code === 'KPI_SPLIT_EXCEEDS_PARENT') {
        setExcess(e.details as ExcessDetails);
      }
      setError(isApiError(e) ? e.message : String(e));
    }
  };

  return (
    <Modal
      open
      title={t('setDialog', { unit: board.name, indicator: fmt.name(row) })}
      onCancel={onClose}
      onOk={submit}
      okButtonProps={{ disabled: value == null, loading: save.isPending, id: 'set-target-ok' }}
      destroyOnHidden
      width={640}
    >
      <Form layout="vertical">
        <Form.Item label={`${t('annual')}(${fmt.unit(row)})`} required>
          <InputNumber
            data-testid="set-target-value"
            min={0}
            value={value}
            onChange={(v) => setValue(typeof v === 'number' ? v : null)}
            style={{ width: 240 }}
          />
        </Form.Item>
        <Form.Item>
          <Checkbox checked={withMonthly} onChange={(e) => setWithMonthly(e.target.checked)}>
            {t('withMonthly')}
          </Checkbox>
          {withMonthly && (
            <Button size="small" type="link" onClick={fillEven}>
              {t('fillEven')}
            </Button>
          )}
        </Form.Item>
        {withMonthly && (
          <>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(130px, 1fr))', gap: 8 }}>
              {monthly.map((m, i) => (
                <InputNumber
                  // biome-ignore lint/suspicious/noArrayIndexKey: the twelve months are fixed positions
                  key={i}
                  min={0}
                  addonBefore={t('month', { m: i + 1 })}
                  value={m}
                  onChange={(v) =>
                    setMonthly(monthly.map((x, j) => (j === i ? (typeof v === 'number' ? v : null) : x)))
                  }
                />
              ))}
            </div>
            <Typography.Paragraph type={row.periodKind === 'flow' ? undefined : 'secondary'} style={{ marginTop: 8 }}>
              {row.periodKind === 'flow'
                ? t('monthlySum', { sum: fmt.num(monthlySum, row.decimals), value: fmt.num(value, row.decimals) })
                : t('monthlyLevels')}
            </Typography.Paragraph>
          </>
        )}
        <Form.Item label={t('note')}>
          <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} rows={2} />
        </Form.Item>
        {error && (
          <Alert
            type="error"
            showIcon
            message={error}
            description={
              excess ? (
                <Space orientation="vertical">
                  {t('excessDetail', {
                    sum: fmt.num(excess.sum, row.decimals),
                    parent: fmt.num(excess.parent, row.decimals),
                    excess: fmt.num(excess.excess, row.decimals),
                  })}
                  {excess.canApprove ? (
                    <Checkbox checked={approveExcess} onChange={(e) => setApproveExcess(e.target.checked)}>
                      {t('approveExcess')}
                    </Checkbox>
                  ) : (
                    t('excessNeedsOwner')
                  )}
                </Space>
              ) : undefined
            }
          />
        )}
      </Form>
    </Modal>
  );
}

// ------------------------------------------------------------------------------------------------------- split

function SplitDialog({ board, row, onClose }: { board: TargetsBoard; row: TargetRow; onClose: () => void }) {
  const { t } = useTranslation('kpiTargets');
  const { message } = App.useApp();
  const fmt = useFormat();
  const split = useSplitTarget();
  const childTarget = new Map(row.children.map((c) => [c.orgId, c.target]));
  const [values, setValues] = useState<Record<number, number | null>>(() =>
    Object.fromEntries(board.children.map((c) => [c.orgId, childTarget.get(c.orgId)?.value ?? null])),
  );
  const [approveExcess, setApproveExcess] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; details?: ExcessDetails } | null>(null);
  const parent = row.target?.value ?? null;
  const sum = roundTo(
    Object.values(values).reduce<number>((a, v) => a + (v ?? 0), 0),
    4,
  );
  const diff = parent == null ? null : roundTo(sum - parent, 4);
  const over = row.additive && diff != null && diff > 0.005;
  const blocked = row.additive && parent == null;
  const fillEven = () => {
    if (parent == null) {
      return;
    }
    const open = board.children.filter((c) => !childTarget.get(c.orgId)?.locked);
    const lockedSum = board.children
      .filter((c) => childTarget.get(c.orgId)?.locked)
      .reduce((a, c) => a + (childTarget.get(c.orgId)?.value ?? 0), 0);
    const each = row.additive ? Math.floor(((parent - lockedSum) / Math.max(open.length, 1)) * 100) / 100 : parent;
    const next = { ...values };
    open.forEach((c, i) => {
      next[c.orgId] =
        row.additive && i === open.length - 1
          ? roundTo(parent - lockedSum - each * (open.length - 1), 2)
          : roundTo(each, row.decimals);
    });
    setValues(next);
  };

  const submit = async () => {
    setRefusal(null);
    const shares = board.children
      .filter((c) => values[c.orgId] != null)
      .map((c) => ({ orgId: c.orgId, value: values[c.orgId] as number }));
    try {
      const res = await split.mutateAsync({
        orgId: board.orgId,
        year: board.year,
        indicator: row.indicator,
        shares,
        approveExcess: approveExcess || undefined,
      });
      message.success(
        res.shortfall ? t('shortfallSaved', { amount: fmt.num(res.shortfall, row.decimals) }) : t('splitSaved'),
      );
      onClose();
    } catch (e) {
      setRefusal({
        message: isApiError(e) ? e.message : String(e),
        details: isApiError(e) && e.code === 'KPI_SPLIT_EXCEEDS_PARENT' ? (e.details as ExcessDetails) : undefined,
      });
    }
  };

  const percent = parent ? Math.min(100, (sum / parent) * 100) : 0;
  return (
    <Modal
      open
      title={t('splitDialog', { indicator: `${fmt.name(row)}(${fmt.unit(row)})` })}
      onCancel={onClose}
      onOk={submit}
      okText={t('split')}
      okButtonProps={{ disabled: blocked, loading: split.isPending, id: 'split-ok' }}
      destroyOnHidden
      width={680}
    >
      <div data-testid="split-dialog">
        {blocked && <Alert type="warning" showIcon message={t('noParentTarget')} style={{ marginBottom: 12 }} />}
        {!row.additive && <Alert type="info" showIcon message={t('ratioHint')} style={{ marginBottom: 12 }} />}
        {row.additive && parent != null && (
          <div style={{ marginBottom: 12 }} data-testid="split-sum">
            <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
              <span>
                {t('sharesSum')} <b>{fmt.num(sum, row.decimals)}</b> / {t('parentTarget', { unit: board.name })}{' '}
                <b>{fmt.num(parent, row.decimals)}</b>
              </span>
              {diff != null && diff !== 0 && (
                <Tag color={over ? 'red' : 'gold'}>
                  {over ? t('excessBy') : t('remaining')} {fmt.num(Math.abs(diff), row.decimals)}
                </Tag>
              )}
            </Space>
            <Progress
              percent={Math.round(percent * 10) / 10}
              status={over ? 'exception' : sum === parent ? 'success' : 'active'}
              showInfo={false}
            />
          </div>
        )}
        <Space style={{ marginBottom: 8 }}>
          <Button size="small" onClick={fillEven} disabled={parent == null}>
            {t('fillEven')}
          </Button>
        </Space>
        <Table
          size="small"
          rowKey="orgId"
          pagination={false}
          dataSource={board.children}
          scroll={{ y: 360 }}
          columns={[
            { title: t('child'), dataIndex: 'name' },
            {
              title: `${t('share')}(${fmt.unit(row)})`,
              width: 240,
              render: (_, c) => {
                const locked = childTarget.get(c.orgId)?.locked;
                return (
                  <Space>
                    <InputNumber
                      data-testid={`share-${c.name}`}
                      min={0}
                      value={values[c.orgId]}
                      disabled={locked}
                      onChange={(v) => setValues({ ...values, [c.orgId]: typeof v === 'number' ? v : null })}
                      style={{ width: 170 }}
                    />
                    {locked && (
                      <Tooltip title={t('approved')}>
                        <LockOutlined />
                      </Tooltip>
                    )}
                  </Space>
                );
              },
            },
          ]}
        />
        {over && (
          <Alert
            data-testid="split-excess-warning"
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            message={t('excessTitle')}
            description={
              <Space orientation="vertical">
                {t('excessDetail', {
                  sum: fmt.num(sum, row.decimals),
                  parent: fmt.num(parent, row.decimals),
                  excess: fmt.num(diff, row.decimals),
                })}
                {board.canApproveExcess ? (
                  <Checkbox
                    data-testid="split-approve-excess"
                    checked={approveExcess}
                    onChange={(e) => setApproveExcess(e.target.checked)}
                  >
                    {t('approveExcess')}
                  </Checkbox>
                ) : (
                  t('excessNeedsOwner')
                )}
              </Space>
            }
          />
        )}
        {refusal && (
          <Alert
            data-testid="split-refused"
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            message={refusal.message}
            description={
              refusal.details
                ? t('excessDetail', {
                    sum: fmt.num(refusal.details.sum, row.decimals),
                    parent: fmt.num(refusal.details.parent, row.decimals),
                    excess: fmt.num(refusal.details.excess, row.decimals),
                  })
                : undefined
            }
          />
        )}
      </div>
    </Modal>
  );
}

// ------------------------------------------------------------------------------------------- change requests

function ChangeDialog({ row, onClose }: { row: TargetRow; onClose: () => void }) {
  const { t } = useTranslation('kpiTargets');
  const { message } = App.useApp();
  const fmt = useFormat();
  const ask = useRequestChange();
  const [value, setValue] = useState<number | null>(row.target?.value ?? null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!row.target || value == null) {
      return;
    }
    try {
      await ask.mutateAsync({ targetId: row.target.id, value, reason });
      message.success(t('changeSent'));
      onClose();
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  };
  return (
    <Modal
      open
      title={t('changeDialog', { indicator: fmt.name(row) })}
      onCancel={onClose}
      onOk={submit}
      okButtonProps={{ disabled: value == null || reason.trim().length < 2, loading: ask.isPending }}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('currentValue')}>
          {fmt.num(row.target?.value, row.decimals)} {fmt.unit(row)}
        </Form.Item>
        <Form.Item label={`${t('newValue')}(${fmt.unit(row)})`} required>
          <InputNumber min={0} value={value} onChange={(v) => setValue(typeof v === 'number' ? v : null)} />
        </Form.Item>
        <Form.Item label={t('reason')} required>
          <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} rows={3} />
        </Form.Item>
        {error && <Alert type="error" showIcon message={error} />}
      </Form>
    </Modal>
  );
}

function ChangesCard({ board, names }: { board: TargetsBoard; names: Map<string, TargetRow> }) {
  const { t } = useTranslation('kpiTargets');
  const { message, modal } = App.useApp();
  const fmt = useFormat();
  const [tab, setTab] = useState<'pending' | 'all'>('pending');
  const all = useTargetChanges(tab === 'all' ? board.orgId : undefined);
  const decide = useDecideChange();
  const rows = tab === 'pending' ? board.pendingChanges : (all.data ?? []);
  const onDecide = (c: TargetChangeView, approve: boolean) => {
    let note = '';
    modal.confirm({
      title: `${approve ? t('approve') : t('reject')} · ${c.orgName}`,
      content: <Input.TextArea placeholder={t('decisionNote')} rows={2} onChange={(e) => (note = e.target.value)} />,
      onOk: async () => {
        try {
          await decide.mutateAsync({ id: c.id, approve, note });
          message.success(t('decided'));
        } catch (e) {
          message.error(isApiError(e) ? e.message : String(e));
        }
      },
    });
  };
  return (
    <Card title={t('changes')} size="small" style={{ marginTop: 16 }}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'pending' | 'all')}
        items={[
          { key: 'pending', label: `${t('pending')} (${board.pendingChanges.length})` },
          { key: 'all', label: t('history') },
        ]}
      />
      <Table<TargetChangeView>
        size="small"
        rowKey="id"
        dataSource={rows}
        loading={tab === 'all' && all.isLoading}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('noChanges') }}
        scroll={{ x: 900 }}
        columns={[
          { title: t('unit'), dataIndex: 'orgName', width: 120 },
          {
            title: t('indicator'),
            width: 160,
            render: (_, c) => {
              const r = names.get(c.indicator);
              return r ? fmt.name(r) : c.indicator;
            },
          },
          { title: t('year'), dataIndex: 'year', width: 70 },
          {
            title: `${t('from')} → ${t('to')}`,
            width: 200,
            render: (_, c) => {
              const d = names.get(c.indicator)?.decimals ?? 2;
              return (
                <span>
                  {fmt.num(c.fromValue, d)} → <b>{fmt.num(c.toValue, d)}</b>
                </span>
              );
            },
          },
          { title: t('reason'), dataIndex: 'reason', ellipsis: true },
          {
            title: t('requestedBy'),
            width: 150,
            render: (_, c) => (
              <span>
                {c.requestedBy}
                <br />
                <Typography.Text type="secondary">{formatDateTime(c.requestedAt, fmt.lang)}</Typography.Text>
              </span>
            ),
          },
          {
            title: t('status'),
            width: 160,
            render: (_, c) => (
              <Space orientation="vertical" size={0}>
                <Tag color={{ pending: 'gold', approved: 'green', rejected: 'red', withdrawn: 'default' }[c.status]}>
                  {t(`changeStatus.${c.status}`)}
                </Tag>
                {c.decidedBy && (
                  <Typography.Text type="secondary">
                    {c.decidedBy}
                    {c.decisionNote ? `:${c.decisionNote}` : ''}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('decide'),
            width: 140,
            fixed: 'right',
            render: (_, c) =>
              c.canDecide ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => onDecide(c, true)}>
                    {t('approve')}
                  </Button>
                  <Button size="small" danger onClick={() => onDecide(c, false)}>
                    {t('reject')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

// ---------------------------------------------------------------------------------------------------- the page

export function TargetsPage() {
  const { t } = useTranslation('kpiTargets');
  const { message, modal } = App.useApp();
  const fmt = useFormat();
  const { unitId } = useScope();
  const wide = Grid.useBreakpoint().md !== false;
  // The unit and year can come from a link (?orgId=…&year=…), e.g. a drill-down from the cockpit.
  const [params, setParams] = useSearchParams();
  const orgId = Number(params.get('orgId')) || undefined;
  const year = Number(params.get('year')) || chinaYear();
  const update = (patch: Record<string, number>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      next.set(k, String(v));
    }
    setParams(next, { replace: true });
  };
  const setOrgId = (id: number) => update({ orgId: id });
  const setYear = (y: number) => update({ year: y });
  const unit = orgId ?? unitId ?? undefined;
  const board = useTargetsBoard(unit, year);
  const approve = useApproveTargets();
  const [dialog, setDialog] = useState<{ kind: 'set' | 'split' | 'change'; row: TargetRow } | null>(null);
  const b = board.data;
  const names = useMemo(() => new Map((b?.rows ?? []).map((r) => [r.indicator, r])), [b]);
  const drafts = (b?.rows ?? []).filter((r) => r.target?.status === 'draft');
  const childDrafts = b
    ? b.children.filter((c) =>
        b.rows.some((r) => r.children.find((x) => x.orgId === c.orgId)?.target?.status === 'draft'),
      )
    : [];
  const years = [chinaYear() - 2, chinaYear() - 1, chinaYear(), chinaYear() + 1];

  const approveOwn = () => {
    if (!b) {
      return;
    }
    modal.confirm({
      title: t('approveOwn'),
      content: t('approveConfirm', { name: b.name, year: b.year, n: drafts.length }),
      onOk: async () => {
        try {
          await approve.mutateAsync({ orgId: b.orgId, year: b.year, indicators: drafts.map((r) => r.indicator) });
          message.success(t('approvedOk'));
        } catch (e) {
          message.error(isApiError(e) ? e.message : String(e));
        }
      },
    });
  };
  const approveChildren = () => {
    if (!b) {
      return;
    }
    modal.confirm({
      title: t('approveChildren'),
      content: t('approveChildrenConfirm', { n: childDrafts.length }),
      onOk: async () => {
        try {
          for (const c of childDrafts) {
            const codes = b.rows
              .filter((r) => r.children.find((x) => x.orgId === c.orgId)?.target?.status === 'draft')
              .map((r) => r.indicator);
            await approve.mutateAsync({ orgId: c.orgId, year: b.year, indicators: codes });
          }
          message.success(t('approvedOk'));
        } catch (e) {
          message.error(isApiError(e) ? e.message : String(e));
        }
      },
    });
  };

  const checkTag = (r: TargetRow) => {
    const amount = fmt.num(Math.abs(r.difference ?? 0), r.decimals);
    const color = {
      none: undefined,
      ok: 'green',
      short: 'gold',
      excess: 'red',
      excess_approved: 'orange',
      not_additive: undefined,
    }[r.check];
    return r.check === 'none' ? (
      <Typography.Text type="secondary">—</Typography.Text>
    ) : (
      <Tag color={color} data-testid={`check-${r.indicator}`}>
        {t(`check.${r.check}`, { amount })}
      </Tag>
    );
  };

  const rowActions = (r: TargetRow) => (
    <Space wrap size={4}>
      {b?.canSet && !r.target?.locked && (
        <Button size="small" onClick={() => setDialog({ kind: 'set', row: r })} data-testid={`set-${r.indicator}`}>
          {r.target ? t('edit') : t('set')}
        </Button>
      )}
      {b?.canSplit && (
        <Button
          size="small"
          icon={<SplitCellsOutlined />}
          onClick={() => setDialog({ kind: 'split', row: r })}
          data-testid={`split-${r.indicator}`}
        >
          {t('split')}
        </Button>
      )}
      {b?.canRequestChange && r.target?.locked && (
        <Button size="small" onClick={() => setDialog({ kind: 'change', row: r })}>
          {t('requestChange')}
        </Button>
      )}
    </Space>
  );
  const statusTag = (r: TargetRow) =>
    r.target ? (
      <Tag
        data-testid={`status-${r.indicator}`}
        color={r.target.locked ? 'blue' : 'default'}
        icon={r.target.locked ? <LockOutlined /> : undefined}
      >
        {r.target.locked ? t('approved') : t('draft')}
      </Tag>
    ) : null;
  // On a phone: one card per indicator instead of a wide table.
  const phoneList = (
    <List<TargetRow>
      loading={board.isLoading}
      dataSource={b?.rows ?? []}
      renderItem={(r) => (
        <List.Item style={{ display: 'block' }}>
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            <Space wrap size={4}>
              <b>{fmt.name(r)}</b>
              <Typography.Text type="secondary">({fmt.unit(r)})</Typography.Text>
              {r.source === 'manual' && <Tag color="purple">{t('manual')}</Tag>}
            </Space>
            <Space wrap size={8}>
              <span>
                {t('target')}{' '}
                {r.target ? (
                  <b data-testid={`target-${r.indicator}`}>{fmt.num(r.target.value, r.decimals)}</b>
                ) : (
                  <Typography.Text type="secondary">{t('noTarget')}</Typography.Text>
                )}
              </span>
              {statusTag(r)}
              {checkTag(r)}
            </Space>
            {r.completion != null && (
              <Progress
                percent={Math.round(r.completion * 1000) / 10}
                size="small"
                format={() => `${fmt.num((r.completion ?? 0) * 100, 1)}%`}
              />
            )}
            {rowActions(r)}
          </Space>
        </List.Item>
      )}
    />
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
        <Space wrap>
          <span>{t('unit')}</span>
          <OrgPicker value={unit ?? null} onChange={(id) => id && setOrgId(id)} style={{ width: 260 }} />
          <span>{t('year')}</span>
          <Select
            data-testid="targets-year"
            value={year}
            onChange={setYear}
            options={years.map((y) => ({ value: y, label: String(y) }))}
            style={{ width: 100 }}
          />
          {b?.canApprove && drafts.length > 0 && (
            <Button type="primary" icon={<LockOutlined />} onClick={approveOwn} data-testid="approve-own">
              {t('approveOwn')}
            </Button>
          )}
          {b?.canApproveExcess && b.isOpen && childDrafts.length > 0 && (
            <Button icon={<CheckOutlined />} onClick={approveChildren} data-testid="approve-children">
              {t('approveChildren')}
            </Button>
          )}
        </Space>
        {b && !b.isOpen && <Alert style={{ marginTop: 12 }} type="info" showIcon message={t('yearClosed')} />}
      </Card>
      <Card size="small" title={b ? `${b.name} · ${b.year}` : undefined}>
        {!wide ? (
          phoneList
        ) : (
          <Table<TargetRow>
            rowKey="indicator"
            size="middle"
            loading={board.isLoading}
            dataSource={b?.rows ?? []}
            pagination={false}
            scroll={{ x: 1080 }}
            expandable={{
              // Rows carry `children` (the child units' targets): not antd's tree data.
              childrenColumnName: 'treeChildren',
              rowExpandable: (r) => r.children.some((c) => c.target),
              expandedRowRender: (r) => (
                <Table
                  size="small"
                  rowKey="orgId"
                  pagination={false}
                  dataSource={r.children.map((c) => ({
                    ...c,
                    name: b?.children.find((x) => x.orgId === c.orgId)?.name,
                  }))}
                  columns={[
                    { title: t('child'), dataIndex: 'name' },
                    { title: t('share'), render: (_, c) => fmt.num(c.target?.value, r.decimals) },
                    {
                      title: t('status'),
                      render: (_, c) =>
                        c.target ? (
                          <Tag
                            color={c.target.locked ? 'blue' : undefined}
                            icon={c.target.locked ? <LockOutlined /> : undefined}
                          >
                            {c.target.locked ? t('approved') : t('draft')}
                          </Tag>
                        ) : (
                          <Typography.Text type="secondary">{t('noTarget')}</Typography.Text>
                        ),
                    },
                  ]}
                />
              ),
            }}
            columns={[
              {
                title: t('indicator'),
                fixed: 'left',
                width: 220,
                render: (_, r) => (
                  <Space orientation="vertical" size={0}>
                    <span>
                      {fmt.name(r)} <Typography.Text type="secondary">({fmt.unit(r)})</Typography.Text>
                    </span>
                    {r.source === 'manual' && <Tag color="purple">{t('manual')}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('target'),
                width: 170,
                render: (_, r) =>
                  r.target ? (
                    <Space orientation="vertical" size={0}>
                      <b data-testid={`target-${r.indicator}`}>{fmt.num(r.target.value, r.decimals)}</b>
                      {r.target.monthly && <Typography.Text type="secondary">{t('monthlySet')}</Typography.Text>}
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">{t('noTarget')}</Typography.Text>
                  ),
              },
              {
                title: t('status'),
                width: 170,
                render: (_, r) =>
                  r.target ? (
                    <Tooltip
                      title={[
                        t('setBy', { by: r.target.setBy }),
                        r.target.approvedBy ? t('approvedBy', { by: r.target.approvedBy }) : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    >
                      <Space size={4}>
                        <Tag
                          data-testid={`status-${r.indicator}`}
                          color={r.target.locked ? 'blue' : 'default'}
                          icon={r.target.locked ? <LockOutlined /> : undefined}
                        >
                          {r.target.locked ? t('approved') : t('draft')}
                        </Tag>
                        <Typography.Text type="secondary">{t('version', { v: r.target.version })}</Typography.Text>
                      </Space>
                    </Tooltip>
                  ) : null,
              },
              {
                title: t('childrenSum'),
                width: 200,
                render: (_, r) => (
                  <Space orientation="vertical" size={0}>
                    {r.childrenSum != null && <span>{fmt.num(r.childrenSum, r.decimals)}</span>}
                    {checkTag(r)}
                    {b && b.children.length > 0 && r.additive && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('childrenOf', { n: b.children.length, k: r.childrenWithTarget })}
                      </Typography.Text>
                    )}
                  </Space>
                ),
              },
              {
                title: t('completion'),
                width: 160,
                render: (_, r) =>
                  r.completion != null ? (
                    <Space orientation="vertical" size={0} style={{ width: 130 }}>
                      <Progress
                        percent={Math.round(r.completion * 1000) / 10}
                        size="small"
                        status={r.completion >= 1 ? 'success' : 'normal'}
                        format={() => `${fmt.num((r.completion ?? 0) * 100, 1)}%`}
                      />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('actual', { actual: fmt.num(r.actual, r.decimals) })}
                      </Typography.Text>
                    </Space>
                  ) : r.actual != null ? (
                    <Typography.Text type="secondary">
                      {t('actual', { actual: fmt.num(r.actual, r.decimals) })}
                    </Typography.Text>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('actions'),
                width: 290,
                render: (_, r) => rowActions(r),
              },
            ]}
          />
        )}
      </Card>
      {b && <ChangesCard board={b} names={names} />}
      {b && dialog?.kind === 'set' && <SetTargetDialog board={b} row={dialog.row} onClose={() => setDialog(null)} />}
      {b && dialog?.kind === 'split' && <SplitDialog board={b} row={dialog.row} onClose={() => setDialog(null)} />}
      {b && dialog?.kind === 'change' && <ChangeDialog row={dialog.row} onClose={() => setDialog(null)} />}
    </Space>
  );
}
