// /goods: every received lot of donated goods, newest first, for anyone on a phone: what arrived (the exact product
// and quantity), from whom (masked as the donor chose), and how much has been handed out; a lot opens its trace.
import { Empty, Input, Pagination, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PublicShell } from '../../../components/public-shell';
import { chinaDay } from '../../../lib/china-time';
import { type PublicLotRow, publicLotPath, usePublicLots } from '../api';
import '../components/goods.css';

const pageSize = 20;

/** Received units split into handed out, written off and still in stock, as a bar. */
export function LotBar({
  lot,
}: {
  lot: Pick<PublicLotRow, 'quantityReceived' | 'distributed' | 'writtenOff' | 'inStock' | 'unit'>;
}) {
  const { t } = useTranslation('goods');
  const pct = (n: number) => `${lot.quantityReceived > 0 ? (n / lot.quantityReceived) * 100 : 0}%`;
  return (
    <>
      <div className="goods-bar" aria-hidden>
        <span className="goods-bar-out" style={{ width: pct(lot.distributed) }} />
        <span className="goods-bar-off" style={{ width: pct(lot.writtenOff) }} />
      </div>
      <div className="goods-figures">
        <span>
          {t('public.received')}
          <b>
            {lot.quantityReceived.toLocaleString('en-US')} {lot.unit}
          </b>
        </span>
        <span>
          {t('public.distributed')}
          <b data-testid="lot-distributed">
            {lot.distributed.toLocaleString('en-US')} {lot.unit}
          </b>
        </span>
        <span>
          {t('public.inStock')}
          <b>
            {lot.inStock.toLocaleString('en-US')} {lot.unit}
          </b>
        </span>
      </div>
    </>
  );
}

function LotCard({ lot }: { lot: PublicLotRow }) {
  const { t } = useTranslation('goods');
  return (
    <Link to={publicLotPath(lot.lotNo)} className="goods-card" data-testid="public-lot">
      <div className="goods-card-head">
        <span className="goods-card-title">
          {lot.itemName} <span className="goods-code">{lot.productCode}</span>
        </span>
        <span className="goods-sub">{chinaDay(lot.receivedAt)}</span>
      </div>
      <div className="goods-card-spec">{lot.spec}</div>
      <div className="goods-sub" style={{ marginTop: 4 }}>
        {t('public.donorLine', { name: lot.displayName, unit: lot.orgName })}
      </div>
      <LotBar lot={lot} />
    </Link>
  );
}

export function PublicLotsPage() {
  const { t } = useTranslation('goods');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const lots = usePublicLots({ q, page, pageSize });
  return (
    <PublicShell>
      <div className="goods-page">
        <h1 className="goods-page-title">{t('public.listTitle')}</h1>
        <p className="goods-page-intro">{t('public.listIntro')}</p>
        <Input.Search
          allowClear
          size="large"
          placeholder={t('public.search')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          data-testid="public-lot-search"
        />
        {lots.isLoading && <Spin style={{ margin: '24px auto', display: 'block' }} />}
        {lots.error && <Empty description={lots.error.message} />}
        {lots.data && lots.data.items.length === 0 && <Empty description={t('public.empty')} />}
        {lots.data?.items.map((lot) => (
          <LotCard key={lot.lotNo} lot={lot} />
        ))}
        {lots.data && lots.data.total > pageSize && (
          <Pagination
            simple
            align="center"
            current={page}
            pageSize={pageSize}
            total={lots.data.total}
            onChange={setPage}
          />
        )}
      </div>
    </PublicShell>
  );
}
