// A project's progress towards its target: the bar (when there is a target), the amount raised and the gifts.
import { useTranslation } from 'react-i18next';
import { formatFen, percentOf } from '../../../lib/money';
import type { ProjectView } from '../api';

/** `showTotals: false` leaves out the amounts under the bar (for pages that show them larger elsewhere). */
export function ProjectProgress({ project, showTotals = true }: { project: ProjectView; showTotals?: boolean }) {
  const { t } = useTranslation('giving');
  const percent = percentOf(project.raisedFen, project.targetFen);
  return (
    <div>
      {project.targetFen ? (
        <div
          className="giving-progress-bar"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
        >
          {/* A sliver even at 0 % shows where the bar starts. */}
          <div className="giving-progress-fill" style={{ width: `${Math.max(percent, 1)}%` }} />
        </div>
      ) : null}
      {showTotals && (
        <div className="giving-progress-row">
          <span>
            <strong className="giving-amount">{formatFen(project.raisedFen)}</strong>
            {project.targetFen ? ` / ${formatFen(project.targetFen, { whole: 'short' })}` : ''}
          </span>
          <span>{t('projects.gifts', { count: project.donationCount })}</span>
        </div>
      )}
    </div>
  );
}
