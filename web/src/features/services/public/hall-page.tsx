// /services: the service hall (一网通办) — the four categories with their items (icon, name, promised working days),
// and the way to the citizen's own requests.
import { FileSearchOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Empty, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PublicShell } from '../../../components/public-shell';
import { useCatalogue } from '../api';
import { CategoryIcon, ItemIcon } from '../components/item-icon';
import { usePick } from '../components/labels';
import '../components/services.css';

export function HallPage() {
  const { t } = useTranslation('services');
  const { pick } = usePick();
  const catalogue = useCatalogue();
  const categories = (catalogue.data?.categories ?? []).filter((c) => c.items.length > 0);

  return (
    <PublicShell>
      <div className="svc-page" data-testid="hall-page">
        <div>
          <h1 className="svc-title">{t('hall.title')}</h1>
          <p className="svc-lead">{t('hall.intro')}</p>
        </div>
        <Link to="/my/requests" className="svc-mine-link" data-testid="my-requests-link">
          <FileSearchOutlined style={{ fontSize: 24 }} />
          <span className="svc-mine-text">
            <strong>{t('hall.myRequests')}</strong>
            <span>{t('hall.myRequestsHint')}</span>
          </span>
          <RightOutlined />
        </Link>
        {catalogue.isLoading && <Spin style={{ display: 'block', margin: '32px auto' }} />}
        {catalogue.error && <Alert type="error" showIcon title={catalogue.error.message} />}
        {catalogue.data && categories.length === 0 && <Empty description={t('hall.empty')} />}
        {categories.map((c) => (
          <section key={c.code} className="svc-card" data-testid="hall-category">
            <h2>
              <CategoryIcon code={c.code} />
              {pick(c)}
              <span className="svc-muted" style={{ marginInlineStart: 'auto', fontWeight: 400 }}>
                {t('hall.items', { count: c.items.length })}
              </span>
            </h2>
            <div className="svc-items">
              {c.items.map((item) => (
                <Link
                  key={item.code}
                  to={`/services/${encodeURIComponent(item.code)}`}
                  className="svc-item-tile"
                  data-testid={`hall-item-${item.code}`}
                >
                  <span className="svc-item-icon">
                    <ItemIcon code={item.code} categoryCode={item.categoryCode} />
                  </span>
                  <span className="svc-item-name">{pick(item)}</span>
                  <span className="svc-item-days">{t('hall.timeLimit', { count: item.timeLimitDays })}</span>
                </Link>
              ))}
            </div>
          </section>
        ))}
      </div>
    </PublicShell>
  );
}
