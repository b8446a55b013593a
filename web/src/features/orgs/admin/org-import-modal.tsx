// Excel import of units: upload with a progress bar, then poll the import's progress; a refused file lists every bad row.
import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Progress, Result, Table, Typography, Upload } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { uploadOrgImport, useOrgImport } from '../api';

type RowError = { row: number; field?: string; column?: string; code: string; message: string };
type Stage =
  | { kind: 'choose' }
  | { kind: 'uploading'; percent: number; fileName: string }
  | { kind: 'importing'; importId: string }
  | { kind: 'invalid'; errors: RowError[]; errorCount: number; message: string }
  | { kind: 'error'; message: string };

export function OrgImportModal({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  return open ? <OrgImportDialog onClose={onClose} onImported={onImported} /> : null;
}

function OrgImportDialog({ onClose, onImported }: { onClose: () => void; onImported: () => void }) {
  const { t } = useTranslation(['orgs', 'common']);
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const job = useOrgImport(stage.kind === 'importing' ? stage.importId : null);
  const status = job.data?.status;

  useEffect(() => {
    if (status === 'done') {
      onImported();
    }
  }, [status, onImported]);

  const start = async (file: File) => {
    setStage({ kind: 'uploading', percent: 0, fileName: file.name });
    try {
      const view = await uploadOrgImport(file, (percent) =>
        setStage({ kind: 'uploading', percent, fileName: file.name }),
      );
      setStage({ kind: 'importing', importId: view.id });
    } catch (e) {
      if (isApiError(e) && e.code === 'IMPORT_ROWS_INVALID') {
        const errors = (e.details?.errors as RowError[] | undefined) ?? [];
        const errorCount = typeof e.details?.errorCount === 'number' ? e.details.errorCount : errors.length;
        setStage({ kind: 'invalid', errors, errorCount, message: e.message });
      } else {
        setStage({ kind: 'error', message: isApiError(e) ? e.message : String(e) });
      }
    }
  };

  const again = (
    <Button onClick={() => setStage({ kind: 'choose' })} data-testid="import-again">
      {t('import.again')}
    </Button>
  );

  let body: ReactNode;
  if (stage.kind === 'choose') {
    body = (
      <Upload.Dragger
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        showUploadList={false}
        maxCount={1}
        beforeUpload={(file) => {
          void start(file);
          return false;
        }}
        data-testid="import-drop"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.drop')}</p>
        <p className="ant-upload-hint">{t('import.dropHint')}</p>
      </Upload.Dragger>
    );
  } else if (stage.kind === 'uploading') {
    body = (
      <div>
        <Typography.Text>
          {t('import.uploading')} · {stage.fileName}
        </Typography.Text>
        <Progress percent={stage.percent} status="active" data-testid="upload-progress" />
      </div>
    );
  } else if (stage.kind === 'importing') {
    const view = job.data;
    const percent = view && view.totalRows > 0 ? Math.round((view.processedRows / view.totalRows) * 100) : 0;
    if (view?.status === 'done') {
      body = (
        <Result status="success" title={t('import.done', { count: view.createdCount })} data-testid="import-done" />
      );
    } else if (view?.status === 'failed') {
      body = <Result status="error" title={t('import.failed')} subTitle={view.errors[0]?.message} extra={again} />;
    } else {
      body = (
        <div>
          <Typography.Text>
            {t('import.importing')} {view ? `${view.processedRows} / ${view.totalRows}` : ''}
          </Typography.Text>
          <Progress percent={percent} status="active" data-testid="import-progress" />
        </div>
      );
    }
  } else if (stage.kind === 'invalid') {
    body = (
      <div>
        <Alert
          type="error"
          showIcon
          title={stage.message}
          description={t('import.invalidTitle', { count: stage.errorCount })}
          style={{ marginBottom: 12 }}
        />
        <Table<RowError>
          size="small"
          rowKey={(r) => `${r.row}-${r.field ?? ''}-${r.code}`}
          dataSource={stage.errors}
          pagination={stage.errors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          scroll={{ x: 480 }}
          columns={[
            { title: t('import.row'), dataIndex: 'row', width: 72 },
            {
              title: t('import.field'),
              dataIndex: 'column',
              width: 120,
              render: (c: string | undefined, r: RowError) => c ?? r.field ?? '',
            },
            { title: t('import.message'), dataIndex: 'message' },
          ]}
          data-testid="import-errors"
        />
        <div style={{ marginTop: 12 }}>{again}</div>
      </div>
    );
  } else {
    body = <Result status="error" title={t('import.failed')} subTitle={stage.message} extra={again} />;
  }

  return (
    <Modal
      open
      title={t('import.title')}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('common:actions.close')}</Button>}
      width={720}
      mask={{ closable: stage.kind !== 'uploading' }}
      destroyOnHidden
    >
      {body}
    </Modal>
  );
}
