// 工作日历: a year view of the working calendar; a click on a day marks it a public holiday or a make-up working day
// (调休) with its name, or clears it. Warns when this year (or next, from November) has not been maintained.
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Space, Spin, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarDay, CalendarDayKind } from '../../../../../server/src/modules/services/services.schemas';
import { isApiError } from '../../../app/api-client';
import { useCan } from '../../../app/session';
import { useCalendar, useSetCalendarDay } from '../api';
import { countWorkingDays, dayKind, monthWeeks } from '../calendar-year';
import '../components/services.css';
import { chinaToday } from '../../../lib/china-time';

function DayModal({
  date,
  current,
  onClose,
}: {
  date: string | null;
  current: CalendarDay | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation(['services', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ kind: CalendarDayKind; name: string }>();
  const setDay = useSetCalendarDay();
  const [error, setError] = useState<string | null>(null);
  const run = async (day: { kind: CalendarDayKind; name: string } | null) => {
    if (!date) {
      return;
    }
    setError(null);
    try {
      await setDay.mutateAsync({ date, day });
      message.success(t('calendar.saved'));
      onClose();
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  };
  return (
    <Modal
      open={date !== null}
      title={date}
      destroyOnHidden
      onCancel={onClose}
      footer={[
        current && (
          <Button key="clear" danger onClick={() => run(null)} loading={setDay.isPending} data-testid="day-clear">
            {t('calendar.clear')}
          </Button>
        ),
        <Button key="cancel" onClick={onClose}>
          {t('common:actions.cancel')}
        </Button>,
        <Button
          key="save"
          type="primary"
          loading={setDay.isPending}
          data-testid="day-save"
          onClick={async () => {
            try {
              const v = await form.validateFields();
              await run({ kind: v.kind, name: v.name.trim() });
            } catch {
              // The form shows what is missing.
            }
          }}
        >
          {t('common:actions.save')}
        </Button>,
      ]}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={current ? { kind: current.kind, name: current.name } : { kind: 'holiday' }}
      >
        <Form.Item name="kind" label={t('calendar.kind')} rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'holiday', label: t('calendar.holiday') },
              { value: 'workday', label: t('calendar.workday') },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label={t('calendar.name')} rules={[{ required: true, whitespace: true, max: 40 }]}>
          <Input maxLength={40} placeholder={t('calendar.namePlaceholder')} data-testid="day-name" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

export function CalendarPage() {
  const { t } = useTranslation(['services', 'common']);
  const can = useCan();
  const today = chinaToday();
  const [year, setYear] = useState(Number(today.slice(0, 4)));
  const [editing, setEditing] = useState<string | null>(null);
  const calendar = useCalendar(year);
  const c = calendar.data;
  const exceptions = useMemo(() => new Map((c?.days ?? []).map((d) => [d.date, d])), [c]);
  const weekdays = t('calendar.weekdays', { returnObjects: true }) as string[];
  const editable = can('services:manage');

  return (
    <Card
      title={t('calendar.title')}
      data-testid="calendar-page"
      extra={
        <Space>
          <Button icon={<LeftOutlined />} onClick={() => setYear((y) => y - 1)} aria-label="previous year" />
          <strong style={{ fontSize: 16 }} data-testid="calendar-year">
            {year}
          </strong>
          <Button icon={<RightOutlined />} onClick={() => setYear((y) => y + 1)} aria-label="next year" />
        </Space>
      }
    >
      <p className="svc-muted" style={{ marginTop: 0 }}>
        {t('calendar.intro')}
      </p>
      {c && c.missingYears.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('calendar.missing', { years: c.missingYears.join('、') })}
          style={{ marginBottom: 12 }}
          data-testid="calendar-missing"
        />
      )}
      {c && !c.isYearCovered && !c.missingYears.includes(year) && (
        <Alert type="warning" showIcon title={t('calendar.notCovered', { year })} style={{ marginBottom: 12 }} />
      )}
      <div className="svc-legend" style={{ marginBottom: 12 }}>
        {(['workday', 'weekend', 'holiday', 'makeup'] as const).map((k) => (
          <span key={k}>
            <span
              className={`svc-legend-swatch svc-day is-${k}`}
              style={{ width: 14, height: 14, aspectRatio: 'auto' }}
            />
            {t(`calendar.legend.${k}`)}
          </span>
        ))}
        <span className="svc-muted" style={{ marginInlineStart: 'auto' }}>
          {t('calendar.workingDays', { year, count: countWorkingDays(year, exceptions) })}
        </span>
      </div>
      {calendar.isLoading && <Spin style={{ display: 'block', margin: '32px auto' }} />}
      <div className="svc-year">
        {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => (
          <div key={month} className="svc-month">
            <h4>{t('calendar.month', { month })}</h4>
            <table>
              <thead>
                <tr>
                  {weekdays.map((w, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the week's seven columns never move
                    <th key={i}>{w}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {monthWeeks(year, month).map((week) => (
                  <tr key={week.find(Boolean) ?? ''}>
                    {week.map((date, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: cells of a week by weekday
                      <td key={i}>
                        {date && (
                          <button
                            type="button"
                            className={`svc-day is-${dayKind(date, exceptions)}${date === today ? ' is-today' : ''}`}
                            title={exceptions.get(date)?.name ?? date}
                            disabled={!editable}
                            onClick={() => setEditing(date)}
                            data-testid={`day-${date}`}
                          >
                            {Number(date.slice(8))}
                          </button>
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </div>
      <h4 style={{ marginTop: 24 }}>{t('calendar.list')}</h4>
      <Table<CalendarDay>
        rowKey="date"
        size="small"
        pagination={false}
        dataSource={c?.days ?? []}
        onRow={(d) => ({
          onClick: () => editable && setEditing(d.date),
          style: { cursor: editable ? 'pointer' : 'default' },
        })}
        columns={[
          { title: t('calendar.date'), dataIndex: 'date', width: 140 },
          {
            title: t('calendar.kind'),
            dataIndex: 'kind',
            width: 140,
            render: (k: CalendarDayKind) => (
              <Tag color={k === 'holiday' ? 'red' : 'orange'}>
                {k === 'holiday' ? t('calendar.legend.holiday') : t('calendar.legend.makeup')}
              </Tag>
            ),
          },
          { title: t('calendar.name'), dataIndex: 'name' },
        ]}
        data-testid="calendar-days"
      />
      <DayModal
        key={editing ?? 'none'}
        date={editing}
        current={editing ? exceptions.get(editing) : undefined}
        onClose={() => setEditing(null)}
      />
    </Card>
  );
}
