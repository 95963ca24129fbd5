import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import MobileDues from '../src/mobile/MobileDues.vue';
import MobileDuesDeclare from '../src/mobile/MobileDuesDeclare.vue';
import MobileMe from '../src/mobile/MobileMe.vue';
import type { DuesBase, MyDues } from '../src/api/myDues';
import { json, mountAt, problem, settle, stubApi, type Answer } from './mobileOrgLifeHarness';

const ms = (iso: string) => Date.parse(iso);

/** myDues is a retired member's dues in November 2026, all paid, changed by over. */
function myDues(over: Partial<MyDues> = {}): MyDues {
  const months = Array.from({ length: 12 }, (_, i) => {
    const month = `${i < 1 ? 2025 : 2026}-${String(((i + 11) % 12) + 1).padStart(2, '0')}`;
    return { month, due_fen: 2400, paid_fen: 2400 };
  });
  return {
    member_id: 'p1', name: '王大爷', org_name: '离退休第一党支部', category: 'retired', category_label: '离退休',
    base_fen: 480000, amount: { fen: 2400, rate_bp: 50, rule: '离退休费 4,800.00 元 × 0.5% = 24.00 元' },
    missing: false, pending: [], owed_fen: 0, unpaid_months: [], streak: 0, warn: '', months,
    receipts: [{ id: 'r 1', number: '2026-000007', total_fen: 4800, method: 'cash', issued_at: ms('2026-11-05T02:00:00Z'), months: ['2026-10', '2026-11'] }],
    ...over,
  };
}

function base(over: Partial<DuesBase> = {}): DuesBase {
  return {
    id: 'b1', member_id: 'p1', member_name: '王大爷', year: 2026, effective_month: '2026-01', category: 'retired',
    category_label: '离退休', base_fen: 500001, source: 'member', state: 'pending', note: '', declared_by: 'u1',
    declared_at: ms('2026-11-15T04:00:00Z'), decided_by: '', decided_at: 0, reason: '',
    ...over,
  };
}

let answers: Record<string, Answer>;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-15T04:00:00Z'));
  answers = {
    'GET /api/v1/inbox/unread-count': () => json({ count: 0 }),
    'GET /api/v1/my/dues': () => json(myDues()),
  };
  stubApi(answers);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const pages = { '/m/dues': MobileDues, '/m/dues/declare': MobileDuesDeclare };

describe('MobileDues (我的党费)', () => {
  it('shows this month\'s amount with its rule, twelve months newest first and the receipts', async () => {
    const { w } = await mountAt('/m/dues', pages);
    const head = w.get('[data-testid=m-dues-head]');
    expect(head.text()).toContain('本月应交');
    expect(w.get('[data-testid=m-dues-amount]').text()).toBe('24.00 元');
    expect(w.get('[data-testid=m-dues-rule]').text()).toBe('离退休费 4,800.00 元 × 0.5% = 24.00 元');
    expect(head.text()).toContain('缴费类别：离退休');
    expect(w.find('[data-testid=m-dues-this-paid]').exists()).toBe(true);
    expect(w.find('[data-testid=m-dues-owed]').exists()).toBe(false);
    expect(w.find('[data-testid=m-dues-missing]').exists()).toBe(false);

    const rows = w.findAll('[data-testid=m-dues-month]');
    expect(rows).toHaveLength(12);
    expect(rows[0].attributes('data-month')).toBe('2026-11');
    expect(rows[0].text()).toContain('2026年11月');
    expect(rows[0].text()).toContain('已交 24.00 元');
    expect(rows[11].attributes('data-month')).toBe('2025-12');

    const receipt = w.get('[data-testid=m-dues-receipt]');
    expect(receipt.text()).toContain('收据 2026-000007');
    expect(receipt.text()).toContain('48.00 元');
    expect(receipt.text()).toContain('2026年10月、2026年11月');
    expect(receipt.text()).toContain('2026年11月5日 · 现金');
    expect(receipt.get('a').attributes('href')).toBe('/api/v1/my/dues/receipts/r%201/pdf');
    w.unmount();
  });

  it('shows the owed card only when something is owed, naming the six-month rule from three months on', async () => {
    const unpaid = (n: number) => ['2026-08', '2026-09', '2026-10'].slice(3 - n);
    const owing = (n: number, warn = '') =>
      myDues({
        owed_fen: 2400 * n, unpaid_months: unpaid(n), streak: n, warn,
        months: myDues().months.map((m) => (unpaid(n).includes(m.month) ? { ...m, paid_fen: 0 } : m)),
      });

    answers['GET /api/v1/my/dues'] = () => json(owing(2));
    let m = await mountAt('/m/dues', pages);
    const card = m.w.get('[data-testid=m-dues-owed]');
    expect(card.text()).toContain('您有 2 个月的党费还没有交');
    expect(m.w.get('[data-testid=m-dues-owed-total]').text()).toBe('共 48.00 元');
    expect(m.w.get('[data-testid=m-dues-unpaid]').text()).toBe('2026年9月、2026年10月');
    expect(m.w.find('[data-testid=m-dues-six-month]').exists()).toBe(false);
    const oct = m.w.get('[data-testid=m-dues-month][data-month="2026-10"]');
    expect(oct.attributes('data-tone')).toBe('owed');
    expect(oct.text()).toContain('未交 24.00 元');
    m.w.unmount();

    answers['GET /api/v1/my/dues'] = () => json(owing(3));
    m = await mountAt('/m/dues', pages);
    const note = m.w.get('[data-testid=m-dues-six-month]');
    expect(note.text()).toContain('连续六个月不交纳党费');
    expect(note.text()).toContain('支部会与您联系');
    expect(note.text()).toContain('系统不会因此自动改变您的党籍');
    m.w.unmount();

    answers['GET /api/v1/my/dues'] = () => json(owing(3, '您已连续 3 个月未交纳党费。'));
    m = await mountAt('/m/dues', pages);
    expect(m.w.get('[data-testid=m-dues-six-month]').text()).toContain('您已连续 3 个月未交纳党费。');
    m.w.unmount();
  });

  it('prompts to declare when no base is on record, and opens the form', async () => {
    answers['GET /api/v1/my/dues'] = () =>
      json(myDues({ missing: true, amount: null, category: '', category_label: '', base_fen: 0, months: [], receipts: [] }));
    const { w, router } = await mountAt('/m/dues', pages);
    const prompt = w.get('[data-testid=m-dues-missing]');
    expect(prompt.text()).toContain('请先申报缴费基数');
    expect(w.find('[data-testid=m-dues-head]').exists()).toBe(false);
    expect(w.get('[data-testid=m-dues-months-empty]').text()).toContain('还没有交纳记录');
    expect(w.get('[data-testid=m-dues-receipts-empty]').text()).toBe('还没有收据');
    await prompt.get('[data-testid=m-dues-declare]').trigger('click');
    await settle();
    expect(router.currentRoute.value.path).toBe('/m/dues/declare');
    w.unmount();
  });

  it('shows a pending declaration as 待支部确认', async () => {
    answers['GET /api/v1/my/dues'] = () => json(myDues({ missing: true, amount: null, pending: [base()] }));
    const { w } = await mountAt('/m/dues', pages);
    expect(w.find('[data-testid=m-dues-missing]').exists()).toBe(false);
    expect(w.get('[data-testid=m-dues-amount]').text()).toBe('待支部确认');
    const p = w.get('[data-testid=m-dues-pending]');
    expect(p.text()).toContain('待支部确认');
    expect(p.text()).toContain('离退休，月离退休费 5,000.01 元');
    expect(p.text()).toContain('从 2026年1月 起');
    w.unmount();
  });

  it('shows loading, then an error with 重试, and the not-a-member case', async () => {
    let release: (r: Response) => void = () => undefined;
    answers['GET /api/v1/my/dues'] = (() => new Promise<Response>((r) => (release = r))) as unknown as Answer;
    const { w } = await mountAt('/m/dues', pages);
    expect(w.find('[data-testid=m-dues-loading]').exists()).toBe(true);
    release(problem(500, 'internal', '服务器内部错误'));
    await settle();
    expect(w.find('[data-testid=m-dues-loading]').exists()).toBe(false);
    expect(w.get('[data-testid=m-dues-error]').text()).toContain('服务器内部错误');

    answers['GET /api/v1/my/dues'] = () => json(myDues());
    await w.get('[data-testid=m-dues-error] button').trigger('click');
    await settle();
    expect(w.get('[data-testid=m-dues-amount]').text()).toBe('24.00 元');
    w.unmount();

    answers['GET /api/v1/my/dues'] = () => problem(404, 'not_found', '记录不存在或无权访问');
    const m = await mountAt('/m/dues', pages);
    expect(m.w.get('[data-testid=m-dues-not-member]').text()).toBe('当前账号未关联党员信息');
    m.w.unmount();
  });
});

describe('MobileMe entry', () => {
  it('leads to 我的党费 in one tap', async () => {
    answers['GET /api/v1/me/member'] = () => problem(500, 'internal', '服务器内部错误');
    const { w, router } = await mountAt('/m/me', { '/m/me': MobileMe, ...pages });
    await w.get('[data-testid=me-dues]').trigger('click');
    await settle();
    expect(router.currentRoute.value.path).toBe('/m/dues');
    w.unmount();
  });
});
