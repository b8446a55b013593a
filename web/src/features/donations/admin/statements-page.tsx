// 支付对账: import a provider's daily statement (local demo CSV, WeChat trade bill, Alipay account statement) and see
// every line matched against our paid orders and refunds; earlier imports with their differences; and, for the demo,
// the local provider's statement of a day to download. Alipay's GBK files are decoded here and sent as UTF-8.
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Drawer,
  Empty,
  Grid,
  Progress,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatementView } from '../../../../../server/src/modules/donations/donations.schemas';
import { onlineChannelValues } from '../../../../../server/src/modules/donations/donations.schemas';
import { isApiError } from '../../../app/api-client';
import { usePaging } from '../../../components/paging';
import { chinaDay, chinaNow, formatDateTime } from '../../../lib/china-time';
import { donationKeys, fileUrl, localStatementUrl, type OnlineChannel, uploadStatement, useStatements } from '../api';
import './oversight.css';
import { ChannelTag, Money } from './tags';

type Issue = StatementView['issues'][number];
const summaryKeys = ['matched', 'missingInOurs', 'missingInStatement', 'amountMismatch', 'txnIdMismatch'] as const;
const issueColors: Record<Issue['kind'], string> = {
  missingInOurs: 'red',
  missingInStatement: 'orange',
  amountMismatch: 'volcano',
  txnIdMismatch: 'gold',
};

/** The file as UTF-8: kept as it is when it already is, otherwise decoded as GBK (Alipay's downloads) and re-encoded. */
async function asUtf8(file: File): Promise<{ file: File; converted: boolean }> {
  const bytes = await file.arrayBuffer();
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { file, converted: false };
  } catch {
    const text = new TextDecoder('gbk').decode(bytes);
    return { file: new File([text], file.name, { type: 'text/csv' }), converted: true };
  }
}

function issueCount(s: StatementView): number {
  return s.summary.missingInOurs + s.summary.missingInStatement + s.summary.amountMismatch + s.summary.txnIdMismatch;
}

/** The five counts of a reconciliation and the list of its differences. */
export function StatementResult({ statement: s }: { statement: StatementView }) {
  const { t, i18n } = useTranslation(['donations', 'common']);
  return (
    <div data-testid="statement-result">
      <div className="statement-summary">
        {summaryKeys.map((k) => (
          <div key={k} className={`statement-stat statement-stat-${k}`} data-testid={`statement-${k}`}>
            <Statistic
              title={t(`statements.summary.${k}`)}
              value={s.summary[k]}
              styles={{
                content: { color: k === 'matched' ? '#389e0d' : s.summary[k] > 0 ? '#cf1322' : undefined },
              }}
            />
            <div className="muted" style={{ fontSize: 12 }}>
              {t(`statements.summaryHints.${k}`)}
            </div>
          </div>
        ))}
      </div>
      <Table<Issue>
        rowKey={(i) => `${i.kind}-${i.paymentKind}-${i.orderNo}`}
        size="small"
        dataSource={s.issues}
        pagination={s.issues.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        scroll={{ x: 960 }}
        title={() => <strong>{t('statements.issues')}</strong>}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('statements.noIssues')} /> }}
        columns={[
          {
            title: t('statements.issueKind'),
            dataIndex: 'kind',
            width: 110,
            render: (k: Issue['kind']) => <Tag color={issueColors[k]}>{t(`statements.summary.${k}`)}</Tag>,
          },
          {
            title: t('statements.orderNo'),
            dataIndex: 'orderNo',
            width: 175,
            render: (v: string) => <span className="mono">{v}</span>,
          },
          {
            title: t('statements.paymentKind'),
            dataIndex: 'paymentKind',
            width: 60,
            render: (k: Issue['paymentKind']) => t(`statements.paymentKinds.${k}`),
          },
          {
            title: t('statements.ourAmount'),
            dataIndex: 'ourAmountFen',
            width: 120,
            align: 'right',
            render: (f: number | null) => (f === null ? <span className="muted">—</span> : <Money fen={f} />),
          },
          {
            title: t('statements.statementAmount'),
            dataIndex: 'statementAmountFen',
            width: 120,
            align: 'right',
            render: (f: number | null) => (f === null ? <span className="muted">—</span> : <Money fen={f} />),
          },
          {
            title: t('statements.txn'),
            key: 'txn',
            width: 225,
            render: (_, i) => (
              <div className="mono">
                <div>{i.ourTxnId ?? '—'}</div>
                <div className="muted">{i.statementTxnId ?? '—'}</div>
              </div>
            ),
          },
          {
            title: t('statements.at'),
            dataIndex: 'at',
            width: 160,
            render: (v: string | null) => <span className="money">{formatDateTime(v, i18n.language) || '—'}</span>,
          },
        ]}
        data-testid="statement-issues"
      />
    </div>
  );
}

function StatementImport() {
  const { t } = useTranslation(['donations', 'common']);
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<OnlineChannel>('local');
  const [progress, setProgress] = useState<{ name: string; percent: number } | null>(null);
  const [converted, setConverted] = useState(false);
  const [error, setError] = useState<{ title: string; detail?: string } | null>(null);
  const [result, setResult] = useState<StatementView | null>(null);

  const start = async (picked: File) => {
    setError(null);
    setResult(null);
    setConverted(false);
    if (picked.size > 20 * 1024 * 1024) {
      setError({ title: t('evidence.tooLarge') });
      return;
    }
    setProgress({ name: picked.name, percent: 0 });
    try {
      const { file, converted: wasGbk } = await asUtf8(picked);
      setConverted(wasGbk);
      const statement = await uploadStatement(channel, file, (percent) => setProgress({ name: picked.name, percent }));
      setResult(statement);
      void queryClient.invalidateQueries({ queryKey: donationKeys.all });
    } catch (e) {
      if (isApiError(e)) {
        const issues = (e.details?.issues as { message?: string }[] | undefined) ?? [];
        setError({
          title: e.message,
          detail:
            issues
              .map((i) => i.message)
              .filter(Boolean)
              .join(';') || undefined,
        });
      } else {
        setError({ title: String(e) });
      }
    } finally {
      setProgress(null);
    }
  };

  return (
    <Card title={t('statements.title')}>
      <Alert type="info" showIcon title={t('statements.intro')} style={{ marginBottom: 12 }} />
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Space wrap>
          <span>{t('statements.channel')}</span>
          <Select<OnlineChannel>
            value={channel}
            onChange={setChannel}
            options={onlineChannelValues.map((c) => ({ value: c, label: t(`statements.channels.${c}`) }))}
            style={{ width: 260, maxWidth: '100%' }}
            popupMatchSelectWidth={false}
            data-testid="statement-channel"
          />
        </Space>
        {progress ? (
          <div>
            <Typography.Text>
              {t('statements.uploading')} · {progress.name}
            </Typography.Text>
            <Progress percent={progress.percent} status="active" size="small" />
          </div>
        ) : (
          <div data-testid="statement-upload">
            <Upload.Dragger
              className="evidence-dragger"
              accept=".csv,.txt,text/csv,text/plain"
              showUploadList={false}
              maxCount={1}
              beforeUpload={(file) => {
                void start(file);
                return false;
              }}
            >
              <p className="ant-upload-text">
                <UploadOutlined style={{ color: '#c8102e', marginInlineEnd: 8 }} />
                {t('statements.drop')}
              </p>
              <p className="ant-upload-hint">{t('statements.hint')}</p>
            </Upload.Dragger>
          </div>
        )}
        {converted && (
          <Alert type="success" showIcon title={t('statements.converted')} data-testid="statement-converted" />
        )}
        {error && (
          <Alert type="error" showIcon title={error.title} description={error.detail} data-testid="statement-error" />
        )}
        {result && (
          <>
            <Alert
              type={issueCount(result) === 0 ? 'success' : 'warning'}
              showIcon
              title={t('statements.done', { matched: result.summary.matched, issues: issueCount(result) })}
            />
            <StatementResult statement={result} />
          </>
        )}
      </Space>
    </Card>
  );
}

function LocalStatementDownload() {
  const { t } = useTranslation(['donations', 'common']);
  const [date, setDate] = useState<Dayjs>(() => chinaNow());
  const day = date.format('YYYY-MM-DD');
  return (
    <Card title={t('statements.localTitle')} size="small">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('statements.localHint')}
      </Typography.Paragraph>
      <Space wrap>
        <DatePicker value={date} onChange={(v) => v && setDate(v)} allowClear={false} data-testid="statement-date" />
        <Button
          icon={<DownloadOutlined />}
          href={localStatementUrl(day)}
          download={`local-${day}.csv`}
          data-testid="statement-download"
        >
          {t('statements.download')}
        </Button>
      </Space>
    </Card>
  );
}

function StatementHistory() {
  const { t, i18n } = useTranslation(['donations', 'common']);
  const { page, pageSize, pagination } = usePaging(10);
  const list = useStatements({ page, pageSize });
  const [open, setOpen] = useState<StatementView | null>(null);
  const screens = Grid.useBreakpoint();
  return (
    <Card title={t('statements.history')}>
      <Table<StatementView>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={pagination(list.data?.total ?? 0)}
        scroll={{ x: 860 }}
        onRow={(s) => ({ onClick: () => setOpen(s), style: { cursor: 'pointer' } })}
        locale={{
          emptyText: list.error ? (
            <Empty description={list.error.message} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('statements.empty')} />
          ),
        }}
        columns={[
          {
            title: t('statements.importedAt'),
            dataIndex: 'importedAt',
            width: 170,
            render: (v: string) => <span className="money">{formatDateTime(v, i18n.language)}</span>,
          },
          {
            title: t('statements.channel'),
            dataIndex: 'channel',
            width: 110,
            render: (c: OnlineChannel) => <ChannelTag channel={c} />,
          },
          {
            title: t('statements.period'),
            key: 'period',
            width: 200,
            render: (_, s) => {
              if (!s.periodFrom || !s.periodTo) {
                return <span className="muted">—</span>;
              }
              const from = chinaDay(s.periodFrom);
              // periodTo is the start of the day after the last one covered.
              const to = chinaDay(new Date(new Date(s.periodTo).getTime() - 1).toISOString());
              return <span className="money">{from === to ? from : `${from} ~ ${to}`}</span>;
            },
          },
          { title: t('statements.lines'), dataIndex: 'lineCount', width: 70, align: 'right' },
          {
            title: t('statements.result'),
            key: 'summary',
            render: (_, s) => (
              <Space size={4} wrap>
                <Tag color="green">
                  {t('statements.summary.matched')} {s.summary.matched}
                </Tag>
                {summaryKeys
                  .filter((k) => k !== 'matched' && s.summary[k] > 0)
                  .map((k) => (
                    <Tag key={k} color={issueColors[k as Issue['kind']]}>
                      {t(`statements.summary.${k}`)} {s.summary[k]}
                    </Tag>
                  ))}
              </Space>
            ),
          },
          {
            title: t('statements.file'),
            dataIndex: 'fileId',
            width: 80,
            render: (id: string) => (
              <Typography.Link href={fileUrl(id)} target="_blank" onClick={(e) => e.stopPropagation()}>
                {t('common.view')}
              </Typography.Link>
            ),
          },
        ]}
        data-testid="statements-table"
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        title={open ? `${t('statements.result')} · ${formatDateTime(open.importedAt, i18n.language)}` : ''}
        size={screens.lg ? 960 : '100%'}
      >
        {open && <StatementResult statement={open} />}
      </Drawer>
    </Card>
  );
}

export function StatementsPage() {
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <StatementImport />
      <LocalStatementDownload />
      <StatementHistory />
    </Space>
  );
}
