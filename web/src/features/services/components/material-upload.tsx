// A form control for one material: photos or files uploaded one by one with progress (jpg/png/pdf as the material
// allows, 10 MB each, 10 at most), holding the stored ids. The server checks each file's bytes again.
import { CameraOutlined, DeleteOutlined, FileDoneOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Material } from '../../../../../server/src/modules/services/services.schemas';
import { maxMaterialBytes } from '../../../../../server/src/modules/services/services.schemas';
import { isApiError } from '../../../app/api-client';
import type { UploadView } from '../api';
import { uploadMaterial } from '../api';

const maxFiles = 10;
const mimeOf = { jpg: ['image/jpeg'], png: ['image/png'], pdf: ['application/pdf'] } as const;
const extensionsOf = { jpg: ['.jpg', '.jpeg'], png: ['.png'], pdf: ['.pdf'] } as const;
export const maxMaterialMb = Math.round(maxMaterialBytes / 1024 / 1024);

export type KnownFile = { name: string; sizeBytes: number };

export function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** "JPG/PNG/PDF" for the material's accepted types. */
export function typesLabel(material: Pick<Material, 'fileTypes'>): string {
  return material.fileTypes.map((t) => t.toUpperCase()).join('/');
}

function isAccepted(file: File, material: Material): boolean {
  const name = file.name.toLowerCase();
  return material.fileTypes.some(
    (t) => (mimeOf[t] as readonly string[]).includes(file.type) || extensionsOf[t].some((ext) => name.endsWith(ext)),
  );
}

type Props = {
  id?: string;
  material: Material;
  value?: string[];
  onChange?: (ids: string[] | undefined) => void;
  /** Names of files already stored (a returned request's materials). */
  known?: Record<string, KnownFile>;
  /** Opens a stored file (the applicant's own files). */
  hrefOf?: (fileId: string) => string | undefined;
};

export function MaterialUpload({ id, material, value, onChange, known, hrefOf }: Props) {
  const { t } = useTranslation('services');
  const [uploading, setUploading] = useState<{ name: string; percent: number } | null>(null);
  const [meta, setMeta] = useState<Record<string, UploadView>>({});
  const [error, setError] = useState<string | null>(null);
  const ids = value ?? [];

  const start = async (file: File) => {
    setError(null);
    if (!isAccepted(file, material)) {
      setError(t('upload.badType', { types: typesLabel(material) }));
      return;
    }
    if (file.size > maxMaterialBytes) {
      setError(t('upload.tooLarge', { mb: maxMaterialMb }));
      return;
    }
    setUploading({ name: file.name, percent: 0 });
    try {
      const stored = await uploadMaterial(file, (percent) => setUploading({ name: file.name, percent }));
      setMeta((m) => ({ ...m, [stored.id]: stored }));
      onChange?.([...ids, stored.id]);
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setUploading(null);
    }
  };

  const accept = material.fileTypes.flatMap((t) => [...extensionsOf[t], ...mimeOf[t]]).join(',');
  return (
    <div id={id} className="svc-upload" data-testid={`material-${material.key}`}>
      {ids.map((fileId) => {
        const m = meta[fileId] ?? known?.[fileId];
        const href = hrefOf?.(fileId);
        return (
          <div key={fileId} className="svc-upload-file" data-testid="material-file">
            <FileDoneOutlined style={{ color: '#52c41a', fontSize: 18 }} />
            <span className="svc-upload-name">
              {m ? m.name : fileId.slice(0, 8)}
              {m && <span className="svc-muted"> · {sizeLabel(m.sizeBytes)}</span>}
            </span>
            {href && (
              <a href={href} target="_blank" rel="noreferrer">
                {t('upload.view')}
              </a>
            )}
            <Button
              type="text"
              size="small"
              icon={<DeleteOutlined />}
              aria-label={t('upload.remove')}
              onClick={() => {
                const rest = ids.filter((x) => x !== fileId);
                onChange?.(rest.length > 0 ? rest : undefined);
              }}
            />
          </div>
        );
      })}
      {uploading && (
        <div className="svc-upload-progress">
          <span className="svc-muted">{t('upload.uploading', { name: uploading.name })}</span>
          <Progress percent={uploading.percent} status="active" size="small" />
        </div>
      )}
      {!uploading && ids.length < maxFiles && (
        <Upload
          accept={accept}
          showUploadList={false}
          multiple={false}
          beforeUpload={(file) => {
            void start(file);
            return false;
          }}
        >
          <Button icon={<CameraOutlined />} size="large" block data-testid={`material-${material.key}-choose`}>
            {t('upload.choose')}
          </Button>
        </Upload>
      )}
      <div className="svc-muted svc-upload-hint">
        {t('item.fileTypes', { types: typesLabel(material), mb: maxMaterialMb })}
        {ids.length >= maxFiles ? ` · ${t('upload.max', { count: maxFiles })}` : ''}
      </div>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} data-testid="upload-error" />}
    </div>
  );
}
