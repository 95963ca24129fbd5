// Pure helpers of the 党费 pages. Money is integer fen everywhere: yuan are
// only ever text, produced and read by string arithmetic (never a float
// division), so 480000 is always "4,800.00" and "3000.01" always 300001.
// Months are "YYYY-MM" keys, shown as "2026年11月".
import type { LabelMap } from '../labels';
import { formatDateTime, today } from './date';

/** The most a typed amount may be (¥10,000,000,000), as on the server (rules.MaxFen). */
export const MAX_FEN = 1_000_000_000_000;

/** formatYuan shows fen as yuan with thousands separators: 480000 → "4,800.00"; "—" for a non-integer. */
export function formatYuan(fen: number | null | undefined): string {
  if (typeof fen !== 'number' || !Number.isSafeInteger(fen)) return '—';
  const digits = String(Math.abs(fen)).padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${fen < 0 ? '-' : ''}${whole}.${digits.slice(-2)}`;
}

/** yuanText is formatYuan with the unit: "4,800.00 元". */
export function yuanText(fen: number | null | undefined): string {
  const s = formatYuan(fen);
  return s === '—' ? s : `${s} 元`;
}

export type ParsedYuan = { fen: number; error: '' } | { fen: null; error: string };

const fail = (error: string): ParsedYuan => ({ fen: null, error });

/**
 * parseYuan reads an amount typed in yuan — "4800", "4,800.00", "４８００",
 * "¥4800", "4800 元" — into fen, with the server's messages when it cannot.
 */
export function parseYuan(raw: string): ParsedYuan {
  // NFKC folds full-width digits, commas, points and ￥ to their ASCII forms.
  let s = (raw || '').normalize('NFKC').trim();
  s = s.replace(/元$/, '').trim().replace(/^[¥￥]/, '').trim();
  if (!s) return fail('请填写金额');
  if (s.startsWith('-')) return fail('金额格式不正确：不能为负数');
  let [whole, frac = ''] = s.split(/\.(.*)/s);
  if (whole.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+$/.test(whole)) return fail('金额格式不正确：应为以元为单位的数字，如 4800 或 4,800.00');
    whole = whole.replace(/,/g, '');
  }
  if (!/^\d+$/.test(whole) || (frac !== '' && !/^\d+$/.test(frac))) {
    return fail('金额格式不正确：应为以元为单位的数字，如 4800 或 4,800.00');
  }
  if (frac.length > 2) return fail('金额格式不正确：最多两位小数（到分）');
  whole = whole.replace(/^0+/, '');
  // More digits than MAX_FEN has in yuan cannot be right, and stay exact below that.
  if (whole.length > 11) return fail('金额格式不正确：金额过大');
  const fen = Number(`0${whole}${(frac + '00').slice(0, 2)}`);
  if (fen > MAX_FEN) return fail('金额格式不正确：金额过大');
  return { fen, error: '' };
}

/** fenToInput is the text an amount input starts with: 480000 → "4800.00" (no separators). */
export function fenToInput(fen: number): string {
  return formatYuan(fen).replace(/,/g, '');
}

// --- percentages ---------------------------------------------------------------

/** formatPercent shows basis points without trailing zeros: 150 → "1.5%", 500 → "5%", 50 → "0.5%". */
export function formatPercent(bp: number): string {
  if (!Number.isSafeInteger(bp)) return '—';
  const digits = String(Math.abs(bp)).padStart(3, '0');
  const frac = digits.slice(-2).replace(/0+$/, '');
  return `${bp < 0 ? '-' : ''}${digits.slice(0, -2)}${frac ? '.' + frac : ''}%`;
}

/**
 * rateText shows a collection rate (0..1, four decimals) as a percentage: 0.9875 → "98.75%".
 * With dueFen 0 there is nothing to collect, so no rate: "—" rather than a misleading "0%".
 */
export function rateText(rate: number | null | undefined, dueFen?: number): string {
  if (typeof rate !== 'number' || !Number.isFinite(rate) || dueFen === 0) return '—';
  return formatPercent(Math.round(rate * 10000));
}

// --- months --------------------------------------------------------------------

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(s: unknown): s is string {
  return typeof s === 'string' && MONTH.test(s);
}

/** monthIndex is year × 12 + month − 1, the server's Month; NaN when not a month key. */
export function monthIndex(m: string): number {
  const x = MONTH.exec(m);
  return x ? Number(x[1]) * 12 + Number(x[2]) - 1 : NaN;
}

export function monthFromIndex(i: number): string {
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** monthLabel is "2026年11月" for "2026-11" (the key itself when it is not one). */
export function monthLabel(m: string): string {
  const x = MONTH.exec(m);
  return x ? `${x[1]}年${Number(x[2])}月` : m;
}

/** parseMonthLabel reads "2026年11月" (or "2026-11") back into "2026-11"; "" when it is neither. */
export function parseMonthLabel(s: string): string {
  const t = (s || '').normalize('NFKC').trim();
  if (isMonth(t)) return t;
  const x = /^(\d{4})年(\d{1,2})月$/.exec(t);
  if (!x || Number(x[2]) < 1 || Number(x[2]) > 12) return '';
  return `${x[1]}-${x[2].padStart(2, '0')}`;
}

/** monthsText lists months compactly: "2026年9月、2026年10月". */
export function monthsText(months: string[] | null | undefined): string {
  return (months || []).map(monthLabel).join('、') || '—';
}

/** currentMonth is this month in Beijing, "YYYY-MM". */
export function currentMonth(now: Date = new Date()): string {
  return today(now).slice(0, 7);
}

export function shiftMonth(m: string, delta: number): string {
  const i = monthIndex(m);
  return Number.isNaN(i) ? m : monthFromIndex(i + delta);
}

/** monthSpan lists the months from..to inclusive (empty when to is before from). */
export function monthSpan(from: string, to: string): string[] {
  const a = monthIndex(from);
  const b = monthIndex(to);
  const out: string[] = [];
  for (let i = a; i <= b; i++) out.push(monthFromIndex(i));
  return out;
}

/** outsidePeriod: some of the months is not the open accounting month (补缴 or 预缴 needs the branch's consent). */
export function outsidePeriod(months: string[], period: string): boolean {
  return months.some((m) => m !== period);
}

// --- labels --------------------------------------------------------------------

/** 缴费类别 (internal/dues/rules Category). */
export const DUES_CATEGORY: LabelMap = {
  salaried: '在职（月工资）',
  retired: '离退休',
  annual_salary: '年薪制',
  self_employed: '个体、灵活就业',
  farmer: '农民',
  student: '学生',
  unemployed: '下岗失业',
  relief: '领取救济金或低保',
};

/** What the base of a category is; the fixed-amount categories have none. */
export const BASE_LABEL: LabelMap = {
  salaried: '月收入',
  retired: '月离退休费',
  annual_salary: '当月年薪收入',
  self_employed: '上季度月平均纯收入',
};

/** needsBase: the amount follows from a base by rate bands (not a fixed amount). */
export function needsBase(category: string): boolean {
  return category in BASE_LABEL;
}

export const ENTRY_KIND: LabelMap = { charge: '应缴', payment: '缴纳', voluntary: '自愿多交', reversal: '冲正' };
export const ENTRY_KIND_TAG: Record<string, 'info' | 'success' | 'warning' | 'danger'> = {
  charge: 'info',
  payment: 'success',
  voluntary: 'warning',
  reversal: 'danger',
};

export const PAY_METHOD: LabelMap = { cash: '现金', transfer: '银行转账', online: '线上支付' };
export type PayMethod = 'cash' | 'transfer' | 'online';

/** needsReference: a transfer or online payment is recorded with its 流水号. */
export function needsReference(method: string): boolean {
  return method === 'transfer' || method === 'online';
}

export const BASE_STATE: LabelMap = { pending: '待确认', confirmed: '已确认', rejected: '已退回' };
export const BASE_SOURCE: LabelMap = { member: '本人申报', secretary: '支部录入', import: '表格导入' };
export const HARDSHIP_KIND: LabelMap = { exempt: '免交', reduced: '减交' };
export const HARDSHIP_STATE: LabelMap = { proposed: '待上级审批', approved: '已批准', rejected: '未批准' };
export const REMITTANCE_STATE: LabelMap = { sent: '已上缴，待确认', confirmed: '已确认收到' };
export const ROUNDING: LabelMap = { half_up: '四舍五入到分', down: '不足一分舍去', up: '不足一分进为一分' };

/** The rule arrears warnings name; the system never changes anyone's status. */
export const SIX_MONTH_RULE = '党章第九条：党员没有正当理由，连续六个月不交纳党费，就被认为是自行脱党。';

/** streakTone: 3 consecutive unpaid months are highlighted, 5 or more shown in red. */
export function streakTone(streak: number): '' | 'warning' | 'danger' {
  if (streak >= 5) return 'danger';
  if (streak >= 3) return 'warning';
  return '';
}

// --- times and errors ----------------------------------------------------------

/** whenText shows a time the API gives as unix milliseconds or RFC 3339, in Beijing: "2026-11-05 09:30". */
export function whenText(v: number | string | null | undefined): string {
  if (v === null || v === undefined || v === '' || v === 0) return '—';
  const d = new Date(typeof v === 'number' || /^\d+$/.test(v) ? Number(v) : v);
  return Number.isNaN(d.getTime()) ? String(v) : formatDateTime(d.toISOString()).slice(0, 16);
}

/**
 * lineErrors groups a batch's field errors by line: "payments[2].months" →
 * line 2; errors that name no line are under -1.
 */
export function lineErrors(errors: { field: string; message: string }[], list = 'payments'): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const re = new RegExp(`^${list}\\[(\\d+)\\]`);
  for (const e of errors) {
    const m = re.exec(e.field || '');
    const i = m ? Number(m[1]) : -1;
    out.set(i, [...(out.get(i) || []), e.message]);
  }
  return out;
}

// --- settings ------------------------------------------------------------------

const NUMBER_SETTINGS: Record<string, { min: number; max: number }> = {
  'dues.farmer_fen': { min: 20, max: 100 },
  'dues.backpay_months': { min: 0, max: 24 },
  'dues.ahead_months': { min: 0, max: 12 },
};

/** duesSettingEditor: rounding is chosen, fen and month counts are numbers, the rest typed. */
export function duesSettingEditor(s: { key: string; options?: string[] | null }): 'select' | 'number' | 'text' {
  if (s.options && s.options.length) return 'select';
  return s.key in NUMBER_SETTINGS ? 'number' : 'text';
}

export function duesSettingRange(key: string): { min: number; max: number } {
  return NUMBER_SETTINGS[key] || { min: 0, max: 100 };
}

export function duesOptionLabel(key: string, value: string): string {
  if (key === 'dues.rounding') return ROUNDING[value] || value;
  if (key === 'dues.farmer_fen' && /^\d+$/.test(value)) return `${value} 分（${formatYuan(Number(value))} 元）`;
  return value;
}

/** duesSettingHint explains what a value means or how to type it. */
export function duesSettingHint(key: string, value: string): string {
  switch (key) {
    case 'dues.farmer_fen':
      return /^\d+$/.test(value) ? `即每月 ${formatYuan(Number(value))} 元（党费规定：0.20 元至 1.00 元）` : '';
    case 'dues.warn_months':
      return '以逗号分隔的月数，如 3,5；须小于 6（连续六个月不交纳党费即被认为自行脱党）';
    case 'dues.branch_share':
    case 'dues.committee_share':
      return '百分数，如 0%、5% 或 12.5%，其余上缴上级党组织';
    default:
      return '';
  }
}
