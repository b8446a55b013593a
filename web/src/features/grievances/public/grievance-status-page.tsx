// /grievances/:no?code=: the complainant follows a complaint with its lookup code — status, deadline, the steps and
// the outcome with the reply. Without a code (or with a wrong one) it asks for the code again.
import { Alert, Button, Input, Result, Spin, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { PublicShell } from '../../../components/public-shell';
import { formatDateTime } from '../../../lib/china-time';
import { usePublicGrievance } from '../api';
import '../grievances.css';

const statusColors = { submitted: 'default', accepted: 'blue', investigating: 'gold', concluded: 'green' } as const;
const outcomeColors = { upheld: 'red', partly_upheld: 'orange', not_upheld: 'default' } as const;

function CodeForm({ no, initial }: { no: string; initial: string }) {
  const { t } = useTranslation('grievances');
  const [, setParams] = useSearchParams();
  const [code, setCode] = useState(initial);
  return (
    <div className="gv-card">
      <h2>{t('file.lookupTitle')}</h2>
      <div className="gv-muted gv-mono" style={{ marginBottom: 8 }}>
        {no}
      </div>
      <Input
        size="large"
        placeholder={t('file.code')}
        value={code}
        onChange={(e) => setCode(e.target.value.trim())}
        className="gv-mono"
        data-testid="lookup-code"
      />
      <Button
        type="primary"
        size="large"
        block
        style={{ marginTop: 12 }}
        disabled={!code}
        onClick={() => setParams({ code })}
      >
        {t('file.lookup')}
      </Button>
    </div>
  );
}

export function GrievanceStatusPage() {
  const { no = '' } = useParams();
  const [params] = useSearchParams();
  const code = params.get('code') ?? '';
  const { t, i18n } = useTranslation(['grievances', 'common']);
  const found = usePublicGrievance(no, code);

  if (found.isLoading) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  const g = found.data;
  if (!g) {
    return (
      <PublicShell>
        <div className="gv-page">
          {code && (
            <Result
              status="warning"
              title={t('status.notFound')}
              subTitle={t('status.notFoundHint')}
              data-testid="lookup-not-found"
            />
          )}
          <CodeForm no={no} initial={code} />
          <Link to="/grievances/new">
            <Button block>{t('file.newOne')}</Button>
          </Link>
        </div>
      </PublicShell>
    );
  }
  return (
    <PublicShell>
      <div className="gv-page" data-testid="grievance-status">
        <div>
          <h1 className="gv-title">{t('status.title')}</h1>
          <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginTop: 6, flexWrap: 'wrap' }}>
            <span className="gv-muted gv-mono">{g.grievanceNo}</span>
            <Tag color={statusColors[g.status]} data-testid="status-tag">
              {t(`statuses.${g.status}`)}
            </Tag>
            {g.isOverdue && <Tag color="red">{t('status.overdue')}</Tag>}
          </div>
        </div>
        {g.outcome && (
          <div className="gv-card" data-testid="status-outcome">
            <h2>
              {t('status.outcome')}{' '}
              <Tag color={outcomeColors[g.outcome]} style={{ marginLeft: 6 }}>
                {t(`outcomes.${g.outcome}`)}
              </Tag>
            </h2>
            <div className="gv-muted" style={{ marginBottom: 6 }}>
              {t('status.reply')}
            </div>
            <div className="gv-reply">{g.reply}</div>
          </div>
        )}
        <div className="gv-card">
          <dl className="gv-facts">
            <dt>{t('file.kind')}</dt>
            <dd>{t(`kinds.${g.kind}`)}</dd>
            <dt>{t('file.subject')}</dt>
            <dd>
              {t(`subjects.${g.subjectKind}`)}
              {g.subjectRef && <span className="gv-mono"> {g.subjectRef}</span>}
            </dd>
            <dt>{t('file.handledBy')}</dt>
            <dd>{g.orgName}</dd>
            <dt>{t('status.submittedAt')}</dt>
            <dd>{formatDateTime(g.submittedAt, i18n.language)}</dd>
            <dt>{t('status.dueOn')}</dt>
            <dd>{g.dueOn}</dd>
          </dl>
        </div>
        {g.isOverdue && <Alert type="warning" showIcon title={t('status.overdue')} />}
        <div className="gv-card">
          <h2>{t('status.timeline')}</h2>
          <Timeline
            items={g.timeline.map((e) => ({
              color: e.kind === 'concluded' ? 'green' : 'blue',
              content: (
                <>
                  <div>{t(`events.${e.kind}` as 'events.submitted', e.kind)}</div>
                  <div className="gv-muted">{formatDateTime(e.at, i18n.language)}</div>
                </>
              ),
            }))}
          />
        </div>
        <Link to="/grievances/new">
          <Button block>{t('file.newOne')}</Button>
        </Link>
      </div>
    </PublicShell>
  );
}
