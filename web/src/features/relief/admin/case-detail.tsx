// The case page: the rule warnings first, the steps with dates, the applicant (masked unless the user may see more),
// household, cause and materials, home visits, objections and payouts, this person's earlier relief across all units
// and years, the timeline — and the steps the current user may take now.
import { ArrowLeftOutlined, FilePdfOutlined, PaperClipOutlined, WarningFilled } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Image,
  List,
  Popconfirm,
  Result,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ObjectionView,
  ReliefHistoryItem,
  ReliefPayoutView,
} from '../../../../../server/src/modules/relief/relief.schemas';
import { isApiError } from '../../../app/api-client';
import { useCan } from '../../../app/session';
import { chinaDay, chinaMinute } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import { caseFileUrl, type StepAction, useDecideFundPayout, useReliefCase, useReliefKinds } from '../api';
import { CaseSteps, CaseTimeline } from '../components/case-progress';
import { CaseStatusTag, KindTag, useReliefLabels } from '../components/labels';
import { ResolveObjectionModal, StepModal } from './step-modals';

const actionOrder: StepAction[] = [
  'verify',
  'review',
  'approve',
  'request_payout',
  'follow_up',
  'close',
  'return',
  'reject',
];

export function CaseDetail({ id, onBack }: { id: string; onBack: () => void }) {
  const { t } = useTranslation(['relief', 'common']);
  const labels = useReliefLabels();
  const { message } = App.useApp();
  const can = useCan();
  const found = useReliefCase(id);
  const staffKinds = useReliefKinds();
  const decidePayout = useDecideFundPayout();
  const [action, setAction] = useState<StepAction | null>(null);
  const [resolving, setResolving] = useState<ObjectionView | null>(null);

  if (found.isLoading) {
    return <Spin style={{ display: 'block', marginTop: 64 }} />;
  }
  const c = found.data;
  if (!c) {
    return (
      <Result
        status="404"
        title={found.error?.message ?? t('status.notFound')}
        extra={<Button onClick={onBack}>{t('cases.back')}</Button>}
      />
    );
  }
  const kind = staffKinds.data?.find((k) => k.code === c.kind);
  const materialName = (key: string) => kind?.materials.find((m) => m.key === key)?.name ?? key;
  const actions = actionOrder.filter((a) => c.allowedActions.includes(a));

  const decide = (p: ReliefPayoutView, decision: 'approve' | 'reject') =>
    decidePayout.mutate(
      { payoutRef: p.payoutRef, decision },
      {
        onSuccess: () => {
          void found.refetch();
          message.success(decision === 'approve' ? t('detail.payoutApproved') : t('forms.done'));
        },
        onError: (e) => message.error(isApiError(e) ? e.message : String(e)),
      },
    );

  return (
    <div className="relief-page" data-testid="case-detail">
      <Card
        title={
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t('cases.back')} />
            <span className="mono" data-testid="case-no">
              {c.caseNo}
            </span>
            <span data-testid="case-header-status">
              <CaseStatusTag status={c.status} />
            </span>
            <KindTag kind={c.kind} />
            {c.isOverdue && <Tag color="red">{t('cases.overdue')}</Tag>}
          </Space>
        }
        extra={
          <Space>
            <span className="relief-muted">
              {t('detail.dueAt')} {chinaDay(c.decisionDueAt)}
            </span>
            {c.noticeEndsAt && (
              <span className="relief-muted">
                {t('detail.noticeEndsAt')} {chinaDay(c.noticeEndsAt)}
              </span>
            )}
          </Space>
        }
      >
        <CaseSteps status={c.status} timeline={c.timeline} />
      </Card>

      {c.warnings.length > 0 && (
        <div className="relief-warnings" data-testid="case-warnings">
          {c.warnings.map((w) => (
            <Alert
              key={w.code}
              type={w.isBlocking ? 'error' : 'warning'}
              showIcon
              icon={<WarningFilled />}
              title={
                <Space>
                  <strong>{w.message}</strong>
                  {w.isBlocking && <Tag color="red">{t('detail.blocking')}</Tag>}
                </Space>
              }
              description={w.caseNos.length > 0 ? w.caseNos.join('、') : undefined}
            />
          ))}
        </div>
      )}

      <div className="relief-console-grid">
        <div>
          <Card title={t('detail.applicant')} size="small">
            <Descriptions column={2} size="small" data-testid="case-applicant">
              <Descriptions.Item label={t('detail.name')}>{c.applicantName}</Descriptions.Item>
              <Descriptions.Item label={t('detail.idNumber')}>{c.idNumberMasked ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('detail.phone')}>{c.phoneMasked ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('detail.household')}>
                {c.householdSize} {t('apply.householdUnit')}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.village')}>{c.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('detail.address')}>{c.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('detail.filedVia')}>
                {t(`detail.filedViaValues.${c.filedVia}`)} · {c.filedByName}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.requiredLevel')}>{t(`levels.${c.requiredLevel}`)}</Descriptions.Item>
            </Descriptions>
          </Card>

          <Card title={t('detail.cause')} size="small">
            <Descriptions column={3} size="small">
              <Descriptions.Item label={t('detail.requested')}>{formatFen(c.requestedFen)}</Descriptions.Item>
              <Descriptions.Item label={t('detail.recommended')}>
                {formatFen(c.recommendedFen) || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.approved')}>
                <span data-testid="case-approved">{formatFen(c.approvedFen) || '—'}</span>
              </Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
              <Tag>{labels.cause(c.causeCategory)}</Tag>
              {c.causeText}
            </Typography.Paragraph>
            {c.decisionNote && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {t('detail.decisionNote')}: {c.decisionNote}
              </Typography.Paragraph>
            )}
            {c.overrideNote && (
              <Typography.Paragraph type="warning" style={{ marginTop: 8, marginBottom: 0 }}>
                {t('detail.override')}: {c.overrideNote}
              </Typography.Paragraph>
            )}
          </Card>

          <Card title={t('detail.materials')} size="small">
            {c.missingMaterials.length > 0 && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 8 }}
                title={t('detail.missing', { names: c.missingMaterials.map(materialName).join('、') })}
              />
            )}
            {c.materials.length === 0 ? (
              <Typography.Text type="secondary">{t('detail.noMaterials')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={c.materials}
                renderItem={(m) => (
                  <List.Item>
                    <Space>
                      <PaperClipOutlined />
                      <span>{materialName(m.key)}</span>
                      <a href={caseFileUrl(c.id, m.fileId)} target="_blank" rel="noreferrer">
                        {m.name}
                      </a>
                    </Space>
                  </List.Item>
                )}
              />
            )}
            {c.approvalFileId && (
              <a href={caseFileUrl(c.id, c.approvalFileId)} target="_blank" rel="noreferrer">
                <FilePdfOutlined /> {t('detail.approvalDoc')}
              </a>
            )}
          </Card>

          <Card title={t('detail.visits')} size="small">
            {c.visits.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              c.visits.map((v) => (
                <Descriptions
                  key={v.id}
                  column={2}
                  size="small"
                  title={`${t(`detail.visitKinds.${v.kind}`)} · ${v.visitedOn}`}
                  style={{ marginBottom: 12 }}
                >
                  <Descriptions.Item label={t('detail.visitors')}>{v.visitors}</Descriptions.Item>
                  <Descriptions.Item label={t('detail.filedBy')}>
                    {v.recordedByName} · {chinaMinute(v.recordedAt)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('detail.findings')} span={2}>
                    <span style={{ whiteSpace: 'pre-wrap' }}>{v.findings}</span>
                  </Descriptions.Item>
                  {v.exclusionsConfirmed.length > 0 && (
                    <Descriptions.Item label={t('detail.exclusionsConfirmed')} span={2}>
                      {v.exclusionsConfirmed.join(';')}
                    </Descriptions.Item>
                  )}
                  {v.photoFileIds.length > 0 && (
                    <Descriptions.Item label={t('detail.photos')} span={2}>
                      <div className="relief-photos">
                        <Image.PreviewGroup>
                          {v.photoFileIds.map((f) => (
                            <Image
                              key={f}
                              src={caseFileUrl(c.id, f)}
                              width={72}
                              height={72}
                              style={{ objectFit: 'cover' }}
                            />
                          ))}
                        </Image.PreviewGroup>
                      </div>
                    </Descriptions.Item>
                  )}
                </Descriptions>
              ))
            )}
          </Card>

          <Card title={t('detail.history')} size="small" data-testid="case-history">
            <Table<ReliefHistoryItem>
              rowKey="caseId"
              size="small"
              pagination={false}
              dataSource={c.history}
              locale={{ emptyText: t('detail.noHistory') }}
              columns={[
                {
                  title: t('cases.caseNo'),
                  dataIndex: 'caseNo',
                  render: (v: string) => <span className="mono">{v}</span>,
                },
                { title: t('cases.kind'), dataIndex: 'kind', render: (k: ReliefHistoryItem['kind']) => labels.kind(k) },
                { title: t('cases.unit'), dataIndex: 'orgName' },
                {
                  title: t('detail.cause'),
                  dataIndex: 'causeCategory',
                  render: (v: ReliefHistoryItem['causeCategory']) => labels.cause(v),
                },
                {
                  title: t('cases.status'),
                  dataIndex: 'status',
                  render: (s: ReliefHistoryItem['status']) => <CaseStatusTag status={s} />,
                },
                {
                  title: t('detail.paid'),
                  key: 'paid',
                  align: 'right',
                  render: (_: unknown, h) => formatFen(h.paidFen ?? h.approvedFen ?? h.requestedFen),
                },
                { title: t('cases.submittedAt'), dataIndex: 'submittedAt', render: (v: string) => chinaDay(v) },
              ]}
            />
          </Card>
        </div>

        <div>
          <Card title={t('detail.actions')} size="small" data-testid="case-actions">
            {actions.length === 0 ? (
              <Typography.Text type="secondary">{t('detail.noActions')}</Typography.Text>
            ) : (
              <div className="relief-actions">
                {actions.map((a) => (
                  <Button
                    key={a}
                    type={a === 'return' || a === 'reject' ? 'default' : 'primary'}
                    danger={a === 'reject'}
                    onClick={() => setAction(a)}
                    data-testid={`action-${a}`}
                  >
                    {t(`actions.${a}`)}
                  </Button>
                ))}
              </div>
            )}
            <Typography.Paragraph type="secondary" style={{ marginTop: 10, marginBottom: 0 }}>
              {t('detail.who', {
                verified: c.verifiedByName ?? t('detail.nobody'),
                reviewed: c.reviewedByName ?? t('detail.nobody'),
              })}
              {c.approvedByName ? ` · ${t('actions.approve')}: ${c.approvedByName}` : ''}
            </Typography.Paragraph>
          </Card>

          <Card title={t('detail.objections')} size="small" data-testid="case-objections">
            {c.objections.length === 0 ? (
              <Typography.Text type="secondary">{t('detail.noObjections')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={c.objections}
                renderItem={(o) => (
                  <List.Item
                    actions={
                      o.status === 'open' && can('relief:review')
                        ? [
                            <Button
                              key="r"
                              size="small"
                              onClick={() => setResolving(o)}
                              data-testid="objection-resolve"
                            >
                              {t('detail.resolve')}
                            </Button>,
                          ]
                        : undefined
                    }
                  >
                    <List.Item.Meta
                      title={
                        <Space>
                          <span className="mono">{o.objectionNo}</span>
                          <Tag color={o.status === 'open' ? 'orange' : o.status === 'upheld' ? 'red' : 'default'}>
                            {t(`detail.objectionStatus.${o.status}`)}
                          </Tag>
                          <span className="relief-muted">
                            {o.isAnonymous ? t('detail.anonymous') : (o.objectorName ?? '')} {o.phoneMasked ?? ''}
                          </span>
                        </Space>
                      }
                      description={
                        <>
                          <div style={{ whiteSpace: 'pre-wrap' }}>{o.text}</div>
                          {o.resolutionNote && (
                            <div className="relief-muted">
                              {o.resolvedByName}: {o.resolutionNote}
                            </div>
                          )}
                        </>
                      }
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>

          <Card title={t('detail.payouts')} size="small" data-testid="case-payouts">
            {c.payouts.length === 0 ? (
              <Typography.Text type="secondary">—</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={c.payouts}
                renderItem={(p) => (
                  <List.Item
                    actions={
                      p.status === 'pending' && p.fundSource === 'donations' && can('funds:approve')
                        ? [
                            <Popconfirm
                              key="ok"
                              title={t('detail.approvePayout')}
                              onConfirm={() => decide(p, 'approve')}
                              okButtonProps={{ 'data-testid': 'payout-approve-confirm' }}
                            >
                              <Button
                                size="small"
                                type="primary"
                                loading={decidePayout.isPending}
                                data-testid="payout-approve"
                              >
                                {t('detail.approvePayout')}
                              </Button>
                            </Popconfirm>,
                            <Button key="no" size="small" danger onClick={() => decide(p, 'reject')}>
                              {t('detail.rejectPayout')}
                            </Button>,
                          ]
                        : undefined
                    }
                  >
                    <List.Item.Meta
                      title={
                        <Space>
                          <span className="mono">{p.payoutNo}</span>
                          <Tag
                            color={p.status === 'paid' ? 'success' : p.status === 'pending' ? 'processing' : 'error'}
                            data-testid="payout-status"
                          >
                            {t(`detail.payoutStatus.${p.status}`)}
                          </Tag>
                          <span className="relief-amount">{formatFen(p.amountFen)}</span>
                        </Space>
                      }
                      description={
                        <>
                          {p.fundName} · {p.requestedByName} · {chinaMinute(p.requestedAt)}
                          {p.ledgerIndex !== null && <> · {t('detail.ledger', { index: p.ledgerIndex })}</>}
                        </>
                      }
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>

          <Card title={t('detail.timeline')} size="small">
            <CaseTimeline timeline={c.timeline} />
          </Card>
        </div>
      </div>

      {action && <StepModal action={action} view={c} kind={kind} onClose={() => setAction(null)} />}
      {resolving && (
        <ResolveObjectionModal
          objection={resolving}
          onClose={() => {
            setResolving(null);
            void found.refetch();
          }}
        />
      )}
    </div>
  );
}
