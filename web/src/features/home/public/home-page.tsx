// The public home page: Red Cross branding, a short introduction, and tiles for the services that exist today.
import {
  AppstoreOutlined,
  AuditOutlined,
  CommentOutlined,
  FileDoneOutlined,
  HeartOutlined,
  InboxOutlined,
  LoginOutlined,
  MedicineBoxOutlined,
  RightOutlined,
  SafetyCertificateOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../../app/session';
import { BrandMark } from '../../../components/brand-mark';
import { PublicShell } from '../../../components/public-shell';
import './home-page.css';

function Tile({
  to,
  icon,
  title,
  hint,
  testId,
}: {
  to: string;
  icon: ReactNode;
  title: string;
  hint: string;
  testId: string;
}) {
  return (
    <Link to={to} className="home-tile" data-testid={testId}>
      <span className="home-tile-icon">{icon}</span>
      <span className="home-tile-text">
        <span className="home-tile-title">{title}</span>
        <span className="home-tile-hint">{hint}</span>
      </span>
      <RightOutlined className="home-tile-arrow" />
    </Link>
  );
}

export function HomePage() {
  const { t } = useTranslation([
    'home',
    'common',
    'giving',
    'goods',
    'relief',
    'services',
    'grievances',
    'trainingClasses',
  ]);
  const { data: me } = useMe();
  return (
    <PublicShell>
      <section className="home-hero">
        <BrandMark size={64} />
        <h1 className="home-title">{t('title')}</h1>
        <p className="home-motto">{t('motto')}</p>
      </section>
      <p className="home-intro">{t('intro')}</p>
      <nav className="home-tiles">
        <Tile
          to="/services"
          icon={<AppstoreOutlined />}
          title={t('services:hall.tile')}
          hint={t('services:hall.tileHint')}
          testId="tile-services"
        />
        <Tile
          to="/projects"
          icon={<HeartOutlined />}
          title={t('giving:home.give')}
          hint={t('giving:home.giveHint')}
          testId="tile-give"
        />
        <Tile
          to="/disclosure"
          icon={<AuditOutlined />}
          title={t('giving:home.daily')}
          hint={t('giving:home.dailyHint')}
          testId="tile-disclosure"
        />
        <Tile
          to="/goods"
          icon={<InboxOutlined />}
          title={t('goods:home.goods')}
          hint={t('goods:home.goodsHint')}
          testId="tile-goods"
        />
        <Tile
          to="/relief/apply"
          icon={<MedicineBoxOutlined />}
          title={t('relief:home.apply')}
          hint={t('relief:home.applyHint')}
          testId="tile-relief"
        />
        <Tile
          to="/relief/notices"
          icon={<FileDoneOutlined />}
          title={t('relief:home.notices')}
          hint={t('relief:home.noticesHint')}
          testId="tile-relief-notices"
        />
        <Tile
          to="/training"
          icon={<SafetyCertificateOutlined />}
          title={t('trainingClasses:home.tile')}
          hint={t('trainingClasses:home.tileHint')}
          testId="tile-training"
        />
        <Tile
          to="/grievances/new"
          icon={<CommentOutlined />}
          title={t('grievances:home.tile')}
          hint={t('grievances:home.tileHint')}
          testId="tile-grievances"
        />
        {!me && (
          <Tile
            to="/login"
            icon={<LoginOutlined />}
            title={t('tiles.signIn')}
            hint={t('tiles.signInHint')}
            testId="tile-sign-in"
          />
        )}
        <Tile
          to="/me"
          icon={<UserOutlined />}
          title={t('tiles.me')}
          hint={me ? t('tiles.meSignedIn', { phone: me.phoneMasked ?? me.displayName }) : t('tiles.meHint')}
          testId="tile-me"
        />
      </nav>
      <footer className="home-footer">
        <Link to="/console">{t('staffEntry')}</Link>
        <span>{t('footer')}</span>
      </footer>
    </PublicShell>
  );
}
