// /mutual-aid/:code — the page villagers open from the fund's QR code: balance, where the money comes from (by
// source), the rules, the latest money in, grants and interest-free loans with masked names and repayments.
import { Button, Result, Spin, Tag } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { PublicShell } from '../../../components/public-shell';
import { formatFen } from '../../../lib/money';
import { type PublicFund, usePublicFund } from '../api';
import { formatBp } from '../rates';
import './mutual-aid.css';

const sourceColours: Record<PublicFund['sources'][number]['kind'], string> = {
  red_cross: '#c8102e',
  company: '#fa8c16',
  villager: '#52c41a',
  livestream: '#722ed1',
};

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <div className="ma-stat-label">{label}</div>
      <div className="ma-stat-value">{children}</div>
    </div>
  );
}

/** How the server shows a villager who gave without a name. */
const anonymousVillager = '爱心村民';

function initial(name: string): string {
  return Array.from(name)[0] ?? '爱';
}

export function MutualAidPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation(['mutualaid', 'common']);
  const fund = usePublicFund(code);
  const [limit, setLimit] = useState(8);

  if (fund.isLoading) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  if (!fund.data) {
    const missing = isApiError(fund.error) && fund.error.status === 404;
    return (
      <PublicShell>
        <Result
          status={missing ? '404' : 'error'}
          title={missing ? t('public.notFound') : t('common:errors.loadFailed')}
          subTitle={missing ? undefined : fund.error?.message}
        />
      </PublicShell>
    );
  }

  const f = fund.data;
  const totalIn = f.sources.reduce((s, x) => s + x.amountFen, 0);
  const sources = [...f.sources].sort((a, b) => b.amountFen - a.amountFen);
  const more = (total: number) =>
    total > limit ? (
      <Button block type="text" onClick={() => setLimit((n) => n + 20)}>
        {t('common:actions.loadMore')}
      </Button>
    ) : null;

  return (
    <PublicShell>
      <div className="ma-page ma-wide" data-testid="mutual-aid-page">
        <section className="ma-hero">
          <div className="ma-hero-tag">{t('public.tagline')}</div>
          <h1 data-testid="fund-name">{f.name}</h1>
          <div className="ma-hero-unit">{[...f.orgTrail, f.orgName].join(' › ')}</div>
          <div className="ma-balance-label">{t('public.balance')}</div>
          <div className="ma-balance" data-testid="fund-balance">
            {formatFen(f.totals.balanceFen)}
          </div>
        </section>

        <div className="ma-columns">
          <div>
            <section className="ma-card">
              <div className="ma-stats">
                <Stat label={t('public.contributed')}>{formatFen(f.totals.contributedFen)}</Stat>
                <Stat label={t('public.granted')}>{formatFen(f.totals.grantedFen)}</Stat>
                <Stat label={t('public.lent')}>{formatFen(f.totals.lentFen)}</Stat>
                <Stat label={t('public.repaid')}>{formatFen(f.totals.repaidFen)}</Stat>
                <Stat label={t('public.outstanding')}>{formatFen(f.totals.outstandingFen)}</Stat>
              </div>
            </section>

            <section className="ma-card" data-testid="fund-sources">
              <h2>{t('public.sources')}</h2>
              {sources.length === 0 && <p className="ma-muted">{t('public.none')}</p>}
              {sources.map((s) => {
                const share = totalIn > 0 ? (s.amountFen / totalIn) * 100 : 0;
                return (
                  <div className="ma-source" key={s.kind}>
                    <div className="ma-source-head">
                      <span>
                        {t(`sources.${s.kind}`)} <span className="ma-muted">× {s.count}</span>
                      </span>
                      <span className="ma-amount">{formatFen(s.amountFen)}</span>
                    </div>
                    <div className="ma-source-bar" title={t('public.percentOf', { percent: `${share.toFixed(1)}%` })}>
                      <span style={{ width: `${Math.max(share, 1)}%`, background: sourceColours[s.kind] }} />
                    </div>
                  </div>
                );
              })}
            </section>

            <section className="ma-card">
              <h2>{t('public.rules')}</h2>
              <p className="ma-rules">
                {t('public.ruleText', {
                  grant: formatFen(f.maxGrantFen, { whole: 'short' }),
                  loan: formatFen(f.maxLoanFen, { whole: 'short' }),
                  months: f.loanTermMonths,
                })}
              </p>
              {f.description && <p className="ma-rules">{f.description}</p>}
            </section>

            <section className="ma-card" data-testid="fund-contributions">
              <h2>
                {t('public.contributions')}
                <small>{f.contributions.length}</small>
              </h2>
              {f.contributions.length === 0 && <p className="ma-muted">{t('public.none')}</p>}
              <ul className="ma-list">
                {f.contributions.slice(0, limit).map((c) => (
                  <li key={c.ledgerIndex}>
                    <span className="ma-list-main">
                      <span className="ma-list-title">
                        {c.contributor === anonymousVillager ? t('public.anonymousVillager') : c.contributor}
                      </span>
                      <span className="ma-list-sub">
                        {t(`sources.${c.sourceKind}`)} · {c.receivedOn}
                        {c.salesFen !== null && c.rateBp !== null && (
                          <>
                            <br />
                            {t('public.livestreamLine', {
                              sales: formatFen(c.salesFen),
                              rate: formatBp(c.rateBp),
                              from: c.periodFrom,
                              to: c.periodTo,
                            })}
                          </>
                        )}
                      </span>
                    </span>
                    <span className="ma-amount">{formatFen(c.amountFen)}</span>
                  </li>
                ))}
              </ul>
              {more(f.contributions.length)}
            </section>
          </div>

          <div>
            <section className="ma-card" data-testid="fund-grants">
              <h2>
                {t('public.grants')}
                <small>{f.grants.length}</small>
              </h2>
              {f.grants.length === 0 && <p className="ma-muted">{t('public.none')}</p>}
              <ul className="ma-list">
                {f.grants.map((g) => (
                  <li key={g.ledgerIndex}>
                    <span className="ma-avatar">{initial(g.payee)}</span>
                    <span className="ma-list-main">
                      <span className="ma-list-title">{g.payee}</span>
                      <span className="ma-list-sub">
                        {g.purpose} · {g.paidOn} · {t('public.ledger', { index: g.ledgerIndex })}
                      </span>
                    </span>
                    <span className="ma-amount">{formatFen(g.amountFen)}</span>
                  </li>
                ))}
              </ul>
            </section>

            <section className="ma-card" data-testid="fund-loans">
              <h2>
                {t('public.loans')}
                <small>{f.loans.length}</small>
              </h2>
              {f.loans.length === 0 && <p className="ma-muted">{t('public.none')}</p>}
              <ul className="ma-list">
                {f.loans.map((l) => (
                  <li key={l.ledgerIndex}>
                    <span className="ma-avatar">{initial(l.borrower)}</span>
                    <span className="ma-list-main">
                      <span className="ma-list-title">
                        {l.borrower}{' '}
                        <Tag color={l.status === 'closed' ? 'green' : 'blue'} style={{ marginInlineStart: 4 }}>
                          {t(`loanStatus.${l.status}`)}
                        </Tag>
                      </span>
                      <span className="ma-list-sub">
                        {l.purpose} · {l.disbursedOn} · {t('public.dueOn', { date: l.dueOn })}
                      </span>
                      <span className="ma-list-sub">
                        {t('public.repaidOf', { repaid: formatFen(l.repaidFen), amount: formatFen(l.amountFen) })}
                      </span>
                      <span className="ma-progress">
                        <span style={{ width: `${(l.repaidFen / l.amountFen) * 100}%` }} />
                      </span>
                    </span>
                    <span className="ma-amount">{formatFen(l.amountFen)}</span>
                  </li>
                ))}
              </ul>
            </section>

            <p className="ma-muted" style={{ textAlign: 'center', margin: '4px 8px' }}>
              {t('public.privacy')}
            </p>
          </div>
        </div>
      </div>
    </PublicShell>
  );
}
