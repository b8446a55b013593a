// Routes: public phone-first pages at /, the staff console under /console (each page behind its permission).
import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter } from 'react-router';
import { ConsoleLoginPage } from '../features/auth/admin/console-login-page';
import { MePage } from '../features/auth/public/me-page';
import { PhoneLoginPage } from '../features/auth/public/phone-login-page';
import { DisclosurePage } from '../features/giving/public/disclosure-page';
import { GivePage } from '../features/giving/public/give-page';
import { GiveResultPage } from '../features/giving/public/give-result-page';
import { LocalCheckoutPage } from '../features/giving/public/local-checkout-page';
import { ProjectPage } from '../features/giving/public/project-page';
import { ProjectsPage } from '../features/giving/public/projects-page';
import { TracePage } from '../features/giving/public/trace-page';
import { HomePage } from '../features/home/public/home-page';
import { ConsoleIndex, ConsoleLayout } from './console-layout';
import { consolePages } from './console-pages';
import { type Permission, useCan } from './session';

function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const can = useCan();
  if (!can(permission)) {
    return <Result status="403" title={t('errors.forbiddenTitle')} subTitle={t('errors.forbidden')} />;
  }
  return children;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('errors.notFoundTitle')}
      subTitle={t('errors.notFound')}
      extra={
        <Button type="primary" href="/">
          {t('actions.backHome')}
        </Button>
      }
    />
  );
}

export const router = createBrowserRouter([
  { path: '/', element: <HomePage /> },
  { path: '/login', element: <PhoneLoginPage /> },
  { path: '/me', element: <MePage /> },
  { path: '/projects', element: <ProjectsPage /> },
  { path: '/projects/:code', element: <ProjectPage /> },
  { path: '/give/result/:orderNo', element: <GiveResultPage /> },
  { path: '/give/:code', element: <GivePage /> },
  { path: '/pay/local/:orderNo', element: <LocalCheckoutPage /> },
  { path: '/trace/:donationNo', element: <TracePage /> },
  { path: '/disclosure', element: <DisclosurePage /> },
  { path: '/console/login', element: <ConsoleLoginPage /> },
  {
    path: '/console',
    element: <ConsoleLayout />,
    children: [
      { index: true, element: <ConsoleIndex /> },
      ...consolePages.map((p) => ({
        path: p.path,
        element: <RequirePermission permission={p.permission}>{p.element}</RequirePermission>,
      })),
      { path: '*', element: <NotFound /> },
    ],
  },
  { path: '*', element: <NotFound /> },
]);
