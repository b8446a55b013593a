// The zh / en switch shown in every header; the choice is remembered (localStorage + boai_lang cookie).
import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../app/i18n';

export function LanguageSwitch({ type = 'text' }: { type?: 'text' | 'default' }) {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      type={type}
      icon={<TranslationOutlined />}
      onClick={() => void setLanguage(next)}
      aria-label={t('language.label')}
      data-testid="language-switch"
    >
      {t('language.switchTo')}
    </Button>
  );
}
