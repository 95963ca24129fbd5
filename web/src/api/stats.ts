// 党内统计 (dashboard.read): the standard annual tables of a subtree as of a
// chosen date, generated from the rollups and stored, so the screen and the
// .xlsx show the same numbers and a report can be reopened later.
import { api, buildUrl } from './client';

/** One standard table exactly as the file shows it: each row's first cell names it, the last row is 合计. */
export interface StatsTable {
  key: string;
  title: string;
  columns: string[] | null;
  rows: string[][] | null;
  /** How the table was counted (boundaries, period). */
  note?: string;
}

export interface ReportSummary {
  id: string;
  org: { id: string; name: string };
  as_of: string;
  year: number;
  /** RFC 3339. */
  created_at: string;
  /** Who generated it (display name). */
  actor: string;
}

export interface Report extends ReportSummary {
  tables: StatsTable[] | null;
}

const o = (id: string) => `/stats/orgs/${encodeURIComponent(id)}/reports`;
const r = (id: string) => `/stats/reports/${encodeURIComponent(id)}`;

export const statsApi = {
  /** Generates and stores the tables as of a date (YYYY-MM-DD); 422 with the field's Chinese message when the date is wrong. */
  generate: (orgId: string, asOf: string) => api.post<Report>(o(orgId), { as_of: asOf }),
  /** The organization's reports, newest first. */
  list: (orgId: string) => api.get<{ items: ReportSummary[] | null }>(o(orgId)),
  get: (id: string) => api.get<Report>(r(id)),
  /** Where the same tables are downloaded as .xlsx, one sheet each (the session cookie goes along). */
  xlsxUrl: (id: string) => buildUrl(`${r(id)}.xlsx`),
};
