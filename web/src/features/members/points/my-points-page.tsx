// /my/points — 我的积分 on the phone: balance, this year's points and rank in my unit, the ledger, awards to redeem
// and my redemptions.
import { GiftOutlined, TrophyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Result, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { PublicShell } from '../../../components/public-shell';
import { formatDateTime } from '../../../lib/china-time';
import { type EntryView, useMyAwards, useMyPoints, useRedeem } from './api';
import './points.css';

export function EntryLine({ e }: { e: EntryView }) {
  const { t, i18n } = useTranslation('memberPoints');
  return (
    <div className="mp-entry" data-testid="points-entry">
      <div className="mp-entry-main">
        <div className="mp-entry-reason">
          {e.ruleName ? `${e.ruleName} · ` : ''}
          {e.reason}
        </div>
        <div className="mp-entry-meta">
          {formatDateTime(e.occurredAt, i18n.language)} · {t(`source.${e.source}`)}
          {e.isReversed ? <Tag style={{ marginLeft: 6 }}>{t('mine.reversed')}</Tag> : null}
        </div>
      </div>
      <div className={e.points >= 0 ? 'mp-plus' : 'mp-minus'}>{e.points > 0 ? `+${e.points}` : e.points}</div>
    </div>
  );
}

export function MyPointsPage() {
  const { t } = useTranslation('memberPoints');
  const { message } = App.useApp();
  const mine = useMyPoints();
  const awards = useMyAwards(mine.isSuccess);
  const redeem = useRedeem();
  if (mine.isPending) {
    return (
      <PublicShell>
        <Spin />
      </PublicShell>
    );
  }
  if (mine.error) {
    const code = isApiError(mine.error) ? mine.error.code : '';
    return (
      <PublicShell>
        {code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? (
          <Result
            status="info"
            title={t('mine.title')}
            extra={<Link to="/login?next=/my/points">登录 / Sign in</Link>}
          />
        ) : (
          <Result
            status="info"
            title={t('mine.notMember')}
            extra={
              <Link to="/members/join">
                <Button type="primary">{t('mine.join')}</Button>
              </Link>
            }
          />
        )}
      </PublicShell>
    );
  }
  const p = mine.data;
  return (
    <PublicShell>
      <div className="mp-page">
        <div className="mp-hero" data-testid="points-hero">
          <div className="mp-hero-name">
            {p.name} · {p.orgName}
          </div>
          <div className="mp-hero-balance" data-testid="points-balance">
            {p.balance}
          </div>
          <div>{t('mine.balance')}</div>
          <div className="mp-hero-row">
            <span>
              {t('mine.year', { year: p.year })} <b data-testid="points-year">{p.yearPoints}</b>
            </span>
            <span>
              <TrophyOutlined /> {t('mine.rank')}{' '}
              <b>{p.rankInUnit ? t('mine.rankOf', { rank: p.rankInUnit, total: p.rankedInUnit }) : t('mine.noRank')}</b>
            </span>
          </div>
        </div>
        <div className="mp-links">
          <Link to="/my/services">{t('orders.title')}</Link>
          <Link to="/my/kits">{t('kits.title')}</Link>
        </div>
        <Card size="small" title={t('mine.ledger')} className="mp-card">
          {p.entries.length === 0 ? <Empty description={t('mine.empty')} /> : null}
          {p.entries.map((e) => (
            <EntryLine key={e.id} e={e} />
          ))}
        </Card>
        <Card
          size="small"
          title={
            <>
              <GiftOutlined /> {t('mine.awards')}
            </>
          }
          className="mp-card"
        >
          {redeem.error ? (
            <Alert type="error" showIcon title={redeem.error.message} style={{ marginBottom: 8 }} />
          ) : null}
          {(awards.data ?? []).length === 0 ? <Empty description={t('mine.empty')} /> : null}
          {(awards.data ?? []).map((a) => (
            <div className="mp-award" key={a.id}>
              <div>
                <div>{a.name}</div>
                <div className="mp-entry-meta">
                  {t('mine.cost', { n: a.pointsCost })}
                  {a.stock !== null ? ` · ${t('mine.stock', { n: a.stock })}` : ''} · {a.orgName}
                </div>
              </div>
              <Button
                size="small"
                disabled={p.balance < a.pointsCost || a.stock === 0}
                loading={redeem.isPending && redeem.variables === a.id}
                onClick={() => redeem.mutate(a.id, { onSuccess: () => void message.success(t('mine.redeemed')) })}
              >
                {t('mine.redeem')}
              </Button>
            </div>
          ))}
        </Card>
        {p.redemptions.length > 0 ? (
          <Card size="small" title={t('mine.myRedemptions')} className="mp-card">
            {p.redemptions.map((r) => (
              <div className="mp-award" key={r.id}>
                <span>{r.awardName}</span>
                <Tag
                  color={r.status === 'handed_over' ? 'success' : r.status === 'requested' ? 'processing' : 'default'}
                >
                  {t(`redemption.${r.status}`)}
                </Tag>
              </div>
            ))}
          </Card>
        ) : null}
      </div>
    </PublicShell>
  );
}
