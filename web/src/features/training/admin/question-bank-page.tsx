// 题库 (training:manage): the network's question bank — counts per syllabus unit × kind, filters (unit, kind, text),
// an edit dialog with the kind's rules (single: one answer; multiple: ≥2 answers of ≥3 options; judge: T/F fixed),
// retiring a question, Excel export, the template, and an all-or-nothing import that lists every bad row.
import {
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  InboxOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Progress,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type QuestionKindValue,
  questionKindValues,
  type UnitCode,
  unitCodeValues,
} from '../../../../../server/src/modules/training/training-exams.schemas';
import type { ImportRowError } from '../../../../../server/src/platform/imports/imports.schemas';
import { isApiError } from '../../../app/api-client';
import { usePaging } from '../../../components/paging';
import { showErrorOnFields } from '../../../components/server-errors';
import {
  importQuestions,
  type QuestionFilter,
  type QuestionView,
  questionExportUrl,
  questionTemplateUrl,
  useQuestions,
  useRetireQuestion,
  useSaveQuestion,
} from '../exams-api';

const letters = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

type Values = {
  unitCode: UnitCode;
  kind: QuestionKindValue;
  stem: string;
  options: string[];
  answer: string[];
  judge: 'T' | 'F';
  explanation: string;
  tags: string[];
};

function QuestionDialog({ question, onClose }: { question: QuestionView | 'new'; onClose: () => void }) {
  const { t } = useTranslation(['trainingExams', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveQuestion();
  const editing = question === 'new' ? null : question;
  const kind = Form.useWatch('kind', form) ?? editing?.kind ?? 'single';
  const options: string[] = Form.useWatch('options', form) ?? [];
  const initial: Values = editing
    ? {
        unitCode: editing.unitCode as UnitCode,
        kind: editing.kind,
        stem: editing.stem,
        options: editing.kind === 'judge' ? ['', '', '', ''] : editing.options.map((o) => o.text),
        answer: editing.kind === 'judge' ? [] : editing.answer,
        judge: (editing.kind === 'judge' ? editing.answer[0] : 'T') as 'T' | 'F',
        explanation: editing.explanation,
        tags: editing.tags,
      }
    : {
        unitCode: 'cpr',
        kind: 'single',
        stem: '',
        options: ['', '', '', ''],
        answer: [],
        judge: 'T',
        explanation: '',
        tags: [],
      };

  const onFinish = (v: Values) => {
    const opts = v.kind === 'judge' ? [] : (v.options ?? []).map((text, i) => ({ key: letters[i], text: text ?? '' }));
    const answer = v.kind === 'judge' ? [v.judge] : (v.answer ?? []);
    save.mutate(
      {
        id: editing?.id,
        input: {
          unitCode: v.unitCode,
          kind: v.kind,
          stem: v.stem,
          options: opts,
          answer,
          explanation: v.explanation ?? '',
          tags: v.tags ?? [],
        },
      },
      {
        onSuccess: () => {
          void message.success(t('bank.saved'));
          onClose();
        },
        onError: (error) => {
          if (isApiError(error) && error.code === 'CONFLICT') {
            form.setFields([{ name: 'stem', errors: [t('bank.duplicate')] }]);
            return;
          }
          if (!showErrorOnFields(form, error)) {
            void message.error(error.message);
          }
        },
      },
    );
  };

  return (
    <Modal
      open
      width={720}
      title={editing ? t('bank.edit') : t('bank.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={onFinish} data-testid="question-form">
        <Space size="large" wrap>
          <Form.Item name="unitCode" label={t('bank.unit')} rules={[{ required: true }]}>
            <Select
              style={{ width: 200 }}
              options={unitCodeValues.map((u) => ({ value: u, label: t(`units.${u}`) }))}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('bank.kind')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={questionKindValues.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
              onChange={() => form.setFieldValue('answer', [])}
            />
          </Form.Item>
        </Space>
        <Form.Item name="stem" label={t('bank.stem')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
        </Form.Item>
        {kind === 'judge' ? (
          <Form.Item name="judge" label={t('bank.answer')} extra={t('bank.judgeFixed')}>
            <Radio.Group
              options={[
                { value: 'T', label: t('exam.judgeT') },
                { value: 'F', label: t('exam.judgeF') },
              ]}
            />
          </Form.Item>
        ) : (
          <>
            <Form.List name="options">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, i) => (
                    <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                      <Tag style={{ width: 28, textAlign: 'center' }}>{letters[i]}</Tag>
                      <Form.Item
                        name={field.name}
                        rules={[{ required: true, whitespace: true }]}
                        style={{ width: 540 }}
                      >
                        <Input maxLength={500} />
                      </Form.Item>
                      {fields.length > (kind === 'multiple' ? 3 : 2) && (
                        <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                      )}
                    </Space>
                  ))}
                  {fields.length < 6 && (
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} style={{ marginBottom: 12 }}>
                      {t('bank.addOption')}
                    </Button>
                  )}
                </>
              )}
            </Form.List>
            <Form.Item
              name="answer"
              label={t('bank.answer')}
              rules={[
                {
                  validator: (_r, v: string[] | undefined) =>
                    (kind === 'single' ? (v ?? []).length === 1 : (v ?? []).length >= 2)
                      ? Promise.resolve()
                      : Promise.reject(new Error(kind === 'single' ? '1' : '≥ 2')),
                },
              ]}
            >
              <Checkbox.Group
                options={options.map((_o, i) => ({ value: letters[i], label: letters[i] }))}
                onChange={(v) => {
                  if (kind === 'single' && v.length > 1) {
                    form.setFieldValue('answer', [v[v.length - 1]]);
                  }
                }}
              />
            </Form.Item>
          </>
        )}
        <Form.Item name="explanation" label={t('bank.explanation')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="tags" label={t('bank.tags')}>
          <Select mode="tags" tokenSeparators={[',', ',']} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ImportDialog({ onClose, onImported }: { onClose: () => void; onImported: () => void }) {
  const { t } = useTranslation('trainingExams');
  const [percent, setPercent] = useState<number | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const [bad, setBad] = useState<{ errors: ImportRowError[]; count: number } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const upload = (file: File) => {
    setPercent(0);
    setBad(null);
    setFailure(null);
    importQuestions(file, setPercent)
      .then((r) => {
        setDone(r.created);
        onImported();
      })
      .catch((error) => {
        if (isApiError(error) && error.code === 'IMPORT_ROWS_INVALID') {
          const errors = (error.details?.errors as ImportRowError[]) ?? [];
          setBad({ errors, count: Number(error.details?.errorCount ?? errors.length) });
        } else {
          setFailure(error.message);
        }
      })
      .finally(() => setPercent(null));
    return false;
  };
  return (
    <Modal open title={t('bank.importTitle')} onCancel={onClose} footer={null} width={760} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('bank.importHint')}</Typography.Paragraph>
      <Typography.Paragraph>
        <a href={questionTemplateUrl()}>
          <DownloadOutlined /> {t('bank.template')}
        </a>
      </Typography.Paragraph>
      {done !== null ? (
        <Alert type="success" showIcon title={t('bank.importDone', { n: done })} data-testid="import-done" />
      ) : (
        <Upload.Dragger accept=".xlsx" showUploadList={false} beforeUpload={upload} disabled={percent !== null}>
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{percent !== null ? t('bank.uploading') : t('bank.choose')}</p>
          {percent !== null && <Progress percent={percent} size="small" style={{ padding: '0 24px' }} />}
        </Upload.Dragger>
      )}
      {failure && <Alert type="error" showIcon title={failure} style={{ marginTop: 12 }} />}
      {bad && (
        <div data-testid="import-errors" style={{ marginTop: 12 }}>
          <Alert type="error" showIcon title={t('bank.importInvalid', { n: bad.count })} style={{ marginBottom: 8 }} />
          <Table<ImportRowError>
            size="small"
            rowKey={(e) => `${e.row}-${e.field}-${e.code}`}
            dataSource={bad.errors}
            pagination={bad.errors.length > 10 ? { pageSize: 10 } : false}
            columns={[
              { title: t('bank.row'), dataIndex: 'row', width: 60 },
              { title: t('bank.column'), dataIndex: 'column', width: 100 },
              { title: t('bank.problem'), dataIndex: 'message' },
            ]}
          />
        </div>
      )}
    </Modal>
  );
}

function Counts({ counts }: { counts: { unitCode: string; kind: string; count: number }[] }) {
  const { t } = useTranslation('trainingExams');
  const of = (u: string, k: string) => counts.find((c) => c.unitCode === u && c.kind === k)?.count ?? 0;
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="unit"
      style={{ marginBottom: 16 }}
      dataSource={[
        ...unitCodeValues.map((u) => ({ unit: u, label: t(`units.${u}`) })),
        { unit: 'total', label: t('bank.all') },
      ]}
      columns={[
        { title: t('bank.unit'), dataIndex: 'label' },
        ...questionKindValues.map((k) => ({
          title: t(`kinds.${k}`),
          key: k,
          align: 'right' as const,
          render: (_: unknown, r: { unit: string }) =>
            r.unit === 'total' ? counts.filter((c) => c.kind === k).reduce((s, c) => s + c.count, 0) : of(r.unit, k),
        })),
      ]}
      data-testid="question-counts"
    />
  );
}

export function QuestionBankPage() {
  const { t } = useTranslation(['trainingExams', 'common']);
  const { message } = App.useApp();
  const { page, pageSize, setPage, pagination } = usePaging(20);
  const [filter, setFilter] = useState<Omit<QuestionFilter, 'page' | 'pageSize'>>({});
  const list = useQuestions({ ...filter, page, pageSize });
  const retire = useRetireQuestion();
  const [editing, setEditing] = useState<QuestionView | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const set = (patch: Partial<typeof filter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  return (
    <Card
      title={t('bank.title')}
      data-testid="question-bank"
      extra={
        <Space>
          <a href={questionExportUrl()}>
            <Button icon={<DownloadOutlined />}>{t('bank.export')}</Button>
          </a>
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="question-import">
            {t('bank.import')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="question-add">
            {t('bank.add')}
          </Button>
        </Space>
      }
    >
      {list.data && <Counts counts={list.data.counts} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('bank.unit')}
          style={{ width: 180 }}
          value={filter.unitCode}
          onChange={(v) => set({ unitCode: v })}
          options={unitCodeValues.map((u) => ({ value: u, label: t(`units.${u}`) }))}
        />
        <Select
          allowClear
          placeholder={t('bank.kind')}
          style={{ width: 120 }}
          value={filter.kind}
          onChange={(v) => set({ kind: v })}
          options={questionKindValues.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        />
        <Input.Search allowClear placeholder={t('bank.search')} style={{ width: 280 }} onSearch={(q) => set({ q })} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<QuestionView>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={pagination(list.data?.total ?? 0)}
        data-testid="question-table"
        expandable={{
          expandedRowRender: (q) => (
            <div>
              {q.kind !== 'judge' &&
                q.options.map((o) => (
                  <div key={o.key} style={{ color: q.answer.includes(o.key) ? '#389e0d' : undefined }}>
                    {o.key}. {o.text}
                  </div>
                ))}
              {q.explanation && (
                <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                  {t('bank.explanation')}: {q.explanation}
                </Typography.Paragraph>
              )}
            </div>
          ),
        }}
        columns={[
          {
            title: t('bank.unit'),
            dataIndex: 'unitCode',
            width: 140,
            render: (u: string) => t(`units.${u}`, { defaultValue: u }),
          },
          {
            title: t('bank.kind'),
            dataIndex: 'kind',
            width: 80,
            render: (k: QuestionKindValue) => <Tag>{t(`kinds.${k}`)}</Tag>,
          },
          { title: t('bank.stem'), dataIndex: 'stem' },
          {
            title: t('bank.answer'),
            dataIndex: 'answer',
            width: 80,
            render: (a: string[], q) =>
              q.kind === 'judge' ? (a[0] === 'T' ? t('exam.judgeT') : t('exam.judgeF')) : a.join(''),
          },
          {
            title: t('bank.tags'),
            dataIndex: 'tags',
            width: 140,
            render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>),
          },
          {
            key: 'actions',
            width: 140,
            render: (_: unknown, q) => (
              <Space>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(q)} />
                <Popconfirm
                  title={t('bank.retireConfirm')}
                  onConfirm={() =>
                    retire.mutateAsync(q.id).then(
                      () => message.success(t('bank.retired')),
                      (e: Error) => message.error(e.message),
                    )
                  }
                >
                  <Button size="small" danger>
                    {t('bank.retire')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing && <QuestionDialog question={editing} onClose={() => setEditing(null)} />}
      {importing && <ImportDialog onClose={() => setImporting(false)} onImported={() => void list.refetch()} />}
    </Card>
  );
}
