// One request for staff: applicant (masked until revealed), form answers, materials (opened from the server), the
// timeline with names, and the transitions the caller may make now, each asking for a note (a reason where required).
import { EyeOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  Modal,
  Rate,
  Space,
  Spin,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestDetail, StaffTarget } from '../../../../../server/src/modules/services/services.schemas';
import { reasonRequiredTargets, staffTargetValues } from '../../../../../server/src/modules/services/services.schemas';
import { isApiError } from '../../../app/api-client';
import { formatDateTime } from '../../../lib/china-time';
import { staffFileUrl, useRequest, useTransition } from '../api';
import { Answers } from '../components/answers';
import { usePick } from '../components/labels';
import { sizeLabel } from '../components/material-upload';
import { DeadlineTag, StatusTag } from '../components/status-tag';
import { RequestTimeline } from '../components/timeline';
import '../components/services.css';

const needsReason = (to: StaffTarget) => (reasonRequiredTargets as readonly StaffTarget[]).includes(to);
const dangerous: readonly StaffTarget[] = ['refused', 'rejected'];

function TransitionModal({ r, to, onClose }: { r: RequestDetail; to: StaffTarget | null; onClose: () => void }) {
  const { t } = useTranslation(['services', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const move = useTransition(r.id);
  const [error, setError] = useState<string | null>(null);
  const action = to ? t(`targets.${to}`) : '';
  return (
    <Modal
      open={to !== null}
      title={`${action} · ${r.requestNo}`}
      okText={action}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ danger: to !== null && dangerous.includes(to), loading: move.isPending }}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        setError(null);
      }}
      destroyOnHidden
      onOk={async () => {
        if (!to) {
          return;
        }
        let values: { note?: string };
        try {
          values = await form.validateFields();
        } catch {
          return;
        }
        setError(null);
        try {
          await move.mutateAsync({ to, note: values.note?.trim() || undefined });
          message.success(t('detail.done', { action }));
          onClose();
        } catch (e) {
          setError(isApiError(e) ? e.message : String(e));
        }
      }}
    >
      <Form form={form} layout="vertical" data-testid="transition-form">
        <Form.Item
          name="note"
          label={to && needsReason(to) ? t('detail.reason') : t('detail.note')}
          rules={
            to && needsReason(to) ? [{ required: true, whitespace: true, message: t('detail.reasonRequired') }] : []
          }
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={500}
            showCount
            placeholder={t('detail.notePlaceholder')}
            data-testid="transition-note"
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="transition-error" />}
    </Modal>
  );
}

export function RequestDrawer({ requestId, onClose }: { requestId: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation(['services', 'common']);
  const { pick } = usePick();
  const screens = Grid.useBreakpoint();
  const request = useRequest(requestId);
  const [to, setTo] = useState<StaffTarget | null>(null);
  const [revealed, setRevealed] = useState(false);
  const r = request.data;
  const targets = r ? staffTargetValues.filter((s) => r.allowedActions.includes(s)) : [];
  const date = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '—');

  return (
    <Drawer
      open={requestId !== null}
      onClose={() => {
        setRevealed(false);
        onClose();
      }}
      title={r ? `${t('detail.title')} · ${r.requestNo}` : t('detail.title')}
      size={screens.md ? 720 : '100%'}
      extra={r && <StatusTag status={r.status} />}
    >
      {request.isLoading && <Spin style={{ display: 'block', margin: '32px auto' }} />}
      {request.error && <Alert type="error" showIcon title={request.error.message} />}
      {r && (
        <div data-testid="request-detail">
          <div className="svc-card" style={{ marginBottom: 16 }}>
            <Typography.Text strong>{t('detail.actions')}</Typography.Text>
            <div style={{ marginTop: 8 }}>
              {targets.length === 0 ? (
                <span className="svc-muted">{t('detail.noActions')}</span>
              ) : (
                <Space wrap>
                  {targets.map((s, i) => (
                    <Button
                      key={s}
                      type={i === 0 && !dangerous.includes(s) ? 'primary' : 'default'}
                      danger={dangerous.includes(s)}
                      onClick={() => setTo(s)}
                      data-testid={`transition-${s}`}
                    >
                      {t(`targets.${s}`)}
                    </Button>
                  ))}
                </Space>
              )}
            </div>
          </div>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('fields.item')} span={2}>
              {pick(r.itemNameZh, r.itemNameEn)}
            </Descriptions.Item>
            <Descriptions.Item label={t('detail.applicant')}>
              <span data-testid="detail-applicant">{revealed ? r.applicantName : r.applicantNameMasked}</span>
              {!revealed && r.applicantName !== r.applicantNameMasked && (
                <Button
                  type="link"
                  size="small"
                  icon={<EyeOutlined />}
                  onClick={() => setRevealed(true)}
                  aria-label="reveal"
                />
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.phone')}>{r.applicantPhoneMasked}</Descriptions.Item>
            <Descriptions.Item label={t('fields.unit')}>{r.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('fields.filedAt')}>{r.filedAtOrgName}</Descriptions.Item>
            <Descriptions.Item label={t('fields.channel')}>{t(`channels.${r.channel}`)}</Descriptions.Item>
            <Descriptions.Item label={t('fields.submittedAt')}>{date(r.submittedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('fields.deadline')} span={2}>
              <Space wrap size={6}>
                {r.status === 'submitted' && r.acceptDueOn && (
                  <span>
                    {t('request.acceptDueOn')} {r.acceptDueOn}
                  </span>
                )}
                {r.dueOn && (
                  <span>
                    {t('request.dueOn')} {r.dueOn}
                  </span>
                )}
                <DeadlineTag request={r} />
                {r.concludedAt && (
                  <span>
                    {t('request.concludedAt')} {date(r.concludedAt)}
                    {r.isOnTime !== null && ` · ${r.isOnTime ? t('request.onTime') : t('request.late')}`}
                  </span>
                )}
              </Space>
            </Descriptions.Item>
            {r.subject && (
              <Descriptions.Item label={t('detail.subject')} span={2}>
                <span className="svc-mono">
                  {r.subject.kind} · {r.subject.id}
                </span>
              </Descriptions.Item>
            )}
            {r.stars !== null && (
              <Descriptions.Item label={t('detail.rating')} span={2}>
                <Rate disabled value={r.stars} style={{ fontSize: 14 }} />
                {r.ratingComment && <div style={{ whiteSpace: 'pre-wrap' }}>{r.ratingComment}</div>}
              </Descriptions.Item>
            )}
          </Descriptions>

          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('detail.answers')}
          </Typography.Title>
          {r.item.formFields.length > 0 ? (
            <Answers fields={r.item.formFields} answers={r.form} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}

          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('detail.files')}
          </Typography.Title>
          {r.files.length === 0 ? (
            <span className="svc-muted">{t('detail.noFiles')}</span>
          ) : (
            <ul className="svc-files" data-testid="request-files">
              {r.files.map((f) => {
                const m = r.item.materials.find((x) => x.key === f.materialKey);
                return (
                  <li key={f.fileId}>
                    <span className="svc-muted" style={{ flex: 'none', minWidth: 120 }}>
                      {m ? pick(m.nameZh, m.nameEn) : f.materialKey}
                    </span>
                    <a href={staffFileUrl(r.id, f.fileId)} target="_blank" rel="noreferrer" className="svc-upload-name">
                      {f.name}
                    </a>
                    <span className="svc-muted">{sizeLabel(f.sizeBytes)}</span>
                  </li>
                );
              })}
            </ul>
          )}

          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('detail.timeline')}
          </Typography.Title>
          <RequestTimeline events={r.events} showNames />
          <TransitionModal r={r} to={to} onClose={() => setTo(null)} />
        </div>
      )}
    </Drawer>
  );
}
