// The frame of the phone-first public pages: a slim branded bar, one centred column, no console chrome.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BrandMark } from './brand-mark';
import { LanguageSwitch } from './language-switch';
import './public-shell.css';

export function PublicShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="public-shell">
      <header className="public-bar">
        <Link to="/" className="public-brand">
          <BrandMark size={28} />
          <span className="public-brand-name">{t('app.name')}</span>
        </Link>
        <LanguageSwitch />
      </header>
      <main className="public-main">{children}</main>
    </div>
  );
}
