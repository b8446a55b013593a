// 实操考核 (examiner): my classes → a class's learners → the tablet scoring sheet of one learner. The place is kept in
// the address (?class=…&learner=…) so the back button and a reload return to it. A class where the user is also a
// trainer is shown but cannot be opened (培考分离).
import { Alert, Badge, Button, Card, Empty, List, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type ExaminerClassView, type PracticalSheet, useExaminerClass, useExaminerClasses } from '../certificates-api';
import { PracticalScoreSheet } from './practical-score-page';
import './practical.css';

type Learner = PracticalSheet['learner'];

function ClassList({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation('trainingCerts');
  const classes = useExaminerClasses();
  if (classes.error) {
    return <Alert type="error" showIcon title={classes.error.message} />;
  }
  return (
    <Card title={t('examiner.myClasses')} loading={classes.isLoading}>
      {classes.data?.length === 0 ? (
        <Empty description={t('examiner.none')} />
      ) : (
        <List
          dataSource={classes.data ?? []}
          renderItem={(c: ExaminerClassView) => (
            <List.Item
              actions={[
                c.isTrainer ? (
                  <Tag color="red" key="trainer">
                    {t('examiner.isTrainer')}
                  </Tag>
                ) : (
                  <Button
                    type="primary"
                    size="large"
                    key="open"
                    onClick={() => onOpen(c.id)}
                    data-testid={`open-class-${c.classNo}`}
                  >
                    {t('examiner.open')}
                  </Button>
                ),
              ]}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Typography.Text strong>{c.title}</Typography.Text>
                    <Typography.Text type="secondary">{c.classNo}</Typography.Text>
                  </Space>
                }
                description={
                  <Space wrap size="middle">
                    <span>{c.courseName}</span>
                    <span>{c.unitName}</span>
                    <span>
                      {c.startsOn} ~ {c.endsOn}
                    </span>
                    <Badge
                      status={c.signed >= c.learners && c.learners > 0 ? 'success' : 'processing'}
                      text={t('examiner.progress', { signed: c.signed, learners: c.learners })}
                    />
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function Learners({
  classId,
  onBack,
  onScore,
}: {
  classId: string;
  onBack: () => void;
  onScore: (id: string) => void;
}) {
  const { t } = useTranslation('trainingCerts');
  const detail = useExaminerClass(classId);
  if (detail.error) {
    return (
      <Alert
        type="error"
        showIcon
        title={detail.error.message}
        action={<Button onClick={onBack}>{t('practical.back')}</Button>}
      />
    );
  }
  const d = detail.data;
  const color = (s: Learner['sheetStatus']) =>
    s === 'signed' ? 'green' : s === 'draft' ? 'blue' : s === 'amendment_pending' ? 'orange' : 'default';
  return (
    <Card
      loading={detail.isLoading}
      title={
        <Space wrap>
          <Button onClick={onBack}>{t('practical.back')}</Button>
          <span>{d?.cls.title}</span>
          <Typography.Text type="secondary">{d?.cls.classNo}</Typography.Text>
        </Space>
      }
    >
      <Table<Learner>
        rowKey="enrolmentId"
        size="large"
        pagination={false}
        dataSource={d?.learners ?? []}
        onRow={(r) => ({ onClick: () => onScore(r.enrolmentId), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('fields.holder'),
            dataIndex: 'name',
            render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
          },
          { title: t('fields.idNumber'), dataIndex: 'idNumberMasked' },
          { title: t('examiner.workplace'), dataIndex: 'workplace' },
          {
            title: t('practical.theory'),
            dataIndex: 'theoryResult',
            render: (v: Learner['theoryResult']) => t(`results.${v}`),
          },
          {
            title: t('examiner.sheet'),
            dataIndex: 'sheetStatus',
            render: (v: Learner['sheetStatus']) => (
              <Tag color={color(v)}>{t(`practical.sheetStatus.${v ?? 'new'}`)}</Tag>
            ),
          },
          {
            title: t('examiner.result'),
            render: (_: unknown, r: Learner) =>
              r.practicalResult === 'pending'
                ? '—'
                : `${t(`results.${r.practicalResult}`)} (${r.practicalScore ?? ''})`,
          },
          {
            title: t('examiner.certificate'),
            dataIndex: 'hasCertificate',
            render: (v: boolean) => (v ? <Tag color="green">{t('examiner.issued')}</Tag> : null),
          },
          {
            title: '',
            render: (_: unknown, r: Learner) => (
              <Button type="primary" data-testid={`score-${r.name}`} onClick={() => onScore(r.enrolmentId)}>
                {r.sheetStatus === 'signed' ? t('examiner.view') : t('examiner.score')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

export function ExaminerPage() {
  const [search, setSearch] = useSearchParams();
  const classId = search.get('class');
  const learner = search.get('learner');
  const go = (next: Record<string, string>) => setSearch(new URLSearchParams(next));
  return (
    <div className="tp-page">
      {learner && classId ? (
        <PracticalScoreSheet enrolmentId={learner} onBack={() => go({ class: classId })} />
      ) : classId ? (
        <Learners classId={classId} onBack={() => go({})} onScore={(id) => go({ class: classId, learner: id })} />
      ) : (
        <ClassList onOpen={(id) => go({ class: id })} />
      )}
    </div>
  );
}
