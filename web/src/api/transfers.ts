// 组织关系转接 and 流动党员 (transfer.read to see, transfer.manage to act):
// transfers out of and into an organization's subtree with their 介绍信,
// members registered from outside, mobile members away from home or
// registered to a local organization, and the settings of a subtree. The
// member's own mobile record (GET /my/mobile) is the phone's. Dates are
// "YYYY-MM-DD", months "YYYY-MM".
import { api, buildUrl, request } from './client';
import type { MemberInput } from './types';
import type { SettingItem } from './orglife';

/** internal: to an organization on the platform; outgoing: to one outside; incoming: from outside. */
export type TransferKind = 'internal' | 'outgoing' | 'incoming';
export type TransferState = 'pending' | 'issued' | 'accepted' | 'confirmed' | 'returned' | 'cancelled';
export type Direction = 'out' | 'in';
export type StateFilter = 'open' | 'done' | 'all';
export type MobileStateFilter = 'active' | 'ended' | 'all';

/** One step of a transfer's history; at is RFC 3339. */
export interface TransferStep {
  at: string;
  action: string;
  action_label: string;
  actor_name: string;
  note: string;
}

export interface Transfer {
  id: string;
  kind: TransferKind;
  kind_label: string;
  state: TransferState;
  state_label: string;
  member_id: string;
  member_name: string;
  member_status: string;
  from_org_id: string;
  from_org_name: string;
  to_org_id: string;
  to_org_name: string;
  reason: string;
  /** "YYYY-MM", "" when not given (incoming). */
  dues_paid_until: string;
  letter_no: string;
  issued_on: string;
  valid_until: string;
  /** Open, and the letter runs out within 7 days or already has. */
  lapsing: boolean;
  /** The validity has passed and the transfer is still open (an outgoing one stays confirmable). */
  lapsed: boolean;
  return_reason: string;
  /** RFC 3339; decided_at "" while open. */
  created_at: string;
  decided_at: string;
  /** Who started (or registered) it; decided_by who took the last step. */
  actor_name: string;
  decided_by: string;
  history?: TransferStep[] | null;
}

export interface TransferStart {
  member_id: string;
  kind: 'internal' | 'outgoing';
  to_org_id?: string;
  to_org_name?: string;
  reason: string;
  dues_paid_until: string;
}

/** 登记转入: a member who arrives with a letter from an organization outside the platform. */
export interface IncomingInput extends MemberInput {
  letter_no: string;
  from_org_name: string;
  issued_on: string;
}

export interface TransferQuery {
  direction: Direction;
  state: StateFilter;
  lapsing?: boolean;
  cursor?: string;
  limit?: number;
}

/** 介绍信 as text lines, the same the PDF prints, with its 回执 stub. */
export interface Letter {
  title: string;
  number: string;
  /** The addressee, then the paragraphs (indented with full-width spaces). */
  body: string[];
  issuer: string;
  /** "2026年3月2日". */
  issued_on: string;
  valid_until: string;
  /** Why the letter no longer holds ("" while it does). */
  void: string;
  stub_title: string;
  stub: string[];
}

/** A branch anywhere on the platform that may receive a member: its name and its upper organization's only. */
export interface Target {
  id: string;
  name: string;
  parent_name: string;
}

/** 流动党员: the home branch keeps the record; the local organization (on the platform or not) is where they take part. */
export interface Mobile {
  id: string;
  member_id: string;
  member_name: string;
  org_id: string;
  org_name: string;
  whereabouts: string;
  reason: string;
  certificate_no: string;
  local_org_id: string;
  local_org_name: string;
  /** Masked unless the viewer may reveal it. */
  contact: string;
  since: string;
  until: string;
  ended_on: string;
  end_note: string;
  state: 'active' | 'ended';
  state_label: string;
  /** What they may not do where they are: "无表决权、不能参加选举（在流入地）". */
  local_rights: string;
  created_by: string;
  created_at: string;
}

export interface MobileInput {
  member_id: string;
  whereabouts: string;
  reason: string;
  certificate_no: string;
  local_org_id?: string;
  local_org_name?: string;
  /** A mobile phone number while away, or "". */
  contact: string;
  since: string;
  until: string;
}

const o = (id: string) => `/orgs/${encodeURIComponent(id)}`;
const t = (id: string) => `/transfers/${encodeURIComponent(id)}`;

export const transfersApi = {
  /** Active branches of the whole platform by name (transfer.manage), not only the caller's subtree. */
  targets: (q: string) => api.get<{ items: Target[] | null }>('/transfers/targets', { q }),
  list: (orgId: string, q: TransferQuery) =>
    api.get<{ items: Transfer[] | null; next_cursor: string }>(`${o(orgId)}/transfers`, {
      direction: q.direction,
      state: q.state,
      lapsing: q.lapsing ? 1 : undefined,
      cursor: q.cursor,
      limit: q.limit,
    }),
  start: (orgId: string, body: TransferStart) => api.post<Transfer>(`${o(orgId)}/transfers`, body),
  registerIncoming: (orgId: string, body: IncomingInput) => api.post<Transfer>(`${o(orgId)}/transfers/incoming`, body),
  get: (id: string) => api.get<Transfer>(t(id)),
  accept: (id: string) => api.post<Transfer>(`${t(id)}/accept`, {}),
  /** 退回 needs a reason (教育管理条例: no refusal without one). */
  giveBack: (id: string, reason: string) => api.post<Transfer>(`${t(id)}/return`, { reason }),
  cancel: (id: string, reason: string) => api.post<Transfer>(`${t(id)}/cancel`, { reason }),
  /** The 回执 of an outgoing transfer came back: the member leaves the platform. */
  confirm: (id: string, reported_on: string, note: string) => api.post<Transfer>(`${t(id)}/confirm`, { reported_on, note }),
  letter: (id: string) => api.get<Letter>(`${t(id)}/letter`),
  /** A plain link (the session cookie goes with it). */
  letterPdfUrl: (id: string) => buildUrl(`${t(id)}/letter.pdf`),

  mobile: (orgId: string, direction: Direction, state: MobileStateFilter) =>
    api.get<{ items: Mobile[] | null }>(`${o(orgId)}/mobile-members`, { direction, state }),
  registerMobile: (orgId: string, body: MobileInput) => api.post<Mobile>(`${o(orgId)}/mobile-members`, body),
  endMobile: (id: string, on: string, note: string) => api.post<Mobile>(`/mobile-members/${encodeURIComponent(id)}/end`, { on, note }),
  /** The signed-in member's own active record, null when none (403 for an account without a member). */
  myMobile: () => api.get<Mobile | null>('/my/mobile'),

  settings: (orgId: string) => api.get<{ org_id: string; items: SettingItem[] | null }>(`${o(orgId)}/transfers/settings`),
  /** A null value removes the organization's own value (the inherited one applies again). */
  saveSettings: (orgId: string, values: Record<string, string | null>) =>
    request<{ org_id: string; items: SettingItem[] | null }>('PUT', `${o(orgId)}/transfers/settings`, { body: { values } }),
};
