// /my/services — 点单服务 on the phone: the services a member may order, the order form (preferred dates after the
// lead time, place, audience, note), and my orders with where each stands; rate a delivered one once.
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Rate,
  Result,
  Spin,
  Steps,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PublicShell } from '../../../components/public-shell';
import { chinaNow, formatDateTime } from '../../../lib/china-time';
import {
  type MenuItemView,
  type OrderView,
  useCancelMyOrder,
  useMyMenu,
  useMyOrders,
  usePlaceOrder,
  useRateOrder,
} from '../points/api';
import '../points/points.css';

const stepOf = { requested: 0, accepted: 1, scheduled: 2, delivered: 3, declined: 1, cancelled: 0 } as const;

function OrderForm({ item, onClose, onDone }: { item: MenuItemView; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('memberPoints');
  const place = usePlaceOrder();
  const earliest = chinaNow().add(item.leadDays, 'day').startOf('day');
  return (
    <Modal open title={item.name} footer={null} onCancel={onClose} destroyOnHidden>
      <Form
        layout="vertical"
        initialValues={{ expectedAudience: Math.max(item.audienceMin, Math.min(30, item.audienceMax)) }}
        onFinish={(v: { dates: Dayjs; place: string; expectedAudience: number; note?: string }) =>
          place.mutate(
            {
              menuItemId: item.id,
              preferredDates: [v.dates.format('YYYY-MM-DD')],
              place: v.place,
              expectedAudience: v.expectedAudience,
              note: v.note || undefined,
            },
            { onSuccess: onDone },
          )
        }
      >
        <Alert
          type="info"
          showIcon
          title={`${t('orders.lead', { n: item.leadDays })} · ${t('orders.audience', { min: item.audienceMin, max: item.audienceMax })}`}
          style={{ marginBottom: 12 }}
        />
        <Form.Item name="dates" label={t('orders.dates')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(earliest)} data-testid="order-date" />
        </Form.Item>
        <Form.Item name="place" label={t('orders.place')} rules={[{ required: true, min: 2 }]}>
          <Input data-testid="order-place" maxLength={200} />
        </Form.Item>
        <Form.Item name="expectedAudience" label={t('orders.expected')} rules={[{ required: true }]}>
          <InputNumber min={item.audienceMin} max={item.audienceMax} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('orders.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {place.error ? <Alert type="error" showIcon title={place.error.message} style={{ marginBottom: 12 }} /> : null}
        <Button type="primary" htmlType="submit" block loading={place.isPending} data-testid="order-submit">
          {t('orders.submit')}
        </Button>
      </Form>
    </Modal>
  );
}

function RateBox({ o }: { o: OrderView }) {
  const { t } = useTranslation('memberPoints');
  const rate = useRateOrder();
  const [stars, setStars] = useState(5);
  const [comment, setComment] = useState('');
  return (
    <div style={{ marginTop: 8 }}>
      <Rate value={stars} onChange={setStars} data-testid="order-stars" />
      <Input.TextArea
        rows={2}
        placeholder={t('orders.comment')}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        maxLength={500}
        style={{ margin: '6px 0' }}
      />
      {rate.error ? <Alert type="error" showIcon title={rate.error.message} /> : null}
      <Button
        type="primary"
        size="small"
        loading={rate.isPending}
        onClick={() => rate.mutate({ id: o.id, rating: stars, comment })}
        data-testid="order-rate"
      >
        {t('orders.rate')}
      </Button>
    </div>
  );
}

function OrderCard({ o }: { o: OrderView }) {
  const { t, i18n } = useTranslation('memberPoints');
  const cancel = useCancelMyOrder();
  const failed = o.status === 'declined' || o.status === 'cancelled';
  return (
    <Card
      size="small"
      className="mp-card"
      data-testid="my-order"
      data-status={o.status}
      title={o.serviceName}
      extra={<Tag>{t(`orders.status.${o.status}`)}</Tag>}
    >
      <Steps
        size="small"
        direction="horizontal"
        responsive={false}
        current={stepOf[o.status]}
        status={failed ? 'error' : o.status === 'delivered' ? 'finish' : 'process'}
        items={(['requested', 'accepted', 'scheduled', 'delivered'] as const).map((s) => ({
          title: t(`orders.status.${s}`),
        }))}
      />
      <div className="mp-entry-meta" style={{ marginTop: 8 }}>
        {o.orderNo} · {o.place} · {o.preferredDates.join('、')}
      </div>
      {o.scheduledAt ? (
        <div>
          {t('orders.scheduledAt')}: {formatDateTime(o.scheduledAt, i18n.language)} · {t('orders.staff')}:{' '}
          {o.staffNames}
        </div>
      ) : null}
      {o.declineReason ? (
        <div>
          {t('orders.declined')}: {o.declineReason}
        </div>
      ) : null}
      {o.attendance !== null ? (
        <div>
          {t('orders.attendance')}: {o.attendance}
        </div>
      ) : null}
      {o.status === 'delivered' && o.rating === null ? <RateBox o={o} /> : null}
      {o.rating !== null ? (
        <div data-testid="order-rated">
          {t('orders.rated')}: <Rate disabled value={o.rating} /> {o.ratingComment}
        </div>
      ) : null}
      {o.status === 'requested' || o.status === 'accepted' ? (
        <Button
          size="small"
          danger
          style={{ marginTop: 8 }}
          loading={cancel.isPending}
          onClick={() => cancel.mutate(o.id)}
        >
          {t('orders.cancel')}
        </Button>
      ) : null}
    </Card>
  );
}

export function MyOrdersPage() {
  const { t } = useTranslation('memberPoints');
  const { message } = App.useApp();
  const menu = useMyMenu();
  const orders = useMyOrders(menu.isSuccess);
  const [ordering, setOrdering] = useState<MenuItemView | null>(null);
  if (menu.isPending) {
    return (
      <PublicShell>
        <Spin />
      </PublicShell>
    );
  }
  if (menu.error) {
    return (
      <PublicShell>
        <Result
          status="info"
          title={t('mine.notMember')}
          extra={<Link to="/login?next=/my/services">登录 / Sign in</Link>}
        />
      </PublicShell>
    );
  }
  return (
    <PublicShell>
      <div className="mp-page">
        <h2>{t('orders.title')}</h2>
        <p className="mp-entry-meta">{t('orders.intro')}</p>
        <Card size="small" title={t('orders.menu')} className="mp-card">
          {menu.data.length === 0 ? <Empty description={t('mine.empty')} /> : null}
          {menu.data.map((m) => (
            <div className="mp-award" key={m.id} data-testid="menu-item">
              <div>
                <div>{m.name}</div>
                <div className="mp-entry-meta">
                  {m.description ? `${m.description} · ` : ''}
                  {t('orders.audience', { min: m.audienceMin, max: m.audienceMax })} · {m.orgName}
                </div>
              </div>
              <Button type="primary" size="small" onClick={() => setOrdering(m)}>
                {t('orders.order')}
              </Button>
            </div>
          ))}
        </Card>
        <h3>{t('orders.mine')}</h3>
        {(orders.data ?? []).length === 0 ? <Empty description={t('mine.empty')} /> : null}
        {(orders.data ?? []).map((o) => (
          <OrderCard key={o.id} o={o} />
        ))}
        {ordering ? (
          <OrderForm
            item={ordering}
            onClose={() => setOrdering(null)}
            onDone={() => {
              setOrdering(null);
              void message.success(t('orders.submitted'));
            }}
          />
        ) : null}
      </div>
    </PublicShell>
  );
}
