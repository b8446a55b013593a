// 人员: one search box (name, pinyin, ID number, phone, masked ID), a unit filter defaulting to the scope unit, the masked list.
import { UserAddOutlined } from '@ant-design/icons';
import { Button, Card, Input, Table, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonView } from '../../../../../server/src/modules/people/people.schemas';
import { useCan, useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { usePaging } from '../../../components/paging';
import { usePeople } from '../api';
import { PersonDrawer } from './person-drawer';
import { PersonFormModal, type PersonFormTarget } from './person-form-modal';

export function PeoplePage() {
  const { t } = useTranslation(['people', 'common']);
  const can = useCan();
  const { unitId } = useScope();
  const [q, setQ] = useState('');
  const [chosenOrg, setChosenOrg] = useState<number | null | undefined>(undefined);
  const { page, pageSize, setPage, pagination } = usePaging();
  const [openId, setOpenId] = useState<string | null>(null);
  const [formTarget, setFormTarget] = useState<PersonFormTarget | null>(null);
  const orgId = chosenOrg === undefined ? unitId : chosenOrg;
  const people = usePeople({ q, orgId, page, pageSize });

  return (
    <Card
      title={t('title')}
      extra={
        can('people:manage') && (
          <Button
            type="primary"
            icon={<UserAddOutlined />}
            onClick={() => setFormTarget({ kind: 'register', orgId })}
            data-testid="person-register"
          >
            {t('register')}
          </Button>
        )
      }
    >
      <div className="page-toolbar">
        <Input.Search
          className="page-toolbar-grow"
          allowClear
          placeholder={t('searchPlaceholder')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ maxWidth: 420 }}
          data-testid="people-search"
        />
        <OrgPicker
          value={orgId}
          onChange={(id) => {
            setChosenOrg(id ?? null);
            setPage(1);
          }}
          allowClear
          placeholder={t('unitFilter')}
          style={{ width: 240, maxWidth: '100%' }}
        />
      </div>
      <Table<PersonView>
        rowKey="id"
        size="middle"
        loading={people.isFetching}
        dataSource={people.data?.items ?? []}
        scroll={{ x: 760 }}
        onRow={(p) => ({ onClick: () => setOpenId(p.id), style: { cursor: 'pointer' } })}
        pagination={pagination(people.data?.total ?? 0)}
        columns={[
          { title: t('fields.name'), dataIndex: 'name', width: 110, fixed: 'left' },
          {
            title: t('fields.gender'),
            dataIndex: 'gender',
            width: 70,
            render: (g: PersonView['gender']) => (g ? t(`genders.${g}`) : ''),
          },
          { title: t('fields.birthYear'), dataIndex: 'birthYear', width: 90 },
          {
            title: t('fields.idNumber'),
            dataIndex: 'idNumberMasked',
            width: 200,
            render: (v: string | null, p) => (
              <Tooltip title={t(`idTypes.${p.idType}`)}>
                <span style={{ fontFamily: 'monospace' }}>{v ?? ''}</span>
              </Tooltip>
            ),
          },
          {
            title: t('fields.phone'),
            dataIndex: 'phoneMasked',
            width: 130,
            render: (v: string | null) => <span style={{ fontFamily: 'monospace' }}>{v ?? ''}</span>,
          },
          { title: t('fields.unit'), dataIndex: 'orgName', ellipsis: true },
        ]}
        data-testid="people-table"
      />
      <PersonDrawer
        personId={openId}
        onClose={() => setOpenId(null)}
        onEdit={(p) => setFormTarget({ kind: 'edit', person: p })}
      />
      <PersonFormModal
        target={formTarget}
        onClose={() => setFormTarget(null)}
        onDone={(p) => {
          setFormTarget(null);
          setOpenId(p.id);
        }}
      />
    </Card>
  );
}
