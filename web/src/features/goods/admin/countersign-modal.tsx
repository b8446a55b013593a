// 复核入库: the second person counts the goods again without seeing the recorded quantity, product code or expiry, and
// confirms (the lot enters stock and the public ledger) or rejects with a reason. The server has the last word: its
// refusals are shown as they come (the recorder countersigning their own lot, a count that differs from the record).
import { Alert, App, Button, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, isApiError } from '../../../app/api-client';
import { useMe } from '../../../app/session';
import { validValues } from '../../../components/valid-values';
import { formatDateTime } from '../../../lib/china-time';
import { type LotRow, type LotView, useCountersignLot } from '../api';

type Values = { countedQuantity?: number; productCode?: string; expiresOn?: Dayjs | null; note?: string };
type Mismatch = { field: 'countedQuantity' | 'productCode' | 'expiresOn'; recorded: unknown; counted: unknown };

type Props = { lot: LotRow | null; onClose: () => void; onDone: (lot: LotView) => void };

export function CountersignModal({ lot, ...props }: Props) {
  return lot ? <CountersignDialog lot={lot} {...props} /> : null;
}

function MismatchList({ error }: { error: ApiError }) {
  const { t } = useTranslation('goods');
  const mismatches = (error.details?.mismatches as Mismatch[] | undefined) ?? [];
  const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));
  return (
    <ul className="goods-mismatch" data-testid="countersign-mismatches">
      {mismatches.map((m) => (
        <li key={m.field}>
          <strong>{t(`countersign.mismatch.${m.field}`)}</strong>:{' '}
          {t('countersign.recordedValue', { value: show(m.recorded) })}
          {' · '}
          {t('countersign.countedValue', { value: show(m.counted) })}
        </li>
      ))}
    </ul>
  );
}

function CountersignDialog({ lot, onClose, onDone }: { lot: LotRow } & Omit<Props, 'lot'>) {
  const { t, i18n } = useTranslation(['goods', 'common']);
  const { message } = App.useApp();
  const { data: me } = useMe();
  const [form] = Form.useForm<Values>();
  const countersign = useCountersignLot();
  const [error, setError] = useState<ApiError | string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const isOwn = !!me?.userId && lot.recordedBy === me.userId;

  const run = async (input: Parameters<typeof countersign.mutateAsync>[0]['input']) => {
    setError(null);
    try {
      const after = await countersign.mutateAsync({ id: lot.id, input });
      message.success(
        t(after.status === 'received' ? 'countersign.confirmed' : 'countersign.rejectedDone', { no: after.lotNo }),
      );
      onDone(after);
    } catch (e) {
      setError(isApiError(e) ? e : String(e));
    }
  };

  const confirm = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    await run({
      decision: 'confirm',
      countedQuantity: v.countedQuantity!,
      productCode: v.productCode!.trim(),
      expiresOn: v.expiresOn ? v.expiresOn.format('YYYY-MM-DD') : null,
      note: v.note?.trim() || undefined,
    });
  };

  const reject = async () => {
    const note = String(form.getFieldValue('note') ?? '').trim();
    if (note.length < 2) {
      form.setFields([{ name: 'note', errors: [t('countersign.rejectNoteRequired')] }]);
      setRejecting(true);
      return;
    }
    await run({ decision: 'reject', note });
  };

  return (
    <Modal
      open
      width={640}
      title={t('countersign.title')}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button danger onClick={reject} loading={countersign.isPending && rejecting} data-testid="countersign-reject">
            {t('countersign.reject')}
          </Button>
          <Button
            type="primary"
            onClick={confirm}
            loading={countersign.isPending && !rejecting}
            data-testid="countersign-confirm"
          >
            {t('countersign.confirm')}
          </Button>
        </Space>
      }
    >
      {isOwn && <Alert type="warning" showIcon title={t('countersign.ownRecord')} style={{ marginBottom: 12 }} />}
      <Descriptions
        size="small"
        column={2}
        bordered
        title={t('countersign.recorded')}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'no', label: t('lots.lotNo'), children: <span className="goods-mono">{lot.lotNo}</span>, span: 2 },
          { key: 'donor', label: t('lots.donor'), children: lot.donorName ?? lot.displayName, span: 2 },
          { key: 'item', label: t('lots.item'), children: `${lot.itemName} · ${lot.spec}`, span: 2 },
          { key: 'wh', label: t('intake.warehouse'), children: lot.warehouseName },
          { key: 'at', label: t('lots.receivedAt'), children: formatDateTime(lot.receivedAt, i18n.language) },
        ]}
      />
      <Alert type="info" showIcon title={t('countersign.intro')} style={{ marginBottom: 12 }} />
      <Form<Values> form={form} layout="vertical" requiredMark="optional" data-testid="countersign-form">
        <Space.Compact block>
          <Form.Item
            name="countedQuantity"
            label={`${t('countersign.countedQuantity')} (${lot.unit})`}
            rules={[{ required: true, message: t('intake.required') }]}
            style={{ flex: 1, marginInlineEnd: 12 }}
          >
            <InputNumber<number>
              min={1}
              max={100_000_000}
              precision={0}
              style={{ width: '100%' }}
              data-testid="countersign-quantity"
            />
          </Form.Item>
          <Form.Item
            name="productCode"
            label={t('countersign.productCode')}
            rules={[{ required: true, whitespace: true, max: 40, message: t('intake.required') }]}
            style={{ flex: 1, marginInlineEnd: 12 }}
          >
            <Input maxLength={40} data-testid="countersign-code" />
          </Form.Item>
          <Form.Item
            name="expiresOn"
            label={t('countersign.expiresOn')}
            extra={t('countersign.noExpiry')}
            style={{ flex: 1 }}
          >
            <DatePicker style={{ width: '100%' }} data-testid="countersign-expires" />
          </Form.Item>
        </Space.Compact>
        <Form.Item
          name="note"
          label={rejecting ? t('countersign.rejectNote') : t('countersign.note')}
          rules={[{ max: 200 }]}
        >
          <Input.TextArea rows={2} maxLength={200} data-testid="countersign-note" />
        </Form.Item>
      </Form>
      {error && (
        <Alert
          type="error"
          showIcon
          data-testid="countersign-error"
          title={typeof error === 'string' ? error : error.message}
          description={
            typeof error !== 'string' && error.code === 'GOODS_COUNT_MISMATCH' ? (
              <MismatchList error={error} />
            ) : undefined
          }
        />
      )}
    </Modal>
  );
}
