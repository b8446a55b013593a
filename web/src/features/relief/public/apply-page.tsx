// /relief/apply: a relief application on the phone, by the applicant or a village volunteer on their behalf — kind,
// applicant (ID number checked with the same checksum as the server), village, household, cause, the amount in yuan
// (read as whole fen), a photo or file per material of the kind with upload progress, and the consent. Signed-in
// citizens only: others are sent to the phone sign-in and come back here.
import { LoginOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Input, InputNumber, Result, Select, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  type CauseCategory,
  causeCategoryValues,
  type ReliefKind,
} from '../../../../../server/src/modules/relief/relief.schemas';
import { validateIdNumber } from '../../../../../server/src/platform/identity/id-number';
import { isApiError } from '../../../app/api-client';
import { useMe } from '../../../app/session';
import { PublicShell } from '../../../components/public-shell';
import { type PublicReliefKind, uploadMaterial, useApplyForRelief, usePublicReliefKinds } from '../api';
import { FileUploads, type UploadedFile } from '../components/file-uploads';
import { useReliefLabels } from '../components/labels';
import { type PickedUnit, UnitSheet } from '../components/unit-sheet';
import '../components/relief.css';
import { formatFen, parseYuan } from '../../../lib/money';
import { maxReliefFen } from '../money';

const phonePattern = /^(\+?86)?1\d{10}$/;
const compact = (s: string) => s.replace(/[\s-]/g, '');

type Field =
  | 'kind'
  | 'name'
  | 'idNumber'
  | 'phone'
  | 'village'
  | 'household'
  | 'causeText'
  | 'amount'
  | 'materials'
  | 'consent'
  | 'form';
type Problems = Partial<Record<Field, string>>;

function KindRules({ kind }: { kind: PublicReliefKind }) {
  const { t } = useTranslation('relief');
  return (
    <div className="relief-prepare" data-testid="kind-rules">
      <div>{t('apply.kindHint', { days: kind.decisionWorkingDays, notice: kind.noticeDays })}</div>
      {kind.description && <div>{kind.description}</div>}
      {kind.materials.length > 0 && (
        <>
          <strong>{t('apply.prepare')}</strong>
          <ul>
            {kind.materials.map((m) => (
              <li key={m.key}>
                {m.name}
                {m.isRequired ? '' : `(${t('apply.optional')})`}
              </li>
            ))}
          </ul>
        </>
      )}
      {kind.exclusions.length > 0 && (
        <>
          <strong>{t('apply.exclusions')}</strong>
          <ul>
            {kind.exclusions.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function ReliefApplyPage() {
  const { t } = useTranslation(['relief', 'common']);
  const labels = useReliefLabels();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data: me, isLoading: meLoading } = useMe();
  const kinds = usePublicReliefKinds();
  const apply = useApplyForRelief();

  const [kindCode, setKindCode] = useState<ReliefKind | null>(null);
  const [forOther, setForOther] = useState(false);
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [phone, setPhone] = useState('');
  const [address, setAddress] = useState('');
  const [village, setVillage] = useState<PickedUnit | null>(null);
  const [household, setHousehold] = useState<number | null>(null);
  const [causeCategory, setCauseCategory] = useState<CauseCategory>('poverty');
  const [causeText, setCauseText] = useState('');
  const [amountText, setAmountText] = useState('');
  const [files, setFiles] = useState<Record<string, UploadedFile[]>>({});
  const [consent, setConsent] = useState(false);
  const [problems, setProblems] = useState<Problems>({});
  const clear = (f: Field) => setProblems((p) => ({ ...p, [f]: undefined, form: undefined }));

  if (meLoading || kinds.isLoading) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  if (me?.kind !== 'public') {
    return (
      <PublicShell>
        <div className="relief-page">
          <h1 className="relief-title">{t('apply.title')}</h1>
          <p className="relief-lead">{t('apply.lead')}</p>
          <div className="relief-card" data-testid="apply-sign-in">
            <h2>{t('apply.signInTitle')}</h2>
            <p className="relief-muted">{t('apply.signInHint')}</p>
            <Link to={`/login?next=${encodeURIComponent('/relief/apply')}`}>
              <Button type="primary" block size="large" icon={<LoginOutlined />} data-testid="apply-sign-in-button">
                {t('apply.signIn')}
              </Button>
            </Link>
          </div>
        </div>
      </PublicShell>
    );
  }
  const activeKinds = kinds.data ?? [];
  if (activeKinds.length === 0) {
    return (
      <PublicShell>
        <Result status="info" title={t('apply.noKinds')} />
      </PublicShell>
    );
  }
  const kind = activeKinds.find((k) => k.code === kindCode) ?? null;
  const amount = parseYuan(amountText, maxReliefFen);

  function validate(): Problems {
    const found: Problems = {};
    if (!kind) {
      found.kind = t('common:form.choose');
    }
    if (name.trim() === '') {
      found.name = t('common:form.required');
    }
    const id = validateIdNumber(idNumber);
    if (!id.ok) {
      found.idNumber = t(`apply.idProblems.${id.reason}`);
    }
    if (phone.trim() !== '' && !phonePattern.test(compact(phone))) {
      found.phone = t('apply.phoneInvalid');
    }
    if (!village) {
      found.village = t('apply.villageRequired');
    }
    if (!household) {
      found.household = t('common:form.required');
    }
    if (causeText.trim().length < 4) {
      found.causeText = t('apply.causeTooShort');
    }
    if (!amount.ok) {
      found.amount = t(`money.${amount.reason}`);
    }
    const missing = (kind?.materials ?? []).filter((m) => m.isRequired && (files[m.key] ?? []).length === 0);
    if (missing.length > 0) {
      found.materials = t('apply.missing', { names: missing.map((m) => m.name).join('、') });
    }
    if (!consent) {
      found.consent = t('apply.consentRequired');
    }
    return found;
  }

  function submit() {
    const found = validate();
    setProblems(found);
    if (Object.keys(found).length > 0 || !kind || !village || !household || !amount.ok) {
      const first = document.querySelector('[data-problem="true"]');
      first?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      return;
    }
    apply.mutate(
      {
        kind: kind.code,
        orgId: village.id,
        householdSize: household,
        causeCategory,
        causeText: causeText.trim(),
        requestedFen: amount.fen,
        applicant: {
          name: name.trim(),
          idNumber: idNumber.normalize('NFKC').trim().toUpperCase(),
          phone: phone.trim() ? compact(phone) : undefined,
          address: address.trim() || undefined,
        },
        materials: Object.entries(files).flatMap(([key, list]) => list.map((f) => ({ key, fileId: f.fileId }))),
      },
      {
        onSuccess: (created) => {
          message.success(t('apply.submitted'));
          navigate(`/relief/cases/${encodeURIComponent(created.caseNo)}?new=1`);
        },
        onError: (error) => {
          const field = isApiError(error) ? String(error.details?.field ?? '') : '';
          const text = isApiError(error) ? error.message : String(error);
          if (field.includes('idNumber')) {
            setProblems({ idNumber: text });
          } else if (field.includes('requestedFen')) {
            setProblems({ amount: text });
          } else if (field.includes('materials')) {
            setProblems({ materials: text });
          } else {
            setProblems({ form: text });
          }
        },
      },
    );
  }

  const err = (f: Field) =>
    problems[f] ? (
      <div className="relief-error" data-problem="true" data-testid={`error-${f}`}>
        {problems[f]}
      </div>
    ) : null;

  return (
    <PublicShell>
      <div className="relief-page has-action-bar" data-testid="relief-apply">
        <div>
          <h1 className="relief-title">{t('apply.title')}</h1>
          <p className="relief-lead">{t('apply.lead')}</p>
        </div>

        <section className="relief-card">
          <h2>{t('apply.kind')}</h2>
          <div className="relief-kinds">
            {activeKinds.map((k) => (
              <button
                key={k.code}
                type="button"
                aria-pressed={kindCode === k.code}
                className={`relief-kind${kindCode === k.code ? ' is-chosen' : ''}`}
                onClick={() => {
                  setKindCode(k.code);
                  clear('kind');
                }}
                data-testid={`kind-${k.code}`}
              >
                {labels.kindName(k.code, k.name)}
              </button>
            ))}
          </div>
          {err('kind')}
          {kind && <KindRules kind={kind} />}
        </section>

        <section className="relief-card">
          <h2>{t('apply.applicant')}</h2>
          <Checkbox checked={forOther} onChange={(e) => setForOther(e.target.checked)} data-testid="apply-for-other">
            {t('apply.forOther')}
          </Checkbox>
          <div className="relief-field">
            <label className="relief-label" htmlFor="relief-name">
              {t('apply.name')}
            </label>
            <Input
              id="relief-name"
              size="large"
              maxLength={50}
              autoComplete={forOther ? 'off' : 'name'}
              placeholder={t('apply.namePlaceholder')}
              value={name}
              status={problems.name ? 'error' : undefined}
              onChange={(e) => {
                setName(e.target.value);
                clear('name');
              }}
              data-testid="apply-name"
            />
            {err('name')}
          </div>
          <div className="relief-field">
            <label className="relief-label" htmlFor="relief-id">
              {t('apply.idNumber')}
            </label>
            <Input
              id="relief-id"
              size="large"
              maxLength={18}
              autoComplete="off"
              placeholder={t('apply.idPlaceholder')}
              value={idNumber}
              status={problems.idNumber ? 'error' : undefined}
              onChange={(e) => {
                setIdNumber(e.target.value);
                clear('idNumber');
              }}
              onBlur={() => {
                const id = validateIdNumber(idNumber);
                if (idNumber.trim() && !id.ok) {
                  setProblems((p) => ({ ...p, idNumber: t(`apply.idProblems.${id.reason}`) }));
                }
              }}
              data-testid="apply-id-number"
            />
            {err('idNumber')}
          </div>
          <div className="relief-field">
            <label className="relief-label" htmlFor="relief-phone">
              {t('apply.phone')}
            </label>
            <Input
              id="relief-phone"
              size="large"
              type="tel"
              inputMode="tel"
              maxLength={16}
              placeholder={t('apply.phonePlaceholder')}
              value={phone}
              status={problems.phone ? 'error' : undefined}
              onChange={(e) => {
                setPhone(e.target.value);
                clear('phone');
              }}
              data-testid="apply-phone"
            />
            {err('phone')}
          </div>
          <div className="relief-field">
            <label className="relief-label" htmlFor="relief-village">
              {t('apply.village')}
            </label>
            <UnitSheet
              value={village}
              onChange={(v) => {
                setVillage(v);
                clear('village');
              }}
              isError={Boolean(problems.village)}
            />
            {err('village')}
          </div>
          <div className="relief-field">
            <label className="relief-label" htmlFor="relief-address">
              {t('apply.address')}
            </label>
            <Input
              id="relief-address"
              size="large"
              maxLength={200}
              value={address}
              onChange={(e) => setAddress(e.target.value)}
              data-testid="apply-address"
            />
          </div>
          <div className="relief-field">
            <label className="relief-label" htmlFor="relief-household">
              {t('apply.household')}
            </label>
            <InputNumber
              id="relief-household"
              size="large"
              min={1}
              max={30}
              precision={0}
              inputMode="numeric"
              suffix={t('apply.householdUnit')}
              style={{ width: '100%' }}
              value={household}
              status={problems.household ? 'error' : undefined}
              onChange={(v) => {
                setHousehold(typeof v === 'number' ? v : null);
                clear('household');
              }}
              data-testid="apply-household"
            />
            {err('household')}
          </div>
        </section>

        <section className="relief-card">
          <h2>{t('apply.cause')}</h2>
          <div className="relief-field">
            <label className="relief-label" htmlFor="relief-cause-category">
              {t('apply.causeCategory')}
            </label>
            <Select<CauseCategory>
              id="relief-cause-category"
              size="large"
              style={{ width: '100%' }}
              value={causeCategory}
              onChange={setCauseCategory}
              options={causeCategoryValues.map((c) => ({ value: c, label: labels.cause(c) }))}
              data-testid="apply-cause-category"
            />
          </div>
          <div className="relief-field">
            <label className="relief-label" htmlFor="relief-cause">
              {t('apply.causeText')}
            </label>
            <Input.TextArea
              id="relief-cause"
              maxLength={1000}
              showCount
              autoSize={{ minRows: 3, maxRows: 8 }}
              placeholder={t('apply.causePlaceholder')}
              value={causeText}
              status={problems.causeText ? 'error' : undefined}
              onChange={(e) => {
                setCauseText(e.target.value);
                clear('causeText');
              }}
              data-testid="apply-cause"
            />
            {err('causeText')}
          </div>
          <div className="relief-field">
            <label className="relief-label" htmlFor="relief-amount">
              {t('apply.amount')}
            </label>
            <Input
              id="relief-amount"
              size="large"
              prefix="¥"
              suffix={t('money.yuan')}
              inputMode="decimal"
              placeholder={t('apply.amountPlaceholder')}
              value={amountText}
              status={problems.amount ? 'error' : undefined}
              onChange={(e) => {
                setAmountText(e.target.value);
                clear('amount');
              }}
              data-testid="apply-amount"
            />
            {err('amount')}
          </div>
        </section>

        {kind && kind.materials.length > 0 && (
          <section className="relief-card" data-testid="apply-materials">
            <h2>{t('apply.materials')}</h2>
            <p className="relief-muted" style={{ marginTop: -6 }}>
              {t('apply.materialsHint')}
            </p>
            {kind.materials.map((m) => (
              <div key={m.key} className="relief-material">
                <div className="relief-material-name">
                  {m.name}
                  {!m.isRequired && <span className="relief-muted">({t('apply.optional')})</span>}
                </div>
                <FileUploads
                  value={files[m.key] ?? []}
                  onChange={(list) => {
                    setFiles((prev) => ({ ...prev, [m.key]: list }));
                    clear('materials');
                  }}
                  upload={uploadMaterial}
                  label={t('apply.upload')}
                  testId={`material-${m.key}`}
                />
              </div>
            ))}
            {err('materials')}
          </section>
        )}

        <section className="relief-card">
          <Checkbox
            checked={consent}
            onChange={(e) => {
              setConsent(e.target.checked);
              clear('consent');
            }}
            data-testid="apply-consent"
          >
            {t('apply.consent')}
          </Checkbox>
          {err('consent')}
        </section>
        {problems.form && <Alert type="error" showIcon title={problems.form} data-testid="apply-error" />}

        <div className="relief-action-bar">
          <div className="relief-action-bar-inner">
            <Button
              type="primary"
              block
              className="relief-big-button"
              loading={apply.isPending}
              onClick={submit}
              data-testid="apply-submit"
            >
              {amount.ok ? `${t('apply.submit')} · ${formatFen(amount.fen)}` : t('apply.submit')}
            </Button>
          </div>
        </div>
      </div>
    </PublicShell>
  );
}
