// Indicators under the personal-data rules: aggregates only.
import type { PrivacyDeclaration } from '../people/privacy-declaration';
import { kpiReportSubscriptions } from './kpi-reports.tables';

export const kpiPrivacy: PrivacyDeclaration = {
  module: 'kpi',
  tables: [],
  notSubjectData: [{ table: kpiReportSubscriptions, why: 'created_by_name is the staff member who subscribed.' }],
};
