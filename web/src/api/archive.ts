// 党员档案: one member's participation across the capabilities, year by
// year (newest first): each year's figures (组织生活, 党费, 积分, 民主评议,
// 年度考核, 表彰) and its timeline. Leaders read it within their scope
// (archive.read, else 404); members read their own (/my/archive). The PDF
// and .xlsx are the server's, audited there.
import { api, buildUrl } from './client';
import { yuanText } from '../utils/dues';

export interface ArchiveMember {
  id: string;
  name: string;
  org_id: string;
  org_name: string;
  status: string;
  status_label: string;
  joined_on: string;
  full_member_on: string;
  /** false once the member left the register (去世, 出党, 转出). */
  active: boolean;
}

export interface YearSummary {
  meetings_expected: number;
  meetings_attended: number;
  meetings_leave: number;
  meetings_absent: number;
  /** 0..100; null when no meeting was expected that year. */
  attendance_rate: number | null;
  dues_months_paid: number;
  dues_months_on_time: number;
  dues_paid_fen: number;
  arrears_warnings: number;
  points: number;
  appraisal_grade_label: string;
  assessment_grade_label: string;
  commendations: string[] | null;
}

export interface ArchiveItem {
  on: string;
  kind: string;
  kind_label: string;
  title: string;
  detail: string;
}

export interface ArchiveYear {
  year: number;
  summary: YearSummary;
  items: ArchiveItem[] | null;
}

export interface Archive {
  member: ArchiveMember;
  years: ArchiveYear[] | null;
}

const m = (id: string) => `/members/${encodeURIComponent(id)}/archive`;

export const archiveApi = {
  get: (memberId: string) => api.get<Archive>(m(memberId)),
  pdfUrl: (memberId: string) => buildUrl(`${m(memberId)}.pdf`),
  xlsxUrl: (memberId: string) => buildUrl(`${m(memberId)}.xlsx`),
  mine: () => api.get<Archive>('/my/archive'),
  myPdfUrl: () => buildUrl('/my/archive.pdf'),
};

/** One line of a year's summary: what it is, its value, and whether it calls for attention. */
export interface Fact {
  key: string;
  label: string;
  value: string;
  warn: boolean;
}

export function attendanceText(s: YearSummary): string {
  if (!s.meetings_expected) return '本年度无应参加会议记录';
  const rate = s.attendance_rate === null ? '' : `，出席率 ${s.attendance_rate}%`;
  return `应参加 ${s.meetings_expected} 次，出席 ${s.meetings_attended} 次，请假 ${s.meetings_leave} 次，缺席 ${s.meetings_absent} 次${rate}`;
}

export function duesText(s: YearSummary): string {
  if (!s.dues_months_paid) return '本年度无交纳记录';
  return `已交 ${s.dues_months_paid} 个月（按时 ${s.dues_months_on_time} 个月），共 ${yuanText(s.dues_paid_fen)}`;
}

/** facts is a year's summary in plain Chinese, in the order the archive shows it. */
export function facts(s: YearSummary): Fact[] {
  const commendations = s.commendations || [];
  return [
    { key: 'attendance', label: '组织生活', value: attendanceText(s), warn: s.meetings_absent > 0 },
    { key: 'dues', label: '党费交纳', value: duesText(s), warn: false },
    { key: 'arrears', label: '欠缴提醒', value: s.arrears_warnings ? `${s.arrears_warnings} 次` : '无', warn: s.arrears_warnings > 0 },
    { key: 'points', label: '积分', value: `${s.points} 分`, warn: false },
    { key: 'appraisal', label: '民主评议', value: s.appraisal_grade_label || '未评议', warn: false },
    { key: 'assessment', label: '年度考核', value: s.assessment_grade_label || '未考核', warn: false },
    { key: 'commendations', label: '表彰', value: commendations.length ? commendations.join('、') : '无', warn: false },
  ];
}

/** headline is the one-line digest of a year shown beside its title when folded. */
export function headline(s: YearSummary): string {
  const parts = [s.attendance_rate === null ? '无应参加会议' : `出席率 ${s.attendance_rate}%`, `积分 ${s.points}`];
  if (s.assessment_grade_label) parts.push(`考核${s.assessment_grade_label}`);
  if (s.commendations?.length) parts.push(s.commendations.join('、'));
  return parts.join(' · ');
}

/** newestFirst orders the years (and each year's items) newest first, whatever order they came in. */
export function newestFirst(years: ArchiveYear[] | null): ArchiveYear[] {
  return [...(years || [])]
    .sort((a, b) => b.year - a.year)
    .map((y) => ({ ...y, items: [...(y.items || [])].sort((a, b) => b.on.localeCompare(a.on)) }));
}
