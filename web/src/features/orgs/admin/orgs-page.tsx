// 组织机构: the lazy org tree of the scope unit, search, the selected unit's details, and Excel import/export.
import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Input, List, Row, Space, Switch, Tag, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type OrgView, orgTypeLabels } from '../../../../../server/src/modules/orgs/orgs.schemas';
import { isApiError } from '../../../app/api-client';
import { pickLabel } from '../../../app/i18n';
import { useCan, useScope } from '../../../app/session';
import { orgExportUrl, orgTemplateUrl, useMoveOrg, useOrgSearch, useSetOrgActive } from '../api';
import { OrgDetail } from './org-detail';
import { OrgFormModal, type OrgFormTarget } from './org-form-modal';
import { OrgImportModal } from './org-import-modal';
import { OrgMoveModal } from './org-move-modal';
import { OrgTree, type OrgTreeHandle } from './org-tree';
import './orgs-page.css';

export function OrgsPage() {
  const { t, i18n } = useTranslation(['orgs', 'common']);
  const { modal, message } = App.useApp();
  const can = useCan();
  const canManage = can('orgs:manage');
  const { unitId } = useScope();
  const tree = useRef<OrgTreeHandle>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [includeInactive, setIncludeInactive] = useState(false);
  const [searchText, setSearchText] = useState('');
  const [query, setQuery] = useState('');
  const [formTarget, setFormTarget] = useState<OrgFormTarget | null>(null);
  const [moving, setMoving] = useState<OrgView | null>(null);
  const [importing, setImporting] = useState(false);
  const [treeVersion, setTreeVersion] = useState(0);
  const search = useOrgSearch(query, unitId, includeInactive);
  const move = useMoveOrg();
  const setActive = useSetOrgActive();

  const select = useCallback((id: number, reveal = true) => {
    setSelectedId(id);
    if (reveal) {
      void tree.current?.reveal(id);
    }
    if (window.matchMedia('(max-width: 991px)').matches) {
      window.setTimeout(() => document.getElementById('org-detail')?.scrollIntoView({ behavior: 'smooth' }), 100);
    }
  }, []);

  const afterMove = async (org: OrgView, oldParentId: number | null) => {
    setMoving(null);
    await tree.current?.refresh([
      ...(oldParentId !== null ? [oldParentId] : []),
      ...(org.parentId !== null ? [org.parentId] : []),
    ]);
    select(org.id);
  };

  const confirmDropMove = (org: OrgView, parent: OrgView) => {
    modal.confirm({
      title: t('move.confirmTitle'),
      content: t('move.confirm', { name: org.name, parent: parent.name }),
      okText: t('actions.move'),
      cancelText: t('common:actions.cancel'),
      onOk: async () => {
        try {
          const moved = await move.mutateAsync({ id: org.id, parentId: parent.id });
          message.success(t('move.done'));
          await afterMove(moved, org.parentId);
        } catch (e) {
          message.error(isApiError(e) ? e.message : String(e));
        }
      },
    });
  };

  const confirmToggle = (org: OrgView) => {
    const key = org.isActive ? 'deactivate' : 'activate';
    modal.confirm({
      title: t(`${key}.confirmTitle`),
      content: t(`${key}.confirm`, { name: org.name }),
      okText: t(`actions.${key}`),
      okButtonProps: { danger: org.isActive },
      cancelText: t('common:actions.cancel'),
      onOk: async () => {
        try {
          const updated = await setActive.mutateAsync({ id: org.id, active: !org.isActive });
          message.success(t(`${key}.done`));
          await tree.current?.refresh([updated.id, ...(updated.parentId !== null ? [updated.parentId] : [])]);
        } catch (e) {
          message.error(isApiError(e) ? e.message : String(e));
        }
      },
    });
  };

  const afterForm = async (org: OrgView) => {
    const wasCreate = formTarget?.kind === 'create';
    setFormTarget(null);
    await tree.current?.refresh(wasCreate && org.parentId !== null ? [org.parentId] : [org.id]);
    if (wasCreate) {
      select(org.id);
    }
  };

  const onImported = useCallback(() => setTreeVersion((v) => v + 1), []);

  const excel = (
    <Space wrap size={8}>
      {canManage && (
        <Button icon={<FileExcelOutlined />} href={orgTemplateUrl()} download data-testid="org-template">
          {t('actions.template')}
        </Button>
      )}
      {canManage && (
        <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="org-import">
          {t('actions.import')}
        </Button>
      )}
      <Button
        icon={<DownloadOutlined />}
        href={orgExportUrl(includeInactive, i18n.language)}
        download
        data-testid="org-export"
      >
        {t('actions.export')}
      </Button>
    </Space>
  );

  const results = search.data?.items ?? [];
  return (
    <>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10} xl={9}>
          <Card title={t('title')}>
            <div className="orgs-excel">{excel}</div>
            <Input.Search
              allowClear
              value={searchText}
              placeholder={t('searchPlaceholder')}
              onSearch={(v) => setQuery(v.trim())}
              onChange={(e) => {
                setSearchText(e.target.value);
                if (!e.target.value) {
                  setQuery('');
                }
              }}
              data-testid="org-search"
            />
            <div className="orgs-tree-options">
              <Switch size="small" checked={includeInactive} onChange={setIncludeInactive} id="orgs-inactive" />
              <label htmlFor="orgs-inactive">{t('showInactive')}</label>
            </div>
            {query && (
              <div className="orgs-scroll">
                <Typography.Text type="secondary">
                  {t('searchResults', { total: search.data?.total ?? 0 })}
                </Typography.Text>
                <List
                  loading={search.isFetching}
                  dataSource={results}
                  data-testid="org-search-results"
                  renderItem={(o) => (
                    <List.Item
                      className={`orgs-result${o.id === selectedId ? ' orgs-result-selected' : ''}`}
                      style={{ paddingInline: 8 }}
                      onClick={() => {
                        setSearchText('');
                        setQuery('');
                        select(o.id);
                      }}
                    >
                      <span>
                        {o.name} {!o.isActive && <Tag>{t('common:status.inactive')}</Tag>}
                      </span>
                      <Typography.Text type="secondary">
                        {pickLabel(orgTypeLabels[o.type], i18n.language)}
                      </Typography.Text>
                    </List.Item>
                  )}
                />
              </div>
            )}
            {unitId !== null ? (
              <div className="orgs-scroll" hidden={!!query}>
                <OrgTree
                  key={`${unitId}-${treeVersion}`}
                  ref={tree}
                  rootId={unitId}
                  includeInactive={includeInactive}
                  selectedId={selectedId}
                  onSelect={(id) => select(id, false)}
                  canManage={canManage}
                  onDropMove={confirmDropMove}
                />
              </div>
            ) : (
              <Empty />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14} xl={15} id="org-detail">
          <OrgDetail
            id={selectedId}
            canManage={canManage}
            onSelect={(id) => select(id)}
            onCreateChild={(parent) => setFormTarget({ kind: 'create', parent })}
            onEdit={(org) => setFormTarget({ kind: 'edit', org })}
            onMove={setMoving}
            onToggleActive={confirmToggle}
          />
        </Col>
      </Row>
      <OrgFormModal target={formTarget} onClose={() => setFormTarget(null)} onDone={afterForm} />
      <OrgMoveModal org={moving} onClose={() => setMoving(null)} onDone={afterMove} />
      <OrgImportModal open={importing} onClose={() => setImporting(false)} onImported={onImported} />
    </>
  );
}
