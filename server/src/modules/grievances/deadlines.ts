// Complaint deadlines in working days on the administrators' calendar (the service hall's calendar and rules):
// the one place that decides a grievance's last day.
import type { Db } from '../../db/client';
import { addWorkingDays, loadCalendar } from '../services/services.service';

export const defaultGrievanceDueWorkingDays = 15;

/** The last day (Asia/Shanghai date) to conclude a grievance filed on `filedOn`: n working days later. */
export async function grievanceDueOn(
  db: Db,
  filedOn: string,
  workingDays: number = defaultGrievanceDueWorkingDays,
): Promise<string> {
  return addWorkingDays(filedOn, workingDays, await loadCalendar(db));
}
