// The tablet scoring sheet of one learner (实操考核): a score per checklist item (0..max, big steppers), notes, the
// running total against the pass mark, a critical item at 0 failing whatever the total; save a draft, sign (final).
// After signing, a change is a correction request with a reason that a second authorised user reviews.
import { CheckCircleOutlined, ExclamationCircleOutlined, SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Input,
  InputNumber,
  Modal,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pickLabel } from '../../../app/i18n';
import {
  type PracticalItem,
  type PracticalSheet,
  useRequestAmendment,
  useSaveDraft,
  useSheet,
  useSignScores,
} from '../certificates-api';

type Scores = Record<string, { score: number | null; note: string }>;

function initialScores(sheet: PracticalSheet): Scores {
  const from = sheet.pending ?? sheet.current;
  return Object.fromEntries(
    sheet.checklist.map((c) => {
      const item = from?.items.find((i) => i.key === c.key);
      return [c.key, { score: item?.score ?? null, note: item?.note ?? '' }];
    }),
  );
}

export function PracticalScoreSheet({ enrolmentId, onBack }: { enrolmentId: string; onBack: () => void }) {
  const { t, i18n } = useTranslation('trainingCerts');
  const { message } = App.useApp();
  const sheet = useSheet(enrolmentId);
  const save = useSaveDraft();
  const sign = useSignScores();
  const amend = useRequestAmendment();
  const [scores, setScores] = useState<Scores>({});
  const [amending, setAmending] = useState(false);
  const [reason, setReason] = useState('');
  const [confirmSign, setConfirmSign] = useState(false);

  useEffect(() => {
    if (sheet.data) {
      setScores(initialScores(sheet.data));
    }
  }, [sheet.data]);

  const data = sheet.data;
  const isSigned = data?.current?.status === 'signed';
  const editable = !!data && (!isSigned || amending) && !data.pending;
  const totals = useMemo(() => {
    if (!data) {
      return { total: 0, max: 0, complete: false, criticalFail: false, passed: false };
    }
    const max = data.checklist.reduce((s, c) => s + c.maxScore, 0);
    const total = data.checklist.reduce((s, c) => s + (scores[c.key]?.score ?? 0), 0);
    const complete = data.checklist.every((c) => scores[c.key]?.score !== null && scores[c.key]?.score !== undefined);
    const criticalFail = data.checklist.some((c) => c.isCritical && scores[c.key]?.score === 0);
    const passed = complete && !criticalFail && total * 100 >= data.passPercent * max;
    return { total, max, complete, criticalFail, passed };
  }, [data, scores]);

  if (sheet.error) {
    return (
      <Alert
        type="error"
        showIcon
        title={sheet.error.message}
        action={<Button onClick={onBack}>{t('practical.back')}</Button>}
      />
    );
  }
  if (!data) {
    return <Card loading />;
  }

  const items = (): PracticalItem[] =>
    data.checklist
      .filter((c) => scores[c.key]?.score !== null && scores[c.key]?.score !== undefined)
      .map((c) => ({
        key: c.key,
        score: scores[c.key].score!,
        ...(scores[c.key].note.trim() ? { note: scores[c.key].note.trim() } : {}),
      }));

  const onError = (e: Error) => void message.error(e.message);
  const doSave = () =>
    save.mutate(
      { enrolmentId, input: items() },
      { onSuccess: () => void message.success(t('practical.saved')), onError },
    );
  const doSign = () =>
    sign.mutate(
      { enrolmentId, input: items() },
      {
        onSuccess: (s) => {
          setConfirmSign(false);
          void message.success(s.learner.hasCertificate ? t('practical.signedWithCert') : t('practical.signed'));
        },
        onError,
      },
    );
  const doAmend = () =>
    amend.mutate(
      { enrolmentId, input: { items: items(), reason: reason.trim() } },
      {
        onSuccess: () => {
          setAmending(false);
          setReason('');
          void message.success(t('practical.amendRequested'));
        },
        onError,
      },
    );

  const status = data.pending ? 'amendment_pending' : (data.current?.status ?? 'new');
  return (
    <div className="tp-sheet" data-testid="practical-sheet">
      <Card
        size="small"
        title={
          <Space wrap>
            <Button onClick={onBack}>{t('practical.back')}</Button>
            <Typography.Text strong style={{ fontSize: 18 }}>
              {data.learner.name}
            </Typography.Text>
            <Tag>{t(`practical.sheetStatus.${status}`)}</Tag>
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
          <Descriptions.Item label={t('practical.class')}>{data.classTitle}</Descriptions.Item>
          <Descriptions.Item label={t('fields.course')}>{data.courseName}</Descriptions.Item>
          <Descriptions.Item label={t('fields.idNumber')}>{data.learner.idNumberMasked ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('practical.theory')}>
            {t(`results.${data.learner.theoryResult}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('practical.passMark')}>{data.passPercent}%</Descriptions.Item>
        </Descriptions>
      </Card>

      {data.pending && (
        <Alert
          type="warning"
          showIcon
          title={t('practical.pendingNotice', { reason: data.pending.amendReason ?? '' })}
        />
      )}
      {isSigned && !amending && !data.pending && (
        <Alert
          type="success"
          showIcon
          title={t('practical.signedNotice', {
            by: data.current?.signedBy ?? '',
            at: data.current?.signedAt?.slice(0, 16).replace('T', ' ') ?? '',
          })}
          action={
            <Button onClick={() => setAmending(true)} data-testid="practical-amend">
              {t('practical.amend')}
            </Button>
          }
        />
      )}

      <div className="tp-items">
        {data.checklist.map((c) => {
          const s = scores[c.key] ?? { score: null, note: '' };
          const zeroCritical = c.isCritical && s.score === 0;
          return (
            <Card
              key={c.key}
              size="small"
              className={zeroCritical ? 'tp-item is-fail' : 'tp-item'}
              data-testid={`item-${c.key}`}
            >
              <div className="tp-item-head">
                <div>
                  <div className="tp-item-name">
                    {pickLabel({ zh: c.nameZh, en: c.nameEn }, i18n.language)}
                    {c.isCritical && (
                      <Tag color="red" style={{ marginLeft: 8 }}>
                        {t('practical.critical')}
                      </Tag>
                    )}
                  </div>
                  <div className="tp-muted">{t('practical.max', { max: c.maxScore })}</div>
                </div>
                <Space.Compact>
                  <Button
                    size="large"
                    disabled={!editable}
                    onClick={() => setScores((m) => ({ ...m, [c.key]: { ...s, score: 0 } }))}
                  >
                    0
                  </Button>
                  <InputNumber
                    size="large"
                    min={0}
                    max={c.maxScore}
                    precision={0}
                    value={s.score}
                    disabled={!editable}
                    inputMode="numeric"
                    style={{ width: 96 }}
                    onChange={(v) =>
                      setScores((m) => ({ ...m, [c.key]: { ...s, score: v === null ? null : Number(v) } }))
                    }
                    data-testid={`score-${c.key}`}
                  />
                  <Button
                    size="large"
                    disabled={!editable}
                    onClick={() => setScores((m) => ({ ...m, [c.key]: { ...s, score: c.maxScore } }))}
                  >
                    {t('practical.full')}
                  </Button>
                </Space.Compact>
              </div>
              <Input
                placeholder={t('practical.note')}
                value={s.note}
                disabled={!editable}
                maxLength={500}
                onChange={(e) => setScores((m) => ({ ...m, [c.key]: { ...s, note: e.target.value } }))}
                style={{ marginTop: 8 }}
              />
            </Card>
          );
        })}
      </div>

      <Card size="small" className="tp-bar">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space size="large">
            <Typography.Text style={{ fontSize: 20 }} data-testid="practical-total">
              {t('practical.total', { total: totals.total, max: totals.max })}
            </Typography.Text>
            {totals.criticalFail ? (
              <Tag color="red" icon={<ExclamationCircleOutlined />}>
                {t('practical.criticalFail')}
              </Tag>
            ) : totals.complete ? (
              <Tag
                color={totals.passed ? 'green' : 'orange'}
                icon={totals.passed ? <CheckCircleOutlined /> : undefined}
              >
                {totals.passed ? t('results.passed') : t('results.failed')}
              </Tag>
            ) : (
              <Tag>{t('practical.incomplete')}</Tag>
            )}
          </Space>
          {!isSigned && !data.pending && (
            <Space>
              <Button
                size="large"
                icon={<SaveOutlined />}
                loading={save.isPending}
                onClick={doSave}
                data-testid="practical-save"
              >
                {t('practical.saveDraft')}
              </Button>
              <Button
                size="large"
                type="primary"
                disabled={!totals.complete}
                onClick={() => setConfirmSign(true)}
                data-testid="practical-sign"
              >
                {t('practical.sign')}
              </Button>
            </Space>
          )}
          {amending && (
            <Space wrap>
              <Input
                placeholder={t('practical.amendReason')}
                value={reason}
                maxLength={500}
                onChange={(e) => setReason(e.target.value)}
                style={{ width: 320 }}
                data-testid="practical-amend-reason"
              />
              <Button onClick={() => setAmending(false)}>{t('common.cancel')}</Button>
              <Button
                type="primary"
                disabled={reason.trim().length < 2 || !totals.complete}
                loading={amend.isPending}
                onClick={doAmend}
                data-testid="practical-amend-submit"
              >
                {t('practical.amendSubmit')}
              </Button>
            </Space>
          )}
        </Space>
      </Card>

      {data.versions.length > 0 && (
        <Card size="small" title={t('practical.history')}>
          <Timeline
            items={data.versions.map((v) => ({
              color: v.status === 'signed' ? 'green' : v.status === 'amendment_pending' ? 'orange' : 'gray',
              children: (
                <span>
                  v{v.version} · {t(`practical.sheetStatus.${v.status}`)} · {v.total}/{v.maxTotal}
                  {v.examinerName ? ` · ${v.examinerName}` : ''}
                  {v.amendReason ? ` · ${t('practical.reason')}: ${v.amendReason}` : ''}
                  {v.approvedBy ? ` · ${t('practical.reviewedBy', { name: v.approvedBy })}` : ''}
                </span>
              ),
            }))}
          />
        </Card>
      )}

      <Modal
        open={confirmSign}
        title={t('practical.signConfirmTitle')}
        okText={t('practical.sign')}
        confirmLoading={sign.isPending}
        onOk={doSign}
        onCancel={() => setConfirmSign(false)}
      >
        <p>
          {t('practical.signConfirm', {
            name: data.learner.name,
            total: totals.total,
            max: totals.max,
            result: totals.passed ? t('results.passed') : t('results.failed'),
          })}
        </p>
      </Modal>
    </div>
  );
}
