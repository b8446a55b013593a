// /projects: the projects raising money now (or closed ones), each a card with its progress and a give button.
import { SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Input, Segmented, Spin, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PublicShell } from '../../../components/public-shell';
import { usePublicProjects } from '../api';
import { ProjectProgress } from '../components/project-progress';
import '../components/giving.css';

export function ProjectsPage() {
  const { t } = useTranslation('giving');
  const navigate = useNavigate();
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const { data, isLoading, error } = usePublicProjects({ status, q: search || undefined, limit: 50 });

  return (
    <PublicShell>
      <div className="giving-page" data-testid="projects-page">
        <div>
          <h1 className="giving-page-title">{t('projects.title')}</h1>
          <p className="giving-lead">{t('projects.intro')}</p>
        </div>
        <Input
          size="large"
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('projects.search')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            if (!e.target.value) {
              setSearch('');
            }
          }}
          onPressEnter={() => setSearch(q.trim())}
          enterKeyHint="search"
        />
        <Segmented
          block
          size="large"
          value={status}
          onChange={(v) => setStatus(v as 'open' | 'closed')}
          options={[
            { value: 'open', label: t('projects.open') },
            { value: 'closed', label: t('projects.ended') },
          ]}
        />
        {error && <Alert type="error" showIcon title={error.message} />}
        {isLoading && <Spin style={{ display: 'block', margin: '32px auto' }} />}
        {data && data.items.length === 0 && <Empty description={t('projects.empty')} />}
        {data?.items.map((p) => (
          <Link
            key={p.code}
            to={`/projects/${encodeURIComponent(p.code)}`}
            className="giving-card giving-project-card"
            data-testid="project-card"
          >
            <h2 className="giving-project-name">{p.name}</h2>
            <div className="giving-project-meta">
              {p.isEmergency && <Tag color="#c8102e">{t('emergency')}</Tag>}
              <span>{p.orgName}</span>
              <span>·</span>
              <span>{t(`fundKinds.${p.fundKind}`)}</span>
            </div>
            <p className="giving-project-summary">{p.summary}</p>
            <ProjectProgress project={p} />
            <div className="giving-card-foot">
              <span className="giving-muted">{t('project.code', { code: p.code })}</span>
              {p.isAcceptingGifts ? (
                <Button
                  type="primary"
                  shape="round"
                  size="large"
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/give/${encodeURIComponent(p.code)}`);
                  }}
                >
                  {t('projects.give')}
                </Button>
              ) : (
                <Tag>{t('closed')}</Tag>
              )}
            </div>
          </Link>
        ))}
      </div>
    </PublicShell>
  );
}
