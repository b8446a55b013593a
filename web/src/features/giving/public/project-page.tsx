// /projects/:code: one project for the public — progress, purpose and owner, the fund-flow Sankey, the latest gifts
// (masked names), payouts, a QR code to give from a phone (desktop), and the give button within the thumb's reach.
import { HeartFilled, RightOutlined } from '@ant-design/icons';
import { Button, Empty, QRCode, Result, Spin, Tag } from 'antd';
import { lazy, type ReactNode, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { PublicShell } from '../../../components/public-shell';
import { chinaDay, chinaShortDateTime } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import { type ProjectFlow, useProjectFlow, useProjectGifts, useProjectPayouts, usePublicProject } from '../api';
import type { FlowLink, FlowNode } from '../components/fund-flow-chart';
import { useGivingLabels } from '../components/labels';
import { ProjectProgress } from '../components/project-progress';
import '../components/giving.css';

const FundFlowChart = lazy(() => import('../components/fund-flow-chart'));

type Flow = { nodes: FlowNode[]; links: FlowLink[]; inFen: number };

/**
 * The server's graph with a label per node: purposes and allocations lose the "用于:" / "调拨至:" prefixes that keep
 * their names distinct from the other columns (colour and column say what they are), and "unspent" is translated.
 */
function toFlow(graph: ProjectFlow, unspent: string, movedTo: (fund: string) => string): Flow {
  const nodes = graph.nodes.map((n): FlowNode => {
    if (n.kind === 'purpose') {
      return { ...n, label: n.name.replace(/^用于[:：]/, '') };
    }
    if (n.kind === 'allocation') {
      return { ...n, label: movedTo(n.name.replace(/^调拨至[:：]/, '')) };
    }
    return { ...n, label: n.kind === 'unspent' ? unspent : n.name };
  });
  const channels = new Set(graph.nodes.filter((n) => n.kind === 'channel').map((n) => n.name));
  const inFen = graph.links.filter((l) => channels.has(l.source)).reduce((sum, l) => sum + l.valueFen, 0);
  return { nodes, links: graph.links, inFen };
}

/** Tall enough for the longer of the two outer columns to show every label. */
function chartHeight(flow: Flow): number {
  const sources = flow.nodes.filter((n) => n.kind === 'channel').length;
  const uses = flow.nodes.filter((n) => n.kind !== 'channel' && n.kind !== 'fund').length;
  return Math.max(240, 40 + 72 * Math.max(sources, uses));
}

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <div className="giving-stat-label">{label}</div>
      <div className="giving-stat-value">{children}</div>
    </div>
  );
}

function initial(name: string): string {
  return Array.from(name)[0] ?? '爱';
}

export function ProjectPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation(['giving', 'common']);
  const labels = useGivingLabels();
  const navigate = useNavigate();
  const [giftLimit, setGiftLimit] = useState(10);
  const [payoutLimit, setPayoutLimit] = useState(10);
  const project = usePublicProject(code);
  const gifts = useProjectGifts(code, giftLimit, project.isSuccess);
  const payouts = useProjectPayouts(code, payoutLimit, project.isSuccess);
  const graph = useProjectFlow(code, project.isSuccess);

  const flow = useMemo(
    () =>
      graph.data
        ? toFlow(graph.data, t('project.flowUnspent'), (fund) => t('project.flowMovedTo', { fund }))
        : undefined,
    [graph.data, t],
  );

  if (project.isLoading) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  if (!project.data) {
    const missing = isApiError(project.error) && project.error.status === 404;
    return (
      <PublicShell>
        <Result
          status={missing ? '404' : 'error'}
          title={missing ? t('notFound') : t('common:errors.loadFailed')}
          subTitle={missing ? undefined : project.error?.message}
          extra={
            <Link to="/projects">
              <Button type="primary">{t('projects.title')}</Button>
            </Link>
          }
        />
      </PublicShell>
    );
  }

  const p = project.data;
  const giveUrl = `${window.location.origin}/give/${encodeURIComponent(p.code)}`;
  const balanceFen = p.raisedFen - p.spentFen;

  return (
    <PublicShell>
      <div className="giving-page giving-wide has-action-bar" data-testid="project-page">
        <section className="giving-hero">
          <div className="giving-tagline">
            {p.isEmergency && <span className="giving-hero-tag">{t('emergency')}</span>}
            {p.status === 'closed' && <span className="giving-hero-tag">{t('closed')}</span>}
            <span>{p.orgName}</span>
            <span>·</span>
            <span>{t(`fundKinds.${p.fundKind}`)}</span>
          </div>
          <h1 data-testid="project-name">{p.name}</h1>
          <p>{p.summary}</p>
        </section>

        <div className="giving-columns">
          <div>
            <section className="giving-card">
              <ProjectProgress project={p} showTotals={false} />
              <div className="giving-stats">
                <div className="giving-stat-wide">
                  <div className="giving-stat-label">{t('project.raised')}</div>
                  <div className="giving-stat-value is-big" data-testid="project-raised">
                    {formatFen(p.raisedFen)}
                  </div>
                </div>
                <Stat label={t('project.target')}>
                  {p.targetFen ? formatFen(p.targetFen, { whole: 'short' }) : t('project.noTarget')}
                </Stat>
                <Stat label={t('project.gifts')}>{p.donationCount}</Stat>
                <Stat label={t('project.spent')}>{formatFen(p.spentFen)}</Stat>
                <Stat label={t('project.balance')}>{formatFen(balanceFen)}</Stat>
              </div>
            </section>

            <section className="giving-card" data-testid="fund-flow">
              <h2>{t('project.flowTitle')}</h2>
              {graph.isLoading && <Spin style={{ display: 'block', margin: '24px auto' }} />}
              {flow && flow.inFen === 0 && (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('project.flowEmpty')} />
              )}
              {flow && flow.inFen > 0 && (
                <Suspense fallback={<Spin style={{ display: 'block', margin: '24px auto' }} />}>
                  <FundFlowChart nodes={flow.nodes} links={flow.links} height={chartHeight(flow)} />
                </Suspense>
              )}
            </section>

            <section className="giving-card">
              <h2>{t('project.about')}</h2>
              <dl className="giving-facts">
                <dt>{t('project.owner')}</dt>
                <dd>{p.orgName}</dd>
                <dt>{t('project.purpose')}</dt>
                <dd>{p.purpose}</dd>
                <dt>{t('project.fundKind')}</dt>
                <dd>{t(`fundKinds.${p.fundKind}`)}</dd>
                <dt>{t('project.period')}</dt>
                <dd>{p.endsOn ? `${p.startsOn} – ${p.endsOn}` : t('project.periodOpenEnded', { from: p.startsOn })}</dd>
              </dl>
              {p.description && (
                <p className="giving-description" style={{ marginTop: 14 }}>
                  {p.description}
                </p>
              )}
            </section>
          </div>

          <div>
            <div className="giving-action-bar">
              <div className="giving-action-bar-inner">
                <Button
                  type="primary"
                  block
                  className="giving-big-button"
                  icon={<HeartFilled />}
                  disabled={!p.isAcceptingGifts}
                  onClick={() => navigate(`/give/${encodeURIComponent(p.code)}`)}
                  data-testid="give-button"
                >
                  {p.isAcceptingGifts ? t('project.give') : t('project.notAccepting')}
                </Button>
              </div>
            </div>

            {p.isAcceptingGifts && (
              <section className="giving-card giving-scan giving-center">
                <h2 style={{ margin: 0 }}>{t('project.scanTitle')}</h2>
                <QRCode value={giveUrl} size={168} bordered={false} color="#1f1f1f" />
                <span className="giving-muted">{t('project.scanHint')}</span>
                <a
                  href={`/api/public/projects/${encodeURIComponent(p.code)}/poster.pdf`}
                  target="_blank"
                  rel="noreferrer"
                >
                  {t('project.poster')}
                </a>
              </section>
            )}

            <section className="giving-card" data-testid="recent-gifts">
              <h2>
                {t('project.recentGifts')}
                {gifts.data && <small>{t('project.total', { count: gifts.data.total })}</small>}
              </h2>
              {gifts.data?.items.length === 0 && <p className="giving-muted">{t('project.noGifts')}</p>}
              <ul className="giving-list">
                {gifts.data?.items.map((g) => (
                  <li key={g.donationNo}>
                    <Link to={`/trace/${encodeURIComponent(g.donationNo)}`} className="giving-list-item">
                      <span className="giving-avatar">{initial(labels.donor(g.displayName))}</span>
                      <span className="giving-list-main">
                        <span className="giving-list-title">{labels.donor(g.displayName)}</span>
                        <span className="giving-list-sub">
                          {chinaShortDateTime(g.receivedAt)} · {labels.channel(g.channel)}
                        </span>
                      </span>
                      <span className="giving-list-amount">{formatFen(g.amountFen)}</span>
                    </Link>
                  </li>
                ))}
              </ul>
              {gifts.data && gifts.data.total > gifts.data.items.length && giftLimit < 100 && (
                <Button block type="text" loading={gifts.isFetching} onClick={() => setGiftLimit((n) => n + 30)}>
                  {t('common:actions.loadMore')}
                </Button>
              )}
            </section>

            <section className="giving-card" data-testid="project-payouts">
              <h2>
                {t('project.payouts')}
                {payouts.data && <small>{t('project.total', { count: payouts.data.total })}</small>}
              </h2>
              {payouts.data?.items.length === 0 && <p className="giving-muted">{t('project.noPayouts')}</p>}
              <ul className="giving-list">
                {payouts.data?.items.map((o) => (
                  <li key={o.payoutNo} className="giving-list-item">
                    <span className="giving-list-main">
                      <span className="giving-list-title">{o.purpose}</span>
                      <span className="giving-list-sub">
                        {o.payeeDisplay} · {chinaDay(o.paidAt)}
                        {o.supplier ? ` · ${o.supplier}` : ''}
                        {o.unitPriceFen !== null && o.quantity !== null
                          ? ` · ${formatFen(o.unitPriceFen)} × ${o.quantity}`
                          : ''}
                        {o.isRelatedParty && (
                          <Tag color="orange" style={{ marginLeft: 6 }}>
                            {t('project.relatedParty')}
                          </Tag>
                        )}
                      </span>
                    </span>
                    <span className="giving-list-amount">{formatFen(o.amountFen)}</span>
                  </li>
                ))}
              </ul>
              {payouts.data && payouts.data.total > payouts.data.items.length && payoutLimit < 100 && (
                <Button block type="text" loading={payouts.isFetching} onClick={() => setPayoutLimit((n) => n + 30)}>
                  {t('common:actions.loadMore')}
                </Button>
              )}
            </section>

            <Link to={`/disclosure?projectCode=${encodeURIComponent(p.code)}`} className="giving-card giving-link-card">
              <span className="giving-list-main">{t('project.dailyLink')}</span>
              <RightOutlined style={{ color: '#bfbfbf' }} />
            </Link>
          </div>
        </div>
      </div>
    </PublicShell>
  );
}
