// Pure helpers of the 组织生活 console pages: labels and colours, period keys
// of the 落实情况 ("2026-11", "2026-Q4", "2026"), the meeting form's defaults
// and checks, the attendance page's bulk choices, vote checks, the QR page's
// link, the settings' editors and the plan's rows. Times are Beijing time,
// whatever the browser's zone.
import type { LabelMap } from '../labels';
import type {
  Attendee,
  ComplianceStatus,
  MeetingInput,
  MeetingKind,
  PlanItem,
  SettingItem,
  VoteInput,
  VoteKind,
} from '../api/orglife';
import { beijingToUTC, utcToBeijing } from './notices';

export const MEETING_KIND: LabelMap = {
  member_assembly: '支部党员大会',
  committee: '支委会',
  group: '党小组会',
  lecture: '党课',
  theme_day: '主题党日',
  life_meeting: '组织生活会',
};

export const MEETING_STATE: LabelMap = { scheduled: '未开始/进行中', finalized: '已归档', cancelled: '已取消' };
export const MEETING_STATE_TAG: Record<string, 'primary' | 'success' | 'info'> = {
  scheduled: 'primary',
  finalized: 'success',
  cancelled: 'info',
};

export const FREQUENCY: LabelMap = { monthly: '每月', quarterly: '每季度', yearly: '每年', off: '不要求' };

export const ATTENDANCE_STATUS: LabelMap = { present: '到会', remote: '线上参会', leave: '请假', absent: '缺席' };
export const ATTENDANCE_TAG: Record<string, 'success' | 'primary' | 'warning' | 'danger'> = {
  present: 'success',
  remote: 'primary',
  leave: 'warning',
  absent: 'danger',
};
export const LEAVE_STATE: LabelMap = { pending: '请假待批', approved: '已准假', rejected: '请假未准' };
export const METHOD: LabelMap = { qr: '扫码', qr_confirmed: '扫码（已确认）', manual: '手工补录', remote: '线上' };

export const VOTE_KIND: LabelMap = { general: '一般事项', admission: '接收预备党员', full_membership: '预备党员转正' };
/** Only these votes count 书面意见 of absent voters (发展党员工作细则). */
export const WRITTEN_KINDS: ReadonlySet<VoteKind> = new Set<VoteKind>(['admission', 'full_membership']);
export const VOTE_CHOICE: LabelMap = { yes: '赞成', no: '反对', abstain: '弃权' };

export const CORRECTION_TARGET: LabelMap = { content: '会议内容', decisions: '会议决定', attendance: '出勤情况' };
export const PLAN_STATUS: LabelMap = { planned: '已计划', held: '已召开', missed: '未召开', due: '待召开' };
export const PLAN_STATUS_TAG: Record<string, 'info' | 'success' | 'danger' | 'warning'> = {
  planned: 'info',
  held: 'success',
  missed: 'danger',
  due: 'warning',
};

/** 落实情况 colours: the same everywhere (cards, tags, chart). */
export const STATUS_COLOR: Record<ComplianceStatus, string> = {
  green: '#67C23A',
  amber: '#E6A23C',
  red: '#F56C6C',
  none: '#909399',
};
export const COMPLIANCE_STATUS: LabelMap = { green: '已落实', amber: '待落实', red: '未落实', none: '不要求' };

// --- periods -----------------------------------------------------------------

export type PeriodKind = 'month' | 'quarter' | 'year';
export interface Period {
  kind: PeriodKind;
  year: number;
  /** 1–12 for a month, 1–4 for a quarter, 0 for a year. */
  n: number;
}

const QUARTER_CN = ['', '一', '二', '三', '四'];

/** beijingNow is "YYYY-MM-DD HH:mm" of now in Beijing. */
export function beijingNow(now: Date = new Date()): string {
  return utcToBeijing(now.toISOString());
}

/** periodKey is the current month "2026-11", quarter "2026-Q4" or year "2026" in Beijing. */
export function periodKey(kind: PeriodKind, now: Date = new Date()): string {
  const b = beijingNow(now);
  const year = Number(b.slice(0, 4));
  const month = Number(b.slice(5, 7));
  return formatPeriod({ kind, year, n: kind === 'month' ? month : kind === 'quarter' ? Math.ceil(month / 3) : 0 });
}

export function formatPeriod(p: Period): string {
  if (p.kind === 'month') return `${p.year}-${String(p.n).padStart(2, '0')}`;
  if (p.kind === 'quarter') return `${p.year}-Q${p.n}`;
  return String(p.year);
}

/** parsePeriod reads a period key; null when it is not one. */
export function parsePeriod(key: string): Period | null {
  let m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { kind: 'month', year: Number(m[1]), n: Number(m[2]) };
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) return { kind: 'quarter', year: Number(m[1]), n: Number(m[2]) };
  m = /^(\d{4})$/.exec(key);
  return m ? { kind: 'year', year: Number(m[1]), n: 0 } : null;
}

/** periodLabel is "2026年11月", "2026年第四季度" or "2026年". */
export function periodLabel(key: string): string {
  const p = parsePeriod(key);
  if (!p) return key;
  if (p.kind === 'month') return `${p.year}年${p.n}月`;
  if (p.kind === 'quarter') return `${p.year}年第${QUARTER_CN[p.n]}季度`;
  return `${p.year}年`;
}

/** shiftPeriod moves a period key by delta periods of its kind ("2026-12" + 1 → "2027-01"). */
export function shiftPeriod(key: string, delta: number): string {
  const p = parsePeriod(key);
  if (!p) return key;
  if (p.kind === 'year') return String(p.year + delta);
  const per = p.kind === 'month' ? 12 : 4;
  const i = p.year * per + (p.n - 1) + delta;
  return formatPeriod({ kind: p.kind, year: Math.floor(i / per), n: (i % per) + 1 });
}

/** monthRange is the first and last date of a month key, for the meetings filter. */
export function monthRange(key: string): { from: string; to: string } | null {
  const p = parsePeriod(key);
  if (!p || p.kind !== 'month') return null;
  const last = new Date(Date.UTC(p.year, p.n, 0)).getUTCDate();
  const mm = String(p.n).padStart(2, '0');
  return { from: `${p.year}-${mm}-01`, to: `${p.year}-${mm}-${String(last).padStart(2, '0')}` };
}

// --- times -------------------------------------------------------------------

const HOUR_MS = 3600 * 1000;

/** defaultStart is the next full hour in Beijing ("YYYY-MM-DD HH:00"), the form's default. */
export function defaultStart(now: Date = new Date()): string {
  const next = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS;
  return utcToBeijing(new Date(next).toISOString());
}

/** addHours moves a picker value "YYYY-MM-DD HH:mm" (Beijing) by h hours; "" when invalid. */
export function addHours(local: string, h: number): string {
  const utc = beijingToUTC(local);
  if (!utc) return '';
  return utcToBeijing(new Date(Date.parse(utc) + h * HOUR_MS).toISOString());
}

/** timeRange is "2026-11-20 14:00—16:00", with the end's date when it is another day. */
export function timeRange(starts: string, ends: string): string {
  const a = utcToBeijing(starts);
  const b = utcToBeijing(ends);
  if (!a) return '—';
  if (!b) return a;
  return b.slice(0, 10) === a.slice(0, 10) ? `${a}—${b.slice(11)}` : `${a}—${b}`;
}

/** defaultTopic is the prefilled 会议主题: "11月支委会", "第四季度党课", "2026年度组织生活会". */
export function defaultTopic(kind: MeetingKind, startLocal: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(startLocal);
  const name = MEETING_KIND[kind] || '';
  if (!m) return name;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (kind === 'life_meeting') return `${year}年度组织生活会`;
  if (kind === 'member_assembly' || kind === 'lecture') return `第${QUARTER_CN[Math.ceil(month / 3)]}季度${name}`;
  return `${month}月${name}`;
}

// --- the meeting form --------------------------------------------------------

/** What the form holds: picker values in Beijing time; coordinates as typed. */
export interface MeetingForm extends Omit<MeetingInput, 'starts_at' | 'ends_at'> {
  starts_at: string;
  ends_at: string;
}

export function newMeetingForm(orgId: string, now: Date = new Date()): MeetingForm {
  const start = defaultStart(now);
  return {
    org_id: orgId,
    kind: 'committee',
    topic: defaultTopic('committee', start),
    starts_at: start,
    ends_at: addHours(start, 2),
    place: '',
    lat: null,
    lng: null,
    radius_m: 300,
    geofence: false,
    online: false,
    photo: false,
    group_id: '',
    guests: [],
    cadre_ids: [],
    notify: true,
    sms: false,
  };
}

/** validateMeeting checks the form before sending (the server checks again); keys are the API's field names. */
export function validateMeeting(f: MeetingForm): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.org_id) e.org_id = '请选择召开会议的党组织';
  if (!f.topic.trim()) e.topic = '请填写会议主题';
  const start = beijingToUTC(f.starts_at);
  const end = beijingToUTC(f.ends_at);
  if (!start) e.starts_at = '请选择开始时间';
  if (!end) e.ends_at = '请选择结束时间';
  else if (start && Date.parse(end) <= Date.parse(start)) e.ends_at = '结束时间须晚于开始时间';
  if (!f.online && !f.place.trim()) e.place = '请填写会议地点（线上会议可不填）';
  if (f.kind === 'group' && !f.group_id) e.group_id = '党小组会请选择党小组';
  const hasLat = f.lat !== null && f.lat !== undefined;
  const hasLng = f.lng !== null && f.lng !== undefined;
  if (hasLat !== hasLng) e.lat = '请同时填写纬度和经度';
  if (hasLat && (f.lat! < -90 || f.lat! > 90)) e.lat = '纬度应在 -90 到 90 之间';
  if (hasLng && (f.lng! < -180 || f.lng! > 180)) e.lng = '经度应在 -180 到 180 之间';
  if (f.geofence && !(hasLat && hasLng)) e.geofence = '开启位置校验须填写会场坐标';
  if (f.geofence && !(Number(f.radius_m) > 0)) e.radius_m = '请填写签到范围（米）';
  f.guests.forEach((g, i) => {
    if (!g.name.trim()) e[`guests[${i}].name`] = '请填写列席人员姓名';
  });
  return e;
}

/** meetingPayload is the API body for the form (Beijing picker values → RFC 3339). */
export function meetingPayload(f: MeetingForm): MeetingInput {
  const coords = f.lat !== null && f.lng !== null;
  return {
    ...f,
    topic: f.topic.trim(),
    place: f.place.trim(),
    starts_at: beijingToUTC(f.starts_at),
    ends_at: beijingToUTC(f.ends_at),
    lat: coords ? f.lat : null,
    lng: coords ? f.lng : null,
    radius_m: coords ? f.radius_m : null,
    group_id: f.kind === 'group' ? f.group_id : '',
    guests: f.guests.map((g) => ({ name: g.name.trim(), note: g.note.trim() })).filter((g) => g.name),
  };
}

// --- attendance --------------------------------------------------------------

/** attendeeKey identifies a row: the member, or a guest's "guest:<n>". */
export function attendeeKey(a: Pick<Attendee, 'member_id' | 'id'>): string {
  return a.member_id || a.id || '';
}

/** onLeave: asked for leave that is granted or not yet decided. */
export function onLeave(a: Attendee): boolean {
  return a.status === 'leave' || a.leave_state === 'approved' || a.leave_state === 'pending';
}

/**
 * allPresentIds are the members 全部标记到会 marks: expected members who are
 * not on leave and not yet recorded as present or online.
 */
export function allPresentIds(items: Attendee[]): string[] {
  return items
    .filter((a) => a.member_id && a.should_attend && !onLeave(a) && a.status !== 'present' && a.status !== 'remote')
    .map((a) => a.member_id);
}

// --- votes -------------------------------------------------------------------

/** voteError is why the counts cannot be right, or "" (the server checks the quorum). */
export function voteError(v: Pick<VoteInput, 'yes' | 'no' | 'abstain'>, votersPresent: number): string {
  const n = [v.yes, v.no, v.abstain];
  if (n.some((x) => !Number.isInteger(x) || x < 0)) return '票数须为不小于 0 的整数';
  const sum = n[0] + n[1] + n[2];
  if (sum === 0) return '请填写表决票数';
  if (sum > votersPresent) return `赞成、反对、弃权合计 ${sum} 票，超过实到会有表决权的党员 ${votersPresent} 人`;
  return '';
}

// --- the QR page ---------------------------------------------------------------

/** checkinLink is the address the QR code carries: this site's origin and the path the API gives. */
export function checkinLink(origin: string, url: string): string {
  return new URL(url, origin).toString();
}

// --- settings ------------------------------------------------------------------

export type SettingEditor = 'select' | 'switch' | 'number' | 'text';

/** settingEditor is the control for a setting: frequencies choose, on/off switch, counts are numbers. */
export function settingEditor(s: Pick<SettingItem, 'key' | 'options' | 'default'>): SettingEditor {
  if (s.default === 'on' || s.default === 'off') return 'switch';
  if (s.options && s.options.length) return 'select';
  if (/[._](day|minutes|days)$/.test(s.key)) return 'number';
  return 'text';
}

/** settingRange is the allowed range of a number setting. */
export function settingRange(key: string): { min: number; max: number } {
  if (key === 'theme_day.day') return { min: 1, max: 28 };
  if (key.endsWith('_minutes')) return { min: 0, max: 240 };
  return { min: 1, max: 3650 };
}

export function optionLabel(key: string, value: string): string {
  if (key.startsWith('freq.')) return FREQUENCY[value] || value;
  if (value === 'on') return '开启';
  if (value === 'off') return '关闭';
  return value;
}

/** sourceText says where a setting's value comes from: "默认", "继承自 XX", "本级设置". */
export function sourceText(s: Pick<SettingItem, 'source' | 'source_org_name'>): string {
  if (s.source === 'own') return '本级设置';
  if (s.source === 'inherited') return s.source_org_name ? `继承自 ${s.source_org_name}` : '继承上级设置';
  return '默认';
}

// --- plan ----------------------------------------------------------------------

/** planPayload is the PUT body's items, in date order. */
export function planPayload(items: Pick<PlanItem, 'kind' | 'date' | 'topic'>[]): { kind: MeetingKind; date: string; topic: string }[] {
  return items
    .map((i) => ({ kind: i.kind, date: i.date, topic: i.topic.trim() }))
    .sort((a, b) => a.date.localeCompare(b.date));
}
