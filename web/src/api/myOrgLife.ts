// 我的组织生活: the signed-in member's own meetings, answers (参加/请假),
// check-in and the separate consents for check-in photos and location
// (/my/meetings, /my/consents, /my/checkin-photos). Needs only sign-in and
// an account linked to a member; the console's side is api/orglife.ts.
import { ApiError, api, request } from './client';
import { formatDateTime, TIME_ZONE } from '../utils/date';

import type { AttendanceStatus, LeaveState, MeetingKind, MeetingState, MeetingSummary } from './orglife';

export type { AttendanceStatus, LeaveState, MeetingKind, MeetingState };
export type MyAnswer = 'none' | 'attend' | 'leave';

/** One meeting as its invited member sees it (GET /my/meetings[/{id}]). Times RFC 3339, "" when none. */
export interface MyMeeting extends MeetingSummary {
  answer: MyAnswer;
  leave_state: LeaveState;
  leave_reason: string;
  status: AttendanceStatus;
  status_label: string;
  checkin_open: boolean;
  checkin_opens_at: string;
  checkin_closes_at: string;
  /** The check-in compares the phone's location with the meeting place. */
  geofence: boolean;
  online: boolean;
  /** The organization asks for a check-in photo (only from members who consented). */
  photo: boolean;
}

/** The member's own attendance this year (参会率); rate is 0…1. */
export interface AttendanceRate {
  year: number;
  expected: number;
  attended: number;
  rate: number;
}

export interface MyMeetingList {
  items: MyMeeting[];
  rate: AttendanceRate;
}

export type MeetingScope = 'upcoming' | 'past';

/** POST /my/meetings/{id}/checkin. token comes from the scanned QR; remote for an online meeting. */
export interface CheckinInput {
  token?: string;
  lat?: number | null;
  lng?: number | null;
  location_refused?: boolean;
  remote?: boolean;
  photo_file_id?: string;
}

export interface CheckinResult {
  status: AttendanceStatus;
  method: string;
  distance_m: number | null;
  geo: '' | 'in' | 'out' | 'refused';
  /** The secretary still has to confirm it (no location, or the server wants a look). */
  needs_confirmation: boolean;
  message: string;
}

export interface Consent {
  given: boolean;
  at: string;
}

/** GET /my/consents: the two separate consents (PIPL art. 29). */
export interface MyConsents {
  photo: Consent;
  location: Consent;
}

export type ConsentInput = Partial<Record<keyof MyConsents, boolean>>;

const p = (id: string) => `/my/meetings/${encodeURIComponent(id)}`;

export const myOrgLifeApi = {
  meetings: (scope: MeetingScope) => api.get<MyMeetingList>('/my/meetings', { scope }),
  meeting: (id: string) => api.get<MyMeeting>(p(id)),
  answer: (id: string, answer: 'attend' | 'leave', reason = '') =>
    api.post<MyMeeting>(`${p(id)}/answer`, answer === 'leave' ? { answer, reason } : { answer }),
  checkin: (id: string, body: CheckinInput) => api.post<CheckinResult>(`${p(id)}/checkin`, body),
  consents: () => api.get<MyConsents>('/my/consents'),
  /** Withdrawing deletes the member's photos / location data on the server. May answer 204. */
  setConsents: (body: ConsentInput) => request<MyConsents | undefined>('PUT', '/my/consents', { body }),
  uploadPhoto: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.upload<{ id: string }>('/my/checkin-photos', form);
  },
};

export const ANSWER_LABEL: Record<MyAnswer, string> = { none: '未回复', attend: '参加', leave: '请假' };
export const LEAVE_STATE_LABEL: Record<LeaveState, string> = { '': '', pending: '待审批', approved: '已批准', rejected: '未批准' };

/** The message for a refused check-in: the server's own words, except a plainer one for an expired QR. */
export function checkinRefusal(e: unknown): string {
  if (e instanceof ApiError && e.code === 'token_expired') return '二维码已过期，请重新扫描会场的二维码';
  if (e instanceof ApiError) return e.detail || '签到未成功，请联系书记';
  return e instanceof Error ? e.message : String(e);
}

/** ratePercent renders 0.8 as "80%" ("—" when nothing was expected). */
export function ratePercent(r: AttendanceRate | null | undefined): string {
  if (!r || !r.expected) return '—';
  return `${Math.round(Math.min(1, Math.max(0, r.rate || 0)) * 100)}%`;
}

const weekday = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, weekday: 'short' });

/** meetingWhen renders a meeting's time in Beijing: "2026年11月25日 周三 14:30–16:00". */
export function meetingWhen(starts: string, ends: string): string {
  const s = formatDateTime(starts);
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2})/.exec(s);
  if (!m) return starts ? s : '时间待定';
  const day = `${m[1]}年${Number(m[2])}月${Number(m[3])}日 ${weekday.format(new Date(starts))}`;
  const e = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})/.exec(formatDateTime(ends));
  if (!e) return `${day} ${m[4]}`;
  const sameDay = e[1] === `${m[1]}-${m[2]}-${m[3]}`;
  return `${day} ${m[4]}–${sameDay ? e[2] : formatDateTime(ends).slice(0, 16)}`;
}

/** clock renders an RFC 3339 time as "HH:mm" in Beijing ("" when none). */
export function clock(ts: string): string {
  return ts ? formatDateTime(ts).slice(11, 16) : '';
}
