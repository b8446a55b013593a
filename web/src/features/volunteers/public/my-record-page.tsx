// /v/me: my service record on a phone — total and this year's hours against full registration, hours per year as a
// chart, the approved records, my sign-ups with check-ins, and the certificate of service hours for a period.
import { Alert, Button, DatePicker, Empty, List, Progress, Spin, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { useMe } from '../../../app/session';
import { PublicShell } from '../../../components/public-shell';
import { chinaNow, formatClockMinute, formatDateMinute } from '../../../lib/china-time';
import { myCertificateUrl, useMyRecord } from '../api';
import '../volunteers.css';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const hours = (m: number) => (m / 60).toFixed(1);

export function MyVolunteerRecordPage() {
  const { t, i18n } = useTranslation('volunteers');
  const { data: me } = useMe();
  const record = useMyRecord(me?.kind === 'public');
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([chinaNow().startOf('year'), chinaNow()]);
  if (me?.kind !== 'public') {
    return (
      <PublicShell>
        <div className="vol-page">
          <Link to="/login?next=%2Fv%2Fme">
            <Button type="primary" size="large" block>
              {t('public.signIn')}
            </Button>
          </Link>
        </div>
      </PublicShell>
    );
  }
  if (record.isLoading) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  if (!record.data) {
    return (
      <PublicShell>
        <div className="vol-page">
          <Alert type="info" showIcon message={isApiError(record.error) ? record.error.message : ''} />
          <Link to="/v">{t('public.back')}</Link>
        </div>
      </PublicShell>
    );
  }
  const r = record.data;
  const v = r.volunteer;
  const percent = Math.min(100, Math.round((v.minutesThisYear / 60 / Math.max(1, v.fullRegistrationHours)) * 100));
  return (
    <PublicShell>
      <div className="vol-page" data-testid="volunteer-record">
        <Link to="/v" className="vol-muted">
          ← {t('public.back')}
        </Link>
        <h1 className="vol-title">{t('public.myRecord')}</h1>
        <div className="vol-card">
          <div className="vol-row">
            <div>
              <div className="vol-muted">
                {v.name} · {v.volunteerNo} · {v.orgName}
              </div>
              <div className="vol-muted">{t('public.totalHours')}</div>
              <div className="vol-big" data-testid="total-hours">
                {t('public.hours', { h: hours(r.totalMinutes) })}
              </div>
            </div>
            {v.isFullyRegistered ? <Tag color="green">{t('public.fully')}</Tag> : null}
          </div>
          <Progress percent={percent} showInfo={false} strokeColor="#c8102e" />
          <div className="vol-muted">
            {t('public.thisYear', { h: hours(v.minutesThisYear), need: v.fullRegistrationHours })}
          </div>
        </div>
        {r.byYear.length > 0 ? (
          <div className="vol-card">
            <h3>{t('public.byYear')}</h3>
            <ReactEChartsCore
              echarts={echarts}
              style={{ height: 180 }}
              option={{
                tooltip: { trigger: 'axis' },
                grid: { left: 36, right: 8, top: 16, bottom: 24 },
                xAxis: { type: 'category', data: r.byYear.map((y) => String(y.year)).reverse() },
                yAxis: { type: 'value' },
                series: [
                  {
                    type: 'bar',
                    itemStyle: { color: '#c8102e' },
                    data: r.byYear.map((y) => Number(hours(y.minutes))).reverse(),
                  },
                ],
              }}
            />
          </div>
        ) : null}
        <div className="vol-card">
          <h3>{t('public.records')}</h3>
          {r.records.length === 0 ? <Empty description={t('public.noRecords')} /> : null}
          <List
            dataSource={r.records}
            renderItem={(x) => (
              <List.Item extra={<b>{t('public.hours', { h: hours(x.minutes) })}</b>}>
                <List.Item.Meta
                  title={x.activityTitle}
                  description={`${formatDateMinute(x.startedAt, i18n.language)} · ${x.orgName}`}
                />
              </List.Item>
            )}
          />
        </div>
        <div className="vol-card">
          <h3>{t('public.mySignups')}</h3>
          <List
            dataSource={r.signups}
            renderItem={(s) => (
              <List.Item>
                <List.Item.Meta
                  title={<Link to={`/v/activities/${s.activityId}`}>{s.title}</Link>}
                  description={[
                    formatDateMinute(s.startsAt, i18n.language),
                    s.checkedInAt ? t('public.checkedInAt', { t: formatClockMinute(s.checkedInAt) }) : '',
                    s.checkedOutAt ? t('public.checkedOutAt', { t: formatClockMinute(s.checkedOutAt) }) : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                />
                <Tag>{t(`signup.${s.status}`)}</Tag>
              </List.Item>
            )}
          />
        </div>
        <div className="vol-card">
          <h3>{t('public.certificate')}</h3>
          <DatePicker.RangePicker
            value={period}
            onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
            allowClear={false}
            inputReadOnly
            style={{ width: '100%' }}
          />
          <a
            href={myCertificateUrl(period[0].format('YYYY-MM-DD'), period[1].format('YYYY-MM-DD'))}
            target="_blank"
            rel="noreferrer"
          >
            <Button type="primary" block size="large" style={{ marginTop: 10 }}>
              {t('public.download')}
            </Button>
          </a>
        </div>
      </div>
    </PublicShell>
  );
}
