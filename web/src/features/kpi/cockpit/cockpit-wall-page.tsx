// The wall-screen cockpit (/cockpit): full screen, outside the console's layout, dark by default (`?theme=light` for
// the normal one). Anonymous visitors sign in at /console/login and come back here.
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { hasPermission, useMe } from '../../../app/session';
import { type CockpitTheme, CockpitView } from './cockpit-view';

export function CockpitWallPage() {
  const { t } = useTranslation('kpiCockpit');
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const { data: me, isLoading } = useMe();
  if (isLoading) {
    return <Spin size="large" style={{ display: 'block', marginTop: '30vh' }} />;
  }
  if (!me) {
    return <Navigate to={`/console/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (!hasPermission(me, 'kpi:view')) {
    return (
      <Result
        status="403"
        title={t('noKpiView')}
        extra={
          <Button type="primary" href="/console">
            {t('backToConsole')}
          </Button>
        }
      />
    );
  }
  const theme: CockpitTheme = params.get('theme') === 'light' ? 'light' : 'dark';
  return (
    <CockpitView
      variant="wall"
      theme={theme}
      onThemeChange={(next) => {
        const q = new URLSearchParams(params);
        if (next === 'dark') {
          q.delete('theme');
        } else {
          q.set('theme', next);
        }
        setParams(q, { replace: true });
      }}
    />
  );
}
