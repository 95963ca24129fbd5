import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import MobileDues from '../src/mobile/MobileDues.vue';
import MobileDuesDeclare from '../src/mobile/MobileDuesDeclare.vue';
import type { DeclareInput, DuesBase, MyDues } from '../src/api/myDues';
import { json, mountAt, settle, stubApi, type Answer, type Call } from './mobileOrgLifeHarness';

function myDues(over: Partial<MyDues> = {}): MyDues {
  return {
    member_id: 'p1', name: '王大爷', org_name: '离退休第一党支部', category: '', category_label: '', base_fen: 0,
    amount: null, missing: true, pending: [], owed_fen: 0, unpaid_months: [], streak: 0, warn: '', months: [], receipts: [],
    ...over,
  };
}

/** The server's answer to a declaration: the base, pending. */
const declared = (b: DeclareInput): DuesBase => ({
  id: 'b1', member_id: 'p1', member_name: '王大爷', ...b, category_label: '离退休', source: 'member', state: 'pending',
  declared_by: 'u1', declared_at: Date.parse('2026-11-15T04:00:00Z'), decided_by: '', decided_at: 0, reason: '',
});

let answers: Record<string, Answer>;
let calls: Call[];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-15T04:00:00Z'));
  answers = {
    'GET /api/v1/my/dues': () => json(myDues()),
    // The declaration shows up on 我的党费 as pending.
    'POST /api/v1/my/dues/bases': (b) => {
      const base = declared(b as DeclareInput);
      answers['GET /api/v1/my/dues'] = () => json(myDues({ pending: [base] }));
      return json(base, 201);
    },
  };
  calls = stubApi(answers);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const pages = { '/m/dues': MobileDues, '/m/dues/declare': MobileDuesDeclare };
const open = () => mountAt('/m/dues/declare', pages);
const posts = () => calls.filter((c) => c.method === 'POST' && c.url === '/api/v1/my/dues/bases');
const unprocessable = (errors: { field: string; message: string }[]) =>
  json({ status: 422, code: 'invalid', detail: '提交的内容有误', errors }, 422, 'application/problem+json');

async function pick(w: Awaited<ReturnType<typeof open>>['w'], category: string) {
  await w.get(`[data-testid=m-declare-cat-${category}]`).trigger('click');
  await settle();
}

describe('MobileDuesDeclare (申报缴费基数)', () => {
  it('declares a pension from January with the estimate, then shows it as 待支部确认', async () => {
    const { w, router } = await open();
    await pick(w, 'retired');
    expect(w.get('[data-testid=m-declare-base-hint]').text()).toBe('每月领取的离退休费（养老金）');
    await w.get('[data-testid=m-declare-base]').setValue('5,000.01');
    await settle();
    const preview = w.get('[data-testid=m-declare-preview]');
    expect(preview.text()).toContain('预估每月党费');
    expect(w.get('[data-testid=m-declare-preview-amount]').text()).toBe('50.00 元');
    expect(w.get('[data-testid=m-declare-preview-rule]').text()).toBe('月离退休费 5,000.01 元 × 1% = 50.00 元');
    expect(preview.text()).toContain('以支部确认后系统算出的金额为准');

    await w.get('form').trigger('submit');
    await settle();
    expect(posts().map((c) => c.body)).toEqual([
      { year: 2026, effective_month: '2026-01', category: 'retired', base_fen: 500001, note: '' },
    ]);
    expect(router.currentRoute.value.path).toBe('/m/dues');
    const p = w.get('[data-testid=m-dues-pending]');
    expect(p.text()).toContain('待支部确认');
    expect(p.text()).toContain('5,000.01 元');
    w.unmount();
  });

  it('dates a pay change from the current month by default, or the month chosen', async () => {
    const { w } = await open();
    await pick(w, 'salaried');
    await w.get('[data-testid=m-declare-base]').setValue('12000');
    await w.get('[data-testid=m-declare-when-change]').trigger('click');
    await settle();
    const month = w.get('[data-testid=m-declare-month]');
    expect((month.element as HTMLSelectElement).value).toBe('2026-11');
    await month.setValue('2026-07');
    await w.get('[data-testid=m-declare-note]').setValue('  7月起调薪 ');
    await w.get('form').trigger('submit');
    await settle();
    expect(posts().map((c) => c.body)).toEqual([
      { year: 2026, effective_month: '2026-07', category: 'salaried', base_fen: 1200000, note: '7月起调薪' },
    ]);
    w.unmount();
  });

  it('asks no amount for the fixed categories and leaves farmers to the local rule', async () => {
    const { w } = await open();
    await pick(w, 'farmer');
    expect(w.find('[data-testid=m-declare-base]').exists()).toBe(false);
    expect(w.get('[data-testid=m-declare-preview-amount]').text()).toBe('按本地规定');

    await pick(w, 'student');
    expect(w.find('[data-testid=m-declare-base]').exists()).toBe(false);
    expect(w.get('[data-testid=m-declare-fixed-hint]').text()).toBe('每月 0.20 元，不用填写收入');
    expect(w.get('[data-testid=m-declare-preview-amount]').text()).toBe('0.20 元');
    await w.get('form').trigger('submit');
    await settle();
    expect(posts().map((c) => c.body)).toEqual([
      { year: 2026, effective_month: '2026-01', category: 'student', base_fen: 0, note: '' },
    ]);
    w.unmount();
  });

  it('starts from the category on record', async () => {
    answers['GET /api/v1/my/dues'] = () => json(myDues({ category: 'retired', category_label: '离退休', missing: false }));
    const { w } = await open();
    expect(w.find('[data-testid=m-declare-base]').exists()).toBe(true);
    expect(w.get('.m-field span').text()).toBe('2. 月离退休费（元）');
    w.unmount();
  });

  it('checks the form before sending', async () => {
    const { w } = await open();
    await w.get('form').trigger('submit');
    await settle();
    expect(w.get('[data-testid=m-declare-error-category]').text()).toBe('请选择缴费类别');

    await pick(w, 'salaried');
    await w.get('form').trigger('submit');
    await settle();
    expect(w.find('[data-testid=m-declare-error-category]').exists()).toBe(false);
    expect(w.get('[data-testid=m-declare-error-base_fen]').text()).toBe('请填写月收入');

    await w.get('[data-testid=m-declare-base]').setValue('4800.123');
    await w.get('form').trigger('submit');
    await settle();
    expect(w.get('[data-testid=m-declare-error-base_fen]').text()).toBe('金额格式不正确：最多两位小数（到分）');

    await w.get('[data-testid=m-declare-base]').setValue('0');
    await w.get('form').trigger('submit');
    await settle();
    expect(w.get('[data-testid=m-declare-error-base_fen]').text()).toBe('金额应大于 0 元');
    expect(posts()).toHaveLength(0);
    w.unmount();
  });

  it('shows the server\'s 422 messages at their fields and stays on the form', async () => {
    answers['POST /api/v1/my/dues/bases'] = () =>
      unprocessable([
        { field: 'base_fen', message: '基数过大' },
        { field: 'effective_month', message: '起始月份不能早于入党的月份' },
        { field: 'org', message: '您所在的组织暂不接受申报' },
      ]);
    const { w, router } = await open();
    await pick(w, 'salaried');
    await w.get('[data-testid=m-declare-base]').setValue('4800');
    await w.get('form').trigger('submit');
    await settle();
    expect(posts()).toHaveLength(1);
    expect(w.get('[data-testid=m-declare-error-base_fen]').text()).toBe('基数过大');
    expect(w.get('[data-testid=m-declare-error-effective_month]').text()).toBe('起始月份不能早于入党的月份');
    expect(w.get('[data-testid=m-declare-error]').text()).toBe('您所在的组织暂不接受申报');
    expect(router.currentRoute.value.path).toBe('/m/dues/declare');
    w.unmount();
  });
});
