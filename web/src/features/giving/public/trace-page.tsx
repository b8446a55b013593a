// /trace/:donationNo: one gift's trail — what was given, which payouts spent it — and its ledger entry verified in the
// browser (signed checkpoint, leaf hash, inclusion proof, that the entry is this gift, the donor's commitment with the
// salt, and that the log only grew since this device last looked). Each check is a green tick or a red cross.
import {
  CheckCircleFilled,
  ClockCircleOutlined,
  CloseCircleFilled,
  FilePdfOutlined,
  SafetyCertificateFilled,
  WarningFilled,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Collapse, Input, Result, Spin, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { apiFetch, isApiError } from '../../../app/api-client';
import { PublicShell } from '../../../components/public-shell';
import { chinaDateTime, chinaDay } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import { DonorReceiptSection } from '../../receipts/public/donor-receipt-section';
import {
  certificateHref,
  type LedgerMaterial,
  type PublicDonation,
  useDonorDonation,
  useLedgerMaterial,
  usePublicDonation,
} from '../api';
import { useGivingLabels } from '../components/labels';
import { giftToken } from '../gift-tokens';
import {
  checkAppendOnly,
  checkCommitment,
  checkTrail,
  type DonorSecret,
  rememberLedger,
  seenLedger,
  type TrailCheck,
} from '../verify-trail';
import '../components/giving.css';

function CheckRow({ check }: { check: TrailCheck }) {
  const { t } = useTranslation('giving');
  return (
    <li
      className={`giving-check ${check.ok ? 'is-ok' : 'is-bad'}`}
      data-testid={`check-${check.id}`}
      data-ok={check.ok}
    >
      <span className="giving-check-icon">{check.ok ? <CheckCircleFilled /> : <CloseCircleFilled />}</span>
      <span className="giving-check-text">
        {t(`trace.checks.${check.id}`)}
        {!check.ok && <span className="giving-check-reason">{t(`trace.reasons.${check.reason}`)}</span>}
        {check.detail && <span className="giving-check-detail">{check.detail}</span>}
      </span>
    </li>
  );
}

function GiftFacts({ gift }: { gift: PublicDonation }) {
  const { t } = useTranslation('giving');
  const labels = useGivingLabels();
  return (
    <section className="giving-card" data-testid="trace-gift">
      <div className="giving-center" style={{ marginBottom: 14 }}>
        <span className="giving-muted">{labels.donor(gift.displayName)}</span>
        <div className="giving-big-amount" data-testid="trace-amount">
          {formatFen(gift.amountFen)}
        </div>
        {gift.isRefunded && <Tag color="default">{t('trace.refunded')}</Tag>}
      </div>
      <dl className="giving-facts">
        <dt>{t('trace.project')}</dt>
        <dd>
          <Link to={`/projects/${encodeURIComponent(gift.projectCode)}`}>{gift.projectName}</Link>
        </dd>
        <dt>{t('trace.org')}</dt>
        <dd>{gift.orgName}</dd>
        <dt>{t('trace.time')}</dt>
        <dd>{chinaDateTime(gift.receivedAt)}</dd>
        <dt>{t('trace.channel')}</dt>
        <dd>{labels.channel(gift.channel)}</dd>
        <dt>{t('trace.intent')}</dt>
        <dd>{t(`fundKinds.${gift.intent}`)}</dd>
        <dt>{t('disclosure.columns.donationNo')}</dt>
        <dd className="giving-mono" style={{ fontSize: 13 }}>
          {gift.donationNo}
        </dd>
        <dt>{t('trace.ledgerIndex')}</dt>
        <dd>#{gift.ledgerIndex}</dd>
      </dl>
      {gift.message && (
        <p className="giving-consent-text" style={{ marginBottom: 0 }}>
          “{gift.message}”
        </p>
      )}
    </section>
  );
}

function Spends({ gift }: { gift: PublicDonation }) {
  const { t } = useTranslation('giving');
  const spentFen = gift.amountFen - gift.unspentFen;
  const percent = gift.amountFen > 0 ? (spentFen * 100) / gift.amountFen : 0;
  return (
    <section className="giving-card" data-testid="trace-spends">
      <h2>{t('trace.spentTitle')}</h2>
      <div className="giving-spend-bar" aria-hidden>
        <span style={{ width: `${percent}%` }} />
      </div>
      <p className="giving-muted" style={{ margin: '0 0 12px' }}>
        {t('trace.spentOf', { spent: formatFen(spentFen), unspent: formatFen(gift.unspentFen) })}
      </p>
      {gift.spends.length === 0 && gift.moves.length === 0 ? (
        <p className="giving-muted" style={{ margin: 0 }}>
          {t('trace.allUnspent')}
        </p>
      ) : (
        <ul className="giving-list" data-testid="trace-spend-list">
          {gift.spends.map((s) => (
            <li key={s.payoutNo} className="giving-list-item">
              <span className="giving-list-main">
                <span className="giving-list-title">{s.purpose}</span>
                <span className="giving-list-sub">
                  {t('trace.payee')} {s.payeeDisplay}
                  {s.paidAt ? ` · ${chinaDay(s.paidAt)}` : ''}
                  {s.ledgerIndex !== null ? ` · #${s.ledgerIndex}` : ''}
                </span>
              </span>
              <span className="giving-list-amount">{formatFen(s.amountFen)}</span>
            </li>
          ))}
          {gift.moves.map((m) => (
            <li key={m.allocationNo} className="giving-list-item">
              <span className="giving-list-main">
                <span className="giving-list-title">{t('trace.movedTo', { fund: m.toFundName })}</span>
                <span className="giving-list-sub">
                  {m.purpose}
                  {m.at ? ` · ${chinaDay(m.at)}` : ''}
                  {m.ledgerIndex !== null ? ` · #${m.ledgerIndex}` : ''}
                </span>
              </span>
              <span className="giving-list-amount">{formatFen(m.amountFen)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The checks that need the ledger material, plus the append-only check against what this device saw before. */
function Verification({
  gift,
  ledgerKey,
  checkpointNote,
  entry,
  donor,
}: {
  gift: PublicDonation;
  ledgerKey: LedgerMaterial['key'];
  checkpointNote: string;
  entry: NonNullable<LedgerMaterial['entry']>;
  donor?: DonorSecret;
}) {
  const { t } = useTranslation('giving');
  // What this device saw before this visit, read once.
  const [previous] = useState(() => seenLedger());
  const result = useMemo(
    () => checkTrail({ key: ledgerKey, checkpointNote, entry, gift, donor, pinnedKey: previous?.verifierKey }),
    [ledgerKey, checkpointNote, entry, gift, donor, previous],
  );
  const appendOnly = useQuery({
    queryKey: ['giving', 'append-only', previous?.checkpointNote, checkpointNote],
    enabled: Boolean(previous && result.checkpoint),
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () =>
      checkAppendOnly({
        previousNote: previous?.checkpointNote ?? '',
        currentNote: checkpointNote,
        key: ledgerKey,
        fetchProof: async (from, to) =>
          (await apiFetch<{ proof: string[] }>('/ledger/consistency', { query: { from, to } })).proof,
      }),
  });

  const checks = appendOnly.data ? [...result.checks, appendOnly.data] : result.checks;
  const allOk = checks.every((c) => c.ok);

  useEffect(() => {
    // Remember the newest checkpoint that verified and extends what was seen before (never a failing one).
    const extendsPrevious = !previous || appendOnly.data?.ok === true;
    if (result.checkpoint && extendsPrevious) {
      rememberLedger({ verifierKey: ledgerKey.verifierKey, checkpointNote });
    }
  }, [result.checkpoint, previous, appendOnly.data, ledgerKey, checkpointNote]);

  const origin = window.location.origin;
  const size = result.checkpoint?.size ?? entry.treeSize;
  return (
    <>
      <div className={`giving-verdict ${allOk ? 'is-ok' : 'is-bad'}`} data-testid="verify-verdict" data-ok={allOk}>
        {allOk ? <SafetyCertificateFilled /> : <WarningFilled />}
        {allOk ? t('trace.allOk') : t('trace.someFailed')}
      </div>
      <ul className="giving-list" data-testid="verify-checks">
        {checks.map((c) => (
          <CheckRow key={c.id} check={c} />
        ))}
      </ul>
      {donor && <p className="giving-muted">{t('trace.mineHint')}</p>}
      <Collapse
        ghost
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'details',
            label: t('trace.details'),
            children: (
              <div>
                <div className="giving-muted">{t('trace.key')}</div>
                <pre className="giving-pre">{ledgerKey.verifierKey}</pre>
                <div className="giving-muted">{t('trace.checkpoint')}</div>
                <pre className="giving-pre">{checkpointNote}</pre>
                <div className="giving-muted">{t('trace.leaf')}</div>
                <pre className="giving-pre" data-testid="leaf-json">
                  {entry.leaf}
                </pre>
                <div className="giving-muted">{t('trace.leafHash')}</div>
                <pre className="giving-pre">{result.leafHashHex}</pre>
                <div className="giving-muted">{t('trace.cliHint')}</div>
                <pre className="giving-pre" data-testid="cli-command">
                  {`npx boai verify entry --log ${origin}/api/ledger --index ${entry.index} --key '${ledgerKey.verifierKey}'${
                    donor ? ` --salt ${donor.salt} --identity '${donor.name ?? ''}'` : ''
                  }`}
                </pre>
                <div className="giving-muted">{t('trace.sources')}</div>
                <pre className="giving-pre">
                  {`${origin}/api/ledger/key\n${origin}/api/ledger/checkpoint\n${origin}/api/ledger/entries/${entry.index}?treeSize=${size}`}
                </pre>
              </div>
            ),
          },
        ]}
      />
    </>
  );
}

function ManualCommitment({ leaf }: { leaf: string }) {
  const { t } = useTranslation('giving');
  const [salt, setSalt] = useState('');
  const [name, setName] = useState('');
  const [check, setCheck] = useState<TrailCheck | null>(null);
  return (
    <Collapse
      style={{ marginTop: 12, background: '#fff' }}
      items={[
        {
          key: 'mine',
          label: t('trace.manualTitle'),
          children: (
            <div>
              <p className="giving-muted" style={{ marginTop: 0 }}>
                {t('trace.manualHint')}
              </p>
              <div className="giving-field">
                <label className="giving-field-label" htmlFor="trace-salt">
                  {t('trace.salt')}
                </label>
                <Input
                  id="trace-salt"
                  size="large"
                  placeholder={t('trace.saltPlaceholder')}
                  value={salt}
                  onChange={(e) => setSalt(e.target.value)}
                  autoComplete="off"
                  spellCheck={false}
                />
              </div>
              <div className="giving-field">
                <label className="giving-field-label" htmlFor="trace-name">
                  {t('trace.name')}
                </label>
                <Input id="trace-name" size="large" value={name} onChange={(e) => setName(e.target.value)} />
              </div>
              <Button
                type="primary"
                size="large"
                shape="round"
                style={{ marginTop: 12 }}
                disabled={salt.trim() === ''}
                onClick={() => setCheck(checkCommitment(leaf, { salt, name }))}
                data-testid="manual-check"
              >
                {t('trace.check')}
              </Button>
              {check && (
                <ul className="giving-list" style={{ marginTop: 12 }}>
                  <CheckRow check={check} />
                </ul>
              )}
            </div>
          ),
        },
      ]}
    />
  );
}

export function TracePage() {
  const { donationNo = '' } = useParams();
  const { t } = useTranslation(['giving', 'common']);
  const token = useMemo(() => giftToken(donationNo), [donationNo]);
  const gift = usePublicDonation(donationNo);
  const mine = useDonorDonation(donationNo, token);
  const material = useLedgerMaterial(gift.data?.ledgerIndex);

  const donor = useMemo<DonorSecret | undefined>(
    () => (mine.data?.salt ? { salt: mine.data.salt, name: mine.data.donorName } : undefined),
    [mine.data],
  );

  if (gift.isLoading) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  if (!gift.data) {
    const missing = isApiError(gift.error) && gift.error.status === 404;
    return (
      <PublicShell>
        <Result
          status={missing ? '404' : 'error'}
          title={missing ? t('trace.notFound') : t('common:errors.loadFailed')}
          subTitle={donationNo}
          extra={
            <Link to="/disclosure">
              <Button type="primary">{t('disclosure.title')}</Button>
            </Link>
          }
        />
      </PublicShell>
    );
  }

  const m = material.data;
  // Wait for the donor's own view before checking, so the commitment check is not missing on the first render.
  const waitingForMine = Boolean(token) && mine.isLoading;
  return (
    <PublicShell>
      <div className="giving-page" data-testid="trace-page">
        <h1 className="giving-page-title">{t('trace.title')}</h1>
        <GiftFacts gift={gift.data} />
        <Spends gift={gift.data} />
        <section className="giving-card" data-testid="trace-verify">
          <h2>{t('trace.verifyTitle')}</h2>
          <p className="giving-muted" style={{ marginTop: 0 }}>
            {t('trace.verifyIntro')}
          </p>
          {material.error && <Alert type="error" showIcon title={material.error.message} />}
          {(material.isLoading || waitingForMine) && (
            <div className="giving-center">
              <Spin />
              <span className="giving-muted">{t('trace.verifying')}</span>
            </div>
          )}
          {m && !m.entry && (
            <Alert
              type="info"
              showIcon
              icon={<ClockCircleOutlined />}
              title={t('trace.pending')}
              data-testid="verify-pending"
            />
          )}
          {m?.entry && m.checkpointNote && !waitingForMine && (
            <Verification
              gift={gift.data}
              ledgerKey={m.key}
              checkpointNote={m.checkpointNote}
              entry={m.entry}
              donor={donor}
            />
          )}
          {m?.entry && !donor && !waitingForMine && <ManualCommitment leaf={m.entry.leaf} />}
        </section>
        <DonorReceiptSection donationNo={gift.data.donationNo} token={token} isRefunded={gift.data.isRefunded} />
        {token && (
          <Button
            block
            className="giving-big-button"
            icon={<FilePdfOutlined />}
            href={certificateHref(donationNo, token)}
            target="_blank"
          >
            {t('trace.certificate')}
          </Button>
        )}
      </div>
    </PublicShell>
  );
}
