// One fund in the console: its totals and rules, the public QR code and poster, and tabs for money in (with the
// livestream rules), grants (approve / reject by a second person), and loans (overdue first, open one to repay).
import { CheckOutlined, CloseOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Col,
  Descriptions,
  Drawer,
  Grid,
  Input,
  QRCode,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useMe } from '../../../app/session';
import { formatFen } from '../../../lib/money';
import {
  type ContributionView,
  fileUrl,
  type GrantView,
  type LoanRow,
  posterUrl,
  publicFundPath,
  type RuleView,
  useDecideGrant,
  useFund,
} from '../api';
import { formatBp } from '../rates';
import { ContributionModal, GrantModal, LoanModal, RuleModal } from './forms';
import { LoanDrawer } from './loan-drawer';

type Dialog = 'contribution' | 'rule' | 'grant' | 'loan' | null;

function GrantDecision({ grant }: { grant: GrantView }) {
  const { t } = useTranslation(['mutualaid', 'common']);
  const { modal, message } = App.useApp();
  const { data: me } = useMe();
  const decide = useDecideGrant();
  if (grant.status !== 'pending') {
    return null;
  }
  const isOwn = !!me?.userId && grant.requestedBy === me.userId;
  const run = async (decision: 'approve' | 'reject', note?: string) => {
    try {
      await decide.mutateAsync({ id: grant.id, input: { decision, note: note?.trim() || undefined } });
      message.success(t(decision === 'approve' ? 'admin.grant.paid' : 'admin.grant.rejected'));
    } catch (e) {
      modal.error({ title: isApiError(e) ? e.message : String(e), okText: t('common:actions.close') });
    }
  };
  const approve = () =>
    modal.confirm({
      title: `${t('admin.grant.approve')} · ${grant.payeeName} · ${formatFen(grant.amountFen)}`,
      content: t('admin.grant.confirmApprove'),
      okText: t('admin.grant.approve'),
      cancelText: t('common:actions.cancel'),
      okButtonProps: { 'data-testid': 'grant-confirm-approve' },
      onOk: () => run('approve'),
    });
  const reject = () => {
    let note = '';
    modal.confirm({
      title: t('admin.grant.reject'),
      content: (
        <Input.TextArea
          rows={2}
          maxLength={200}
          onChange={(e) => {
            note = e.target.value;
          }}
        />
      ),
      okText: t('admin.grant.reject'),
      okButtonProps: { danger: true },
      cancelText: t('common:actions.cancel'),
      onOk: () => run('reject', note),
    });
  };
  const buttons = (
    <Space size={4}>
      <Button size="small" type="primary" icon={<CheckOutlined />} disabled={isOwn} onClick={approve}>
        {t('admin.grant.approve')}
      </Button>
      <Button size="small" danger icon={<CloseOutlined />} disabled={isOwn} onClick={reject}>
        {t('admin.grant.reject')}
      </Button>
    </Space>
  );
  return isOwn ? <Tooltip title={t('admin.grant.secondPerson')}>{buttons}</Tooltip> : buttons;
}

export function FundDrawer({ fundId, onClose }: { fundId: number | null; onClose: () => void }) {
  const { t } = useTranslation(['mutualaid', 'common']);
  const screens = Grid.useBreakpoint();
  const fund = useFund(fundId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [loanId, setLoanId] = useState<string | null>(null);
  const d = fund.data;
  const publicUrl = d ? `${window.location.origin}${publicFundPath(d.fund.code)}` : '';
  const addButton = (kind: Exclude<Dialog, null>, label: string) => (
    <Button
      icon={<PlusOutlined />}
      type="primary"
      onClick={() => setDialog(kind)}
      disabled={!d?.fund.isActive}
      data-testid={`add-${kind}`}
    >
      {label}
    </Button>
  );
  const loans = d ? [...d.loans].sort((a, b) => b.overdueInstalments - a.overdueInstalments) : [];

  return (
    <Drawer
      open={fundId !== null}
      onClose={onClose}
      size={screens.lg ? 1120 : '100%'}
      title={d ? `${d.fund.name} · ${d.fund.orgName}` : t('admin.details')}
      destroyOnHidden
    >
      {!d && <Spin style={{ display: 'block', marginTop: 48 }} />}
      {d && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="fund-drawer">
          <Row gutter={16} align="middle">
            <Col xs={24} md={17}>
              <Row gutter={[16, 12]}>
                <Col span={8}>
                  <Statistic
                    title={t('admin.balance')}
                    value={formatFen(d.fund.totals.balanceFen)}
                    styles={{ content: { color: '#c8102e' } }}
                  />
                </Col>
                <Col span={8}>
                  <Statistic title={t('admin.contributed')} value={formatFen(d.fund.totals.contributedFen)} />
                </Col>
                <Col span={8}>
                  <Statistic title={t('admin.granted')} value={formatFen(d.fund.totals.grantedFen)} />
                </Col>
                <Col span={8}>
                  <Statistic title={t('admin.lent')} value={formatFen(d.fund.totals.lentFen)} />
                </Col>
                <Col span={8}>
                  <Statistic title={t('admin.repaid')} value={formatFen(d.fund.totals.repaidFen)} />
                </Col>
                <Col span={8}>
                  <Statistic title={t('admin.outstanding')} value={formatFen(d.fund.totals.outstandingFen)} />
                </Col>
              </Row>
              <Descriptions size="small" column={3} style={{ marginTop: 16 }}>
                <Descriptions.Item label={t('admin.limitGrant')}>{formatFen(d.fund.maxGrantFen)}</Descriptions.Item>
                <Descriptions.Item label={t('admin.limitLoan')}>{formatFen(d.fund.maxLoanFen)}</Descriptions.Item>
                <Descriptions.Item label={t('admin.limitTerm')}>
                  {t('admin.months', { count: d.fund.loanTermMonths })}
                </Descriptions.Item>
              </Descriptions>
            </Col>
            <Col xs={24} md={7}>
              <Space orientation="vertical" align="center" style={{ width: '100%' }} data-testid="fund-qr">
                <Typography.Text strong>{t('admin.qrTitle')}</Typography.Text>
                <QRCode value={publicUrl} size={132} bordered={false} />
                <Space size={12}>
                  <Typography.Link href={publicFundPath(d.fund.code)} target="_blank">
                    {t('admin.openPublic')}
                  </Typography.Link>
                  <Typography.Link href={posterUrl(d.fund.code)} target="_blank">
                    {t('admin.poster')}
                  </Typography.Link>
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
                  {t('admin.qrHint')}
                </Typography.Text>
              </Space>
            </Col>
          </Row>

          <Tabs
            items={[
              {
                key: 'contributions',
                label: `${t('admin.tabs.contributions')} (${d.contributions.length})`,
                children: (
                  <Table<ContributionView>
                    size="small"
                    rowKey="id"
                    dataSource={d.contributions}
                    title={() => addButton('contribution', t('admin.contribution.add'))}
                    pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
                    scroll={{ x: 900 }}
                    columns={[
                      { title: t('admin.contribution.receivedOn'), dataIndex: 'receivedOn', width: 110 },
                      {
                        title: t('admin.contribution.source'),
                        dataIndex: 'sourceKind',
                        width: 110,
                        render: (k: ContributionView['sourceKind']) => <Tag>{t(`sources.${k}`)}</Tag>,
                      },
                      {
                        title: t('admin.contribution.contributor'),
                        key: 'who',
                        render: (_, c) => (
                          <div>
                            <div>{c.contributorName ?? c.contributorDisplay}</div>
                            {c.salesFen !== null && c.rateBp !== null && (
                              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                {formatFen(c.salesFen)} × {formatBp(c.rateBp)} · {c.periodFrom} ~ {c.periodTo}
                              </Typography.Text>
                            )}
                          </div>
                        ),
                      },
                      {
                        title: t('admin.contribution.amount'),
                        dataIndex: 'amountFen',
                        align: 'right',
                        width: 130,
                        render: (f: number) => <strong>{formatFen(f)}</strong>,
                      },
                      {
                        title: t('admin.contribution.evidence'),
                        dataIndex: 'evidenceFileId',
                        width: 80,
                        render: (id: string | null) =>
                          id ? (
                            <Typography.Link href={fileUrl(id)} target="_blank">
                              {t('admin.evidence.view')}
                            </Typography.Link>
                          ) : (
                            '—'
                          ),
                      },
                      { title: '#', dataIndex: 'ledgerIndex', width: 70 },
                    ]}
                  />
                ),
              },
              {
                key: 'grants',
                label: (
                  <span>
                    {t('admin.tabs.grants')} ({d.grants.length})
                    {d.fund.pendingGrants > 0 && (
                      <Tag color="orange" style={{ marginInlineStart: 6 }}>
                        {d.fund.pendingGrants}
                      </Tag>
                    )}
                  </span>
                ),
                children: (
                  <Table<GrantView>
                    size="small"
                    rowKey="id"
                    dataSource={d.grants}
                    title={() => addButton('grant', t('admin.grant.add'))}
                    pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
                    scroll={{ x: 1000 }}
                    expandable={{
                      expandedRowRender: (g) => (
                        <Descriptions size="small" column={2}>
                          <Descriptions.Item label={t('admin.grant.reason')}>{g.reason ?? '—'}</Descriptions.Item>
                          <Descriptions.Item label={t('admin.grant.decidedBy')}>
                            {g.decidedByName ?? '—'} {g.decisionNote ? `· ${g.decisionNote}` : ''}
                          </Descriptions.Item>
                        </Descriptions>
                      ),
                    }}
                    columns={[
                      { title: t('admin.grant.recipient'), dataIndex: 'payeeName', width: 100 },
                      {
                        title: t('admin.grant.purpose'),
                        key: 'purpose',
                        render: (_, g) => (
                          <div>
                            <div>{g.purpose}</div>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {g.caseRef ? t('admin.grant.caseRef', { ref: g.caseRef }) : t(`origin.${g.origin}`)}
                              {' · '}
                              {t('admin.grant.requestedBy')} {g.requestedByName}
                            </Typography.Text>
                          </div>
                        ),
                      },
                      {
                        title: t('admin.grant.amount'),
                        dataIndex: 'amountFen',
                        align: 'right',
                        width: 120,
                        render: (f: number) => <strong>{formatFen(f)}</strong>,
                      },
                      {
                        title: t('admin.loan.state'),
                        dataIndex: 'status',
                        width: 100,
                        render: (s: GrantView['status']) => (
                          <Tag color={s === 'paid' ? 'green' : s === 'pending' ? 'orange' : 'default'}>
                            {t(`grantStatus.${s}`)}
                          </Tag>
                        ),
                      },
                      { title: '', key: 'decide', width: 200, render: (_, g) => <GrantDecision grant={g} /> },
                    ]}
                  />
                ),
              },
              {
                key: 'loans',
                label: (
                  <span>
                    {t('admin.tabs.loans')} ({d.loans.length})
                    {d.fund.overdueInstalments > 0 && (
                      <Tag color="red" style={{ marginInlineStart: 6 }}>
                        {t('admin.overdueCount', { count: d.fund.overdueInstalments })}
                      </Tag>
                    )}
                  </span>
                ),
                children: (
                  <Table<LoanRow>
                    size="small"
                    rowKey="id"
                    dataSource={loans}
                    title={() => addButton('loan', t('admin.loan.add'))}
                    pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
                    scroll={{ x: 1000 }}
                    onRow={(l) => ({ onClick: () => setLoanId(l.id), style: { cursor: 'pointer' } })}
                    columns={[
                      { title: t('admin.loan.borrower'), dataIndex: 'borrowerName', width: 100 },
                      { title: t('admin.loan.purpose'), dataIndex: 'purpose', ellipsis: true },
                      {
                        title: t('admin.loan.scheduleKind'),
                        key: 'schedule',
                        width: 150,
                        render: (_, l) =>
                          `${t(`schedule.${l.scheduleKind}`)} · ${t('admin.months', { count: l.termMonths })}`,
                      },
                      { title: t('admin.loan.disbursedOn'), dataIndex: 'disbursedOn', width: 110 },
                      {
                        title: t('admin.loan.amount'),
                        dataIndex: 'amountFen',
                        align: 'right',
                        width: 120,
                        render: (f: number) => formatFen(f),
                      },
                      {
                        title: t('admin.outstanding'),
                        dataIndex: 'outstandingFen',
                        align: 'right',
                        width: 120,
                        render: (f: number) => <strong>{formatFen(f)}</strong>,
                      },
                      {
                        title: t('admin.loan.state'),
                        key: 'state',
                        width: 150,
                        render: (_, l) =>
                          l.overdueInstalments > 0 ? (
                            <Tag color="red" data-testid="loan-overdue">
                              {t('admin.overdueCount', { count: l.overdueInstalments })} · {formatFen(l.overdueFen)}
                            </Tag>
                          ) : (
                            <Tag color={l.status === 'closed' ? 'green' : 'blue'}>{t(`loanStatus.${l.status}`)}</Tag>
                          ),
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'rules',
                label: `${t('admin.tabs.rules')} (${d.rules.length})`,
                children: (
                  <Table<RuleView>
                    size="small"
                    rowKey="id"
                    dataSource={d.rules}
                    title={() => addButton('rule', t('admin.rule.add'))}
                    pagination={false}
                    columns={[
                      { title: t('admin.rule.name'), dataIndex: 'name' },
                      { title: t('admin.rule.partner'), dataIndex: 'partner' },
                      {
                        title: t('admin.rule.rate'),
                        dataIndex: 'rateBp',
                        width: 120,
                        render: (bp: number) => formatBp(bp),
                      },
                      {
                        title: t('admin.rule.contributed'),
                        dataIndex: 'contributedFen',
                        align: 'right',
                        width: 140,
                        render: (f: number) => formatFen(f),
                      },
                    ]}
                  />
                ),
              },
            ]}
          />
        </Space>
      )}
      {d && dialog === 'contribution' && <ContributionModal detail={d} onClose={() => setDialog(null)} />}
      {d && dialog === 'rule' && <RuleModal fundId={d.fund.id} onClose={() => setDialog(null)} />}
      {d && dialog === 'grant' && <GrantModal fund={d.fund} onClose={() => setDialog(null)} />}
      {d && dialog === 'loan' && <LoanModal fund={d.fund} onClose={() => setDialog(null)} />}
      <LoanDrawer loanId={loanId} onClose={() => setLoanId(null)} />
    </Drawer>
  );
}
