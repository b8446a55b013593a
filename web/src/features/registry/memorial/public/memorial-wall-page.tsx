// /memorial: the memorial wall (网上纪念馆) — published memorials, newest first, searchable, paged; each card opens
// the memorial's page.
import { Empty, Input, Pagination, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PublicShell } from '../../../../components/public-shell';
import { type MemorialView, memorialPhotoUrl, useMemorialWall } from '../../organ/api';
import '../../organ/components/organ.css';

export function MemorialPhoto({ m, large }: { m: MemorialView; large?: boolean }) {
  return m.hasPhoto ? (
    <img className={`memorial-photo${large ? ' large' : ''}`} src={memorialPhotoUrl(m.id)} alt={m.name} />
  ) : (
    <div className={`memorial-photo${large ? ' large' : ''}`} aria-hidden>
      {m.name.slice(0, 1)}
    </div>
  );
}

export function memorialYears(m: MemorialView): string {
  return `${m.birthYear ?? '?'}–${m.deathOn.slice(0, 4)}`;
}

export function MemorialWallPage() {
  const { t } = useTranslation('organ');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const pageSize = 12;
  const wall = useMemorialWall({ q: q || undefined, page, pageSize });
  return (
    <PublicShell>
      <div className="organ-page" style={{ maxWidth: 960 }}>
        <h1 className="organ-title">{t('memorial.wallTitle')}</h1>
        <p className="organ-lead">{t('memorial.wallIntro')}</p>
        <Input.Search
          allowClear
          size="large"
          placeholder={t('memorial.search')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ marginBottom: 12 }}
          data-testid="memorial-search"
        />
        {wall.isLoading ? (
          <Spin />
        ) : (wall.data?.items ?? []).length === 0 ? (
          <Empty description={t('memorial.empty')} />
        ) : (
          <div className="memorial-grid">
            {(wall.data?.items ?? []).map((m) => (
              <Link key={m.id} to={`/memorial/${m.id}`} className="memorial-card" data-testid="memorial-card">
                <MemorialPhoto m={m} />
                <div style={{ minWidth: 0 }}>
                  <div className="memorial-name">{m.name}</div>
                  <div className="organ-muted">
                    {memorialYears(m)} · {m.donationKind === 'organ' ? t('memorial.kindOrgan') : t('memorial.kindBody')}
                  </div>
                  <div className="organ-muted">
                    {t('memorial.flowers', { n: m.flowerCount })} · {t('memorial.visits', { n: m.visitCount })}
                  </div>
                </div>
              </Link>
            ))}
          </div>
        )}
        {(wall.data?.total ?? 0) > pageSize && (
          <Pagination
            style={{ marginTop: 16, textAlign: 'center' }}
            current={page}
            pageSize={pageSize}
            total={wall.data?.total ?? 0}
            onChange={setPage}
            showSizeChanger={false}
          />
        )}
      </div>
    </PublicShell>
  );
}
