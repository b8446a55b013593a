// 手工指标填报: monthly figures of indicators no module records yet (activities kept on paper), each with an evidence
// note and an optional evidence file; a correction replaces a figure with a reason (the old one stays, voided), and a
// figure can be voided with a reason. Every figure here is tagged 手工填报, as it is on the cockpit.
import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { hasPermission, useMe, useScope } from '../../../app/session';
import { EvidenceUpload } from '../../../components/evidence-upload';
import { OrgPicker } from '../../../components/org-picker';
import { chinaYear, formatDateTime } from '../../../lib/china-time';
import {
  type ManualFigureView,
  type ManualIndicator,
  useManualFigures,
  useRecordManualFigure,
  useVoidManualFigure,
} from './api';

type EntryForm = {
  orgId: number;
  indicator: string;
  month: dayjs.Dayjs;
  value: number;
  evidenceNote: string;
  evidenceFileId?: string;
  replace?: boolean;
  reason?: string;
};

function EntryDialog({
  orgId,
  indicators,
  latestMonth,
  onClose,
}: {
  orgId: number;
  indicators: ManualIndicator[];
  latestMonth: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation('kpiTargets');
  const { message } = App.useApp();
  const [form] = Form.useForm<EntryForm>();
  const record = useRecordManualFigure();
  const [error, setError] = useState<string | null>(null);
  const replace = Form.useWatch('replace', form);
  const en = i18n.language.startsWith('en');
  const latest = dayjs(`${latestMonth}-01`);

  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await record.mutateAsync({
        orgId: v.orgId,
        indicator: v.indicator,
        month: v.month.format('YYYY-MM'),
        value: v.value,
        evidenceNote: v.evidenceNote,
        evidenceFileId: v.evidenceFileId ?? null,
        replace: v.replace || undefined,
        reason: v.replace ? v.reason : undefined,
      });
      message.success(t('recorded'));
      onClose();
    } catch (e) {
      if (isApiError(e) && e.code === 'KPI_MANUAL_FIGURE_EXISTS') {
        setError(t('exists', { value: String(e.details?.value ?? '') }));
        form.setFieldValue('replace', true);
      } else {
        setError(isApiError(e) ? e.message : String(e));
      }
    }
  };

  return (
    <Modal
      open
      title={t('enterFigure')}
      onCancel={onClose}
      onOk={submit}
      okButtonProps={{ loading: record.isPending }}
      destroyOnHidden
    >
      <Form<EntryForm>
        form={form}
        layout="vertical"
        initialValues={{ orgId, indicator: indicators[0]?.code, month: latest }}
      >
        <Form.Item name="orgId" label={t('unit')} rules={[{ required: true }]}>
          <OrgPicker />
        </Form.Item>
        <Form.Item name="indicator" label={t('indicator')} rules={[{ required: true }]}>
          <Select
            options={indicators.map((i) => ({
              value: i.code,
              label: `${en ? i.nameEn : i.nameZh}(${en ? i.unitEn : i.unitZh})`,
            }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="month" label={t('monthField')} rules={[{ required: true }]}>
            <DatePicker picker="month" disabledDate={(d) => d.isAfter(latest, 'month')} allowClear={false} />
          </Form.Item>
          <Form.Item name="value" label={t('value')} rules={[{ required: true }]}>
            <InputNumber min={0} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item name="evidenceNote" label={t('evidenceNote')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={2} maxLength={1000} placeholder={t('evidenceNoteHint')} />
        </Form.Item>
        <Form.Item name="evidenceFileId" label={t('evidenceFile')}>
          <EvidenceUpload />
        </Form.Item>
        <Form.Item name="replace" valuePropName="checked">
          <Checkbox>{t('replace')}</Checkbox>
        </Form.Item>
        {replace && (
          <Form.Item name="reason" label={t('replaceReason')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={500} />
          </Form.Item>
        )}
        {error && <Alert type="warning" showIcon message={error} />}
      </Form>
    </Modal>
  );
}

export function ManualFiguresPage() {
  const { t, i18n } = useTranslation('kpiTargets');
  const { message, modal } = App.useApp();
  const me = useMe();
  const { unitId } = useScope();
  // A link may name the unit (?orgId=…), e.g. from the targets page or the cockpit.
  const [params] = useSearchParams();
  const [orgId, setOrgId] = useState<number | undefined>(Number(params.get('orgId')) || undefined);
  const [year, setYear] = useState(chinaYear());
  const [indicator, setIndicator] = useState<string | undefined>(undefined);
  const [includeVoid, setIncludeVoid] = useState(false);
  const [entering, setEntering] = useState(false);
  const unit = orgId ?? unitId ?? undefined;
  const list = useManualFigures({ orgId: unit, year, indicator, includeVoid });
  const voidFigure = useVoidManualFigure();
  const canEnter = hasPermission(me.data, 'kpi:enter');
  const en = i18n.language.startsWith('en');
  const indicators = list.data?.indicators ?? [];
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const lang = en ? 'en' : 'zh-CN';

  const onVoid = (f: ManualFigureView) => {
    let reason = '';
    modal.confirm({
      title: `${t('voidAction')} · ${f.orgName} · ${f.month}`,
      content: <Input placeholder={t('voidReason')} onChange={(e) => (reason = e.target.value)} />,
      onOk: async () => {
        try {
          await voidFigure.mutateAsync({ id: f.id, reason });
          message.success(t('voidDone'));
        } catch (e) {
          message.error(isApiError(e) ? e.message : String(e));
          throw e;
        }
      },
    });
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('manualTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('manualIntro')}</Typography.Paragraph>
        <Space wrap>
          <OrgPicker value={unit ?? null} onChange={(id) => id && setOrgId(id)} style={{ width: 240 }} />
          <Select
            value={year}
            onChange={setYear}
            options={[chinaYear() - 1, chinaYear()].map((y) => ({ value: y, label: String(y) }))}
            style={{ width: 100 }}
          />
          <Select
            allowClear
            placeholder={t('allIndicators')}
            value={indicator}
            onChange={setIndicator}
            options={indicators.map((i) => ({ value: i.code, label: en ? i.nameEn : i.nameZh }))}
            style={{ width: 200 }}
          />
          <Checkbox checked={includeVoid} onChange={(e) => setIncludeVoid(e.target.checked)}>
            {t('showVoid')}
          </Checkbox>
          {canEnter && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={indicators.length === 0 || !unit}
              onClick={() => setEntering(true)}
            >
              {t('enterFigure')}
            </Button>
          )}
        </Space>
        {list.data && indicators.length === 0 && (
          <Alert style={{ marginTop: 12 }} type="info" showIcon message={t('noManualIndicators')} />
        )}
      </Card>
      <Card size="small">
        <Table<ManualFigureView>
          rowKey="id"
          size="middle"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 960 }}
          columns={[
            { title: t('monthField'), dataIndex: 'month', width: 90 },
            { title: t('unit'), dataIndex: 'orgName', width: 150 },
            {
              title: t('indicator'),
              width: 200,
              render: (_, f) => {
                const i = byCode.get(f.indicator);
                return (
                  <Space size={4} wrap>
                    <span>{i ? (en ? i.nameEn : i.nameZh) : f.indicator}</span>
                    <Tag color="purple">{t('manual')}</Tag>
                  </Space>
                );
              },
            },
            {
              title: t('value'),
              width: 110,
              align: 'right',
              render: (_, f) => {
                const i = byCode.get(f.indicator);
                return (
                  <span style={{ textDecoration: f.isVoid ? 'line-through' : undefined }}>
                    {f.value.toLocaleString(lang)} {i ? (en ? i.unitEn : i.unitZh) : ''}
                  </span>
                );
              },
            },
            {
              title: t('evidence'),
              render: (_, f) => (
                <Space orientation="vertical" size={0}>
                  <span>{f.evidenceNote}</span>
                  {f.evidenceFileId && (
                    <a href={`/api/files/${f.evidenceFileId}`} target="_blank" rel="noreferrer">
                      {t('viewFile')}
                    </a>
                  )}
                </Space>
              ),
            },
            {
              title: t('enteredBy'),
              width: 160,
              render: (_, f) => (
                <span>
                  {f.enteredBy}
                  <br />
                  <Typography.Text type="secondary">{formatDateTime(f.enteredAt, lang)}</Typography.Text>
                </span>
              ),
            },
            {
              title: t('status'),
              width: 160,
              render: (_, f) =>
                f.isVoid ? (
                  <Space orientation="vertical" size={0}>
                    <Tag color={f.replacedById ? 'orange' : 'default'}>
                      {f.replacedById ? t('replacedBy') : t('voided')}
                    </Tag>
                    {f.voidReason && <Typography.Text type="secondary">{f.voidReason}</Typography.Text>}
                  </Space>
                ) : canEnter ? (
                  <Button size="small" danger onClick={() => onVoid(f)}>
                    {t('voidAction')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      {entering && unit && list.data && (
        <EntryDialog
          orgId={unit}
          indicators={indicators}
          latestMonth={list.data.latestMonth}
          onClose={() => setEntering(false)}
        />
      )}
    </Space>
  );
}
