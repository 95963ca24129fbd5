// The 党费 helpers: fen ⇄ yuan by string arithmetic only, months, rates,
// batch errors by line and the settings' editors.
import { describe, expect, it } from 'vitest';
import {
  currentMonth,
  duesOptionLabel,
  duesSettingEditor,
  duesSettingHint,
  fenToInput,
  formatPercent,
  formatYuan,
  lineErrors,
  monthLabel,
  monthSpan,
  monthsText,
  needsBase,
  outsidePeriod,
  parseMonthLabel,
  parseYuan,
  rateText,
  shiftMonth,
  streakTone,
  whenText,
  yuanText,
} from '../src/utils/dues';

describe('formatYuan', () => {
  it.each([
    [480000, '4,800.00'],
    [300000, '3,000.00'],
    [300001, '3,000.01'],
    [0, '0.00'],
    [5, '0.05'],
    [20, '0.20'],
    [99, '0.99'],
    [100, '1.00'],
    [123456789, '1,234,567.89'],
    [100000000000, '1,000,000,000.00'],
    [-4800, '-48.00'],
    [-5, '-0.05'],
    [Number.MAX_SAFE_INTEGER, '90,071,992,547,409.91'],
  ])('%d fen → %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it('refuses what is not a whole number of fen', () => {
    expect(formatYuan(0.1)).toBe('—');
    expect(formatYuan(NaN)).toBe('—');
    expect(formatYuan(null)).toBe('—');
    expect(formatYuan(2 ** 60)).toBe('—');
  });

  it('is exact where float division is not', () => {
    // 0.29 * 100 = 28.999999999999996 and 1.005 rounds wrong in floats; text arithmetic has no such cases.
    for (let fen = 0; fen < 2000; fen++) {
      const [whole, cents] = formatYuan(fen).split('.');
      expect(Number(whole) * 100 + Number(cents)).toBe(fen);
    }
  });

  it('yuanText adds the unit', () => {
    expect(yuanText(4800)).toBe('48.00 元');
    expect(yuanText(undefined)).toBe('—');
  });
});

describe('parseYuan', () => {
  it.each([
    ['3000', 300000],
    ['3000.00', 300000],
    ['3000.01', 300001],
    ['3,000.01', 300001],
    ['5000.00', 500000],
    ['5000.01', 500001],
    ['10,000.00', 1000000],
    ['10000.01', 1000001],
    ['4800', 480000],
    ['0.2', 20],
    ['0.05', 5],
    ['４８００', 480000],
    ['４，８００．５', 480050],
    ['¥4800', 480000],
    ['￥4,800.00', 480000],
    [' 4800 元 ', 480000],
    ['007', 700],
    ['4800.', 480000],
    ['10000000000', 1000000000000],
  ])('%s → %d fen', (text, fen) => {
    expect(parseYuan(text)).toEqual({ fen, error: '' });
  });

  it.each([
    ['', '请填写金额'],
    ['  ', '请填写金额'],
    ['-5', '金额格式不正确：不能为负数'],
    ['3000.001', '金额格式不正确：最多两位小数（到分）'],
    ['abc', '金额格式不正确：应为以元为单位的数字，如 4800 或 4,800.00'],
    ['1e3', '金额格式不正确：应为以元为单位的数字，如 4800 或 4,800.00'],
    ['30,00', '金额格式不正确：应为以元为单位的数字，如 4800 或 4,800.00'],
    ['4.8.0', '金额格式不正确：应为以元为单位的数字，如 4800 或 4,800.00'],
    ['.5', '金额格式不正确：应为以元为单位的数字，如 4800 或 4,800.00'],
    ['10000000000.01', '金额格式不正确：金额过大'],
    ['999999999999', '金额格式不正确：金额过大'],
  ])('%j is refused: %s', (text, error) => {
    expect(parseYuan(text)).toEqual({ fen: null, error });
  });

  it('round-trips with formatYuan and fenToInput', () => {
    for (const fen of [0, 1, 20, 300000, 300001, 500001, 1000001, 123456789]) {
      expect(parseYuan(formatYuan(fen)).fen).toBe(fen);
      expect(parseYuan(fenToInput(fen)).fen).toBe(fen);
    }
    expect(fenToInput(480000)).toBe('4800.00');
  });
});

describe('percentages', () => {
  it('formats basis points without trailing zeros', () => {
    expect([50, 100, 150, 200, 500, 1250, 5, 0, 10000].map(formatPercent)).toEqual(['0.5%', '1%', '1.5%', '2%', '5%', '12.5%', '0.05%', '0%', '100%']);
  });

  it('shows a collection rate of 0..1 as a percentage', () => {
    expect(rateText(1)).toBe('100%');
    expect(rateText(0.9875)).toBe('98.75%');
    expect(rateText(0.5)).toBe('50%');
    expect(rateText(0)).toBe('0%');
    expect(rateText(undefined)).toBe('—');
    expect(rateText(0, 0)).toBe('—');
    expect(rateText(0, 4800)).toBe('0%');
  });
});

describe('months', () => {
  it('labels and reads back', () => {
    expect(monthLabel('2026-11')).toBe('2026年11月');
    expect(monthLabel('2026-01')).toBe('2026年1月');
    expect(parseMonthLabel('2026年11月')).toBe('2026-11');
    expect(parseMonthLabel('2026年1月')).toBe('2026-01');
    expect(parseMonthLabel('2026-03')).toBe('2026-03');
    expect(parseMonthLabel('2026年13月')).toBe('');
    expect(parseMonthLabel('11月')).toBe('');
    expect(monthsText(['2026-09', '2026-10'])).toBe('2026年9月、2026年10月');
    expect(monthsText([])).toBe('—');
  });

  it('shifts across years and spans', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-05', -6)).toBe('2025-11');
    expect(monthSpan('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthSpan('2026-11', '2026-10')).toEqual([]);
  });

  it('takes the current month in Beijing', () => {
    // 2026-11-30 17:00 UTC is already 1 December in Beijing.
    expect(currentMonth(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12');
    expect(currentMonth(new Date('2026-11-30T15:00:00Z'))).toBe('2026-11');
  });

  it('needs the consent only for months other than the open one', () => {
    expect(outsidePeriod(['2026-11'], '2026-11')).toBe(false);
    expect(outsidePeriod(['2026-11', '2026-12'], '2026-11')).toBe(true);
    expect(outsidePeriod(['2026-10'], '2026-11')).toBe(true);
  });

  it('shows unix milliseconds and RFC 3339 in Beijing', () => {
    expect(whenText(Date.UTC(2026, 10, 5, 1, 30))).toBe('2026-11-05 09:30');
    expect(whenText('2026-11-05T01:30:00Z')).toBe('2026-11-05 09:30');
    expect(whenText(0)).toBe('—');
  });
});

describe('labels and errors', () => {
  it('knows which categories have a base', () => {
    expect(['salaried', 'retired', 'annual_salary', 'self_employed'].every(needsBase)).toBe(true);
    expect(['farmer', 'student', 'unemployed', 'relief'].some(needsBase)).toBe(false);
  });

  it('highlights 3 and 5 consecutive unpaid months', () => {
    expect([0, 2, 3, 4, 5, 6].map(streakTone)).toEqual(['', '', 'warning', 'warning', 'danger', 'danger']);
  });

  it('groups a batch answer by line', () => {
    const m = lineErrors([
      { field: 'payments[1].months', message: '2026年9月已缴清' },
      { field: 'payments[1].reference', message: '请填写转账流水号' },
      { field: 'payments[0].months', message: '补缴不能超过 6 个月' },
      { field: 'branch_consent', message: '补缴或预缴须经支部同意' },
    ]);
    expect(m.get(0)).toEqual(['补缴不能超过 6 个月']);
    expect(m.get(1)).toEqual(['2026年9月已缴清', '请填写转账流水号']);
    expect(m.get(-1)).toEqual(['补缴或预缴须经支部同意']);
  });

  it('edits each setting with the right control and explains it', () => {
    expect(duesSettingEditor({ key: 'dues.rounding', options: ['half_up', 'down', 'up'] })).toBe('select');
    expect(duesSettingEditor({ key: 'dues.farmer_fen', options: null })).toBe('number');
    expect(duesSettingEditor({ key: 'dues.backpay_months' })).toBe('number');
    expect(duesSettingEditor({ key: 'dues.branch_share', options: null })).toBe('text');
    expect(duesOptionLabel('dues.rounding', 'half_up')).toBe('四舍五入到分');
    expect(duesOptionLabel('dues.farmer_fen', '50')).toBe('50 分（0.50 元）');
    expect(duesSettingHint('dues.farmer_fen', '100')).toContain('1.00 元');
  });
});
