// 志愿救护员 (response:manage): who has opted in, under which certificate, on call or not and since when, the age of
// their latest fix and their notification preferences (names and phones masked).
import { Card, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePaging } from '../../../components/paging';
import { formatDateTime } from '../../../lib/china-time';
import { formatDistance, type ResponderRow, useResponders } from '../api';
import '../components/response.css';

export function RespondersPage() {
  const { t, i18n } = useTranslation('response');
  const { page, pageSize, setPage, pagination } = usePaging();
  const [onCallOnly, setOnCallOnly] = useState(false);
  const list = useResponders({ onCall: onCallOnly ? true : undefined, page, pageSize });
  const lang = i18n.language;
  return (
    <Card title={t('responders.title')} data-testid="responders-page">
      <Space style={{ marginBottom: 12 }}>
        <Switch
          checked={onCallOnly}
          onChange={(v) => {
            setOnCallOnly(v);
            setPage(1);
          }}
        />
        {t('responders.onCallOnly')}
      </Space>
      <Table<ResponderRow>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          { title: t('responders.name'), dataIndex: 'nameMasked', width: 100 },
          { title: t('responders.phone'), dataIndex: 'phoneMasked', width: 130 },
          { title: t('responders.unit'), dataIndex: 'orgName', width: 120 },
          { title: t('responders.certNo'), render: (_, r) => r.certificate.certNo, width: 170 },
          { title: t('responders.validUntil'), render: (_, r) => r.certificate.validUntil, width: 110 },
          {
            title: t('responders.onCall'),
            width: 190,
            render: (_, r) =>
              r.onCall ? (
                <>
                  <Tag color="green">{t('responders.yes')}</Tag>
                  <span className="rs-muted">{formatDateTime(r.onCallSince, lang)}</span>
                </>
              ) : (
                <>
                  <Tag>{t('responders.no')}</Tag>
                  {r.offCallReason && r.offCallReason !== 'self' ? (
                    <div className="rs-muted">
                      {t(`respond.offReason.${r.offCallReason}` as 'respond.offReason.self', { defaultValue: '' })}
                    </div>
                  ) : null}
                </>
              ),
          },
          {
            title: t('responders.fixedAt'),
            width: 170,
            render: (_, r) => (r.position ? formatDateTime(r.position.fixedAt, lang) : '—'),
          },
          {
            title: t('responders.maxDistance'),
            width: 90,
            render: (_, r) => formatDistance(r.prefs.maxDistanceM, lang),
          },
          {
            title: t('responders.quiet'),
            width: 110,
            render: (_, r) => (r.quietHours ? `${r.quietHours.from}–${r.quietHours.to}` : '—'),
          },
        ]}
      />
    </Card>
  );
}
