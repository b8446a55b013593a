// Moving goods out of a warehouse: a transfer to another warehouse, a distribution to a unit, an organisation or a
// person with the receipt they signed, or a write-off request (a second person approves it). Opened on a stock line
// (lot × warehouse) or with a picker of the stock lines in scope. Too large a quantity is refused by the server
// (GOODS_OUT_OF_STOCK): the message and what the warehouse holds are shown on the quantity field.
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recipientKindValues, writeOffReasonValues } from '../../../../../server/src/modules/goods/goods.schemas';
import { isApiError } from '../../../app/api-client';
import { EvidenceUpload } from '../../../components/evidence-upload';
import { OrgPicker } from '../../../components/org-picker';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { toChinaIso } from '../../../lib/china-time';
import { useDistribute, useRequestWriteOff, useStock, useTransfer, useWarehouses } from '../api';

export type MoveAction = 'transfer' | 'distribute' | 'writeOff';

/** One lot in one warehouse: where units leave from. */
export type StockLine = {
  lotId: string;
  lotNo: string;
  itemName: string;
  productCode: string;
  unit: string;
  warehouseId: number;
  warehouseName: string;
  orgId: number;
  quantity: number;
};

type RecipientKind = (typeof recipientKindValues)[number];
type Reason = (typeof writeOffReasonValues)[number];

type Values = {
  line?: string;
  quantity?: number;
  toWarehouseId?: number;
  note?: string;
  recipientKind: RecipientKind;
  recipientOrgId?: number;
  recipientName?: string;
  purpose?: string;
  receiptFileId?: string;
  distributedAt?: Dayjs | null;
  reason: Reason;
  evidenceFileId?: string;
};

type Props = { action: MoveAction | null; line?: StockLine; orgId?: number; onClose: () => void };

export function MovementModal({ action, ...props }: Props) {
  return action ? <MovementDialog action={action} {...props} /> : null;
}

const lineKey = (l: { lotId: string; warehouseId: number }) => `${l.lotId}:${l.warehouseId}`;

function MovementDialog({ action, line: given, orgId, onClose }: { action: MoveAction } & Omit<Props, 'action'>) {
  const { t } = useTranslation(['goods', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const stock = useStock({ orgId, page: 1, pageSize: 100 });
  const transfer = useTransfer();
  const distribute = useDistribute();
  const writeOff = useRequestWriteOff();
  const chosenKey = Form.useWatch('line', form) as string | undefined;
  const recipientKind = (Form.useWatch('recipientKind', form) ?? 'unit') as RecipientKind;
  const lines: StockLine[] = stock.data?.items ?? [];
  const line = given ?? lines.find((l) => lineKey(l) === chosenKey);
  const warehouses = useWarehouses(undefined);
  const pending = transfer.isPending || distribute.isPending || writeOff.isPending;
  const title =
    action === 'transfer'
      ? 'move.transferTitle'
      : action === 'distribute'
        ? 'move.distributeTitle'
        : 'move.writeOffTitle';

  const submit = async () => {
    const v = await validValues(form);
    if (!v || !line) {
      return;
    }
    setError(null);
    const quantity = v.quantity!;
    try {
      if (action === 'transfer') {
        await transfer.mutateAsync({
          lotId: line.lotId,
          fromWarehouseId: line.warehouseId,
          toWarehouseId: v.toWarehouseId!,
          quantity,
          note: v.note?.trim() || undefined,
        });
        message.success(t('move.transferred', { quantity, unit: line.unit }));
      } else if (action === 'distribute') {
        const m = await distribute.mutateAsync({
          lotId: line.lotId,
          warehouseId: line.warehouseId,
          quantity,
          recipientKind: v.recipientKind,
          recipientOrgId: v.recipientKind === 'unit' ? v.recipientOrgId : undefined,
          recipientName: v.recipientKind === 'unit' ? undefined : v.recipientName?.trim(),
          purpose: v.purpose!.trim(),
          receiptFileId: v.receiptFileId!,
          distributedAt: v.distributedAt ? toChinaIso(v.distributedAt) : undefined,
        });
        message.success(t('move.distributed', { quantity, unit: line.unit, no: m.movementNo }));
      } else {
        await writeOff.mutateAsync({
          lotId: line.lotId,
          warehouseId: line.warehouseId,
          quantity,
          reason: v.reason,
          note: v.note!.trim(),
          evidenceFileId: v.evidenceFileId,
        });
        message.success(t('move.writeOffRequested'));
      }
      onClose();
    } catch (e) {
      if (isApiError(e) && e.code === 'GOODS_OUT_OF_STOCK') {
        const d = e.details as { available?: number; unit?: string } | undefined;
        form.setFields([
          {
            name: 'quantity',
            errors: [
              `${e.message} · ${t('move.outOfStock', { available: d?.available ?? 0, unit: d?.unit ?? line.unit })}`,
            ],
          },
        ]);
        return;
      }
      if (!showErrorOnFields(form, e)) {
        setError(isApiError(e) ? e.message : String(e));
      }
    }
  };

  return (
    <Modal
      open
      width={600}
      title={t(title, { item: line ? `${line.itemName} ${line.productCode}` : '' })}
      onCancel={onClose}
      onOk={submit}
      okText={t('move.submit')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={pending}
      okButtonProps={{ 'data-testid': 'move-submit', disabled: !line }}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={{ recipientKind: 'unit', reason: 'expired' }}
        data-testid="move-form"
      >
        {given ? (
          <Alert
            type="info"
            style={{ marginBottom: 12 }}
            title={t('move.lineLabel', {
              lotNo: given.lotNo,
              item: given.itemName,
              code: given.productCode,
              warehouse: given.warehouseName,
              quantity: given.quantity,
              unit: given.unit,
            })}
          />
        ) : (
          <Form.Item
            name="line"
            label={t('move.chooseLine')}
            rules={[{ required: true, message: t('intake.required') }]}
          >
            <Select<string>
              showSearch={{ optionFilterProp: 'label' }}
              loading={stock.isLoading}
              placeholder={t('move.chooseLinePlaceholder')}
              options={lines.map((l) => ({
                value: lineKey(l),
                label: t('move.lineLabel', {
                  lotNo: l.lotNo,
                  item: l.itemName,
                  code: l.productCode,
                  warehouse: l.warehouseName,
                  quantity: l.quantity,
                  unit: l.unit,
                }),
              }))}
              popupMatchSelectWidth={false}
              data-testid="move-line"
            />
          </Form.Item>
        )}
        {action === 'transfer' && (
          <Form.Item
            name="toWarehouseId"
            label={t('move.to')}
            rules={[{ required: true, message: t('intake.required') }]}
          >
            <Select<number>
              options={(warehouses.data ?? [])
                .filter((w) => w.id !== line?.warehouseId)
                .map((w) => ({ value: w.id, label: `${w.name} · ${w.orgName}` }))}
              popupMatchSelectWidth={false}
              data-testid="move-to"
            />
          </Form.Item>
        )}
        {action === 'distribute' && (
          <>
            <Form.Item name="recipientKind" label={t('move.recipientKind')} required>
              <Radio.Group
                optionType="button"
                options={recipientKindValues.map((k) => ({ value: k, label: t(`recipientKinds.${k}`) }))}
                data-testid="move-recipient-kind"
              />
            </Form.Item>
            {recipientKind === 'unit' ? (
              <Form.Item
                name="recipientOrgId"
                label={t('move.recipientOrg')}
                rules={[{ required: true, message: t('intake.required') }]}
              >
                <OrgPicker />
              </Form.Item>
            ) : (
              <Form.Item
                name="recipientName"
                label={recipientKind === 'person' ? t('move.recipientPerson') : t('move.recipientName')}
                extra={recipientKind === 'person' ? t('move.personHint') : undefined}
                rules={[{ required: true, whitespace: true, max: 100, message: t('intake.required') }]}
              >
                <Input maxLength={100} data-testid="move-recipient-name" />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item
          name="quantity"
          label={
            line
              ? `${t('move.quantity')} (${t('move.available', { quantity: line.quantity, unit: line.unit })})`
              : t('move.quantity')
          }
          rules={[{ required: true, message: t('intake.required') }]}
        >
          <InputNumber<number>
            min={1}
            max={100_000_000}
            precision={0}
            style={{ width: 200 }}
            suffix={line?.unit}
            data-testid="move-quantity"
          />
        </Form.Item>
        {action === 'distribute' && (
          <>
            <Form.Item
              name="purpose"
              label={t('move.purpose')}
              rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('intake.required') }]}
            >
              <Input maxLength={200} placeholder={t('move.purposePlaceholder')} data-testid="move-purpose" />
            </Form.Item>
            <Form.Item
              name="receiptFileId"
              label={t('move.receipt')}
              rules={[{ required: true, message: t('move.receiptRequired') }]}
            >
              <EvidenceUpload hint={t('move.receiptHint')} data-testid="move-receipt" />
            </Form.Item>
            <Form.Item name="distributedAt" label={t('move.distributedAt')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
          </>
        )}
        {action === 'writeOff' && (
          <>
            <Form.Item name="reason" label={t('move.reason')} required>
              <Radio.Group
                optionType="button"
                options={writeOffReasonValues.map((r) => ({ value: r, label: t(`reasons.${r}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="note"
              label={t('move.writeOffNote')}
              rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('intake.required') }]}
            >
              <Input.TextArea rows={2} maxLength={200} data-testid="move-note" />
            </Form.Item>
            <Form.Item name="evidenceFileId" label={t('move.evidence')}>
              <EvidenceUpload />
            </Form.Item>
          </>
        )}
        {action === 'transfer' && (
          <Form.Item name="note" label={t('move.note')} rules={[{ max: 200 }]}>
            <Input maxLength={200} />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="move-error" />}
    </Modal>
  );
}
