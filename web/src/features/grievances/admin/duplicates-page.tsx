// 疑似重复救助: tasks raised by the duplicate scan (one person helped by two units within 12 months), held by the unit
// above both; the two cases side by side, resolved as a genuine duplicate or not, with a note.
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Modal,
  message,
  Radio,
  Segmented,
  Space,
  Spin,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { caseStatusLabels, reliefKindLabels } from '../../../../../server/src/modules/relief/relief.schemas';
import { isApiError } from '../../../app/api-client';
import { formatDate, formatDateTime } from '../../../lib/china-time';
import { type DuplicateView, useDuplicates, useResolveDuplicate } from '../api';
import '../grievances.css';
import { formatFen } from '../../../lib/money';

type Filter = 'open' | 'resolved' | 'all';
type Side = DuplicateView['caseA'];

function CaseSide({ title, c }: { title: string; c: Side }) {
  const { t, i18n } = useTranslation('grievances');
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const label = (labels: Record<string, { zh: string; en: string }>, v: string | null) =>
    v === null ? '—' : (labels[v]?.[lang] ?? v);
  return (
    <Descriptions title={title} size="small" column={1} bordered>
      <Descriptions.Item label={t('callbacks.caseNo')}>
        <span className="gv-mono">{c.caseNo}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('duplicates.unit')}>{c.orgName}</Descriptions.Item>
      <Descriptions.Item label={t('duplicates.applicant')}>{c.applicantName ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('duplicates.kind')}>{label(reliefKindLabels, c.kind)}</Descriptions.Item>
      <Descriptions.Item label={t('duplicates.status')}>{label(caseStatusLabels, c.status)}</Descriptions.Item>
      <Descriptions.Item label={t('duplicates.amount')}>
        {c.amountFen === null ? '—' : formatFen(c.amountFen)}
      </Descriptions.Item>
      <Descriptions.Item label={t('duplicates.filedAt')}>{formatDate(c.createdAt, i18n.language)}</Descriptions.Item>
    </Descriptions>
  );
}

function ResolveModal({ task, onClose }: { task: DuplicateView | null; onClose: () => void }) {
  const { t } = useTranslation(['grievances', 'common']);
  const resolve = useResolveDuplicate();
  const [form] = Form.useForm();
  return (
    <Modal
      open={task !== null}
      title={t('duplicates.resolve')}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ loading: resolve.isPending }}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v: { resolution: 'duplicate' | 'not_duplicate'; note: string }) =>
          task &&
          resolve.mutate(
            { id: task.id, ...v },
            { onSuccess: onClose, onError: (e) => void message.error(isApiError(e) ? e.message : String(e)) },
          )
        }
      >
        <Form.Item
          name="resolution"
          label={t('duplicates.resolution')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Radio.Group
            optionType="button"
            options={(['duplicate', 'not_duplicate'] as const).map((r) => ({
              value: r,
              label: t(`duplicates.resolutions.${r}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('duplicates.note')}
          rules={[{ required: true, min: 2, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function DuplicatesPage() {
  const { t, i18n } = useTranslation(['grievances', 'common']);
  const [filter, setFilter] = useState<Filter>('open');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const list = useDuplicates({ status: filter === 'all' ? undefined : filter, page, pageSize });
  const [resolving, setResolving] = useState<DuplicateView | null>(null);
  return (
    <Card
      title={t('duplicates.title')}
      extra={
        <Segmented<Filter>
          value={filter}
          onChange={(v) => {
            setFilter(v);
            setPage(1);
          }}
          options={[
            { value: 'open', label: t('duplicates.open') },
            { value: 'resolved', label: t('duplicates.resolved') },
            { value: 'all', label: t('duplicates.all') },
          ]}
        />
      }
    >
      <Alert type="info" showIcon title={t('duplicates.intro')} style={{ marginBottom: 12 }} />
      {list.isLoading ? (
        <Spin style={{ display: 'block', margin: '32px auto' }} />
      ) : (
        <List<DuplicateView>
          dataSource={list.data?.items ?? []}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            hideOnSinglePage: true,
            onChange: (p, size) => {
              setPage(p);
              setPageSize(size);
            },
          }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duplicates.empty')} /> }}
          renderItem={(d) => (
            <List.Item key={d.id} data-testid="duplicate-task">
              <div style={{ width: '100%' }}>
                <Space wrap style={{ marginBottom: 10, justifyContent: 'space-between', width: '100%' }}>
                  <Space wrap>
                    <Tag color={d.status === 'open' ? 'orange' : 'green'}>
                      {d.status === 'open' ? t('duplicates.open') : t('duplicates.resolved')}
                    </Tag>
                    {d.resolution && (
                      <Tag color={d.resolution === 'duplicate' ? 'red' : 'default'}>
                        {t(`duplicates.resolutions.${d.resolution}`)}
                      </Tag>
                    )}
                    <span className="gv-muted">
                      {t('duplicates.holder')}: {d.orgName} · {t('duplicates.raisedAt')}{' '}
                      {formatDateTime(d.createdAt, i18n.language)}
                    </span>
                  </Space>
                  {d.status === 'open' && (
                    <Button type="primary" size="small" onClick={() => setResolving(d)} data-testid="resolve-duplicate">
                      {t('duplicates.resolve')}
                    </Button>
                  )}
                </Space>
                <div className="gv-side">
                  <CaseSide title={t('duplicates.caseA')} c={d.caseA} />
                  <CaseSide title={t('duplicates.caseB')} c={d.caseB} />
                </div>
                {d.note && (
                  <Alert
                    style={{ marginTop: 10 }}
                    type={d.resolution === 'duplicate' ? 'warning' : 'info'}
                    title={`${t('duplicates.note')}: ${d.note}`}
                    description={
                      d.resolvedBy ? `${d.resolvedBy} · ${formatDateTime(d.resolvedAt, i18n.language)}` : undefined
                    }
                  />
                )}
              </div>
            </List.Item>
          )}
        />
      )}
      <ResolveModal task={resolving} onClose={() => setResolving(null)} />
    </Card>
  );
}
