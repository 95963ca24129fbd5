// The phone's 我的党费 helpers: what to ask for in each category, the 预估 of
// the monthly amount while the member types, and plain words for a month.
// The preview mirrors the bands of DOMAIN.md with the default rounding (half
// up to the fen); the server has the last word (its rounding and the farmer
// amount are set per subtree), so the page always calls it an estimate.
import type { DuesAmount, DuesCategory, MyDuesMonth } from '../api/myDues';
import { formatDateCN } from './date';
import { BASE_LABEL, formatPercent, formatYuan, needsBase, yuanText } from './dues';

/** The categories in the order of the 党费规定. */
export const CATEGORIES: DuesCategory[] = [
  'salaried', 'retired', 'annual_salary', 'self_employed', 'farmer', 'student', 'unemployed', 'relief',
];

/** One line under the amount field saying what the base is, or what a fixed category pays. */
export const CATEGORY_HINT: Record<DuesCategory, string> = {
  salaried: '每月工资收入（税后，按本省规定的项目）',
  retired: '每月领取的离退休费（养老金）',
  annual_salary: '当月实际领取的年薪收入（税后）',
  self_employed: '上一季度平均每月的纯收入（税后）',
  farmer: '每月 0.20 元至 1.00 元，具体数额按本地规定，不用填写收入',
  student: '每月 0.20 元，不用填写收入',
  unemployed: '每月 0.20 元，不用填写收入',
  relief: '每月 0.20 元，不用填写收入',
};

/** The fixed monthly amount of students, the unemployed and relief recipients. */
export const FIXED_FEN = 20;

type Band = readonly [upToFen: number, bp: number];

// The band limit belongs to the lower band: 3,000.00 yuan is still 0.5%.
const INCOME_BANDS: readonly Band[] = [[300000, 50], [500000, 100], [1000000, 150], [Infinity, 200]];
const PENSION_BANDS: readonly Band[] = [[500000, 50], [Infinity, 100]];

/** rateBP is the rate in basis points for a base (fen) of a category with a base. */
export function rateBP(category: DuesCategory, baseFen: number): number {
  const bands = category === 'retired' ? PENSION_BANDS : INCOME_BANDS;
  return (bands.find(([upTo]) => baseFen <= upTo) as Band)[1];
}

/** halfUp is n / 10000 rounded half up, in exact integer arithmetic (n < 2^53). */
function halfUp(n: number): number {
  const rem = n % 10000;
  return (n - rem) / 10000 + (rem >= 5000 ? 1 : 0);
}

/**
 * previewMonthly estimates the monthly dues: a base category by its band,
 * a fixed one at 0.20 元. Null for farmers (the organization sets it) and
 * for a base category without a valid base yet.
 */
export function previewMonthly(category: DuesCategory, baseFen: number | null): DuesAmount | null {
  if (category === 'farmer') return null;
  if (!needsBase(category)) return { fen: FIXED_FEN, rate_bp: 0, rule: `每月定额 ${formatYuan(FIXED_FEN)} 元` };
  if (baseFen === null || !Number.isSafeInteger(baseFen) || baseFen <= 0) return null;
  const bp = rateBP(category, baseFen);
  const fen = halfUp(baseFen * bp);
  return { fen, rate_bp: bp, rule: `${BASE_LABEL[category]} ${formatYuan(baseFen)} 元 × ${formatPercent(bp)} = ${formatYuan(fen)} 元` };
}

export type MonthTone = 'paid' | 'owed' | 'none';

/** monthStatus says in plain words how a month stands. */
export function monthStatus(m: MyDuesMonth): { text: string; tone: MonthTone } {
  const due = m.due_fen || 0;
  const paid = m.paid_fen || 0;
  if (due > 0 && paid >= due) return { text: `已交 ${yuanText(paid)}`, tone: 'paid' };
  if (due > 0 && paid > 0) return { text: `还差 ${yuanText(due - paid)}`, tone: 'owed' };
  if (due > 0) return { text: `未交 ${yuanText(due)}`, tone: 'owed' };
  if (paid > 0) return { text: `已预交 ${yuanText(paid)}`, tone: 'paid' };
  return { text: '暂无应交', tone: 'none' };
}

/** dayText shows a time the API gives as unix milliseconds (or RFC 3339) as a Beijing date: "2026年11月5日". */
export function dayText(v: number | string | null | undefined): string {
  if (v === null || v === undefined || v === '' || v === 0) return '';
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? String(v) : formatDateCN(d.toISOString());
}
