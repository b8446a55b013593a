// 补正: a returned application corrected on the phone — the cause, the amount, and more photos for any material —
// then sent again. The materials already on the case stay; new uploads are added to them.
import { Alert, Button, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyReliefCase } from '../../../../../server/src/modules/relief/relief.schemas';
import { isApiError } from '../../../app/api-client';
import { fenToYuanText, parseYuan } from '../../../lib/money';
import { uploadMaterial, usePublicReliefKinds, useResubmitMyCase } from '../api';
import { FileUploads, type UploadedFile } from '../components/file-uploads';
import { maxReliefFen } from '../money';

export function ResubmitCard({ c }: { c: MyReliefCase }) {
  const { t } = useTranslation(['relief', 'common']);
  const kinds = usePublicReliefKinds();
  const resubmit = useResubmitMyCase(c.caseNo);
  const [causeText, setCauseText] = useState(c.causeText);
  const [amountText, setAmountText] = useState(fenToYuanText(c.requestedFen));
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<Record<string, UploadedFile[]>>({});
  const [error, setError] = useState<string | null>(null);
  const materials = kinds.data?.find((k) => k.code === c.kind)?.materials ?? [];

  const submit = () => {
    const amount = parseYuan(amountText, maxReliefFen);
    if (!amount.ok) {
      setError(t(`money.${amount.reason}`));
      return;
    }
    if (causeText.trim().length < 4) {
      setError(t('apply.causeTooShort'));
      return;
    }
    setError(null);
    resubmit.mutate(
      {
        causeText: causeText.trim(),
        requestedFen: amount.fen,
        note: note.trim() || undefined,
        materials: [
          ...c.materials,
          ...Object.entries(files).flatMap(([key, list]) => list.map((f) => ({ key, fileId: f.fileId }))),
        ],
      },
      { onError: (e) => setError(isApiError(e) ? e.message : String(e)) },
    );
  };

  return (
    <section className="relief-card" data-testid="resubmit">
      <h2>{t('status.resubmitTitle')}</h2>
      <div className="relief-field">
        <label className="relief-label" htmlFor="resubmit-cause">
          {t('apply.causeText')}
        </label>
        <Input.TextArea
          id="resubmit-cause"
          maxLength={1000}
          autoSize={{ minRows: 3, maxRows: 8 }}
          value={causeText}
          onChange={(e) => setCauseText(e.target.value)}
        />
      </div>
      <div className="relief-field">
        <label className="relief-label" htmlFor="resubmit-amount">
          {t('apply.amount')}
        </label>
        <Input
          id="resubmit-amount"
          size="large"
          prefix="¥"
          suffix={t('money.yuan')}
          inputMode="decimal"
          value={amountText}
          onChange={(e) => setAmountText(e.target.value)}
        />
      </div>
      {materials.map((m) => (
        <div key={m.key} className="relief-field">
          <div className="relief-label">
            {m.name}
            {c.missingMaterials.includes(m.key) && <span className="relief-error"> · {t('status.missing')}</span>}
          </div>
          <FileUploads
            value={files[m.key] ?? []}
            onChange={(list) => setFiles((prev) => ({ ...prev, [m.key]: list }))}
            upload={uploadMaterial}
            label={t('apply.upload')}
            testId={`resubmit-${m.key}`}
          />
        </div>
      ))}
      <div className="relief-field">
        <label className="relief-label" htmlFor="resubmit-note">
          {t('status.resubmitNote')}
        </label>
        <Input.TextArea
          id="resubmit-note"
          maxLength={500}
          autoSize={{ minRows: 2 }}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      <Button
        type="primary"
        block
        size="large"
        style={{ marginTop: 14 }}
        loading={resubmit.isPending}
        onClick={submit}
        data-testid="resubmit-submit"
      >
        {t('status.resubmit')}
      </Button>
    </section>
  );
}
