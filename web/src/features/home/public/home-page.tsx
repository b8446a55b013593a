// The public home page: Red Cross branding, the emergency call first, then every public service in four groups
// (first aid, giving, services and relief, joining in) and the citizen's own account.
import {
  AlertOutlined,
  AppstoreOutlined,
  AuditOutlined,
  CommentOutlined,
  EnvironmentOutlined,
  ExperimentOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  HeartOutlined,
  IdcardOutlined,
  InboxOutlined,
  InteractionOutlined,
  LoginOutlined,
  MedicineBoxOutlined,
  PhoneOutlined,
  RightOutlined,
  SafetyCertificateOutlined,
  StarOutlined,
  TeamOutlined,
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
      <span className="home-tile-title">{title}</span>
      <span className="home-tile-hint">{hint}</span>
    </Link>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="home-section" aria-label={title}>
      <h2 className="home-section-title">{title}</h2>
      <div className="home-tiles">{children}</div>
    </section>
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
        <BrandMark size={56} />
        <h1 className="home-title">{t('title')}</h1>
        <p className="home-motto">{t('motto')}</p>
      </section>
      <p className="home-intro">{t('intro')}</p>
      <Link to="/emergency" className="home-emergency" data-testid="tile-emergency">
        <PhoneOutlined className="home-emergency-icon" />
        <span className="home-emergency-text">
          <span className="home-emergency-title">{t('emergency.title')}</span>
          <span className="home-emergency-hint">{t('emergency.hint')}</span>
        </span>
        <RightOutlined />
      </Link>
      <Section title={t('sections.firstAid')}>
        <Tile
          to="/aed"
          icon={<EnvironmentOutlined />}
          title={t('tiles.aed')}
          hint={t('tiles.aedHint')}
          testId="tile-aed"
        />
        <Tile
          to="/respond"
          icon={<AlertOutlined />}
          title={t('tiles.respond')}
          hint={t('tiles.respondHint')}
          testId="tile-respond"
        />
        <Tile
          to="/training"
          icon={<SafetyCertificateOutlined />}
          title={t('trainingClasses:home.tile')}
          hint={t('trainingClasses:home.tileHint')}
          testId="tile-training"
        />
        <Tile
          to="/certificates/verify"
          icon={<FileProtectOutlined />}
          title={t('tiles.verify')}
          hint={t('tiles.verifyHint')}
          testId="tile-verify"
        />
      </Section>
      <Section title={t('sections.giving')}>
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
          to="/relief/notices"
          icon={<FileDoneOutlined />}
          title={t('relief:home.notices')}
          hint={t('relief:home.noticesHint')}
          testId="tile-relief-notices"
        />
      </Section>
      <Section title={t('sections.services')}>
        <Tile
          to="/services"
          icon={<AppstoreOutlined />}
          title={t('services:hall.tile')}
          hint={t('services:hall.tileHint')}
          testId="tile-services"
        />
        <Tile
          to="/relief/apply"
          icon={<MedicineBoxOutlined />}
          title={t('relief:home.apply')}
          hint={t('relief:home.applyHint')}
          testId="tile-relief"
        />
        <Tile
          to="/grievances/new"
          icon={<CommentOutlined />}
          title={t('grievances:home.tile')}
          hint={t('grievances:home.tileHint')}
          testId="tile-grievances"
        />
        <Tile
          to="/members/join"
          icon={<IdcardOutlined />}
          title={t('tiles.join')}
          hint={t('tiles.joinHint')}
          testId="tile-join"
        />
      </Section>
      <Section title={t('sections.joinIn')}>
        <Tile
          to="/v"
          icon={<TeamOutlined />}
          title={t('tiles.volunteers')}
          hint={t('tiles.volunteersHint')}
          testId="tile-volunteers"
        />
        <Tile
          to="/registry/organ/register"
          icon={<InteractionOutlined />}
          title={t('tiles.organ')}
          hint={t('tiles.organHint')}
          testId="tile-organ"
        />
        <Tile
          to="/registry/stem-cell"
          icon={<ExperimentOutlined />}
          title={t('tiles.stemCell')}
          hint={t('tiles.stemCellHint')}
          testId="tile-stem-cell"
        />
        <Tile
          to="/memorial"
          icon={<StarOutlined />}
          title={t('tiles.memorial')}
          hint={t('tiles.memorialHint')}
          testId="tile-memorial"
        />
      </Section>
      <Section title={t('sections.mine')}>
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
      </Section>
      <footer className="home-footer">
        <Link to="/console">{t('staffEntry')}</Link>
        <span>{t('footer')}</span>
      </footer>
    </PublicShell>
  );
}
