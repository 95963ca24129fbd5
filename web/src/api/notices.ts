// 通知公告: publishing notices to an organization's members and following
// their receipts (console; notice.read to see, notice.publish to write), a
// member reading their own copy, the delivery log, the SMS budget and the
// political birthdays of the console home.
import { api, download, request, type Query } from './client';
import type { List } from './types';

/** expired: published and past its 截止时间. */
export type NoticeState = 'draft' | 'scheduled' | 'published' | 'expired' | 'withdrawn';

/** Who a notice goes to; parts are unioned. */
export interface NoticeAudience {
  /** Org IDs: all members of each subtree. */
  subtrees: string[];
  /** Position titles (书记, 副书记, 组织委员, …) held inside the notice's organization. */
  positions: string[];
  /** Member IDs. */
  members: string[];
}

export interface NoticeAttachment {
  id: string;
  name: string;
  size: number;
  content_type: string;
}

/** A row of GET /notices. Times are RFC 3339 UTC strings, "" meaning none. */
export interface NoticeSummary {
  id: string;
  org_id: string;
  org_name: string;
  title: string;
  state: NoticeState;
  pinned: boolean;
  ack_required: boolean;
  sms: boolean;
  publish_at: string;
  expires_at: string;
  created_at: string;
  created_by_name: string;
  total: number;
  read: number;
  acked: number;
}

export interface Notice extends NoticeSummary {
  body_html: string;
  attachments: NoticeAttachment[];
  audience: NoticeAudience;
  audience_labels: string[];
  include_future_orgs: boolean;
  progress: { sent: number; finished: boolean } | null;
  reminded_at: string;
  withdrawn_at: string;
  withdraw_reason: string;
  /** Delivery state → count, for SMS and e-mail (e.g. {sent: 10, failed: 2}). */
  deliveries: Record<string, number> | null;
  version: number;
}

/** POST /notices (and, as a partial, PATCH /notices/{id} with version). */
export interface NoticeInput {
  org_id: string;
  title: string;
  body_html: string;
  attachment_ids: string[];
  audience: NoticeAudience;
  include_future_orgs: boolean;
  ack_required: boolean;
  sms: boolean;
  /** "" publishes now. */
  publish_at: string;
  /** "" never expires. */
  expires_at: string;
  pinned: boolean;
  draft: boolean;
}

export interface ReceiptCounts {
  total: number;
  read: number;
  unread: number;
  acked: number;
}

export interface ReceiptChild extends ReceiptCounts {
  org_id: string;
  org_name: string;
}

/** GET /notices/{id}/receipts?org_id=: one organization, its own members and each child's subtree. */
export interface Receipts {
  org: { id: string; name: string };
  whole: ReceiptCounts;
  direct: ReceiptCounts | null;
  children: ReceiptChild[];
}

export type ReceiptState = 'unread' | 'read' | 'acked' | 'not_acked';

export interface ReceiptPerson {
  recipient_id: string;
  name: string;
  org_id: string;
  org_name: string;
  read_at: string;
  acked_at: string;
}

export interface NoticeHistoryItem {
  at: string;
  actor_name: string;
  kind: string;
  detail: string;
}

export interface Delivery {
  id: string;
  message_id: string;
  subject_id: string;
  channel: string;
  recipient_name: string;
  title: string;
  state: string;
  state_label: string;
  reason: string;
  detail: string;
  attempts: number;
  created_at: string;
  updated_at: string;
}

export interface SmsBudget {
  daily: number;
  used_today: number;
  /** True when the organization has no figure of its own (an ancestor's or the default applies). */
  inherited: boolean;
}

/** GET /my/notices/{id}: the signed-in member's copy (opening it marks it read). */
export interface MyNotice {
  id: string;
  org_name: string;
  title: string;
  body_html: string;
  attachments: NoticeAttachment[];
  publish_at: string;
  expires_at: string;
  expired: boolean;
  ack_required: boolean;
  read_at: string;
  acked_at: string;
  message_id: string;
}

export interface BirthdayPerson {
  member_id: string;
  name: string;
  org_id: string;
  org_name: string;
  /** This year's anniversary, YYYY-MM-DD. */
  date: string;
  joined_on: string;
  years: number;
}

export interface PoliticalBirthdays {
  today: BirthdayPerson[];
  upcoming: BirthdayPerson[];
}

export interface NoticeFilters {
  org_id?: string;
  state?: string;
  q?: string;
}

const p = (id: string) => `/notices/${encodeURIComponent(id)}`;
const o = (id: string) => `/orgs/${encodeURIComponent(id)}`;

export const noticesApi = {
  list: (f: NoticeFilters, page = 1, page_size = 20) =>
    api.get<List<NoticeSummary>>('/notices', { ...f, page, page_size } as Query),
  get: (id: string) => api.get<Notice>(p(id)),
  create: (body: NoticeInput) => api.post<Notice>('/notices', body),
  update: (id: string, body: Partial<NoticeInput> & { version: number }) => api.patch<Notice>(p(id), body),
  publish: (id: string) => api.post<Notice>(`${p(id)}/publish`),
  withdraw: (id: string, reason: string) => api.post<Notice>(`${p(id)}/withdraw`, { reason }),
  /** Once per notice: a second call answers 409 already_reminded. */
  remind: (id: string) => api.post<Notice | undefined>(`${p(id)}/remind`),
  receipts: (id: string, org_id?: string) => api.get<Receipts>(`${p(id)}/receipts`, { org_id }),
  people: (id: string, org_id: string, state: ReceiptState, page = 1, page_size = 20) =>
    api.get<List<ReceiptPerson>>(`${p(id)}/receipts/people`, { org_id, state, page, page_size }),
  history: async (id: string): Promise<NoticeHistoryItem[]> => {
    const r = await api.get<NoticeHistoryItem[] | { items: NoticeHistoryItem[] }>(`${p(id)}/history`);
    return Array.isArray(r) ? r : r?.items || [];
  },
  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.upload<NoticeAttachment>('/notices/attachments', form);
  },
  downloadAttachment: (noticeId: string, a: NoticeAttachment) =>
    download(`${p(noticeId)}/attachments/${encodeURIComponent(a.id)}`, undefined, a.name),
  deliveries: (orgId: string, f: { state?: string; channel?: string }, page = 1, page_size = 20) =>
    api.get<List<Delivery>>(`${o(orgId)}/deliveries`, { ...f, page, page_size }),
  smsBudget: (orgId: string) => api.get<SmsBudget>(`${o(orgId)}/sms-budget`),
  setSmsBudget: (orgId: string, daily: number) =>
    request<SmsBudget | undefined>('PUT', `${o(orgId)}/sms-budget`, { body: { daily } }),
};

export const myNoticesApi = {
  get: (id: string) => api.get<MyNotice>(`/my/notices/${encodeURIComponent(id)}`),
  ack: (id: string) => api.post<void>(`/my/notices/${encodeURIComponent(id)}/ack`),
  downloadAttachment: (noticeId: string, a: NoticeAttachment) =>
    download(`${p(noticeId)}/attachments/${encodeURIComponent(a.id)}`, undefined, a.name),
};

export const birthdaysApi = {
  get: (orgId: string, days = 7) => api.get<PoliticalBirthdays>(`${o(orgId)}/political-birthdays`, { days }),
};
