// One loan: the borrower, agreement and totals, the schedule with each instalment's state (overdue in red), the
// repayments and how each was applied, and the form that records a repayment (part payments allowed).
import { Alert, App, Button, DatePicker, Descriptions, Drawer, Form, Input, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { chinaNow } from '../../../lib/china-time';
import { formatFen, parseYuanToFen } from '../../../lib/money';
import { fileUrl, type LoanView, useLoan, useRecordRepayment } from '../api';

type Instalment = LoanView['instalments'][number];
type RepayValues = { amountFen?: string; paidOn?: Dayjs; note?: string };

export function InstalmentTag({ i }: { i: Instalment }) {
  const { t } = useTranslation('mutualaid');
  if (i.paidFen >= i.amountFen) {
    return <Tag color="green">{t('admin.loan.paidTag')}</Tag>;
  }
  if (i.isOverdue) {
    return <Tag color="red">{t('admin.loan.overdueTag')}</Tag>;
  }
  return i.paidFen > 0 ? <Tag color="gold">{t('admin.loan.partTag')}</Tag> : <Tag>{t('admin.loan.openTag')}</Tag>;
}

export function LoanDrawer({ loanId, onClose }: { loanId: string | null; onClose: () => void }) {
  const { t } = useTranslation(['mutualaid', 'common']);
  const { message } = App.useApp();
  const loan = useLoan(loanId);
  const repay = useRecordRepayment();
  const [form] = Form.useForm<RepayValues>();
  const l = loan.data;

  const onRepay = async () => {
    const v = await validValues(form);
    if (!v || !l) {
      return;
    }
    try {
      const after = await repay.mutateAsync({
        loanId: l.id,
        input: {
          amountFen: parseYuanToFen(v.amountFen)!,
          paidOn: v.paidOn?.format('YYYY-MM-DD'),
          note: v.note?.trim() || undefined,
        },
      });
      message.success(after.status === 'closed' ? t('admin.loan.closed') : t('admin.loan.repaid'));
      form.resetFields();
    } catch (e) {
      if (isApiError(e) && e.code === 'AMOUNT_TOO_LARGE' && typeof e.details?.outstandingFen === 'number') {
        form.setFields([
          { name: 'amountFen', errors: [t('admin.loan.overAmount', { amount: formatFen(e.details.outstandingFen) })] },
        ]);
      } else if (!showErrorOnFields(form, e)) {
        message.error(isApiError(e) ? e.message : String(e));
      }
    }
  };

  return (
    <Drawer
      open={loanId !== null}
      onClose={onClose}
      size={860}
      title={l ? `${l.loanNo} · ${l.borrowerName}` : t('admin.tabs.loans')}
      destroyOnHidden
    >
      {l && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="loan-drawer">
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label={t('admin.loan.borrower')}>{l.borrowerName}</Descriptions.Item>
            <Descriptions.Item label={t('admin.loan.amount')}>{formatFen(l.amountFen)}</Descriptions.Item>
            <Descriptions.Item label={t('admin.repaid')}>{formatFen(l.repaidFen)}</Descriptions.Item>
            <Descriptions.Item label={t('admin.loan.purpose')}>{l.purpose}</Descriptions.Item>
            <Descriptions.Item label={t('admin.loan.scheduleKind')}>
              {t(`schedule.${l.scheduleKind}`)} · {t('admin.months', { count: l.termMonths })}
            </Descriptions.Item>
            <Descriptions.Item label={t('admin.loan.disbursedOn')}>{l.disbursedOn}</Descriptions.Item>
            <Descriptions.Item label={t('admin.loan.agreement')}>
              <Typography.Link href={fileUrl(l.agreementFileId)} target="_blank" rel="noreferrer">
                {t('admin.evidence.view')}
              </Typography.Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('admin.outstanding')}>{formatFen(l.outstandingFen)}</Descriptions.Item>
            <Descriptions.Item label={t('admin.loan.state')}>
              <Tag color={l.status === 'closed' ? 'green' : 'blue'}>{t(`loanStatus.${l.status}`)}</Tag>
            </Descriptions.Item>
          </Descriptions>
          {l.status === 'active' && (
            <Alert
              type={l.overdueInstalments > 0 ? 'error' : 'info'}
              showIcon
              title={
                l.overdueInstalments > 0
                  ? `${t('admin.overdueCount', { count: l.overdueInstalments })} · ${formatFen(l.overdueFen)}`
                  : l.contactPhoneMasked
                    ? t('admin.loan.reminder', { phone: l.contactPhoneMasked })
                    : t('admin.loan.noPhone')
              }
              description={
                l.overdueInstalments > 0
                  ? l.contactPhoneMasked
                    ? t('admin.loan.reminder', { phone: l.contactPhoneMasked })
                    : t('admin.loan.noPhone')
                  : undefined
              }
            />
          )}

          {l.status === 'active' && (
            <Form<RepayValues>
              form={form}
              layout="inline"
              initialValues={{ paidOn: chinaNow() }}
              data-testid="repay-form"
            >
              <Form.Item
                name="amountFen"
                label={t('admin.loan.repayAmount')}
                rules={[
                  {
                    validator: (_, v: string | undefined) =>
                      (parseYuanToFen(v) ?? 0) > 0
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('admin.errors.amount'))),
                  },
                ]}
              >
                <Input inputMode="decimal" style={{ width: 130 }} placeholder={String(l.outstandingFen / 100)} />
              </Form.Item>
              <Form.Item name="paidOn" label={t('admin.loan.paidOn')}>
                <DatePicker
                  disabledDate={(d) => d.isAfter(chinaNow(), 'day') || d.isBefore(dayjs(l.disbursedOn), 'day')}
                />
              </Form.Item>
              <Form.Item name="note">
                <Input placeholder={t('admin.contribution.note')} style={{ width: 140 }} />
              </Form.Item>
              <Button type="primary" onClick={onRepay} loading={repay.isPending} data-testid="repay-submit">
                {t('admin.loan.repay')}
              </Button>
            </Form>
          )}

          <Table<Instalment>
            size="small"
            rowKey="seq"
            title={() => <strong>{t('admin.loan.schedule')}</strong>}
            dataSource={l.instalments}
            pagination={l.instalments.length > 12 ? { pageSize: 12, showSizeChanger: false } : false}
            columns={[
              { title: t('admin.loan.seq'), dataIndex: 'seq', width: 60 },
              { title: t('admin.loan.dueOn'), dataIndex: 'dueOn' },
              {
                title: t('admin.loan.due'),
                dataIndex: 'amountFen',
                align: 'right',
                render: (f: number) => formatFen(f),
              },
              {
                title: t('admin.loan.paid'),
                dataIndex: 'paidFen',
                align: 'right',
                render: (f: number) => formatFen(f),
              },
              { title: t('admin.loan.state'), key: 'state', render: (_, i) => <InstalmentTag i={i} /> },
            ]}
          />

          <Table
            size="small"
            rowKey="id"
            title={() => <strong>{t('admin.loan.repayments')}</strong>}
            dataSource={l.repayments}
            pagination={false}
            locale={{ emptyText: '—' }}
            columns={[
              { title: t('admin.loan.paidOn'), dataIndex: 'paidOn', width: 120 },
              {
                title: t('admin.loan.repayAmount'),
                dataIndex: 'amountFen',
                align: 'right',
                width: 130,
                render: (f: number) => formatFen(f),
              },
              {
                title: t('admin.loan.schedule'),
                dataIndex: 'allocations',
                render: (a: { seq: number; amountFen: number }[]) =>
                  a.map((x) => `#${x.seq} ${formatFen(x.amountFen)}`).join(' · '),
              },
              { title: t('admin.contribution.note'), dataIndex: 'note' },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}
