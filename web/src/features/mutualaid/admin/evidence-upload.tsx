// A form control that uploads one file (bank slip, sales statement, signed loan agreement) and holds its stored id;
// the server checks the type (PDF, PNG, JPEG, WebP) and size.
import { DeleteOutlined, FileDoneOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { fileUrl, uploadEvidence } from '../api';

const maxBytes = 20 * 1024 * 1024;

type Props = { id?: string; value?: string; onChange?: (fileId: string | undefined) => void; 'data-testid'?: string };

export function EvidenceUpload({ id, value, onChange, 'data-testid': testId }: Props) {
  const { t } = useTranslation('mutualaid');
  const [uploading, setUploading] = useState<{ name: string; percent: number } | null>(null);
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = async (file: File) => {
    setError(null);
    if (file.size > maxBytes) {
      setError(t('admin.evidence.tooLarge'));
      return;
    }
    setUploading({ name: file.name, percent: 0 });
    try {
      const stored = await uploadEvidence(file, (percent) => setUploading({ name: file.name, percent }));
      setName(stored.name);
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
        <span style={{ flex: 1, minWidth: 0 }}>{name ?? t('admin.evidence.uploaded')}</span>
        <Typography.Link href={fileUrl(value)} target="_blank" rel="noreferrer">
          {t('admin.evidence.view')}
        </Typography.Link>
        <Button
          type="text"
          size="small"
          icon={<DeleteOutlined />}
          aria-label={t('admin.evidence.remove')}
          onClick={() => {
            setName(null);
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
          {t('admin.evidence.uploading')} · {uploading.name}
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
          {t('admin.evidence.drop')}
        </p>
        <p className="ant-upload-hint">{t('admin.evidence.hint')}</p>
      </Upload.Dragger>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
    </div>
  );
}
