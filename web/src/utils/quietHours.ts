// 通知设置: the checks of the preferences form, shared by the console and the phone.

/** The default 免打扰时段 (Beijing time). */
export const DEFAULT_QUIET_START = '22:00';
export const DEFAULT_QUIET_END = '08:00';

/** What the page says about quiet hours. */
export const QUIET_HINT = '此时段内的短信将推迟到早上发送';

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** isTime tells whether s is a 24-hour "HH:MM" time. */
export function isTime(s: string | null | undefined): boolean {
  return TIME.test((s || '').trim());
}

/** minutes is the number of minutes since midnight of "HH:MM" (-1 when invalid). */
export function minutes(s: string): number {
  const m = TIME.exec((s || '').trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : -1;
}

/**
 * validateQuietHours checks the quiet hours; keys are the API's field names.
 * The period may run over midnight (22:00 to 08:00) but cannot be empty.
 */
export function validateQuietHours(start: string, end: string): Record<string, string> {
  const e: Record<string, string> = {};
  if (!start) e.quiet_start = '请选择开始时间';
  else if (!isTime(start)) e.quiet_start = '时间格式应为 时:分，如 22:00';
  if (!end) e.quiet_end = '请选择结束时间';
  else if (!isTime(end)) e.quiet_end = '时间格式应为 时:分，如 08:00';
  if (!e.quiet_start && !e.quiet_end && minutes(start) === minutes(end)) e.quiet_end = '结束时间不能与开始时间相同';
  return e;
}

/** describeQuietHours reads the period aloud: "22:00 至 次日 08:00". */
export function describeQuietHours(start: string, end: string): string {
  if (!isTime(start) || !isTime(end)) return '';
  return minutes(end) <= minutes(start) ? `${start} 至 次日 ${end}` : `${start} 至 ${end}`;
}

/** inQuietHours tells whether "HH:MM" falls inside the period [start, end). */
export function inQuietHours(at: string, start: string, end: string): boolean {
  const t = minutes(at);
  const s = minutes(start);
  const e = minutes(end);
  if (t < 0 || s < 0 || e < 0 || s === e) return false;
  return s < e ? t >= s && t < e : t >= s || t < e;
}

/** validateEmail returns a Chinese message, or "" for a plausible address. */
export function validateEmail(raw: string): string {
  const s = (raw || '').trim();
  if (!s) return '请填写电子邮箱';
  if (s.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) return '电子邮箱格式不正确';
  return '';
}

export interface PrefsForm {
  sms: boolean;
  email: boolean;
  /** What the user typed; "" keeps the saved address. */
  email_address: string;
  /** The saved address, masked ("" when none). */
  saved_email: string;
  quiet_start: string;
  quiet_end: string;
}

/** validatePrefs checks the whole form: quiet hours, and an address when e-mail is on and none is saved. */
export function validatePrefs(f: PrefsForm, emailAvailable: boolean): Record<string, string> {
  const e = validateQuietHours(f.quiet_start, f.quiet_end);
  const typed = f.email_address.trim();
  if (typed) {
    const m = validateEmail(typed);
    if (m) e.email_address = m;
  } else if (f.email && emailAvailable && !f.saved_email) {
    e.email_address = '开启邮件通知须填写电子邮箱';
  }
  return e;
}
