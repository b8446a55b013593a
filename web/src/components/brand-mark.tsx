// The Red Cross mark: a red cross on white, drawn as SVG so it stays sharp at any size.
import { useTranslation } from 'react-i18next';

export function BrandMark({ size = 32 }: { size?: number }) {
  const { t } = useTranslation();
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" role="img" aria-label={t('app.name')} style={{ flex: 'none' }}>
      <title>{t('app.name')}</title>
      <rect x="0.5" y="0.5" width="31" height="31" rx="6" fill="#fff" stroke="#f0d0d5" />
      <path fill="#c8102e" d="M12 4h8v8h8v8h-8v8h-8v-8H4v-8h8z" />
    </svg>
  );
}
