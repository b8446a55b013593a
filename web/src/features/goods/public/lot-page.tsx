// /goods/:lotNo: one lot of donated goods from the donor to its final recipients, for anyone on a phone: the exact
// product and quantity received, the two-person count, the value and its evidence kind, and every step since —
// transfers, hand-outs to units, organisations or people (names masked: 张*三), write-offs — each with its public
// ledger index.
import { Button, Result, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { PublicShell } from '../../../components/public-shell';
import { chinaMinute } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import { type PublicLot, usePublicLot } from '../api';
import { LotBar } from './lots-page';
import '../components/goods.css';

function Step({ step, unit, code }: { step: PublicLot['steps'][number]; unit: string; code: string }) {
  const { t } = useTranslation('goods');
  const title =
    step.kind === 'intake'
      ? t('public.stepIntake', { to: step.toWarehouse ?? '' })
      : step.kind === 'transfer'
        ? t('public.stepTransfer', { from: step.fromWarehouse ?? '', to: step.toWarehouse ?? '' })
        : step.kind === 'distribution'
          ? t('public.stepDistribution', { to: step.recipientDisplay ?? '' })
          : t('public.stepWriteOff', { reason: t(`reasons.${step.reason ?? 'other'}`) });
  return (
    <li className={`goods-step is-${step.kind}`} data-testid={`public-step-${step.kind}`}>
      <div className="goods-step-head">
        <span>{title}</span>
        <span className="goods-step-qty">
          {step.quantity.toLocaleString('en-US')} {unit} <span className="goods-code">{code}</span>
        </span>
      </div>
      {step.kind === 'distribution' && step.purpose && (
        <div className="goods-sub">{t('public.purpose', { purpose: step.purpose })}</div>
      )}
      <div className="goods-step-meta">
        {chinaMinute(step.at)}
        {step.kind === 'distribution' && step.recipientKind && <> · {t(`recipientShort.${step.recipientKind}`)}</>}
        {step.valueFen !== null && <> · {formatFen(step.valueFen)}</>} ·{' '}
        {t('public.ledger', { index: step.ledgerIndex })}
      </div>
    </li>
  );
}

function LotFacts({ lot }: { lot: PublicLot }) {
  const { t } = useTranslation('goods');
  return (
    <section className="goods-card" data-testid="public-lot-facts">
      <div className="goods-card-title">
        {lot.itemName} <span className="goods-code">{lot.productCode}</span>
      </div>
      <div className="goods-card-spec">{lot.spec}</div>
      <LotBar lot={{ ...lot, quantityReceived: lot.quantityReceived }} />
      <dl className="goods-facts" style={{ marginTop: 12 }}>
        <dt>{t('public.donor')}</dt>
        <dd>{lot.displayName}</dd>
        <dt>{t('public.unit')}</dt>
        <dd>{lot.orgName}</dd>
        {lot.standard && (
          <>
            <dt>{t('public.standard')}</dt>
            <dd>{lot.standard}</dd>
          </>
        )}
        {lot.piecesPerUnit && lot.pieceUnit && (
          <>
            <dt>{t('public.packing')}</dt>
            <dd>{t('lot.packingValue', { unit: lot.unit, pieces: lot.piecesPerUnit, pieceUnit: lot.pieceUnit })}</dd>
          </>
        )}
        {(lot.productionDate || lot.expiresOn) && (
          <>
            <dt>{t('public.dates')}</dt>
            <dd>
              {lot.productionDate ?? '—'} / {lot.expiresOn ?? '—'}
            </dd>
          </>
        )}
        <dt>{t('public.value')}</dt>
        <dd>
          {lot.valueFen === null ? (
            t('public.valueNone')
          ) : (
            <>
              {formatFen(lot.valueFen)} <Tag>{t(`valuation.${lot.valuationKind ?? 'none'}`)}</Tag>
            </>
          )}
        </dd>
        {lot.projectName && (
          <>
            <dt>{t('public.project')}</dt>
            <dd>
              {lot.projectCode ? (
                <Link to={`/projects/${encodeURIComponent(lot.projectCode)}`}>{lot.projectName}</Link>
              ) : (
                lot.projectName
              )}
            </dd>
          </>
        )}
        <dt>{t('public.receivedAt')}</dt>
        <dd>{chinaMinute(lot.receivedAt)}</dd>
        <dt>{t('public.confirmedAt')}</dt>
        <dd>{chinaMinute(lot.confirmedAt)}</dd>
        <dt>{t('lots.lotNo')}</dt>
        <dd className="goods-mono">{lot.lotNo}</dd>
      </dl>
    </section>
  );
}

export function PublicLotPage() {
  const { t } = useTranslation('goods');
  const { lotNo = '' } = useParams();
  const lot = usePublicLot(lotNo);
  const notFound = isApiError(lot.error) && lot.error.status === 404;
  return (
    <PublicShell>
      <div className="goods-page">
        <Link to="/goods" className="goods-sub">
          ← {t('public.backToList')}
        </Link>
        {lot.isLoading && <Spin style={{ margin: '32px auto', display: 'block' }} />}
        {lot.error && (
          <Result
            status={notFound ? '404' : 'error'}
            title={notFound ? t('public.notFound') : lot.error.message}
            subTitle={notFound ? t('public.notFoundHint') : undefined}
            extra={
              <Button href="/goods" type="primary">
                {t('public.backToList')}
              </Button>
            }
          />
        )}
        {lot.data && (
          <>
            <h1 className="goods-page-title">{t('public.traceTitle')}</h1>
            <LotFacts lot={lot.data} />
            <section className="goods-card">
              <h2 className="goods-card-title" style={{ margin: '0 0 12px' }}>
                {t('public.steps')}
              </h2>
              {lot.data.steps.length === 0 ? (
                <span className="goods-muted">{t('public.noSteps')}</span>
              ) : (
                <ol className="goods-steps" data-testid="public-steps">
                  {lot.data.steps.map((s) => (
                    <Step key={s.movementNo} step={s} unit={lot.data.unit} code={lot.data.productCode} />
                  ))}
                </ol>
              )}
            </section>
          </>
        )}
      </div>
    </PublicShell>
  );
}
