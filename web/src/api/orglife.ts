// 组织生活 (三会一课, 主题党日, 组织生活会) for the console: meetings with
// their attendance, minutes, votes and corrections, the settings of a
// subtree, 党小组 rosters, a branch's annual plan and the 落实情况 of a subtree
// (orglife.read to see, orglife.manage to write). The member's own pages
// (/my/...) live with the mobile portal.
import { api, download, request, type Query } from './client';
import { orgsApi } from './orgs';
import type { OrgRef } from '../stores/currentOrg';
import type { List } from './types';

export type MeetingKind = 'member_assembly' | 'committee' | 'group' | 'lecture' | 'theme_day' | 'life_meeting';
/** scheduled: 未开始/进行中; finalized: 已归档 (minutes locked). */
export type MeetingState = 'scheduled' | 'finalized' | 'cancelled';
export type Frequency = 'monthly' | 'quarterly' | 'yearly' | 'off';
export type ComplianceStatus = 'green' | 'amber' | 'red' | 'none';

/** A row of GET /meetings. Times are RFC 3339, "" meaning none. */
export interface MeetingSummary {
  id: string;
  org_id: string;
  org_name: string;
  kind: MeetingKind;
  kind_label: string;
  topic: string;
  starts_at: string;
  ends_at: string;
  place: string;
  state: MeetingState;
  state_label: string;
  expected: number;
  present: number;
  leave: number;
  absent: number;
}

export interface MeetingFile {
  id: string;
  name: string;
  size: number;
  content_type: string;
}

/** 会议记录. */
export interface Minutes {
  recorder: string;
  content: string;
  decisions: string;
  attachments?: MeetingFile[];
  attachment_ids?: string[];
  updated_at?: string;
}

export type VoteKind = 'general' | 'admission' | 'full_membership';
export type VoteChoice = 'yes' | 'no' | 'abstain';

/** 表决: counted against the voters who should attend (应到会有表决权的党员). */
export interface Vote {
  id: string;
  subject: string;
  kind: VoteKind;
  yes: number;
  no: number;
  abstain: number;
  written_yes: number;
  written_no: number;
  written_abstain: number;
  voters_expected: number;
  voters_present: number;
  passed: boolean;
  explanation: string;
  recorded_at: string;
}

export interface VoteInput {
  subject: string;
  kind: VoteKind;
  yes: number;
  no: number;
  abstain: number;
  /** 书面意见 of absent voters: admissions and 转正 only. */
  written: { member_id: string; choice: VoteChoice }[];
}

export type CorrectionTarget = 'content' | 'decisions' | 'attendance';

/** 更正 of a finalized meeting: the record is never rewritten in place. */
export interface MeetingCorrection {
  id: string;
  field: CorrectionTarget;
  field_label: string;
  member_id: string;
  member_name: string;
  before: string;
  after: string;
  reason: string;
  actor_name: string;
  at: string;
}

export interface CorrectionInput {
  field: CorrectionTarget;
  member_id?: string;
  value: string;
  reason: string;
}

export interface Meeting extends MeetingSummary {
  lat: number | null;
  lng: number | null;
  radius_m: number | null;
  geofence: boolean;
  online: boolean;
  photo: boolean;
  group_id: string;
  group_name: string;
  checkin_opens_at: string;
  checkin_closes_at: string;
  notified_at: string;
  finalized_at: string;
  cancelled_reason: string;
  version: number;
  can_manage: boolean;
  minutes: Minutes | null;
  votes: Vote[];
  corrections: MeetingCorrection[];
}

export interface Guest {
  name: string;
  note: string;
}

/** POST /meetings (PATCH takes any part of it with version). */
export interface MeetingInput {
  org_id: string;
  kind: MeetingKind;
  topic: string;
  starts_at: string;
  ends_at: string;
  place: string;
  lat: number | null;
  lng: number | null;
  radius_m: number | null;
  geofence: boolean;
  online: boolean;
  photo: boolean;
  group_id: string;
  guests: Guest[];
  /** 双重组织生活: leading cadres attending. */
  cadre_ids: string[];
  notify: boolean;
  sms: boolean;
}

export interface MeetingHistoryItem {
  id: string;
  kind: string;
  at: string;
  actor_name: string;
  detail: string;
}

export type AttendeeRole = 'member' | 'committee' | 'group' | 'cadre' | 'guest';
export type AttendanceStatus = 'absent' | 'present' | 'remote' | 'leave';
export type LeaveState = '' | 'pending' | 'approved' | 'rejected';

export interface Attendee {
  /** "" for guests, who have an id "guest:<n>" instead. */
  member_id: string;
  id?: string;
  name: string;
  role: AttendeeRole;
  role_label: string;
  has_vote: boolean;
  vote_note: string;
  should_attend: boolean;
  excluded_reason: string;
  answer: 'none' | 'attend' | 'leave';
  leave_reason: string;
  leave_state: LeaveState;
  status: AttendanceStatus;
  status_label: string;
  method: '' | 'qr' | 'qr_confirmed' | 'manual' | 'remote';
  checked_in_at: string;
  distance_m: number | null;
  geo: '' | 'in' | 'out' | 'refused';
  needs_confirmation: boolean;
  manual_reason: string;
  has_photo: boolean;
}

export interface AttendanceSummary {
  expected: number;
  voters_expected: number;
  present: number;
  voters_present: number;
  remote: number;
  leave: number;
  absent: number;
  pending_leave: number;
  pending_confirmation: number;
}

export interface Attendees {
  items: Attendee[];
  summary: AttendanceSummary;
}

/** GET /meetings/{id}/qr: a short-lived token; url is a path of this site. */
export interface QrTicket {
  token: string;
  url: string;
  expires_at: string;
  refresh_ms: number;
  opens_at: string;
  closes_at: string;
}

export interface MeetingFilters {
  org_id?: string;
  kind?: string;
  state?: string;
  /** Dates "YYYY-MM-DD" (inclusive). */
  from?: string;
  to?: string;
  q?: string;
}

// --- settings, rosters, plan, compliance -------------------------------------

export type SettingSource = 'default' | 'inherited' | 'own';

export interface SettingItem {
  key: string;
  label: string;
  value: string;
  default: string;
  source: SettingSource;
  source_org_id: string;
  source_org_name: string;
  options?: string[];
}

export interface OrgLifeSettings {
  org_id: string;
  items: SettingItem[];
}

export interface GroupMember {
  member_id: string;
  name: string;
}

export type PlanStatus = 'planned' | 'held' | 'missed' | 'due';

export interface PlanItem {
  id: string;
  kind: MeetingKind;
  kind_label: string;
  date: string;
  topic: string;
  meeting_id: string;
  status: PlanStatus;
}

export interface Plan {
  org_id: string;
  year: number;
  /** false: the proposal computed from the frequencies, not yet saved. */
  saved: boolean;
  items: PlanItem[];
}

export interface ComplianceKindRow {
  kind: MeetingKind;
  kind_label: string;
  required: number;
  held: number;
  status: ComplianceStatus;
  period_label: string;
}

export interface ComplianceChild {
  org_id: string;
  name: string;
  kind: string;
  branches: number;
  green: number;
  amber: number;
  red: number;
}

export interface Compliance {
  org_id: string;
  org_name: string;
  period: string;
  period_label: string;
  summary: { branches: number; green: number; amber: number; red: number };
  /** Filled when the organization is itself a branch. */
  kinds: ComplianceKindRow[];
  children: ComplianceChild[];
}

export interface ComplianceBranch {
  org_id: string;
  name: string;
  path_names: string;
  status: ComplianceStatus;
  missing: string[];
}

const m = (id: string) => `/meetings/${encodeURIComponent(id)}`;
const o = (id: string) => `/orgs/${encodeURIComponent(id)}/orglife`;

export const meetingsApi = {
  list: (f: MeetingFilters, page = 1, page_size = 20) =>
    api.get<List<MeetingSummary>>('/meetings', { ...f, page, page_size } as Query),
  get: (id: string) => api.get<Meeting>(m(id)),
  create: (body: MeetingInput) => api.post<Meeting>('/meetings', body),
  /** Not once finalized; a new time re-notifies the attendees. */
  update: (id: string, body: Partial<MeetingInput> & { version: number }) => api.patch<Meeting>(m(id), body),
  cancel: (id: string, reason: string) => api.post<Meeting>(`${m(id)}/cancel`, { reason }),
  history: (id: string) => api.get<{ items: MeetingHistoryItem[] }>(`${m(id)}/history`),

  attendees: (id: string) => api.get<Attendees>(`${m(id)}/attendees`),
  addCadre: (id: string, member_id: string) => api.post<unknown>(`${m(id)}/attendees`, { member_id }),
  addGuest: (id: string, guest_name: string, note: string) => api.post<unknown>(`${m(id)}/attendees`, { guest_name, note }),
  /** 不计入应到 (excluded true) or count again (false). */
  exclude: (id: string, memberId: string, excluded: boolean, reason: string) =>
    api.post<unknown>(`${m(id)}/attendees/${encodeURIComponent(memberId)}/exclude`, { excluded, reason }),
  decideLeave: (id: string, memberId: string, approve: boolean, note: string) =>
    api.post<unknown>(`${m(id)}/leave/${encodeURIComponent(memberId)}`, { approve, note }),
  /** Manual marking (reason required); status present also confirms pending QR check-ins. */
  mark: (id: string, member_ids: string[], status: 'present' | 'remote' | 'absent', reason: string) =>
    api.post<unknown>(`${m(id)}/attendance`, { member_ids, status, reason }),
  /** 409 outside the check-in window, with the window in the message. */
  qr: (id: string) => api.get<QrTicket>(`${m(id)}/qr`),

  saveMinutes: (id: string, body: { recorder: string; content: string; decisions: string; attachment_ids: string[]; version: number }) =>
    request<Meeting>('PUT', `${m(id)}/minutes`, { body }),
  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.upload<MeetingFile>('/meetings/attachments', form);
  },
  downloadAttachment: (meetingId: string, f: MeetingFile) =>
    download(`${m(meetingId)}/attachments/${encodeURIComponent(f.id)}`, undefined, f.name),
  /** 422 quorum_failed / too_many_votes / written_not_allowed with the rule in detail. */
  recordVote: (id: string, body: VoteInput) => api.post<Vote>(`${m(id)}/votes`, body),
  /** 409 while leave requests or check-ins wait, or without minutes. */
  finalize: (id: string) => api.post<Meeting>(`${m(id)}/finalize`),
  correct: (id: string, body: CorrectionInput) => api.post<Meeting>(`${m(id)}/corrections`, body),
};

export const orgLifeApi = {
  settings: (orgId: string) => api.get<OrgLifeSettings>(`${o(orgId)}/settings`),
  /** A null value removes the organization's own value (the inherited one applies again). */
  saveSettings: (orgId: string, values: Record<string, string | null>) =>
    request<OrgLifeSettings>('PUT', `${o(orgId)}/settings`, { body: { values } }),
  groupMembers: (groupId: string) => api.get<{ items: GroupMember[] }>(`${o(groupId)}/group-members`),
  setGroupMembers: (groupId: string, member_ids: string[]) =>
    request<{ items: GroupMember[] } | undefined>('PUT', `${o(groupId)}/group-members`, { body: { member_ids } }),
  plan: (orgId: string, year: number) => api.get<Plan>(`${o(orgId)}/plan`, { year }),
  savePlan: (orgId: string, year: number, items: { kind: MeetingKind; date: string; topic: string }[]) =>
    request<Plan>('PUT', `${o(orgId)}/plan`, { query: { year }, body: { items } }),
  compliance: (orgId: string, period: string, kind?: string) =>
    api.get<Compliance>(`${o(orgId)}/compliance`, { period, kind }),
  complianceBranches: (orgId: string, f: { period: string; kind?: string; status?: string }, page = 1, page_size = 20) =>
    api.get<List<ComplianceBranch>>(`${o(orgId)}/compliance/branches`, { ...f, page, page_size }),
};

/**
 * pageOrg is the organization a 组织生活 page opens with: the one in its
 * address (?org=), else the one last chosen, else the account's first root.
 */
export async function pageOrg(queryOrg: unknown, current: OrgRef | null): Promise<OrgRef | null> {
  if (typeof queryOrg === 'string' && queryOrg) {
    if (current?.id === queryOrg) return current;
    const org = await orgsApi.get(queryOrg);
    return { id: org.id, name: org.name };
  }
  if (current) return current;
  const first = (await orgsApi.roots()).items?.[0];
  return first ? { id: first.id, name: first.name } : null;
}
