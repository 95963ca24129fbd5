// 年度考核 for the console (assessment.read to see, assessment.manage to
// confirm) and the member's own card (/my/assessment). A branch's card per
// member combines attendance, points, the 民主评议 grade and dues; the
// server proposes a grade with its reasons under the subtree's rules, and the
// branch confirms it (a different grade needs a note).
import { api, download, request } from './client';
import type { Grade } from './appraisal';
import type { SettingItem } from './orglife';

export type { Grade };

/** 考核等次, best first (the same codes and labels as 民主评议). */
export const GRADES: { code: Grade; label: string }[] = [
  { code: 'excellent', label: '优秀' },
  { code: 'qualified', label: '合格' },
  { code: 'basically_qualified', label: '基本合格' },
  { code: 'unqualified', label: '不合格' },
];

export interface CardAttendance {
  /** attended + leave + absent. */
  expected: number;
  attended: number;
  leave: number;
  absent: number;
  /** Percent attended, to one decimal rounded down; null when no meeting was expected. */
  rate: number | null;
}

export interface CardDues {
  months_paid: number;
  months_on_time: number;
  paid_fen: number;
  arrears_warnings: number;
}

/** One member's year card. confirmed_* are "" until the branch confirms. */
export interface AssessmentCard {
  member_id: string;
  name: string;
  status_label: string;
  attendance: CardAttendance;
  points: number;
  appraisal_grade_label: string;
  dues: CardDues;
  proposed_grade: Grade;
  proposed_label: string;
  reasons: string[] | null;
  confirmed_grade: Grade | '';
  confirmed_label: string;
  confirmed_by: string;
  /** RFC 3339, "" until confirmed. */
  confirmed_at: string;
  note: string;
}

/** GET /orgs/{id}/assessment/cards (branches only, else 422 not_branch). */
export interface AssessmentCards {
  org_id: string;
  org_name: string;
  year: number;
  /** true once every card has a confirmed grade. */
  confirmed: boolean;
  total: number;
  cards: AssessmentCard[] | null;
}

export interface ConfirmItem {
  member_id: string;
  grade: Grade;
  note: string;
}

export interface AssessmentSettings {
  org_id: string;
  items: SettingItem[] | null;
}

const o = (id: string) => `/orgs/${encodeURIComponent(id)}/assessment`;

export const assessmentApi = {
  cards: (orgId: string, year: number) => api.get<AssessmentCards>(`${o(orgId)}/cards`, { year }),
  /** 422 with items[i].note when a grade differs from the proposal without a note. */
  confirm: (orgId: string, year: number, items: ConfirmItem[]) =>
    api.post<AssessmentCards>(`${o(orgId)}/cards/confirm`, { year, items }),
  exportCards: (orgId: string, year: number) => download(`${o(orgId)}/cards.xlsx`, { year }, `${year}年度考核.xlsx`),
  settings: (orgId: string) => api.get<AssessmentSettings>(`${o(orgId)}/settings`),
  saveSettings: (orgId: string, values: Record<string, string | null>) =>
    request<AssessmentSettings>('PUT', `${o(orgId)}/settings`, { body: { values } }),
};

/** GET /my/assessment: the caller's own card of a year. */
export interface MyAssessment extends AssessmentCard {
  year: number;
  org_id: string;
  org_name: string;
}

export const myAssessmentApi = {
  get: (year: number) => api.get<MyAssessment>('/my/assessment', { year }),
};

/** attendanceRate shows an attendance rate: "95%", "92.5%", or "—" when no meeting was expected. */
export function attendanceRate(a: CardAttendance): string {
  return a.rate === null || a.rate === undefined || a.expected === 0 ? '—' : `${a.rate}%`;
}
