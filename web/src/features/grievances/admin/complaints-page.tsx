// 投诉与异议: the queue of the user's units (overdue first) and a drawer per complaint — what was said, by whom (masked
// phone, audited unmask), the relief case's oversight flags, the steps, and accept / note / conclude.
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  Modal,
  message,
  Radio,
  Segmented,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useCan } from '../../../app/session';
import { usePaging } from '../../../components/paging';
import { formatDate, formatDateTime } from '../../../lib/china-time';
import {
  type GrievanceDetail,
  type GrievanceFilter,
  type GrievanceView,
  unmaskComplainant,
  useCaseFlags,
  useGrievance,
  useGrievanceAction,
  useGrievances,
} from '../api';
import '../grievances.css';

type Filter = 'open' | 'overdue' | 'concluded' | 'all';
const statusColors = { submitted: 'default', accepted: 'blue', investigating: 'gold', concluded: 'green' } as const;
const outcomeColors = { upheld: 'red', partly_upheld: 'orange', not_upheld: 'default' } as const;

export function StatusTag({ g }: { g: Pick<GrievanceView, 'status' | 'isOverdue'> }) {
  const { t } = useTranslation('grievances');
  return (
    <Space size={4} wrap>
      <Tag color={statusColors[g.status]}>{t(`statuses.${g.status}`)}</Tag>
      {g.isOverdue && <Tag color="red">{t('queue.overdue')}</Tag>}
    </Space>
  );
}

function CaseFlagsBox({ caseNo }: { caseNo: string }) {
  const { t } = useTranslation('grievances');
  const flags = useCaseFlags(caseNo);
  const f = flags.data;
  if (!f) {
    return null;
  }
  const bad = f.callbackResults.filter((r) => r.result === 'denied' || r.result === 'amount_differs').length;
  return (
    <Alert
      type={f.isFlagged ? 'warning' : 'success'}
      showIcon
      data-testid="case-flags"
      title={`${t('queue.caseFlags')} · ${caseNo}`}
      description={
        f.isFlagged ? (
          <Space wrap>
            {f.upheldComplaints.length > 0 && (
              <Tag color="red">{t('queue.upheldCount', { n: f.upheldComplaints.length })}</Tag>
            )}
            {f.duplicateSuspects.length > 0 && (
              <Tag color="orange">{t('queue.dupCount', { n: f.duplicateSuspects.length })}</Tag>
            )}
            {bad > 0 && <Tag color="volcano">{t('queue.callbackBad', { n: bad })}</Tag>}
          </Space>
        ) : (
          t('queue.noFlags')
        )
      }
    />
  );
}

function Actions({ g }: { g: GrievanceDetail }) {
  const { t } = useTranslation(['grievances', 'common']);
  const act = useGrievanceAction(g.id);
  const [form] = Form.useForm();
  const onError = (e: unknown) => void message.error(isApiError(e) ? e.message : String(e));
  if (g.status === 'concluded') {
    return null;
  }
  if (g.status === 'submitted') {
    return (
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => act.mutate({ kind: 'accept', note: v.note || undefined }, { onError })}
      >
        <Form.Item name="note" label={t('queue.acceptNote')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={act.isPending} data-testid="grievance-accept">
          {t('queue.accept')}
        </Button>
      </Form>
    );
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Form
        layout="vertical"
        onFinish={(v: { note: string }) =>
          act.mutate({ kind: 'notes', note: v.note }, { onError, onSuccess: () => form.resetFields(['note']) })
        }
        form={form}
      >
        <Form.Item
          name="note"
          label={t('queue.note')}
          rules={[{ required: true, min: 2, message: t('common.required') }]}
        >
          <Input.TextArea rows={2} maxLength={2000} placeholder={t('queue.notePlaceholder')} />
        </Form.Item>
        <Button htmlType="submit" loading={act.isPending}>
          {t('queue.addNote')}
        </Button>
      </Form>
      <Form
        layout="vertical"
        onFinish={(v: { outcome: 'upheld' | 'partly_upheld' | 'not_upheld'; reply: string }) =>
          act.mutate({ kind: 'conclude', ...v }, { onError })
        }
      >
        <Form.Item
          name="outcome"
          label={t('queue.outcome')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Radio.Group
            optionType="button"
            options={(['upheld', 'partly_upheld', 'not_upheld'] as const).map((o) => ({
              value: o,
              label: t(`outcomes.${o}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="reply"
          label={t('queue.reply')}
          rules={[{ required: true, min: 5, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} placeholder={t('queue.replyPlaceholder')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={act.isPending} data-testid="grievance-conclude">
          {t('queue.conclude')}
        </Button>
      </Form>
    </Space>
  );
}

function GrievanceDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation(['grievances', 'common']);
  const screens = Grid.useBreakpoint();
  const can = useCan();
  const found = useGrievance(id);
  const g = found.data;
  const [phone, setPhone] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  return (
    <Drawer
      open={id !== null}
      onClose={() => {
        setPhone(null);
        onClose();
      }}
      title={g ? `${t(`kinds.${g.kind}`)} · ${g.grievanceNo}` : t('queue.detail')}
      size={screens.md ? 640 : '100%'}
    >
      {found.isLoading && <Spin style={{ display: 'block', margin: '32px auto' }} />}
      {g && (
        <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="grievance-detail">
          {g.reliefCaseNo && <CaseFlagsBox caseNo={g.reliefCaseNo} />}
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('queue.subject')}>
              {t(`subjects.${g.subjectKind}`)} {g.subjectRef && <span className="gv-mono">{g.subjectRef}</span>}
              {g.source === 'callback' && <Tag style={{ marginLeft: 8 }}>{t('queue.fromCallback')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('queue.unit')}>{g.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('file.kind')}>
              <StatusTag g={g} />
              {g.outcome && <Tag color={outcomeColors[g.outcome]}>{t(`outcomes.${g.outcome}`)}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('queue.submittedAt')}>
              {formatDateTime(g.submittedAt, i18n.language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('queue.dueOn')}>{g.dueOn}</Descriptions.Item>
            <Descriptions.Item label={t('queue.complainant')}>
              {g.isAnonymous ? (
                <Tag>{t('queue.anonymous')}</Tag>
              ) : (
                <Space wrap>
                  <span>{g.complainantName ?? '—'}</span>
                  {g.phoneMasked && <span className="gv-mono">{phone ?? g.phoneMasked}</span>}
                  {g.phoneMasked && !phone && can('pii:view') && (
                    <Typography.Link onClick={() => setAsking(true)}>{t('queue.unmask')}</Typography.Link>
                  )}
                </Space>
              )}
            </Descriptions.Item>
          </Descriptions>
          <Card size="small" title={t('queue.content')}>
            <div className="gv-reply">{g.content}</div>
          </Card>
          {g.reply && (
            <Card size="small" title={t('queue.reply')}>
              <div className="gv-reply">{g.reply}</div>
            </Card>
          )}
          <Card size="small" title={t('queue.timeline')}>
            <Timeline
              items={g.timeline.map((e) => ({
                color: e.kind === 'overdue' ? 'red' : e.kind === 'concluded' ? 'green' : 'blue',
                content: (
                  <>
                    <div>
                      {t(`events.${e.kind}` as 'events.submitted', e.kind)}
                      {!e.isPublic && <Tag style={{ marginLeft: 6 }}>{t('queue.internal')}</Tag>}
                    </div>
                    {e.note && <div className="gv-reply">{e.note}</div>}
                    <div className="gv-muted">
                      {formatDateTime(e.at, i18n.language)} · {e.actorLabel}
                    </div>
                  </>
                ),
              }))}
            />
          </Card>
          <Actions g={g} />
        </Space>
      )}
      <Modal
        open={asking}
        title={t('queue.unmask')}
        okButtonProps={{ disabled: reason.trim().length < 2 }}
        onCancel={() => setAsking(false)}
        onOk={async () => {
          if (!g) {
            return;
          }
          try {
            setPhone((await unmaskComplainant(g.id, reason.trim())).phone);
            setAsking(false);
          } catch (e) {
            void message.error(isApiError(e) ? e.message : String(e));
          }
        }}
      >
        <Input placeholder={t('queue.unmaskReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Drawer>
  );
}

export function ComplaintsPage() {
  const { t, i18n } = useTranslation(['grievances', 'common']);
  const [filter, setFilter] = useState<Filter>('open');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const { page, pageSize, setPage, pagination } = usePaging();
  const f: GrievanceFilter = {
    page,
    pageSize,
    q: q || undefined,
    open: filter === 'open' ? 'true' : filter === 'concluded' ? 'false' : undefined,
    overdue: filter === 'overdue' ? 'true' : undefined,
  };
  const list = useGrievances(f);
  return (
    <Card
      title={t('queue.title')}
      extra={
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('queue.search')}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
            style={{ width: 220 }}
          />
          <Segmented<Filter>
            value={filter}
            onChange={(v) => {
              setFilter(v);
              setPage(1);
            }}
            options={[
              { value: 'open', label: t('queue.open') },
              { value: 'overdue', label: t('queue.overdueOnly') },
              { value: 'concluded', label: t('queue.concluded') },
              { value: 'all', label: t('queue.all') },
            ]}
          />
        </Space>
      }
    >
      <Alert type="info" showIcon title={t('queue.intro')} style={{ marginBottom: 12 }} />
      <Table<GrievanceView>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={pagination(list.data?.total ?? 0)}
        scroll={{ x: 980 }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        rowClassName={(r) => (r.isOverdue ? 'gv-row-overdue' : '')}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('queue.empty')} /> }}
        columns={[
          {
            title: t('queue.number'),
            dataIndex: 'grievanceNo',
            width: 190,
            render: (v: string, r) => (
              <div>
                <Typography.Link className="gv-mono">{v}</Typography.Link>
                <div>
                  <Tag color={r.kind === 'verification' ? 'purple' : r.kind === 'objection' ? 'geekblue' : 'default'}>
                    {t(`kinds.${r.kind}`)}
                  </Tag>
                </div>
              </div>
            ),
          },
          {
            title: t('queue.subject'),
            key: 'subject',
            width: 200,
            render: (_, r) => (
              <div>
                <div>{t(`subjects.${r.subjectKind}`)}</div>
                {r.subjectRef && <div className="gv-mono gv-muted">{r.subjectRef}</div>}
              </div>
            ),
          },
          {
            title: t('queue.content'),
            dataIndex: 'content',
            ellipsis: true,
          },
          { title: t('queue.unit'), dataIndex: 'orgName', width: 150, ellipsis: true },
          {
            title: t('queue.submittedAt'),
            dataIndex: 'submittedAt',
            width: 110,
            render: (v: string) => formatDate(v, i18n.language),
          },
          { title: t('queue.dueOn'), dataIndex: 'dueOn', width: 110 },
          { title: t('queue.status'), key: 'status', width: 150, render: (_, r) => <StatusTag g={r} /> },
        ]}
      />
      <GrievanceDrawer id={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
