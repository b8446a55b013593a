// Photos and files for one material (or the photos of a home visit): each chosen file uploads at once with a progress
// bar; the list holds the stored file ids. Camera on a phone (accept image/*, PDF), big tap target.
import { CameraOutlined, CheckCircleFilled, DeleteOutlined, ExclamationCircleFilled } from '@ant-design/icons';
import { Button, Progress } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileMeta } from '../../../../../server/src/platform/files/files.schemas';
import { isApiError } from '../../../app/api-client';

export type UploadedFile = { fileId: string; name: string };
type Pending = { key: number; name: string; percent: number; error?: string };

type Props = {
  value: UploadedFile[];
  onChange: (files: UploadedFile[]) => void;
  upload: (file: File, onProgress: (percent: number) => void) => Promise<FileMeta>;
  label: string;
  testId: string;
  max?: number;
  disabled?: boolean;
};

export function FileUploads({ value, onChange, upload, label, testId, max = 10, disabled }: Props) {
  const { t } = useTranslation('relief');
  const input = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<Pending[]>([]);
  const latest = useRef(value);
  latest.current = value;

  const start = (files: FileList | null) => {
    for (const file of Array.from(files ?? []).slice(0, Math.max(0, max - value.length))) {
      const key = Date.now() + Math.random();
      setPending((p) => [...p, { key, name: file.name, percent: 0 }]);
      upload(file, (percent) => setPending((p) => p.map((x) => (x.key === key ? { ...x, percent } : x))))
        .then((meta) => {
          setPending((p) => p.filter((x) => x.key !== key));
          latest.current = [...latest.current, { fileId: meta.id, name: meta.name }];
          onChange(latest.current);
        })
        .catch((e: unknown) => {
          const error = isApiError(e) ? e.message : String(e);
          setPending((p) => p.map((x) => (x.key === key ? { ...x, error } : x)));
        });
    }
  };

  return (
    <div className="relief-uploads" data-testid={testId}>
      {value.map((f) => (
        <div key={f.fileId} className="relief-upload-row">
          <CheckCircleFilled className="relief-upload-ok" />
          <span className="relief-upload-name">{f.name}</span>
          <Button
            type="text"
            size="small"
            icon={<DeleteOutlined />}
            aria-label={t('apply.remove')}
            onClick={() => onChange(value.filter((x) => x.fileId !== f.fileId))}
          />
        </div>
      ))}
      {pending.map((p) => (
        <div key={p.key} className="relief-upload-row">
          {p.error ? <ExclamationCircleFilled className="relief-upload-bad" /> : null}
          <span className="relief-upload-name">{p.name}</span>
          {p.error ? (
            <>
              <span className="relief-upload-error">{p.error}</span>
              <Button
                type="text"
                size="small"
                icon={<DeleteOutlined />}
                aria-label={t('apply.remove')}
                onClick={() => setPending((list) => list.filter((x) => x.key !== p.key))}
              />
            </>
          ) : (
            <Progress percent={p.percent} size="small" style={{ width: 110, margin: 0 }} />
          )}
        </div>
      ))}
      {value.length + pending.length < max && (
        <Button
          icon={<CameraOutlined />}
          onClick={() => input.current?.click()}
          disabled={disabled}
          data-testid={`${testId}-add`}
        >
          {value.length > 0 ? t('apply.uploadMore') : label}
        </Button>
      )}
      <input
        ref={input}
        type="file"
        hidden
        multiple
        accept="image/*,application/pdf"
        onChange={(e) => {
          start(e.target.files);
          e.target.value = '';
        }}
        data-testid={`${testId}-input`}
      />
      {value.length > 0 && pending.length === 0 && <span hidden data-testid={`${testId}-done`} />}
    </div>
  );
}
