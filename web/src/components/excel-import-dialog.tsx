// An all-or-nothing Excel import: upload with a progress bar, then poll the import's progress; a refused file lists
// every bad row by row number, column header and message (in the caller's language, as the server wrote them).
import { InboxOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Modal, Progress, Result, Table, Typography, Upload } from 'antd';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportRowError, ImportView } from '../../../server/src/platform/imports/imports.schemas';
import { apiFetch, isApiError } from '../app/api-client';

type Stage =
  | { kind: 'choose' }
  | { kind: 'uploading'; percent: number; fileName: string }
  | { kind: 'importing'; importId: string }
  | { kind: 'invalid'; errors: ImportRowError[]; errorCount: number; message: string }
  | { kind: 'error'; message: string };

type Props = {
  title: string;
  /** The success line, e.g. "12 units created". */
  doneTitle: (count: number) => string;
  /** Uploads the file (reporting 0–100) and resolves with the started import. */
  upload: (file: File, onProgress: (percent: number) => void) => Promise<ImportView>;
  /** The API path of an import's progress, polled until it is done or failed. */
  importPath: (id: string) => string;
  onClose: () => void;
  onImported: () => void;
  /** Shown above the file drop while choosing (e.g. the template link, an evidence upload). */
  before?: ReactNode;
  /** False keeps the file drop disabled (e.g. until the evidence is uploaded). */
  canChoose?: boolean;
};

export function ExcelImportDialog({
  title,
  doneTitle,
  upload,
  importPath,
  onClose,
  onImported,
  before,
  canChoose = true,
}: Props) {
  const { t } = useTranslation('common');
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const importId = stage.kind === 'importing' ? stage.importId : null;
  const job = useQuery({
    queryKey: ['excel-import', importId],
    queryFn: () => apiFetch<ImportView>(importPath(importId!)),
    enabled: importId !== null,
    refetchInterval: (query) => {
      const polled = query.state.data?.status;
      return polled === 'done' || polled === 'failed' ? false : 500;
    },
  });
  const status = job.data?.status;

  // Once per finished import, whatever the identity of the callback.
  const notified = useRef<string | null>(null);
  useEffect(() => {
    if (status === 'done' && importId !== null && notified.current !== importId) {
      notified.current = importId;
      onImported();
    }
  }, [status, importId, onImported]);

  const start = async (file: File) => {
    setStage({ kind: 'uploading', percent: 0, fileName: file.name });
    try {
      const view = await upload(file, (percent) => setStage({ kind: 'uploading', percent, fileName: file.name }));
      setStage({ kind: 'importing', importId: view.id });
    } catch (e) {
      if (isApiError(e) && e.code === 'IMPORT_ROWS_INVALID') {
        const errors = (e.details?.errors as ImportRowError[] | undefined) ?? [];
        const errorCount = typeof e.details?.errorCount === 'number' ? e.details.errorCount : errors.length;
        setStage({ kind: 'invalid', errors, errorCount, message: e.message });
      } else {
        setStage({ kind: 'error', message: isApiError(e) ? e.message : String(e) });
      }
    }
  };

  const again = (
    <Button onClick={() => setStage({ kind: 'choose' })} data-testid="import-again">
      {t('excelImport.again')}
    </Button>
  );

  let body: ReactNode;
  if (stage.kind === 'choose') {
    body = (
      <div>
        {before}
        <Upload.Dragger
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          showUploadList={false}
          maxCount={1}
          disabled={!canChoose}
          beforeUpload={(file) => {
            void start(file);
            return false;
          }}
          data-testid="import-drop"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('excelImport.drop')}</p>
          <p className="ant-upload-hint">{t('excelImport.dropHint')}</p>
        </Upload.Dragger>
      </div>
    );
  } else if (stage.kind === 'uploading') {
    body = (
      <div>
        <Typography.Text>
          {t('excelImport.uploading')} · {stage.fileName}
        </Typography.Text>
        <Progress percent={stage.percent} status="active" data-testid="upload-progress" />
      </div>
    );
  } else if (stage.kind === 'importing') {
    const view = job.data;
    const percent = view && view.totalRows > 0 ? Math.round((view.processedRows / view.totalRows) * 100) : 0;
    if (view?.status === 'done') {
      body = <Result status="success" title={doneTitle(view.createdCount)} data-testid="import-done" />;
    } else if (view?.status === 'failed') {
      body = <Result status="error" title={t('excelImport.failed')} subTitle={view.errors[0]?.message} extra={again} />;
    } else {
      body = (
        <div>
          <Typography.Text>
            {t('excelImport.importing')} {view ? `${view.processedRows} / ${view.totalRows}` : ''}
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
          description={t('excelImport.invalidTitle', { count: stage.errorCount })}
          style={{ marginBottom: 12 }}
        />
        <Table<ImportRowError>
          size="small"
          rowKey={(r) => `${r.row}-${r.field ?? ''}-${r.code}`}
          dataSource={stage.errors}
          pagination={stage.errors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          scroll={{ x: 480 }}
          columns={[
            { title: t('excelImport.row'), dataIndex: 'row', width: 72 },
            {
              title: t('excelImport.field'),
              dataIndex: 'column',
              width: 140,
              render: (c: string | undefined, r: ImportRowError) => c ?? r.field ?? '',
            },
            { title: t('excelImport.message'), dataIndex: 'message' },
          ]}
          data-testid="import-errors"
        />
        <div style={{ marginTop: 12 }}>{again}</div>
      </div>
    );
  } else {
    body = <Result status="error" title={t('excelImport.failed')} subTitle={stage.message} extra={again} />;
  }

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('actions.close')}</Button>}
      width={720}
      mask={{ closable: stage.kind !== 'uploading' }}
      destroyOnHidden
    >
      {body}
    </Modal>
  );
}
