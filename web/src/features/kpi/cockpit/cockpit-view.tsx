// The cockpit (数字驾驶舱) of one unit and year, shared by the console page and the wall screen: key indicators as
// gauges, the children's bars, the month-by-month trend, the map of child areas (choropleth of any indicator), the
// units behind, today's money and the ledger ticker. Clicking a bar, an area or a listed unit drills down; the URL
// (`?orgId=&year=&indicator=`) can be shared; breadcrumbs go back up.
import { AlertOutlined, ArrowUpOutlined, DesktopOutlined, FullscreenOutlined, SyncOutlined } from '@ant-design/icons';
import {
  Alert,
  theme as antdTheme,
  Breadcrumb,
  Button,
  ConfigProvider,
  Empty,
  Segmented,
  Select,
  Spin,
  Tag,
  Tooltip,
} from 'antd';
import { BarChart, GaugeChart, LineChart, MapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LanguageSwitch } from '../../../components/language-switch';
import { formatFen } from '../../../lib/money';
import {
  type Cockpit,
  type IndicatorView,
  type LiveFeed,
  type UnitFigures,
  useCockpit,
  useGeoMap,
  useLiveFeed,
} from './api';
import {
  barOption,
  figureOf,
  formatCompletion,
  formatValue,
  gaugeOption,
  keyIndicators,
  mapData,
  mapOption,
  nameOf,
  palettes,
  shortName,
  sortedChildren,
  trendOption,
} from './cockpit-charts';
import './cockpit.css';
import { chinaYear } from '../../../lib/china-time';

echarts.use([
  BarChart,
  GaugeChart,
  LineChart,
  MapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type CockpitTheme = 'dark' | 'light';

const registeredMaps = new Set<string>();

function useMedia(query: string) {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const m = window.matchMedia(query);
    const on = () => setMatches(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, [query]);
  return matches;
}

function Panel({
  title,
  extra,
  children,
  className,
  testId,
}: {
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section className={`cockpit-panel ${className ?? ''}`} data-testid={testId}>
      <header className="cockpit-panel-head">
        <h3>{title}</h3>
        {extra}
      </header>
      <div className="cockpit-panel-body">{children}</div>
    </section>
  );
}

function Chart({
  option,
  onClick,
  onReady,
}: {
  option: object;
  onClick?: (p: { data?: unknown; seriesName?: string }) => void;
  onReady?: (chart: echarts.EChartsType) => void;
}) {
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      lazyUpdate
      style={{ height: '100%', width: '100%' }}
      onEvents={onClick ? { click: onClick } : undefined}
      onChartReady={onReady}
    />
  );
}

/** The cockpit body; `variant` sets the frame (wall: fills the screen), `theme` the colours. */
export function CockpitView({
  variant,
  theme,
  onThemeChange,
}: {
  variant: 'wall' | 'console';
  theme: CockpitTheme;
  onThemeChange: (t: CockpitTheme) => void;
}) {
  const { t, i18n } = useTranslation('kpiCockpit');
  const lang = i18n.language;
  const [params, setParams] = useSearchParams();
  const orgId = Number(params.get('orgId')) || undefined;
  const year = Number(params.get('year')) || undefined;
  const cockpit = useCockpit({ orgId, year });
  const data = cockpit.data;
  const live = useLiveFeed(data?.unit.orgId);
  const narrow = useMedia('(max-width: 900px)');
  const small = useMedia('(max-width: 1600px)');
  const p = palettes[theme];

  // A new gift or payout on the live feed that the figures do not include yet (it came after their last refresh):
  // fetch the cockpit again on each live tick until they do, instead of waiting for the 30 s refresh.
  const newestAt = live.data?.events[0]?.at;
  const refreshedAt = data?.refreshedAt;
  const { isFetching, refetch } = cockpit;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each live tick (dataUpdatedAt), by design.
  useEffect(() => {
    if (newestAt && refreshedAt && Date.parse(newestAt) > Date.parse(refreshedAt) && !isFetching) {
      void refetch();
    }
  }, [live.dataUpdatedAt]);

  const go = (next: { orgId?: number; year?: number; indicator?: string }) => {
    const q = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined) {
        q.delete(k);
      } else {
        q.set(k, String(v));
      }
    }
    setParams(q);
  };

  const frameClass = `cockpit cockpit--${variant} cockpit--${theme}`;
  const body = (() => {
    if (cockpit.isLoading) {
      return <Spin size="large" className="cockpit-loading" />;
    }
    if (cockpit.error || !data) {
      return <Alert type="error" showIcon title={t('loadFailed')} description={cockpit.error?.message} />;
    }
    return (
      <CockpitBody
        data={data}
        live={live.data}
        variant={variant}
        theme={theme}
        narrow={narrow}
        small={small}
        indicatorCode={params.get('indicator')}
        onDrill={(id) => go({ orgId: id })}
        onIndicator={(code) => go({ indicator: code })}
      />
    );
  })();

  const years = Array.from({ length: 5 }, (_, i) => (data?.year ?? chinaYear()) - 2 + i).filter(
    (y) => y <= chinaYear(),
  );
  const crumbs = data
    ? [
        ...data.ancestors.map((a) => ({
          title: (
            <a
              href={`?orgId=${a.orgId}&year=${data.year}`}
              onClick={(e) => {
                e.preventDefault();
                go({ orgId: a.orgId });
              }}
            >
              {a.name}
            </a>
          ),
        })),
        { title: <span data-testid="cockpit-unit-name">{data.unit.name}</span> },
      ]
    : [];
  const parent = data?.ancestors.at(-1);

  return (
    <ConfigProvider theme={{ algorithm: theme === 'dark' ? antdTheme.darkAlgorithm : antdTheme.defaultAlgorithm }}>
      <div className={frameClass} data-testid="cockpit" style={{ color: p.text }}>
        <header className="cockpit-top">
          <div className="cockpit-top-left">
            <Breadcrumb items={crumbs} className="cockpit-crumbs" />
            {parent && (
              <Button size="small" type="text" icon={<ArrowUpOutlined />} onClick={() => go({ orgId: parent.orgId })}>
                {t('up')}
              </Button>
            )}
          </div>
          <h1 className="cockpit-title">
            {variant === 'wall' && data ? t('wallTitle', { name: shortName(data.unit.name) }) : t('title')}
          </h1>
          <div className="cockpit-top-right">
            <Select
              size="small"
              value={data?.year ?? year}
              onChange={(y) => go({ year: y })}
              options={years.map((y) => ({ value: y, label: t('year', { year: y }) }))}
              style={{ width: 96 }}
              data-testid="cockpit-year"
            />
            {data && <span className="cockpit-asof">{t('asOf', { month: data.asOfMonth })}</span>}
            <Tooltip title={t('autoRefresh')}>
              <span className="cockpit-refreshed" data-testid="cockpit-refreshed">
                <SyncOutlined spin={cockpit.isFetching} />{' '}
                {data?.refreshedAt
                  ? t('refreshedAt', {
                      time: new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
                        timeZone: 'Asia/Shanghai',
                        hour: '2-digit',
                        minute: '2-digit',
                        second: '2-digit',
                        hour12: false,
                      }).format(new Date(data.refreshedAt)),
                    })
                  : t('notRefreshed')}
              </span>
            </Tooltip>
            <Segmented
              size="small"
              value={theme}
              onChange={(v) => onThemeChange(v as CockpitTheme)}
              options={[
                { value: 'dark', label: t('themeDark') },
                { value: 'light', label: t('themeLight') },
              ]}
              data-testid="cockpit-theme"
            />
            {variant === 'wall' ? (
              <>
                <LanguageSwitch />
                <Tooltip title={t('fullScreen')}>
                  <Button
                    size="small"
                    type="text"
                    icon={<FullscreenOutlined />}
                    onClick={() => void document.documentElement.requestFullscreen?.()}
                  />
                </Tooltip>
                <Link to="/console">{t('backToConsole')}</Link>
              </>
            ) : (
              <Link to={`/cockpit?${params.toString()}`} target="_blank">
                <DesktopOutlined /> {t('openWall')}
              </Link>
            )}
          </div>
        </header>
        {body}
      </div>
    </ConfigProvider>
  );
}

function CockpitBody({
  data,
  live,
  variant,
  theme,
  narrow,
  small,
  indicatorCode,
  onDrill,
  onIndicator,
}: {
  data: Cockpit;
  live: LiveFeed | undefined;
  variant: 'wall' | 'console';
  theme: CockpitTheme;
  narrow: boolean;
  small: boolean;
  indicatorCode: string | null;
  onDrill: (orgId: number) => void;
  onIndicator: (code: string) => void;
}) {
  const { t, i18n } = useTranslation('kpiCockpit');
  const lang = i18n.language;
  const p = palettes[theme];
  const keys = useMemo(() => keyIndicators(data.indicators, data.unit), [data]);
  const indicator: IndicatorView | undefined =
    data.indicators.find((i) => i.code === indicatorCode) ?? keys[0] ?? data.indicators[0];
  const code = indicator?.code ?? '';
  const unitFigure = figureOf(data.unit, code);
  const rows = useMemo(() => sortedChildren(data.children, code), [data, code]);
  // Many children (a township's villages): the ten ahead and the ten behind, so the bars stay readable.
  const barRows = rows.length > 24 ? [...rows.slice(0, 10), ...rows.slice(-10)] : rows;
  const geo = useGeoMap(data.unit.code);
  const hasCompletion = data.children.some((c) => figureOf(c, code)?.completion != null);
  const [metricChoice, setMetric] = useState<'actual' | 'completion'>('completion');
  const metric = hasCompletion ? metricChoice : 'actual';
  const labels = {
    actual: t('actual'),
    target: t('target'),
    completion: t('completion'),
    manual: t('manual'),
    cumulative: t('cumulative'),
    expected: t('expected'),
    month: t('monthValue'),
  };
  const clickOrg = (x: { data?: unknown }) => {
    const id = (x.data as { orgId?: number } | undefined)?.orgId;
    if (id) {
      onDrill(id);
    }
  };

  // A click anywhere on a unit's row of the bars opens it (thin or empty bars are hard to hit, on a wall or a phone).
  const latest = useRef({ rows: barRows, onDrill });
  latest.current = { rows: barRows, onDrill };
  const onBarsReady = useCallback((chart: echarts.EChartsType) => {
    chart.getZr().on('click', (e) => {
      const at = [e.offsetX, e.offsetY];
      if (!chart.containPixel({ gridIndex: 0 }, at)) {
        return;
      }
      const [, index] = chart.convertFromPixel({ gridIndex: 0 }, at) as number[];
      const shown = [...latest.current.rows].reverse();
      const row = shown[Math.round(index)];
      if (row) {
        latest.current.onDrill(row.child.orgId);
      }
    });
  }, []);

  const mapName = geo.data ? `boai-${geo.data.code}` : null;
  const map = geo.data ? mapData(geo.data, data.children, code, metric) : null;
  if (map && mapName && !registeredMaps.has(`${mapName}:${data.unit.orgId}`)) {
    // Areas are named after this unit's children, so one registration per unit (names may differ between trees).
    echarts.registerMap(`${mapName}:${data.unit.orgId}`, map.geo as Parameters<typeof echarts.registerMap>[1]);
    registeredMaps.add(`${mapName}:${data.unit.orgId}`);
  }

  const behind = data.children
    .flatMap((child) =>
      keys.map((ind) => ({ child, ind, f: figureOf(child, ind.code) })).filter((x) => x.f?.status === 'behind'),
    )
    .sort((a, b) => (a.f?.completion ?? 0) - (b.f?.completion ?? 0));

  const indicatorSelect = (
    <Select
      size="small"
      value={code}
      onChange={onIndicator}
      showSearch={{ optionFilterProp: 'label' }}
      popupMatchSelectWidth={false}
      style={{ minWidth: 150, maxWidth: 220 }}
      data-testid="cockpit-indicator"
      options={data.indicators.map((i) => ({
        value: i.code,
        label: `${nameOf(i, lang)}${i.source === 'manual' ? ` · ${t('manual')}` : ''}`,
      }))}
    />
  );

  const gaugeHeight = narrow ? Math.ceil(keys.length / 2) * 150 : undefined;

  return (
    <div className="cockpit-grid">
      <div className="cockpit-col cockpit-col--left">
        <Panel title={t('gauges')} className="cockpit-panel--gauges" testId="cockpit-gauges">
          {keys.length ? (
            <div className="cockpit-chart" style={gaugeHeight ? { height: gaugeHeight } : undefined}>
              <Chart
                option={gaugeOption(keys, data.unit, p, lang, t('manual'), {
                  cols: narrow || variant === 'console' ? 2 : 3,
                  small: narrow || small || variant === 'console',
                })}
                onClick={(x) => x.seriesName && onIndicator(x.seriesName)}
              />
            </div>
          ) : (
            <Empty description={t('noTarget')} />
          )}
        </Panel>
        <Panel
          title={
            <>
              <AlertOutlined /> {t('behind')}
            </>
          }
          className="cockpit-panel--behind"
          testId="cockpit-behind"
        >
          {behind.length === 0 ? (
            <p className="cockpit-muted">{t('behindNone')}</p>
          ) : (
            <ul className="cockpit-list">
              {behind.slice(0, 30).map(({ child, ind, f }) => (
                <li key={`${child.orgId}-${ind.code}`}>
                  <button type="button" onClick={() => onDrill(child.orgId)}>
                    <span className="cockpit-dot cockpit-dot--bad" />
                    {t('behindOf', {
                      name: shortName(child.name),
                      indicator: nameOf(ind, lang),
                      completion: formatCompletion(f?.completion),
                      expected: f?.target && f.expected !== null ? formatCompletion(f.expected / f.target) : '—',
                    })}
                    {f?.manual && <Tag className="cockpit-manual">{t('manual')}</Tag>}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>

      <div className="cockpit-col cockpit-col--center">
        <div className="cockpit-stats">
          <div className="cockpit-stat cockpit-stat--main" data-testid="cockpit-selected">
            <div className="cockpit-stat-label">
              {nameOf(indicator, lang)} · {data.unit.name}
              {unitFigure?.manual && <Tag className="cockpit-manual">{t('manual')}</Tag>}
            </div>
            <div className="cockpit-stat-value" data-testid="cockpit-selected-actual">
              {formatValue(unitFigure?.actual, indicator, lang)}
            </div>
            <div className="cockpit-stat-sub">
              {unitFigure?.target != null
                ? `${t('target')} ${formatValue(unitFigure.target, indicator, lang)} · ${t('completion')} ${formatCompletion(unitFigure.completion)}`
                : t('noTarget')}
            </div>
          </div>
          <div className="cockpit-stat" data-testid="cockpit-today-gifts">
            <div className="cockpit-stat-label">{t('todayGifts')}</div>
            <div className="cockpit-stat-value">
              {live ? formatFen(live.today.donationFen, { whole: 'short' }) : '—'}
            </div>
            <div className="cockpit-stat-sub">
              {live ? t('todayGiftsCount', { count: live.today.donationCount }) : ''}
            </div>
          </div>
          <div className="cockpit-stat" data-testid="cockpit-today-payouts">
            <div className="cockpit-stat-label">{t('todayPayouts')}</div>
            <div className="cockpit-stat-value">{live ? formatFen(live.today.payoutFen, { whole: 'short' }) : '—'}</div>
            <div className="cockpit-stat-sub">
              {live ? t('todayGiftsCount', { count: live.today.payoutCount }) : ''}
            </div>
          </div>
          <div className="cockpit-stat" data-testid="cockpit-overdue">
            <div className="cockpit-stat-label">{t('overdueRelief')}</div>
            <div className={`cockpit-stat-value ${live?.overdue.reliefCases ? 'cockpit-bad' : ''}`}>
              {live?.overdue.reliefCases ?? '—'}
            </div>
            <div className="cockpit-stat-sub">
              {t('overdueServices')}{' '}
              <b className={live?.overdue.serviceRequests ? 'cockpit-bad' : ''}>
                {live?.overdue.serviceRequests ?? '—'}
              </b>
            </div>
          </div>
        </div>

        <Panel
          title={t('map', { indicator: nameOf(indicator, lang) })}
          className="cockpit-panel--map"
          testId="cockpit-map"
          extra={
            <span className="cockpit-panel-tools">
              {hasCompletion && (
                <Segmented
                  size="small"
                  value={metric}
                  onChange={(v) => setMetric(v as 'actual' | 'completion')}
                  options={[
                    { value: 'completion', label: t('completion') },
                    { value: 'actual', label: t('actual') },
                  ]}
                />
              )}
              {indicatorSelect}
            </span>
          }
        >
          {map && mapName ? (
            <div className="cockpit-chart cockpit-chart--map">
              <Chart
                option={mapOption(`${mapName}:${data.unit.orgId}`, map.data, indicator, metric, p, lang, labels)}
                onClick={clickOrg}
              />
            </div>
          ) : (
            <ChildList
              rows={rows.map((r) => r.child)}
              code={code}
              indicator={indicator}
              onDrill={onDrill}
              empty={data.children.length === 0}
              note={geo.isLoading ? null : data.children.length ? t('noMap') : null}
            />
          )}
        </Panel>

        <Panel
          title={t('trend', { indicator: nameOf(indicator, lang) })}
          className="cockpit-panel--trend"
          testId="cockpit-trend"
        >
          <div className="cockpit-chart">
            <Chart
              option={trendOption(
                data.trend.find((x) => x.indicator === code),
                indicator,
                p,
                lang,
                labels,
              )}
            />
          </div>
        </Panel>
      </div>

      <div className="cockpit-col cockpit-col--right">
        <Panel
          title={
            hasCompletion
              ? t('byChild', { indicator: nameOf(indicator, lang) })
              : t('byChildValue', { indicator: nameOf(indicator, lang) })
          }
          className="cockpit-panel--bars"
          testId="cockpit-bars"
        >
          {barRows.length < rows.length && <p className="cockpit-muted">{t('barsCut', { count: rows.length })}</p>}
          {rows.length ? (
            <div
              className="cockpit-chart"
              style={
                narrow || variant === 'console'
                  ? { height: Math.max(220, barRows.length * 26 + 30) }
                  : { height: barRows.length < rows.length ? 'calc(100% - 30px)' : '100%' }
              }
            >
              <Chart option={barOption(barRows, indicator, p, lang, labels)} onReady={onBarsReady} />
            </div>
          ) : (
            <Empty description={t('noChildren')} />
          )}
        </Panel>
        <Panel title={t('ticker')} className="cockpit-panel--ticker" testId="cockpit-ticker">
          <Ticker live={live} />
        </Panel>
      </div>
    </div>
  );
}

/** Children as rows (below a county there are no outlines): name, figure, completion; click to open. */
function ChildList({
  rows,
  code,
  indicator,
  onDrill,
  empty,
  note,
}: {
  rows: UnitFigures[];
  code: string;
  indicator: IndicatorView | undefined;
  onDrill: (orgId: number) => void;
  empty: boolean;
  note: string | null;
}) {
  const { t, i18n } = useTranslation('kpiCockpit');
  if (empty) {
    return <Empty description={t('noChildren')} />;
  }
  return (
    <div className="cockpit-children" data-testid="cockpit-children">
      {note && <p className="cockpit-muted">{note}</p>}
      <div className="cockpit-children-grid">
        {rows.map((c) => {
          const f = figureOf(c, code);
          return (
            <button
              type="button"
              key={c.orgId}
              className={`cockpit-child cockpit-child--${f?.status ?? 'no_target'}`}
              onClick={() => onDrill(c.orgId)}
              data-testid={`cockpit-child-${c.orgId}`}
            >
              <span className="cockpit-child-name">{c.name}</span>
              <span className="cockpit-child-value">{formatValue(f?.actual, indicator, i18n.language)}</span>
              <span className="cockpit-child-sub">
                {f?.completion != null ? formatCompletion(f.completion) : ''}
                {f?.manual && <Tag className="cockpit-manual">{t('manual')}</Tag>}
              </span>
            </button>
          );
        })}
      </div>
    </div>
  );
}

function Ticker({ live }: { live: LiveFeed | undefined }) {
  const { t, i18n } = useTranslation('kpiCockpit');
  if (!live) {
    return <Spin />;
  }
  if (live.events.length === 0) {
    return <p className="cockpit-muted">{t('tickerEmpty')}</p>;
  }
  const time = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  const items = (copy: string) =>
    live.events.map((e) => (
      <li
        key={`${copy}${e.kind}-${e.ledgerIndex ?? e.at}-${e.amountFen}`}
        className={`cockpit-tick cockpit-tick--${e.kind}`}
        aria-hidden={copy ? true : undefined}
      >
        <span className="cockpit-tick-time">{time.format(new Date(e.at))}</span>
        <span className="cockpit-tick-kind">{e.kind === 'donation' ? t('donation') : t('payout')}</span>
        <span className="cockpit-tick-amount">
          {formatFen(e.amountFen, { whole: 'short' })}
          {e.isRefunded && <small> ({t('refunded')})</small>}
        </span>
        <span className="cockpit-tick-what">
          {shortName(e.orgName)}
          {e.projectName ? ` · ${e.projectName}` : ''}
        </span>
      </li>
    ));
  // Long lists scroll by themselves (the list is doubled so the loop is seamless); short ones stand still.
  const scrolls = live.events.length > 6;
  return (
    <div className="cockpit-ticker">
      <ul
        className={scrolls ? 'cockpit-ticker-roll' : undefined}
        style={{ animationDuration: `${live.events.length * 3}s` }}
      >
        {items('')}
        {scrolls && items('again-')}
      </ul>
    </div>
  );
}
