// Pure helpers of the 通知公告 pages: the state shown for a notice, receipt
// percentages and rows, the publish form's checks, and Beijing-time
// conversions for the datetime pickers.
import type { NoticeAudience, NoticeState, NoticeSummary, ReceiptChild, ReceiptCounts, Receipts } from '../api/notices';
import { isBlankHtml } from './richText';

/** What the pages show: the API's state, or "expired" for a published notice past its 截止时间 (also when the server still says published). */
export type NoticeDisplayState = NoticeState;

export function displayState(n: Pick<NoticeSummary, 'state' | 'expires_at'>, now: Date = new Date()): NoticeDisplayState {
  if (n.state === 'published' && n.expires_at) {
    const t = Date.parse(n.expires_at);
    if (!Number.isNaN(t) && t <= now.getTime()) return 'expired';
  }
  return n.state;
}

export const STATE_TAG: Record<NoticeDisplayState, 'info' | 'warning' | 'success' | 'danger' | 'primary'> = {
  draft: 'info',
  scheduled: 'warning',
  published: 'success',
  expired: 'info',
  withdrawn: 'danger',
};

/**
 * percent is part/total as a whole percentage for the progress bars: 0 only
 * when nothing, 100 only when all (999 of 1000 shows 99, 1 of 1000 shows 1).
 */
export function percent(part: number, total: number): number {
  if (!total || total <= 0 || !part || part <= 0) return 0;
  if (part >= total) return 100;
  const p = Math.round((part / total) * 100);
  return Math.min(99, Math.max(1, p));
}

/** counts fills in unread when the server left it out and keeps every figure a non-negative integer. */
export function counts(c: Partial<ReceiptCounts> | null | undefined): ReceiptCounts {
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);
  const total = n(c?.total);
  const read = n(c?.read);
  const unread = c && typeof c.unread === 'number' ? n(c.unread) : Math.max(0, total - read);
  return { total, read, unread, acked: n(c?.acked) };
}

export interface ReceiptRow extends ReceiptCounts {
  org_id: string;
  org_name: string;
  /** The organization's own members (not a child): no drill-down. */
  direct: boolean;
  readPct: number;
  ackedPct: number;
}

/**
 * receiptRows turns a receipts answer into table rows: the organization's own
 * members first (when it has any), then each child organization's subtree, in
 * the server's order. Children with nobody to tell are left out.
 */
export function receiptRows(r: Receipts | null): ReceiptRow[] {
  if (!r) return [];
  const rows: ReceiptRow[] = [];
  const add = (org_id: string, org_name: string, c: Partial<ReceiptCounts>, direct: boolean) => {
    const k = counts(c);
    if (!k.total) return;
    rows.push({ ...k, org_id, org_name, direct, readPct: percent(k.read, k.total), ackedPct: percent(k.acked, k.total) });
  };
  if (r.direct) add(r.org.id, `${r.org.name}（本级）`, r.direct, true);
  for (const c of r.children || []) add(c.org_id, c.org_name, c, false);
  return rows;
}

/** sumCounts adds rows up (the 合计 line when the answer has no "whole"). */
export function sumCounts(rows: ReceiptCounts[]): ReceiptCounts {
  return rows.reduce(
    (a, r) => ({ total: a.total + r.total, read: a.read + r.read, unread: a.unread + r.unread, acked: a.acked + r.acked }),
    { total: 0, read: 0, unread: 0, acked: 0 },
  );
}

/** findChild is the row of a child organization, by ID. */
export function findChild(r: Receipts | null, orgId: string): ReceiptChild | undefined {
  return r?.children?.find((c) => c.org_id === orgId);
}

/** progressText is the list's read progress: "已读 x/y" and, for notices asking for it, "回执 z". */
export function progressText(n: Pick<NoticeSummary, 'state' | 'total' | 'read' | 'acked' | 'ack_required'>): string {
  if (n.state === 'draft' || n.state === 'scheduled') return '—';
  const parts = [`已读 ${n.read || 0}/${n.total || 0}`];
  if (n.ack_required) parts.push(`回执 ${n.acked || 0}`);
  return parts.join('，');
}

/** Delivery states that mean an SMS or e-mail did not reach the person. */
export const FAILED_DELIVERY_STATES = new Set(['failed', 'not_sent']);

/** deliveryFailures counts the failed deliveries of a notice's state → count map. */
export function deliveryFailures(d: Record<string, number> | null | undefined): number {
  if (!d) return 0;
  let n = 0;
  for (const [state, count] of Object.entries(d)) if (FAILED_DELIVERY_STATES.has(state) && count > 0) n += count;
  return n;
}

// --- Beijing time for the datetime pickers ---------------------------------

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/**
 * beijingToUTC turns a picker value "YYYY-MM-DD HH:mm[:ss]" read as Beijing
 * time into an RFC 3339 UTC string; "" for an empty or invalid value.
 */
export function beijingToUTC(local: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec((local || '').trim());
  if (!m) return '';
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] || 0));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return '';
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(t);
  if (back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1) return '';
  return new Date(t - BEIJING_OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** utcToBeijing is the picker value "YYYY-MM-DD HH:mm" of an RFC 3339 time ("" when none). */
export function utcToBeijing(ts: string | null | undefined): string {
  if (!ts) return '';
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return '';
  return new Date(t + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

// --- the publish form --------------------------------------------------------

export type AudienceMode = 'subtree' | 'orgs' | 'positions' | 'members';

/** The posts a notice can go to (sent as their Chinese titles). */
export const AUDIENCE_POSITIONS = ['书记', '副书记', '组织委员', '宣传委员', '纪检委员', '委员'] as const;

export interface AudienceChoice {
  mode: AudienceMode;
  orgIds: string[];
  positions: string[];
  memberIds: string[];
}

/** buildAudience is the API's audience for the picker's choice; orgId is the publishing organization. */
export function buildAudience(orgId: string, c: AudienceChoice): NoticeAudience {
  const uniq = (a: string[]) => Array.from(new Set(a.filter(Boolean)));
  switch (c.mode) {
    case 'subtree':
      return { subtrees: orgId ? [orgId] : [], positions: [], members: [] };
    case 'orgs':
      return { subtrees: uniq(c.orgIds), positions: [], members: [] };
    case 'positions':
      return { subtrees: [], positions: uniq(c.positions), members: [] };
    case 'members':
      return { subtrees: [], positions: [], members: uniq(c.memberIds) };
  }
}

/** audienceChoice reads a saved audience back into the picker (drafts). */
export function audienceChoice(orgId: string, a: Partial<NoticeAudience> | null | undefined): AudienceChoice {
  const subtrees = a?.subtrees || [];
  const positions = a?.positions || [];
  const members = a?.members || [];
  const base: AudienceChoice = { mode: 'subtree', orgIds: [], positions: [], memberIds: [] };
  if (members.length) return { ...base, mode: 'members', memberIds: [...members] };
  if (positions.length) return { ...base, mode: 'positions', positions: [...positions] };
  if (subtrees.length && !(subtrees.length === 1 && subtrees[0] === orgId)) return { ...base, mode: 'orgs', orgIds: [...subtrees] };
  return base;
}

export function audienceEmpty(a: NoticeAudience): boolean {
  return !a.subtrees.length && !a.positions.length && !a.members.length;
}

export interface NoticeFormValues {
  org_id: string;
  title: string;
  body_html: string;
  audience: NoticeAudience;
  /** Picker values in Beijing time, "" for none. */
  publish_at: string;
  expires_at: string;
  scheduled: boolean;
}

export const TITLE_MAX = 100;

/**
 * validateNotice checks the form before it is sent (the server checks again);
 * drafts need only a title. Keys are the API's field names.
 */
export function validateNotice(v: NoticeFormValues, draft: boolean, now: Date = new Date()): Record<string, string> {
  const e: Record<string, string> = {};
  const title = v.title.trim();
  if (!v.org_id) e.org_id = '请选择发布组织';
  if (!title) e.title = '请填写标题';
  else if (title.length > TITLE_MAX) e.title = `标题不能超过 ${TITLE_MAX} 字`;
  if (draft) return e;
  if (isBlankHtml(v.body_html)) e.body_html = '请填写通知内容';
  if (audienceEmpty(v.audience)) e.audience = '请选择接收范围';
  const publish = v.scheduled ? beijingToUTC(v.publish_at) : '';
  if (v.scheduled) {
    if (!publish) e.publish_at = '请选择定时发布的时间';
    else if (Date.parse(publish) <= now.getTime()) e.publish_at = '定时发布时间须晚于当前时间';
  }
  if (v.expires_at) {
    const exp = beijingToUTC(v.expires_at);
    const from = publish ? Date.parse(publish) : now.getTime();
    if (!exp) e.expires_at = '截止时间格式不正确';
    else if (Date.parse(exp) <= from) e.expires_at = publish ? '截止时间须晚于发布时间' : '截止时间须晚于当前时间';
  }
  return e;
}

/**
 * fieldError finds the server's message for a form field, also when it
 * names a part of it ("audience.subtrees", "attachment_ids[0]").
 */
export function fieldError(errors: Record<string, string>, field: string): string {
  if (errors[field]) return errors[field];
  for (const [k, msg] of Object.entries(errors)) {
    if (k.startsWith(field + '.') || k.startsWith(field + '[')) return msg;
  }
  return '';
}

// --- attachments -------------------------------------------------------------

export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
/** What the server's file store accepts (internal/platform/files). */
export const ATTACHMENT_TYPES = ['.pdf', '.doc', '.docx', '.xls', '.xlsx', '.ppt', '.pptx', '.txt', '.jpg', '.jpeg', '.png'];

/** checkAttachment returns why a file cannot be attached, or "". */
export function checkAttachment(f: { name: string; size: number }): string {
  const dot = f.name.lastIndexOf('.');
  const ext = dot >= 0 ? f.name.slice(dot).toLowerCase() : '';
  if (!ATTACHMENT_TYPES.includes(ext)) return `不支持的文件类型，可上传 ${ATTACHMENT_TYPES.map((t) => t.slice(1)).join('、')}`;
  if (f.size <= 0) return '文件为空';
  if (f.size > ATTACHMENT_MAX_BYTES) return `文件不能超过 ${ATTACHMENT_MAX_BYTES / 1024 / 1024}MB`;
  return '';
}

/** formatSize renders a byte count as "512 B", "1.5 KB", "2.3 MB". */
export function formatSize(n: number): string {
  if (!n || n < 1024) return `${n || 0} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
}

/** What the audience picker holds: the choice with the names it shows. */
export interface AudiencePick {
  mode: AudienceMode;
  orgs: { id: string; name: string }[];
  positions: string[];
  members: { id: string; name: string }[];
}

export function choiceOf(p: AudiencePick): AudienceChoice {
  return { mode: p.mode, orgIds: p.orgs.map((o) => o.id), positions: [...p.positions], memberIds: p.members.map((m) => m.id) };
}
