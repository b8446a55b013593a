// 批量导入: offline gifts from the Excel template, all or nothing. The evidence of the batch (e.g. the bank statement)
// is uploaded first; then the shared import dialog shows upload and import progress, or every bad row.
import { FileExcelOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Form, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EvidenceUpload } from '../../../components/evidence-upload';
import { ExcelImportDialog } from '../../../components/excel-import-dialog';
import { donationKeys, giftImportPath, giftTemplateUrl, uploadGiftImport } from '../api';

/** The gift lists refresh once the import is done. */
export function GiftImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  return open ? <GiftImportDialog onClose={onClose} /> : null;
}

function GiftImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('donations');
  const queryClient = useQueryClient();
  const [evidenceFileId, setEvidenceFileId] = useState<string | undefined>(undefined);
  const onImported = () => void queryClient.invalidateQueries({ queryKey: donationKeys.all });

  return (
    <ExcelImportDialog
      title={t('giftImport.title')}
      doneTitle={(count) => t('giftImport.done', { count })}
      upload={(file, onProgress) => uploadGiftImport(file, evidenceFileId!, onProgress)}
      importPath={giftImportPath}
      onClose={onClose}
      onImported={onImported}
      canChoose={evidenceFileId !== undefined}
      before={
        <Form layout="vertical" component="div">
          <Form.Item extra={t('giftImport.templateHint')}>
            <Button icon={<FileExcelOutlined />} href={giftTemplateUrl()} download data-testid="gift-template">
              {t('giftImport.template')}
            </Button>
          </Form.Item>
          <Form.Item label={t('giftImport.evidence')} required>
            <EvidenceUpload
              value={evidenceFileId}
              onChange={setEvidenceFileId}
              hint={t('giftImport.evidenceHint')}
              data-testid="gift-import-evidence"
            />
          </Form.Item>
          {evidenceFileId === undefined && (
            <Typography.Paragraph type="secondary">{t('giftImport.evidenceFirst')}</Typography.Paragraph>
          )}
        </Form>
      }
    />
  );
}
