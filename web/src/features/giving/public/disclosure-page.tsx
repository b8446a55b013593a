// /disclosure: 一天一公示 — every gift received and every payout made on one China day, for the whole network or one
// unit (and optionally one project), with totals, a CSV download of each list (built here, BOM for Excel), and a
// search of the ledger by donation number or by date and amount.
import { DownloadOutlined, RightOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Empty, Input, Pagination, Segmented, Select, Spin, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PublicShell } from '../../../components/public-shell';
import { chinaDateTime, chinaShortDateTime, chinaToday } from '../../../lib/china-time';
import { fenToYuanText, formatFen, parseYuan } from '../../../lib/money';
import {
  type DailyDisclosure,
  type DisclosureFilter,
  type DisclosurePayout,
  type DisclosureReceipt,
  disclosurePageSize,
  fetchWholeDisclosureList,
  type GiftSearch,
  useDailyDisclosure,
  useGiftSearch,
  usePublicProjects,
} from '../api';
import { useGivingLabels } from '../components/labels';
import { type CsvColumn, downloadText, toCsv } from '../csv';
import type { zh } from '../locales';
import '../components/giving.css';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
type ColumnKey = keyof typeof zh.disclosure.columns;

function useColumns() {
  const { t } = useTranslation('giving');
  const labels = useGivingLabels();
  const c = (key: ColumnKey) => t(`disclosure.columns.${key}`);
  const yesNo = (v: boolean) => (v ? c('yes') : c('no'));
  const receiptCsv: CsvColumn<DisclosureReceipt>[] = [
    { header: c('donationNo'), value: (r) => r.donationNo },
    { header: c('time'), value: (r) => chinaDateTime(r.receivedAt) },
    { header: c('donor'), value: (r) => labels.donor(r.displayName) },
    { header: c('amount'), value: (r) => fenToYuanText(r.amountFen) },
    { header: c('channel'), value: (r) => labels.channel(r.channel) },
    { header: c('project'), value: (r) => `${r.projectName} (${r.projectCode})` },
    { header: c('org'), value: (r) => r.orgName },
    { header: c('ledgerIndex'), value: (r) => r.ledgerIndex },
    { header: c('refunded'), value: (r) => yesNo(r.isRefunded) },
  ];
  const payoutCsv: CsvColumn<DisclosurePayout>[] = [
    { header: c('payoutNo'), value: (p) => p.payoutNo },
    { header: c('time'), value: (p) => chinaDateTime(p.paidAt) },
    { header: c('payee'), value: (p) => p.payeeDisplay },
    { header: c('purpose'), value: (p) => p.purpose },
    { header: c('amount'), value: (p) => fenToYuanText(p.amountFen) },
    { header: c('project'), value: (p) => (p.projectName ? `${p.projectName} (${p.projectCode})` : '') },
    { header: c('org'), value: (p) => p.orgName },
    { header: c('supplier'), value: (p) => p.supplier ?? '' },
    { header: c('unitPrice'), value: (p) => (p.unitPriceFen === null ? '' : fenToYuanText(p.unitPriceFen)) },
    { header: c('quantity'), value: (p) => p.quantity ?? '' },
    { header: c('relatedParty'), value: (p) => yesNo(p.isRelatedParty) },
    { header: c('ledgerIndex'), value: (p) => p.ledgerIndex ?? '' },
  ];
  const receiptTable: ColumnsType<DisclosureReceipt> = [
    { title: c('time'), dataIndex: 'receivedAt', width: 110, render: (v: string) => chinaShortDateTime(v) },
    {
      title: c('donationNo'),
      dataIndex: 'donationNo',
      render: (v: string) => (
        <Link to={`/trace/${encodeURIComponent(v)}`} className="giving-mono" style={{ fontSize: 13 }}>
          {v}
        </Link>
      ),
    },
    { title: c('donor'), dataIndex: 'displayName', render: (v: string) => labels.donor(v) },
    {
      title: c('amount'),
      dataIndex: 'amountFen',
      align: 'right',
      render: (v: number, r) => (
        <span className="giving-amount">
          {formatFen(v)} {r.isRefunded && <Tag>{c('refunded')}</Tag>}
        </span>
      ),
    },
    { title: c('channel'), dataIndex: 'channel', render: (v: DisclosureReceipt['channel']) => labels.channel(v) },
    { title: c('project'), dataIndex: 'projectName' },
    { title: c('org'), dataIndex: 'orgName' },
    { title: c('ledgerIndex'), dataIndex: 'ledgerIndex', align: 'right', render: (v: number) => `#${v}` },
  ];
  const payoutTable: ColumnsType<DisclosurePayout> = [
    { title: c('time'), dataIndex: 'paidAt', width: 110, render: (v: string) => chinaShortDateTime(v) },
    { title: c('payoutNo'), dataIndex: 'payoutNo', render: (v: string) => <span className="giving-mono">{v}</span> },
    { title: c('purpose'), dataIndex: 'purpose' },
    { title: c('payee'), dataIndex: 'payeeDisplay' },
    {
      title: c('amount'),
      dataIndex: 'amountFen',
      align: 'right',
      render: (v: number) => <span className="giving-amount">{formatFen(v)}</span>,
    },
    {
      title: c('supplier'),
      dataIndex: 'supplier',
      render: (v: string | null, p) => (
        <>
          {v}
          {p.unitPriceFen !== null && p.quantity !== null && (
            <span className="giving-muted">
              {' '}
              {formatFen(p.unitPriceFen)} × {p.quantity}
            </span>
          )}
          {p.isRelatedParty && <Tag color="orange">{c('relatedParty')}</Tag>}
        </>
      ),
    },
    { title: c('project'), dataIndex: 'projectName' },
    {
      title: c('ledgerIndex'),
      dataIndex: 'ledgerIndex',
      align: 'right',
      render: (v: number | null) => (v === null ? '' : `#${v}`),
    },
  ];
  return { receiptCsv, payoutCsv, receiptTable, payoutTable };
}

function ReceiptList({ items }: { items: DisclosureReceipt[] }) {
  const labels = useGivingLabels();
  return (
    <ul className="giving-list giving-phone-list">
      {items.map((r) => (
        <li key={r.donationNo}>
          <Link to={`/trace/${encodeURIComponent(r.donationNo)}`} className="giving-list-item">
            <span className="giving-list-main">
              <span className="giving-list-title">
                {labels.donor(r.displayName)} · {r.projectName}
              </span>
              <span className="giving-list-sub">
                {chinaShortDateTime(r.receivedAt)} · {labels.channel(r.channel)}
              </span>
              <span className="giving-list-sub giving-mono">{r.donationNo}</span>
            </span>
            <span className="giving-list-amount">{formatFen(r.amountFen)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function PayoutList({ items }: { items: DisclosurePayout[] }) {
  const { t } = useTranslation('giving');
  return (
    <ul className="giving-list giving-phone-list">
      {items.map((p) => (
        <li key={p.payoutNo} className="giving-list-item">
          <span className="giving-list-main">
            <span className="giving-list-title">{p.purpose}</span>
            <span className="giving-list-sub">
              {p.payeeDisplay} · {chinaShortDateTime(p.paidAt)}
              {p.supplier ? ` · ${p.supplier}` : ''}
              {p.isRelatedParty && (
                <Tag color="orange" style={{ marginLeft: 6 }}>
                  {t('disclosure.columns.relatedParty')}
                </Tag>
              )}
            </span>
          </span>
          <span className="giving-list-amount">{formatFen(p.amountFen)}</span>
        </li>
      ))}
    </ul>
  );
}

type Paging = {
  receiptPage: number;
  payoutPage: number;
  setReceiptPage: (p: number) => void;
  setPayoutPage: (p: number) => void;
};

/** The download button of one list: fetches the whole day's list a page at a time, with progress, then saves a CSV. */
function DownloadButton<K extends 'receipts' | 'payouts'>(props: {
  filter: Pick<DisclosureFilter, 'date' | 'orgId' | 'projectCode'>;
  list: K;
  total: number;
  file: string;
  toText: (rows: DailyDisclosure[K]) => string;
  testId: string;
}) {
  const { t } = useTranslation('giving');
  const { message } = App.useApp();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  async function run() {
    setProgress({ done: 0, total: props.total });
    try {
      const rows = await fetchWholeDisclosureList(props.filter, props.list, (done, total) =>
        setProgress({ done, total }),
      );
      downloadText(props.file, props.toText(rows));
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setProgress(null);
    }
  }
  return (
    <Button
      icon={<DownloadOutlined />}
      disabled={props.total === 0}
      loading={progress !== null}
      onClick={run}
      data-testid={props.testId}
    >
      {progress
        ? t('disclosure.downloading', { done: progress.done, total: progress.total })
        : t('disclosure.download')}
    </Button>
  );
}

function ListPager({ page, total, onChange }: { page: number; total: number; onChange: (p: number) => void }) {
  if (total <= disclosurePageSize) {
    return null;
  }
  return (
    <Pagination
      simple
      style={{ marginTop: 12, justifyContent: 'center' }}
      current={page}
      pageSize={disclosurePageSize}
      total={total}
      showSizeChanger={false}
      onChange={onChange}
    />
  );
}

function Lists({ data, filter, paging }: { data: DailyDisclosure; filter: DisclosureFilter; paging: Paging }) {
  const { t } = useTranslation('giving');
  const columns = useColumns();
  const file = (list: string) => t('disclosure.file', { date: data.date, list });
  return (
    <>
      <section className="giving-card" data-testid="disclosure-receipts">
        <div className="giving-section-title">
          <span>{t('disclosure.receipts')}</span>
          <DownloadButton
            filter={filter}
            list="receipts"
            total={data.receiptCount}
            file={file(t('disclosure.receipts'))}
            toText={(rows) => toCsv(columns.receiptCsv, rows)}
            testId="download-receipts"
          />
        </div>
        {data.receipts.length === 0 ? (
          <p className="giving-muted">{t('disclosure.noReceipts')}</p>
        ) : (
          <>
            <ReceiptList items={data.receipts} />
            <div className="giving-table-wrap">
              <Table
                size="small"
                rowKey="donationNo"
                columns={columns.receiptTable}
                dataSource={data.receipts}
                pagination={false}
                scroll={{ x: 'max-content' }}
              />
            </div>
            <ListPager page={paging.receiptPage} total={data.receiptCount} onChange={paging.setReceiptPage} />
          </>
        )}
      </section>
      <section className="giving-card" data-testid="disclosure-payouts">
        <div className="giving-section-title">
          <span>{t('disclosure.payouts')}</span>
          <DownloadButton
            filter={filter}
            list="payouts"
            total={data.payoutCount}
            file={file(t('disclosure.payouts'))}
            toText={(rows) => toCsv(columns.payoutCsv, rows)}
            testId="download-payouts"
          />
        </div>
        {data.payouts.length === 0 ? (
          <p className="giving-muted">{t('disclosure.noPayouts')}</p>
        ) : (
          <>
            <PayoutList items={data.payouts} />
            <div className="giving-table-wrap">
              <Table
                size="small"
                rowKey="payoutNo"
                columns={columns.payoutTable}
                dataSource={data.payouts}
                pagination={false}
                scroll={{ x: 'max-content' }}
              />
            </div>
            <ListPager page={paging.payoutPage} total={data.payoutCount} onChange={paging.setPayoutPage} />
          </>
        )}
      </section>
      {data.reversals.length > 0 && (
        <section className="giving-card" data-testid="disclosure-reversals">
          <div className="giving-section-title">
            <span>{t('disclosure.reversals')}</span>
          </div>
          <p className="giving-muted">{t('disclosure.reversalsHint')}</p>
          <ul className="giving-notices">
            {data.reversals.map((r) => (
              <li key={`${r.donationNo}-${r.ledgerIndex}`}>
                <strong>{t(`disclosure.reversalKind.${r.kind}`)}</strong>{' '}
                <Link to={`/trace/${r.donationNo}`}>{r.donationNo}</Link> · {formatFen(r.amountFen)} ·{' '}
                {t(`disclosure.reason.${r.reasonCode}`)} · #{r.ledgerIndex ?? '—'}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function Search({ today }: { today: string }) {
  const { t } = useTranslation('giving');
  const [mode, setMode] = useState<'number' | 'date'>('number');
  const [number, setNumber] = useState('');
  const [date, setDate] = useState(today);
  const [amount, setAmount] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [query, setQuery] = useState<GiftSearch | null>(null);
  const result = useGiftSearch(query);

  function run() {
    if (mode === 'number') {
      if (number.trim()) {
        setQuery({ donationNo: number.trim().toUpperCase() });
      }
      return;
    }
    if (amount.trim() === '') {
      setAmountError(null);
      setQuery({ date });
      return;
    }
    const parsed = parseYuan(amount);
    if (!parsed.ok) {
      setAmountError(t(`give.amountErrors.${parsed.reason}`));
      return;
    }
    setAmountError(null);
    setQuery({ date, amountFen: parsed.fen });
  }

  return (
    <section className="giving-card" data-testid="disclosure-search">
      <h2>
        {t('disclosure.searchTitle')}
        <small>{t('disclosure.searchHint')}</small>
      </h2>
      <Segmented
        block
        value={mode}
        onChange={(v) => setMode(v as 'number' | 'date')}
        options={[
          { value: 'number', label: t('disclosure.byNumber') },
          { value: 'date', label: t('disclosure.byDate') },
        ]}
      />
      <div className="giving-field" style={{ display: 'grid', gap: 10 }}>
        {mode === 'number' ? (
          <Input
            size="large"
            allowClear
            placeholder={t('disclosure.byNumberPlaceholder')}
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            onPressEnter={run}
            autoCapitalize="characters"
            spellCheck={false}
            data-testid="search-number"
          />
        ) : (
          <>
            <DatePicker
              size="large"
              inputReadOnly
              allowClear={false}
              value={dayjs(date)}
              disabledDate={(d) => d.format('YYYY-MM-DD') > today}
              onChange={(d: Dayjs | null) => d && setDate(d.format('YYYY-MM-DD'))}
              style={{ width: '100%' }}
            />
            <Input
              size="large"
              prefix="¥"
              inputMode="decimal"
              placeholder={t('disclosure.amountPlaceholder')}
              value={amount}
              status={amountError ? 'error' : undefined}
              onChange={(e) => setAmount(e.target.value)}
              onPressEnter={run}
            />
            {amountError && <div className="giving-error">{amountError}</div>}
          </>
        )}
        <Button
          type="primary"
          size="large"
          icon={<SearchOutlined />}
          onClick={run}
          loading={result.isFetching}
          data-testid="search-run"
        >
          {t('disclosure.search')}
        </Button>
      </div>
      {result.error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={result.error.message} />}
      {result.data && result.data.items.length === 0 && (
        <p className="giving-muted" style={{ marginTop: 12 }}>
          {t('disclosure.noResults')}
        </p>
      )}
      {result.data && result.data.items.length > 0 && (
        <ul className="giving-list" style={{ marginTop: 12 }} data-testid="search-results">
          {result.data.items.map((r) => (
            <li key={r.donationNo}>
              <Link to={`/trace/${encodeURIComponent(r.donationNo)}`} className="giving-list-item">
                <span className="giving-list-main">
                  <span className="giving-list-title giving-mono" style={{ fontSize: 14 }}>
                    {r.donationNo}
                  </span>
                  <span className="giving-list-sub">
                    {chinaDateTime(r.receivedAt)} · {r.projectName}
                  </span>
                </span>
                <span className="giving-list-amount">{formatFen(r.amountFen)}</span>
                <RightOutlined style={{ color: '#bfbfbf' }} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function DisclosurePage() {
  const { t } = useTranslation('giving');
  const today = useMemo(() => chinaToday(), []);
  const [params, setParams] = useSearchParams();
  const dateParam = params.get('date');
  const date = dateParam && isoDate.test(dateParam) ? dateParam : today;
  const orgId = Number(params.get('orgId')) || undefined;
  const projectCode = params.get('projectCode') || undefined;
  const [receiptPage, setReceiptPage] = useState(1);
  const [payoutPage, setPayoutPage] = useState(1);
  const filter: DisclosureFilter = { date, orgId, projectCode };
  const disclosure = useDailyDisclosure({
    ...filter,
    limit: disclosurePageSize,
    offset: (receiptPage - 1) * disclosurePageSize,
    payoutOffset: (payoutPage - 1) * disclosurePageSize,
  });
  const projects = usePublicProjects({ limit: 100 });

  const units = useMemo(() => {
    const byId = new Map<number, string>();
    for (const p of projects.data?.items ?? []) {
      byId.set(p.orgId, p.orgName);
    }
    return [...byId].map(([value, label]) => ({ value, label }));
  }, [projects.data]);

  function update(next: Record<string, string | undefined>) {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value) {
        merged.set(key, value);
      } else {
        merged.delete(key);
      }
    }
    setParams(merged, { replace: true });
    setReceiptPage(1);
    setPayoutPage(1);
  }

  const d = disclosure.data;
  return (
    <PublicShell>
      <div className="giving-page giving-wide" data-testid="disclosure-page">
        <div>
          <h1 className="giving-page-title">{t('disclosure.title')}</h1>
          <p className="giving-lead">{t('disclosure.intro')}</p>
        </div>
        <div className="giving-filters">
          <DatePicker
            size="large"
            inputReadOnly
            allowClear={false}
            value={dayjs(date)}
            disabledDate={(x) => x.format('YYYY-MM-DD') > today}
            onChange={(x: Dayjs | null) => x && update({ date: x.format('YYYY-MM-DD') })}
            aria-label={t('disclosure.date')}
            style={{ width: '100%' }}
            data-testid="disclosure-date"
          />
          <Select
            size="large"
            allowClear
            placeholder={t('disclosure.allUnits')}
            value={orgId}
            options={units}
            onChange={(v: number | undefined) => update({ orgId: v ? String(v) : undefined })}
            aria-label={t('disclosure.unit')}
          />
          {projectCode && (
            <div>
              <Tag
                closable
                onClose={() => update({ projectCode: undefined })}
                style={{ fontSize: 14, padding: '4px 8px' }}
              >
                {t('disclosure.project', { code: projectCode })}
              </Tag>
            </div>
          )}
        </div>

        {disclosure.error && <Alert type="error" showIcon title={disclosure.error.message} />}
        {disclosure.isLoading && <Spin style={{ display: 'block', margin: '32px auto' }} />}
        {d && (
          <>
            <div className="giving-totals" data-testid="disclosure-totals">
              <div className="giving-total">
                <div className="giving-stat-label">{t('disclosure.received')}</div>
                <div className="giving-stat-value" data-testid="total-received">
                  {formatFen(d.receivedFen)}
                </div>
                <div className="giving-muted">{t('disclosure.count', { count: d.receiptCount })}</div>
              </div>
              <div className="giving-total">
                <div className="giving-stat-label">{t('disclosure.paidOut')}</div>
                <div className="giving-stat-value">{formatFen(d.paidOutFen)}</div>
                <div className="giving-muted">{t('disclosure.count', { count: d.payoutCount })}</div>
              </div>
              <div className="giving-total giving-total-ledger">
                <div className="giving-stat-label">
                  {t('disclosure.ledger')} · {d.orgName ?? t('disclosure.allUnits')}
                </div>
                <div className="giving-muted" style={{ marginTop: 4 }}>
                  {d.checkpointSize === null
                    ? t('disclosure.noCheckpoint')
                    : t('disclosure.checkpoint', { size: d.checkpointSize })}
                </div>
              </div>
            </div>
            {d.receipts.length === 0 && d.payouts.length === 0 ? (
              <section className="giving-card">
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('disclosure.noReceipts')} />
              </section>
            ) : (
              <Lists data={d} filter={filter} paging={{ receiptPage, payoutPage, setReceiptPage, setPayoutPage }} />
            )}
          </>
        )}
        <Search today={today} />
      </div>
    </PublicShell>
  );
}
