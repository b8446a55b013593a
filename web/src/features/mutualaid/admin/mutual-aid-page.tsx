// 村级互助金: the funds in the user's units with their balances and open work (overdue instalments, grants waiting for a
// second person), opening a fund, and each fund's detail in a drawer.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { formatFen } from '../../../lib/money';
import { type FundView, useFunds } from '../api';
import { OpenFundModal } from './forms';
import { FundDrawer } from './fund-drawer';

export function MutualAidConsolePage() {
  const { t } = useTranslation(['mutualaid', 'common']);
  const { unitId } = useScope();
  const [chosenOrg, setChosenOrg] = useState<number | null | undefined>(undefined);
  const orgId = chosenOrg === undefined ? unitId : chosenOrg;
  const funds = useFunds(orgId);
  const [opening, setOpening] = useState(false);
  const [fundId, setFundId] = useState<number | null>(null);
  const rows = funds.data ?? [];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('admin.title')}
        extra={
          <Space wrap>
            <OrgPicker
              value={orgId}
              onChange={(id) => setChosenOrg(id ?? null)}
              allowClear
              placeholder={t('admin.allUnits')}
              style={{ width: 220, maxWidth: '50vw' }}
            />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpening(true)} data-testid="fund-open">
              {t('admin.open')}
            </Button>
          </Space>
        }
      >
        <Table<FundView>
          rowKey="id"
          size="middle"
          loading={funds.isFetching}
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: 1180 }}
          onRow={(f) => ({ onClick: () => setFundId(f.id), style: { cursor: 'pointer' } })}
          locale={{
            emptyText: funds.error ? (
              <Empty description={funds.error.message} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.empty')} />
            ),
          }}
          columns={[
            {
              title: t('admin.name'),
              dataIndex: 'name',
              fixed: 'left',
              width: 200,
              render: (name: string, f) => (
                <div>
                  <div>{name}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {f.code}
                  </Typography.Text>
                </div>
              ),
            },
            { title: t('admin.unit'), dataIndex: 'orgName', width: 160, ellipsis: true },
            ...(['contributedFen', 'grantedFen', 'lentFen', 'repaidFen'] as const).map((key) => ({
              title: t(`admin.${key.replace('Fen', '') as 'contributed' | 'granted' | 'lent' | 'repaid'}`),
              key,
              width: 120,
              align: 'right' as const,
              render: (_: unknown, f: FundView) => formatFen(f.totals[key]),
            })),
            {
              title: t('admin.loansActive'),
              dataIndex: 'activeLoans',
              width: 90,
              align: 'right',
            },
            {
              title: t('admin.balance'),
              key: 'balance',
              width: 140,
              align: 'right',
              render: (_, f) => <strong style={{ color: '#c8102e' }}>{formatFen(f.totals.balanceFen)}</strong>,
            },
            {
              title: '',
              key: 'flags',
              width: 180,
              render: (_, f) => (
                <Space size={4} wrap>
                  {f.overdueInstalments > 0 && (
                    <Tag color="red" data-testid="fund-overdue">
                      {t('admin.overdueCount', { count: f.overdueInstalments })}
                    </Tag>
                  )}
                  {f.pendingGrants > 0 && (
                    <Tag color="orange">{t('admin.pendingGrants', { count: f.pendingGrants })}</Tag>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {opening && (
        <OpenFundModal
          onClose={() => setOpening(false)}
          onDone={(f) => {
            setOpening(false);
            setFundId(f.id);
          }}
        />
      )}
      <FundDrawer fundId={fundId} onClose={() => setFundId(null)} />
    </Space>
  );
}
