// /requests/:ref (the request's id, or its number as in an SMS): one of the citizen's requests, followed like a parcel — where it is, by when, every step with its
// unit and note; 补正 (edit and resubmit) when returned, withdraw before acceptance, and 好差评 once it is done.
import { EditOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Form, Input, Modal, Rate, Result, Spin } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router';
import type { RequestDetail } from '../../../../../server/src/modules/services/services.schemas';
import { isApiError } from '../../../app/api-client';
import { useMe } from '../../../app/session';
import { PublicShell } from '../../../components/public-shell';
import { formatDateTime } from '../../../lib/china-time';
import { myFileUrl, useMyRequest, useMyRequestAction, useMyRequests } from '../api';
import { Answers } from '../components/answers';
import { FormFields, type ItemFormValues, MaterialFields, toFileIds } from '../components/item-form-fields';
import { usePick } from '../components/labels';
import { type KnownFile, sizeLabel } from '../components/material-upload';
import { DeadlineTag, StatusTag } from '../components/status-tag';
import { RequestTimeline } from '../components/timeline';
import { fromAnswers, toAnswers } from '../form-rules';
import '../components/services.css';

type CorrectValues = ItemFormValues & { note?: string };

function Correction({ r, onDone }: { r: RequestDetail; onDone: () => void }) {
  const { t } = useTranslation('services');
  const { message } = App.useApp();
  const [form] = Form.useForm<CorrectValues>();
  const act = useMyRequestAction(r.id);
  const [error, setError] = useState<string | null>(null);
  const initial = useMemo(() => {
    const files: Record<string, string[]> = {};
    for (const f of r.files) {
      files[f.materialKey] = [...(files[f.materialKey] ?? []), f.fileId];
    }
    const values = fromAnswers(r.item.formFields, r.form);
    // ID numbers and phones may come back masked; the applicant types them again rather than resend a mask.
    for (const f of r.item.formFields) {
      const v = values[f.key];
      if ((f.type === 'idNumber' || f.type === 'phone') && typeof v === 'string' && v.includes('*')) {
        delete values[f.key];
      }
    }
    return { form: values, files };
  }, [r]);
  const known = useMemo(() => Object.fromEntries(r.files.map((f): [string, KnownFile] => [f.fileId, f])), [r.files]);

  const onFinish = async (values: CorrectValues) => {
    setError(null);
    try {
      await act.mutateAsync({
        kind: 'resubmit',
        body: {
          form: toAnswers(r.item.formFields, values.form ?? {}),
          fileIds: toFileIds(values.files),
          note: values.note?.trim() || undefined,
        },
      });
      message.success(t('request.resubmitted'));
      onDone();
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  };

  return (
    <Form<CorrectValues>
      form={form}
      layout="vertical"
      size="large"
      initialValues={initial}
      onFinish={onFinish}
      data-testid="correct-form"
    >
      <section className="svc-card">
        <h2>{t('request.correct')}</h2>
        <FormFields fields={r.item.formFields} />
      </section>
      {r.item.materials.length > 0 && (
        <section className="svc-card" style={{ marginTop: 16 }}>
          <h2>{t('item.uploads')}</h2>
          <p className="svc-muted" style={{ marginTop: 0 }}>
            {t('request.keepFiles')}
          </p>
          <MaterialFields
            item={r.item}
            known={known}
            hrefOf={(fileId) => (known[fileId] ? myFileUrl(r.id, fileId) : undefined)}
          />
        </section>
      )}
      <section className="svc-card" style={{ marginTop: 16 }}>
        <Form.Item name="note" label={t('request.correctionNote')} style={{ marginBottom: 0 }}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
      </section>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      <Button
        type="primary"
        htmlType="submit"
        block
        size="large"
        loading={act.isPending}
        style={{ marginTop: 16 }}
        data-testid="resubmit"
      >
        {t('request.resubmit')}
      </Button>
    </Form>
  );
}

function Rating({ r }: { r: RequestDetail }) {
  const { t } = useTranslation('services');
  const { message } = App.useApp();
  const act = useMyRequestAction(r.id);
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const labels = t('request.starLabels', { returnObjects: true }) as string[];

  if (r.stars !== null) {
    return (
      <section className="svc-card" data-testid="my-rating">
        <h2>{t('request.yourRating')}</h2>
        <Rate disabled value={r.stars} />
        <span className="svc-muted" style={{ marginInlineStart: 8 }}>
          {labels[r.stars - 1]}
        </span>
        {r.ratingComment && <p style={{ margin: '8px 0 0', whiteSpace: 'pre-wrap' }}>{r.ratingComment}</p>}
      </section>
    );
  }
  if (!r.allowedActions.includes('rate')) {
    return null;
  }
  const send = async () => {
    setError(null);
    if (stars < 1) {
      setError(t('request.starsRequired'));
      return;
    }
    try {
      await act.mutateAsync({ kind: 'rating', body: { stars, comment: comment.trim() || undefined } });
      message.success(t('request.rated'));
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  };
  return (
    <section className="svc-card" data-testid="rate-card">
      <h2>{t('request.rateTitle')}</h2>
      <p className="svc-muted" style={{ marginTop: 0 }}>
        {t('request.rateHint')}
      </p>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        <Rate value={stars} onChange={setStars} style={{ fontSize: 32 }} data-testid="rate-stars" />
        <span className="svc-muted">{stars > 0 ? labels[stars - 1] : ''}</span>
      </div>
      <Input.TextArea
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder={t('request.comment')}
        maxLength={500}
        autoSize={{ minRows: 2, maxRows: 5 }}
        style={{ marginTop: 12 }}
        data-testid="rate-comment"
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      <Button
        type="primary"
        block
        size="large"
        style={{ marginTop: 12 }}
        loading={act.isPending}
        onClick={send}
        data-testid="rate-submit"
      >
        {t('request.rate')}
      </Button>
    </section>
  );
}

function WithdrawButton({ r }: { r: RequestDetail }) {
  const { t } = useTranslation(['services', 'common']);
  const { message } = App.useApp();
  const act = useMyRequestAction(r.id);
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  return (
    <>
      <Button
        danger
        block
        size="large"
        icon={<RollbackOutlined />}
        onClick={() => setOpen(true)}
        data-testid="withdraw"
      >
        {t('request.withdraw')}
      </Button>
      <Modal
        open={open}
        title={t('request.withdraw')}
        okText={t('request.withdraw')}
        okButtonProps={{ danger: true, loading: act.isPending, id: 'withdraw-confirm' }}
        cancelText={t('common:actions.cancel')}
        onCancel={() => setOpen(false)}
        onOk={async () => {
          try {
            await act.mutateAsync({ kind: 'withdraw', body: { note: note.trim() || undefined } });
            message.success(t('request.withdrawn'));
            setOpen(false);
          } catch (e) {
            message.error(isApiError(e) ? e.message : String(e));
          }
        }}
      >
        <p>{t('request.withdrawConfirm')}</p>
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('request.withdrawNote')}
          maxLength={500}
        />
      </Modal>
    </>
  );
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function RequestPage() {
  const { ref = '' } = useParams();
  const { t, i18n } = useTranslation(['services', 'common']);
  const { pick } = usePick();
  const { data: me, isLoading: meLoading } = useMe();
  const isId = uuidPattern.test(ref);
  const request = useMyRequest(ref, isId && me?.kind === 'public');
  // The API opens a request by id; a request number (from an SMS) is looked up among the applicant's own requests.
  const mine = useMyRequests(undefined, 100, !isId && me?.kind === 'public');
  const [correcting, setCorrecting] = useState(false);
  const byNumber = mine.data?.items.find((x) => x.requestNo === ref.toUpperCase());

  if (byNumber) {
    return <Navigate to={`/requests/${byNumber.id}`} replace />;
  }
  if (meLoading || (me && (isId ? request.isLoading : mine.isLoading))) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  if (!me) {
    return <Navigate to={`/login?next=${encodeURIComponent(`/requests/${ref}`)}`} replace />;
  }
  const r = request.data;
  if (!r) {
    const missing =
      !isId || (isApiError(request.error) && (request.error.status === 404 || request.error.status === 403));
    return (
      <PublicShell>
        <Result
          status={missing ? '404' : 'error'}
          title={missing ? t('request.notFound') : t('common:errors.loadFailed')}
          subTitle={missing ? undefined : request.error?.message}
          extra={
            <Link to="/my/requests">
              <Button type="primary">{t('mine.title')}</Button>
            </Link>
          }
        />
      </PublicShell>
    );
  }
  const date = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '—');
  const filesByMaterial = r.item.materials
    .map((m) => ({ m, files: r.files.filter((f) => f.materialKey === m.key) }))
    .filter((x) => x.files.length > 0);

  return (
    <PublicShell>
      <div className="svc-page" data-testid="request-page">
        <section className="svc-card">
          <div className="svc-status-big">
            <h1 className="svc-title" style={{ fontSize: 20, margin: 0 }} data-testid="request-item">
              {pick(r.itemNameZh, r.itemNameEn)}
            </h1>
            <StatusTag status={r.status} />
          </div>
          <div className="svc-request-meta">
            <span className="svc-mono" data-testid="request-no">
              {r.requestNo}
            </span>
            <DeadlineTag request={r} />
          </div>
          <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
            <Descriptions.Item label={t('request.unit')}>{r.orgName}</Descriptions.Item>
            {r.filedAtOrgId !== r.orgId && (
              <Descriptions.Item label={t('request.filedAt')}>{r.filedAtOrgName}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('request.submittedAt')}>{date(r.submittedAt)}</Descriptions.Item>
            {r.status === 'submitted' && r.acceptDueOn && (
              <Descriptions.Item label={t('request.acceptDueOn')}>{r.acceptDueOn}</Descriptions.Item>
            )}
            {r.dueOn && <Descriptions.Item label={t('request.dueOn')}>{r.dueOn}</Descriptions.Item>}
            {r.concludedAt && (
              <Descriptions.Item label={t('request.concludedAt')}>
                {date(r.concludedAt)}
                {r.isOnTime !== null && (
                  <span className={r.isOnTime ? 'svc-ok' : 'svc-req'}>
                    {r.isOnTime ? t('request.onTime') : t('request.late')}
                  </span>
                )}
              </Descriptions.Item>
            )}
            {r.handlingDays !== null && (
              <Descriptions.Item label={t('request.handlingDays')}>
                {t('request.handlingDaysValue', { count: r.handlingDays })}
              </Descriptions.Item>
            )}
          </Descriptions>
        </section>

        {r.status === 'returned' && !correcting && (
          <Alert
            type="warning"
            showIcon
            title={t('request.returnedTitle')}
            description={t('request.returnedHint')}
            action={
              r.allowedActions.includes('resubmit') && (
                <Button
                  type="primary"
                  icon={<EditOutlined />}
                  onClick={() => setCorrecting(true)}
                  data-testid="correct"
                >
                  {t('request.correct')}
                </Button>
              )
            }
            style={{ flexWrap: 'wrap', rowGap: 8 }}
          />
        )}
        {correcting && r.status === 'returned' && <Correction r={r} onDone={() => setCorrecting(false)} />}

        <Rating r={r} />

        <section className="svc-card">
          <h2>{t('request.timeline')}</h2>
          <RequestTimeline events={r.events} />
        </section>

        <section className="svc-card">
          <h2>{t('request.answers')}</h2>
          <Descriptions column={1} size="small" style={{ marginBottom: 8 }}>
            <Descriptions.Item label={t('request.applicant')}>{r.applicantName}</Descriptions.Item>
          </Descriptions>
          {r.item.formFields.length > 0 && <Answers fields={r.item.formFields} answers={r.form} />}
          {filesByMaterial.length > 0 && (
            <>
              <h3 style={{ fontSize: 15, margin: '16px 0 8px' }}>{t('request.files')}</h3>
              <ul className="svc-files">
                {filesByMaterial.flatMap(({ m, files }) =>
                  files.map((f) => (
                    <li key={f.fileId}>
                      <span className="svc-muted" style={{ flex: 'none' }}>
                        {pick(m.nameZh, m.nameEn)}
                      </span>
                      <a href={myFileUrl(r.id, f.fileId)} target="_blank" rel="noreferrer" className="svc-upload-name">
                        {f.name}
                      </a>
                      <span className="svc-muted">{sizeLabel(f.sizeBytes)}</span>
                    </li>
                  )),
                )}
              </ul>
            </>
          )}
        </section>

        {r.allowedActions.includes('withdraw') && <WithdrawButton r={r} />}
      </div>
    </PublicShell>
  );
}
