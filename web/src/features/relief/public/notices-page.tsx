// /relief/notices: relief on public notice (masked name, village, kind, amount, notice end date), newest first, with
// "提出异议": anyone may object in writing, with an optional phone and name, anonymously if they wish.
import { Alert, App, Button, Checkbox, Empty, Input, Modal, Result, Segmented, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type PublicNotice,
  type ReliefKind,
  reliefKindValues,
} from '../../../../../server/src/modules/relief/relief.schemas';
import { isApiError } from '../../../app/api-client';
import { PublicShell } from '../../../components/public-shell';
import { chinaDay } from '../../../lib/china-time';
import { type ObjectionFiled, useFileObjection, usePublicNotices } from '../api';
import { useReliefLabels } from '../components/labels';
import '../components/relief.css';
import { formatFen } from '../../../lib/money';

const phonePattern = /^(\+?86)?1\d{10}$/;
const pageSize = 20;

function ObjectionModal({ notice, onClose }: { notice: PublicNotice; onClose: () => void }) {
  const { t } = useTranslation(['relief', 'common']);
  const { message } = App.useApp();
  const file = useFileObjection();
  const [text, setText] = useState('');
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [isAnonymous, setIsAnonymous] = useState(true);
  const [problem, setProblem] = useState<{ text?: string; phone?: string; form?: string }>({});
  const [filed, setFiled] = useState<ObjectionFiled | null>(null);

  const submit = () => {
    const found: typeof problem = {};
    if (text.trim().length < 4) {
      found.text = t('apply.causeTooShort');
    }
    if (phone.trim() && !phonePattern.test(phone.replace(/[\s-]/g, ''))) {
      found.phone = t('apply.phoneInvalid');
    }
    setProblem(found);
    if (Object.keys(found).length > 0) {
      return;
    }
    file.mutate(
      {
        caseNo: notice.caseNo,
        text: text.trim(),
        phone: phone.trim() ? phone.replace(/[\s-]/g, '') : undefined,
        name: !isAnonymous && name.trim() ? name.trim() : undefined,
      },
      {
        onSuccess: (done) => {
          setFiled(done);
          void message.success(t('notices.filed', { no: done.objectionNo }));
        },
        onError: (e) => setProblem({ form: isApiError(e) ? e.message : String(e) }),
      },
    );
  };

  return (
    <Modal
      open
      centered
      title={t('notices.objectTitle', { name: notice.name, village: notice.villageName })}
      onCancel={onClose}
      footer={
        filed ? (
          <Button type="primary" onClick={onClose}>
            {t('common:actions.close')}
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
            <Button type="primary" loading={file.isPending} onClick={submit} data-testid="objection-submit">
              {t('common:actions.submit')}
            </Button>
          </>
        )
      }
    >
      {filed ? (
        <Result
          status="success"
          title={t('notices.filed', { no: filed.objectionNo })}
          subTitle={t('notices.filedHint')}
          data-testid="objection-filed"
        />
      ) : (
        <div className="relief-page" style={{ gap: 0 }}>
          <div className="relief-field">
            <label className="relief-label" htmlFor="objection-text">
              {t('notices.text')}
            </label>
            <Input.TextArea
              id="objection-text"
              maxLength={1000}
              showCount
              autoSize={{ minRows: 4, maxRows: 8 }}
              placeholder={t('notices.textPlaceholder')}
              value={text}
              status={problem.text ? 'error' : undefined}
              onChange={(e) => setText(e.target.value)}
              data-testid="objection-text"
            />
            {problem.text && <div className="relief-error">{problem.text}</div>}
          </div>
          <div className="relief-field">
            <label className="relief-label" htmlFor="objection-phone">
              {t('notices.objPhone')}
            </label>
            <Input
              id="objection-phone"
              type="tel"
              inputMode="tel"
              maxLength={16}
              value={phone}
              status={problem.phone ? 'error' : undefined}
              onChange={(e) => setPhone(e.target.value)}
              data-testid="objection-phone"
            />
            {problem.phone && <div className="relief-error">{problem.phone}</div>}
          </div>
          <div className="relief-field">
            <Checkbox
              checked={isAnonymous}
              onChange={(e) => setIsAnonymous(e.target.checked)}
              data-testid="objection-anonymous"
            >
              {t('notices.anonymous')}
            </Checkbox>
          </div>
          {!isAnonymous && (
            <div className="relief-field">
              <label className="relief-label" htmlFor="objection-name">
                {t('notices.objName')}
              </label>
              <Input id="objection-name" maxLength={50} value={name} onChange={(e) => setName(e.target.value)} />
            </div>
          )}
          {problem.form && <Alert type="error" showIcon title={problem.form} style={{ marginTop: 12 }} />}
        </div>
      )}
    </Modal>
  );
}

export function ReliefNoticesPage() {
  const { t } = useTranslation(['relief', 'common']);
  const labels = useReliefLabels();
  const [kind, setKind] = useState<ReliefKind | 'all'>('all');
  const [limit, setLimit] = useState(pageSize);
  const notices = usePublicNotices({ kind: kind === 'all' ? undefined : kind, limit, offset: 0 });
  const [objecting, setObjecting] = useState<PublicNotice | null>(null);
  const items = notices.data?.items ?? [];

  return (
    <PublicShell>
      <div className="relief-page" data-testid="relief-notices">
        <div>
          <h1 className="relief-title">{t('notices.title')}</h1>
          <p className="relief-lead">{t('notices.lead')}</p>
        </div>
        <div style={{ overflowX: 'auto' }}>
          <Segmented<ReliefKind | 'all'>
            value={kind}
            onChange={(v) => {
              setKind(v);
              setLimit(pageSize);
            }}
            options={[
              { value: 'all', label: t('notices.allKinds') },
              ...reliefKindValues.map((k) => ({ value: k, label: labels.kind(k) })),
            ]}
          />
        </div>
        <section className="relief-card">
          {notices.isLoading ? (
            <Spin style={{ display: 'block', margin: '24px auto' }} />
          ) : items.length === 0 ? (
            <Empty description={t('notices.empty')} />
          ) : (
            <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {items.map((n) => (
                <li key={n.caseNo} className="relief-material" data-testid="notice" data-case-no={n.caseNo}>
                  <div className="relief-notice">
                    <div className="relief-notice-main">
                      <div className="relief-notice-name" data-testid="notice-name">
                        {n.name}
                      </div>
                      <div className="relief-notice-meta">
                        {n.villageName}
                        {n.areaName ? ` · ${n.areaName}` : ''}
                      </div>
                      <div className="relief-notice-meta">
                        {labels.kindName(n.kind, n.kindName)} · {t('notices.household', { count: n.householdSize })}
                      </div>
                      <div className="relief-notice-meta">{t('notices.until', { date: chinaDay(n.noticeEndsAt) })}</div>
                    </div>
                    <div className="relief-notice-side">
                      <span className="relief-amount" data-testid="notice-amount">
                        {formatFen(n.amountFen)}
                      </span>
                      <Button size="small" onClick={() => setObjecting(n)} data-testid="notice-object">
                        {t('notices.object')}
                      </Button>
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
          {(notices.data?.total ?? 0) > items.length && (
            <Button
              block
              style={{ marginTop: 12 }}
              loading={notices.isFetching}
              onClick={() => setLimit((l) => Math.min(100, l + pageSize))}
            >
              {t('common:actions.loadMore')}
            </Button>
          )}
        </section>
      </div>
      {objecting && <ObjectionModal notice={objecting} onClose={() => setObjecting(null)} />}
    </PublicShell>
  );
}
