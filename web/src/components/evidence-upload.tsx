// A form control that uploads one evidence file (bank slip, invoice, signed receipt, agreement) through POST /api/files
// with a progress bar and holds its stored id; the server checks the type (PDF, PNG, JPEG, WebP) and size (20 MB).
import { DeleteOutlined, FileDoneOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileMeta } from '../../../server/src/platform/files/files.schemas';
import { isApiError, uploadFile } from '../app/api-client';

const maxBytes = 20 * 1024 * 1024;

type Props = {
  id?: string;
  value?: string;
  onChange?: (fileId: string | undefined) => void;
  hint?: string;
  'data-testid'?: string;
};

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function EvidenceUpload({ id, value, onChange, hint, 'data-testid': testId }: Props) {
  const { t } = useTranslation('common');
  const [uploading, setUploading] = useState<{ name: string; percent: number } | null>(null);
  const [meta, setMeta] = useState<FileMeta | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = async (file: File) => {
    setError(null);
    if (file.size > maxBytes) {
      setError(t('evidence.tooLarge'));
      return;
    }
    setUploading({ name: file.name, percent: 0 });
    try {
      const stored = await uploadFile<FileMeta>('/files', file, (percent) =>
        setUploading({ name: file.name, percent }),
      );
      setMeta(stored);
      onChange?.(stored.id);
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setUploading(null);
    }
  };

  if (value) {
    return (
      <div
        id={id}
        style={{ display: 'flex', alignItems: 'center', gap: 8 }}
        data-testid={testId ? `${testId}-done` : undefined}
      >
        <FileDoneOutlined style={{ color: '#52c41a', fontSize: 18 }} />
        <span style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {meta?.name ?? t('evidence.uploaded')}
          {meta && <Typography.Text type="secondary"> · {sizeLabel(meta.sizeBytes)}</Typography.Text>}
        </span>
        <Typography.Link href={`/api/files/${encodeURIComponent(value)}`} target="_blank" rel="noreferrer">
          {t('evidence.view')}
        </Typography.Link>
        <Button
          type="text"
          size="small"
          icon={<DeleteOutlined />}
          aria-label={t('evidence.remove')}
          onClick={() => {
            setMeta(null);
            onChange?.(undefined);
          }}
        />
      </div>
    );
  }
  if (uploading) {
    return (
      <div id={id}>
        <Typography.Text>
          {t('evidence.uploading')} · {uploading.name}
        </Typography.Text>
        <Progress percent={uploading.percent} status="active" size="small" />
      </div>
    );
  }
  return (
    <div id={id} data-testid={testId}>
      <Upload.Dragger
        accept=".pdf,.png,.jpg,.jpeg,.webp,application/pdf,image/png,image/jpeg,image/webp"
        showUploadList={false}
        maxCount={1}
        beforeUpload={(file) => {
          void start(file);
          return false;
        }}
      >
        <p className="ant-upload-text">
          <UploadOutlined style={{ color: '#c8102e', marginInlineEnd: 8 }} />
          {t('evidence.drop')}
        </p>
        <p className="ant-upload-hint">{hint ? `${hint} · ${t('evidence.hint')}` : t('evidence.hint')}</p>
      </Upload.Dragger>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
    </div>
  );
}
