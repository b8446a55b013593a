// The console shell: sign-in guard, sider menu from the user's permissions, header with scope unit, language and user menu.
import {
  DownOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  PoweroffOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App, Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Result, Select, Spin, Tag } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import type { Me } from '../../../server/src/platform/auth/auth.schemas';
import { BrandMark } from '../components/brand-mark';
import { LanguageSwitch } from '../components/language-switch';
import { ChangePasswordModal } from '../features/auth/admin/change-password-modal';
import { useSignOut } from '../features/auth/api';
import { consolePages } from './console-pages';
import { hasPermission, ScopeProvider, useMe, useScope } from './session';
import './console-layout.css';

function ScopeSwitch() {
  const { t } = useTranslation();
  const { unitId, units, setUnitId } = useScope();
  if (units.length === 0) {
    return null;
  }
  if (units.length === 1) {
    return (
      <Tag color="red" variant="outlined" className="console-scope" data-testid="scope-unit">
        {units[0].name ?? t('scope.loading')}
      </Tag>
    );
  }
  return (
    <Select
      className="console-scope"
      size="small"
      value={unitId ?? undefined}
      onChange={setUnitId}
      options={units.map((u) => ({ value: u.id, label: u.name ?? `#${u.id}` }))}
      aria-label={t('scope.label')}
      popupMatchSelectWidth={false}
      data-testid="scope-unit"
    />
  );
}

function UserMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const [changing, setChanging] = useState(false);
  const screens = Grid.useBreakpoint();

  const items = [
    { key: 'password', icon: <KeyOutlined />, label: t('user.changePassword') },
    { type: 'divider' as const },
    { key: 'sign-out', icon: <LogoutOutlined />, label: t('user.signOut') },
    { key: 'sign-out-everywhere', icon: <PoweroffOutlined />, label: t('user.signOutEverywhere'), danger: true },
  ];
  const onClick = ({ key }: { key: string }) => {
    if (key === 'password') {
      setChanging(true);
    } else if (key === 'sign-out') {
      signOut.mutate(false, { onSuccess: () => navigate('/console/login', { replace: true }) });
    } else if (key === 'sign-out-everywhere') {
      modal.confirm({
        title: t('user.signOutEverywhere'),
        content: t('user.signOutEverywhereConfirm'),
        okText: t('actions.confirm'),
        cancelText: t('actions.cancel'),
        okButtonProps: { danger: true },
        onOk: () =>
          signOut.mutateAsync(true).then((r) => {
            message.success(t('user.signedOutEverywhere', { count: r.ended }));
            navigate('/console/login', { replace: true });
          }),
      });
    }
  };
  return (
    <>
      <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
        <Button type="text" className="console-user" aria-label={t('user.menu')} data-testid="user-menu">
          <Avatar size="small" icon={<UserOutlined />} style={{ background: '#c8102e' }} />
          {screens.md && <span className="console-user-name">{me.displayName}</span>}
          <DownOutlined style={{ fontSize: 10 }} />
        </Button>
      </Dropdown>
      <ChangePasswordModal open={changing} onClose={() => setChanging(false)} />
    </>
  );
}

function Shell({ me }: { me: Me }) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const isWide = screens.lg ?? true;

  const pages = consolePages.filter((p) => !p.hideInMenu && hasPermission(me, p.permission));
  // The longest matching path wins: members/points is not members.
  const selected = pages
    .filter((p) => location.pathname === `/console/${p.path}` || location.pathname.startsWith(`/console/${p.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={pages.map((p) => ({ key: p.path, icon: p.icon, label: t(p.label) }))}
      onClick={({ key }) => {
        setDrawerOpen(false);
        navigate(`/console/${key}`);
      }}
      style={{ borderInlineEnd: 'none' }}
      data-testid="console-menu"
    />
  );
  const brand = (
    <Link to="/console" className="console-brand">
      <BrandMark size={28} />
      <span>{t('app.console')}</span>
    </Link>
  );

  return (
    <Layout className="console">
      {isWide && (
        <Layout.Sider width={216} theme="light" className="console-sider" style={{ position: 'sticky', top: 0 }}>
          {brand}
          {menu}
        </Layout.Sider>
      )}
      {!isWide && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          title={brand}
          styles={{ body: { padding: 0 } }}
        >
          {menu}
        </Drawer>
      )}
      <Layout>
        <Layout.Header className="console-header" style={{ background: '#fff' }}>
          {!isWide && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              onClick={() => setDrawerOpen(true)}
              aria-label={t('nav.menu')}
            />
          )}
          <div className="console-header-scope">
            {screens.sm && <span className="console-scope-label">{t('scope.label')}</span>}
            <ScopeSwitch />
          </div>
          <div className="console-header-actions">
            <LanguageSwitch />
            <UserMenu me={me} />
          </div>
        </Layout.Header>
        <Layout.Content className="console-content">
          <Suspense fallback={<Spin style={{ display: 'block', marginTop: 64 }} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** Sends anonymous visitors to the staff sign-in and public accounts to an explanation; staff get the console. */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: me, isLoading, error } = useMe();
  if (isLoading) {
    return <Spin size="large" style={{ display: 'block', marginTop: '30vh' }} />;
  }
  if (error) {
    return <Result status="500" title={t('errors.loadFailed')} subTitle={error.message} />;
  }
  if (!me) {
    return <Navigate to={`/console/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (me.kind !== 'staff') {
    return (
      <Result
        status="403"
        title={t('errors.staffOnlyTitle')}
        subTitle={t('errors.staffOnly')}
        extra={[
          <Button key="staff" type="primary" href="/console/login">
            {t('errors.staffSignIn')}
          </Button>,
          <Button key="home" href="/">
            {t('actions.backHome')}
          </Button>,
        ]}
      />
    );
  }
  return (
    <ScopeProvider me={me}>
      <Shell me={me} />
    </ScopeProvider>
  );
}

/** /console: the first page the user may open. */
export function ConsoleIndex() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const first = consolePages.find((p) => !p.hideInMenu && hasPermission(me, p.permission));
  if (first) {
    return <Navigate to={`/console/${first.path}`} replace />;
  }
  return <Result status="info" title={t('errors.noPagesTitle')} subTitle={t('errors.noPages')} />;
}
