import { describe, expect, it } from 'vitest';
import { parseYuan } from '../src/utils/dues';
import { dayText, monthStatus, previewMonthly, rateBP } from '../src/utils/myDues';
import type { DuesCategory } from '../src/api/myDues';

/** preview goes the way the form does: the typed text, read into fen, then estimated. */
function preview(category: DuesCategory, typed: string) {
  const p = parseYuan(typed);
  if (p.error) throw new Error(p.error);
  return previewMonthly(category, p.fen);
}

describe('previewMonthly (预估 on the phone)', () => {
  it('puts every band limit in the lower band, in exact fen', () => {
    const cases: [string, number, number][] = [
      ['3,000.00', 50, 1500],
      ['3,000.01', 100, 3000],
      ['5,000.00', 100, 5000],
      ['5,000.01', 150, 7500],
      ['10,000.00', 150, 15000],
      ['10,000.01', 200, 20000],
    ];
    for (const [typed, bp, fen] of cases) {
      for (const c of ['salaried', 'annual_salary', 'self_employed'] as const) {
        const a = preview(c, typed);
        expect([typed, c, a?.rate_bp, a?.fen]).toEqual([typed, c, bp, fen]);
      }
    }
  });

  it('uses the pension bands for retirees: 0.5% up to 5,000.00, then 1%', () => {
    expect(preview('retired', '5000')).toMatchObject({ fen: 2500, rate_bp: 50 });
    expect(preview('retired', '5,000.01')).toMatchObject({ fen: 5000, rate_bp: 100 });
    expect(preview('retired', '12000')).toMatchObject({ fen: 12000, rate_bp: 100 });
    expect(rateBP('salaried', 500000)).toBe(100);
    expect(rateBP('retired', 500000)).toBe(50);
  });

  it('rounds half up to the fen and explains the rule as the server does', () => {
    expect(preview('salaried', '4800')?.rule).toBe('月收入 4,800.00 元 × 1% = 48.00 元');
    // 4,800.50 × 1% = 48.005 → 48.01; 123.45 × 0.5% = 0.61725 → 0.62; 4,800.49 × 1% = 48.0049 → 48.00.
    expect(preview('salaried', '4800.50')?.fen).toBe(4801);
    expect(preview('salaried', '123.45')?.fen).toBe(62);
    expect(preview('salaried', '4800.49')?.fen).toBe(4800);
    expect(preview('retired', '5000')?.rule).toBe('月离退休费 5,000.00 元 × 0.5% = 25.00 元');
  });

  it('has fixed amounts, leaves farmers to the organization and waits for a base', () => {
    for (const c of ['student', 'unemployed', 'relief'] as const) {
      expect(previewMonthly(c, 0)).toEqual({ fen: 20, rate_bp: 0, rule: '每月定额 0.20 元' });
    }
    expect(previewMonthly('farmer', 0)).toBeNull();
    expect(previewMonthly('salaried', null)).toBeNull();
    expect(previewMonthly('salaried', 0)).toBeNull();
  });
});

describe('monthStatus', () => {
  it('says in plain words how a month stands', () => {
    expect(monthStatus({ month: '2026-11', due_fen: 4800, paid_fen: 4800 })).toEqual({ text: '已交 48.00 元', tone: 'paid' });
    expect(monthStatus({ month: '2026-11', due_fen: 4800, paid_fen: 0 })).toEqual({ text: '未交 48.00 元', tone: 'owed' });
    expect(monthStatus({ month: '2026-11', due_fen: 4800, paid_fen: 800 })).toEqual({ text: '还差 40.00 元', tone: 'owed' });
    expect(monthStatus({ month: '2027-01', due_fen: 0, paid_fen: 4800 })).toEqual({ text: '已预交 48.00 元', tone: 'paid' });
    expect(monthStatus({ month: '2026-01', due_fen: 0, paid_fen: 0 })).toEqual({ text: '暂无应交', tone: 'none' });
  });

  it('shows receipt times as Beijing dates', () => {
    // 2026-11-30 17:00 UTC is already 1 December in Beijing.
    expect(dayText(Date.UTC(2026, 10, 30, 17))).toBe('2026年12月1日');
    expect(dayText('2026-11-05T02:00:00Z')).toBe('2026年11月5日');
    expect(dayText(0)).toBe('');
  });
});
