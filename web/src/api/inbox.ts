// The message center (站内信) of the signed-in account and its channel
// preferences (短信、电子邮件、免打扰时段): any signed-in account.
import { api, request } from './client';
import type { List } from './types';

/** One message as its recipient sees it (GET /inbox). Times are RFC 3339 UTC, "" meaning not yet. */
export interface InboxItem {
  id: string;
  /** "notice", "notice.reminder", "term_end", "political_birthday", … */
  kind: string;
  subject_id: string;
  title: string;
  body: string;
  /** A UI route of the console such as "/notices/<id>"; on the phone "/m" + link. */
  link: string;
  ack_required: boolean;
  created_at: string;
  read_at: string;
  acked_at: string;
}

/** GET /me/notify-prefs. */
export interface NotifyPrefs {
  sms: boolean;
  email: boolean;
  /** Masked ("z***@example.com"), or "" when none is known. */
  email_address: string;
  /** "HH:MM" in Beijing time. */
  quiet_start: string;
  quiet_end: string;
  sms_available: boolean;
  email_available: boolean;
}

/** PUT /me/notify-prefs: email_address only when the user typed a new one. */
export interface NotifyPrefsInput {
  sms: boolean;
  email: boolean;
  email_address?: string;
  quiet_start: string;
  quiet_end: string;
}

const p = (id: string) => `/inbox/${encodeURIComponent(id)}`;

export const inboxApi = {
  list: (unread: boolean, page = 1, page_size = 20) =>
    api.get<List<InboxItem>>('/inbox', { unread: unread ? 1 : undefined, page, page_size }),
  unreadCount: () => api.get<{ count: number }>('/inbox/unread-count'),
  read: (id: string) => api.post<void>(`${p(id)}/read`),
  ack: (id: string) => api.post<void>(`${p(id)}/ack`),
  readAll: () => api.post<{ count: number }>('/inbox/read-all'),
};

export const prefsApi = {
  get: () => api.get<NotifyPrefs>('/me/notify-prefs'),
  /** The shared client has no put() helper; the answer may be the saved preferences or 204. */
  put: (body: NotifyPrefsInput) => request<NotifyPrefs | undefined>('PUT', '/me/notify-prefs', { body }),
};
