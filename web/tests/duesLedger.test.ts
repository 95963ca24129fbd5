// 党费台账: the month's rows with their rules, the batch payment dialog (the
// body it sends, the consent for months outside the open one, the server's
// errors at their line, the receipts after), a member's history with 冲正,
// a closed month, and the loading and error states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import DuesLedgerView from '../src/console/views/DuesLedgerView.vue';
import { clearSession } from '../src/stores/session';
import { json, mockApi, settle, writes, type Answer, type Call } from './orglifeMock';
import { $, $$, byTestid, mountAt, signIn, typeIn } from './duesHarness';

const row = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  member_id: id, member_name: name, category: 'salaried', category_label: '在职（月工资）', base_fen: 480000, amount_fen: 4800,
  rule: '月收入 4,800.00 元 × 1% = 48.00 元', due_fen: 4800, paid_fen: 0, owed_fen: 4800, unpaid_months: ['2026-10', '2026-11'], missing: false, ...extra,
});

const ledger = (extra: Record<string, unknown> = {}) => ({
  org_id: 'b1', org_name: '机关第一党支部', month: '2026-11', period: '2026-11', closed: false,
  rows: [
    row('m1', '张三'),
    row('m2', '李四', { category: 'student', category_label: '学生', base_fen: 0, amount_fen: 20, rule: '学生党员每月定额 0.20 元', due_fen: 20, owed_fen: 20, unpaid_months: ['2026-11'] }),
    row('m3', '王五', { missing: true, amount_fen: 0, rule: '', due_fen: 0, owed_fen: 0, unpaid_months: [] }),
  ],
  totals: { due_fen: 4820, paid_fen: 0, owed_fen: 4820, members: 3, paid_members: 0 },
  ...extra,
});

const receipt = (id: string, member: string, months: string[]) => ({
  id, number: `2026-00000${id.slice(1)}`, org_id: 'b1', org_name: '机关第一党支部', member_id: member, member_name: member === 'm1' ? '张三' : '李四',
  kind: 'payment', total_fen: 4800 * months.length, method: 'transfer', method_label: '银行转账', reference: 'T', months, issued_at: 0, issued_by: '书记', reversed: false,
});

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  signIn('party_worker');
  answers = {
    'GET /orgs/b1': () => json({ id: 'b1', name: '机关第一党支部', path: [] }),
    'GET /orgs/b1/dues/ledger': () => json(ledger()),
    'GET /orgs/b1/dues/settings': () => json({ org_id: 'b1', items: [{ key: 'dues.backpay_months', value: '3' }, { key: 'dues.ahead_months', value: '2' }] }),
    'POST /orgs/b1/dues/payments': (c) => {
      const b = c.body as { payments: { member_id: string; months: string[] }[] };
      return json({ receipts: b.payments.map((p, i) => receipt(`r${i + 1}`, p.member_id, p.months)) }, 201);
    },
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

async function mountPage(query = '?org=b1&month=2026-11') {
  return (await mountAt(DuesLedgerView, '/dues/ledger' + query)).w;
}

async function selectAndOpen(w: VueWrapper, names: string[]) {
  for (const n of names) {
    const tr = $$('[data-testid=ledger-table] .el-table__body tr').find((r) => r.textContent!.includes(n))!;
    tr.querySelector<HTMLElement>('.el-checkbox input')!.click();
    await settle(2);
  }
  await w.get('[data-testid=ledger-pay]').trigger('click');
  await settle();
}

describe('DuesLedgerView', () => {
  it('lists each member with the amount, its rule and the unpaid months', async () => {
    const w = await mountPage();
    expect(calls.find((c) => c.path === '/orgs/b1/dues/ledger')!.query.get('month')).toBe('2026-11');
    const text = w.get('[data-testid=ledger-table]').text();
    expect(text).toContain('月收入 4,800.00 元 × 1% = 48.00 元');
    expect(text).toContain('48.00 元');
    expect(text).toContain('2026年10月');
    expect(w.findAll('[data-testid=ledger-missing-base]')).toHaveLength(1);
    expect(w.get('[data-testid=ledger-totals]').text()).toContain('48.20 元');
    expect(w.find('[data-testid=ledger-closed]').exists()).toBe(false);
    w.unmount();
  });

  it('sends the batch with the current month by default, a reference per line for transfers', async () => {
    const w = await mountPage();
    await selectAndOpen(w, ['张三', '李四']);
    expect((byTestid(w, 'ElSelect', 'pay-months').props() as { modelValue: unknown }).modelValue).toEqual(['2026-11']);
    expect($('[data-testid=pay-consent]')).toBeNull();
    byTestid(w, 'ElRadioGroup', 'pay-method').vm.$emit('update:modelValue', 'transfer');
    await settle(2);
    // No reference yet: refused at the line, nothing sent.
    $('[data-testid=pay-submit]')!.click();
    await settle();
    expect(writes(calls)).toHaveLength(0);
    expect($('[data-testid=pay-line-error-0]')!.textContent).toBe('请填写转账流水号');
    await typeIn('[data-testid=pay-ref-0]', 'T-001');
    await typeIn('[data-testid=pay-ref-1]', ' T-002 ');
    $('[data-testid=pay-submit]')!.click();
    await settle();
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([
      ['/orgs/b1/dues/payments', {
        payments: [
          { member_id: 'm1', months: ['2026-11'], method: 'transfer', reference: 'T-001' },
          { member_id: 'm2', months: ['2026-11'], method: 'transfer', reference: 'T-002' },
        ],
        branch_consent: false,
      }],
    ]);
    // The receipts, each with a link to its printable page; the ledger is read again.
    const links = $$('[data-testid=pay-receipt-link]').map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/dues/receipts/r1', '/dues/receipts/r2']);
    expect($('[data-testid=pay-receipts]')!.textContent).toContain('2026-000001');
    expect(calls.filter((c) => c.path === '/orgs/b1/dues/ledger')).toHaveLength(2);
    w.unmount();
  });

  it('asks for the branch consent only when a month is not the open one', async () => {
    const w = await mountPage();
    await selectAndOpen(w, ['张三']);
    const months = byTestid(w, 'ElSelect', 'pay-months');
    // The window follows the branch's settings: 3 months back, 2 ahead, plus the owed months.
    const options = w.findAllComponents({ name: 'ElOption' }).map((o) => o.props('value'));
    expect(options).toEqual(['2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01']);
    months.vm.$emit('update:modelValue', ['2026-10', '2026-11']);
    await settle(2);
    expect($('[data-testid=pay-consent]')).not.toBeNull();
    $('[data-testid=pay-submit]')!.click();
    await settle();
    expect(writes(calls)).toHaveLength(0);
    expect($('[data-testid=pay-error]')!.textContent).toContain('补缴或预缴须经支部同意');
    $('[data-testid=pay-consent] input')!.click();
    await settle(2);
    $('[data-testid=pay-submit]')!.click();
    await settle();
    expect(writes(calls).map((c) => c.body)).toEqual([
      { payments: [{ member_id: 'm1', months: ['2026-10', '2026-11'], method: 'cash', reference: '' }], branch_consent: true },
    ]);
    // Back to the open month only: the checkbox goes away again.
    w.unmount();
  });

  it('hides the consent again when only the open month is left', async () => {
    const w = await mountPage();
    await selectAndOpen(w, ['张三']);
    const months = byTestid(w, 'ElSelect', 'pay-months');
    months.vm.$emit('update:modelValue', ['2026-12']);
    await settle(2);
    expect($('[data-testid=pay-consent]')).not.toBeNull();
    months.vm.$emit('update:modelValue', ['2026-11']);
    await settle(2);
    expect($('[data-testid=pay-consent]')).toBeNull();
    w.unmount();
  });

  it("shows the server's errors at their line and keeps the dialog open", async () => {
    answers['POST /orgs/b1/dues/payments'] = () =>
      json({
        status: 422, code: 'invalid', detail: '提交的内容有误',
        errors: [
          { field: 'payments[1].months', code: 'paid', message: '2026年11月的党费已缴清' },
          { field: 'branch_consent', code: 'required', message: '补缴或预缴须经支部同意' },
        ],
      }, 422);
    const w = await mountPage();
    await selectAndOpen(w, ['张三', '李四']);
    $('[data-testid=pay-submit]')!.click();
    await settle();
    expect($('[data-testid=pay-line-error-1]')!.textContent).toBe('2026年11月的党费已缴清');
    expect($('[data-testid=pay-line-error-0]')).toBeNull();
    expect($('[data-testid=pay-error]')!.textContent).toBe('补缴或预缴须经支部同意');
    expect($('[data-testid=pay-receipts]')).toBeNull();
    expect($('[data-testid=pay-submit]')).not.toBeNull();
    w.unmount();
  });

  it('shows a closed month with 已结账 and no way to post or pay', async () => {
    answers['GET /orgs/b1/dues/ledger'] = () => json(ledger({ month: '2026-10', period: '2026-11', closed: true }));
    const w = await mountPage('?org=b1&month=2026-10');
    expect(w.get('[data-testid=ledger-closed]').text()).toBe('已结账');
    for (const id of ['ledger-post', 'ledger-pay', 'ledger-close', 'ledger-pay-one']) expect(w.find(`[data-testid=${id}]`).exists()).toBe(false);
    expect(w.find('[data-testid=ledger-table] .el-checkbox').exists()).toBe(false);
    w.unmount();
  });

  it('is read-only for a viewer', async () => {
    signIn('viewer');
    const w = await mountPage();
    expect(w.find('[data-testid=ledger-pay]').exists()).toBe(false);
    expect(w.find('[data-testid=ledger-post]').exists()).toBe(false);
    w.unmount();
  });

  it('posts the month and names the members without a base', async () => {
    answers['POST /orgs/b1/dues/months/2026-11/post'] = () => json({ month: '2026-11', posted: 2, already: 0, missing: [{ member_id: 'm3', member_name: '王五', org_id: 'b1', org_name: '机关第一党支部' }], missing_count: 1 });
    const w = await mountPage();
    await w.get('[data-testid=ledger-post]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => c.path)).toEqual(['/orgs/b1/dues/months/2026-11/post']);
    expect(w.get('[data-testid=ledger-missing]').text()).toBe('1 人未申报基数，未生成应缴：王五');
    w.unmount();
  });

  it('closes the open period after confirmation', async () => {
    answers['POST /orgs/b1/dues/periods/2026-11/close'] = () =>
      json({ period: '2026-11', collected_fen: 4820, received_fen: 0, retained_fen: 0, remitted_fen: 4820, centre_fen: 0, remittance: { to_org_name: '机关党委' } }, 201);
    const w = await mountPage();
    await w.get('[data-testid=ledger-close]').trigger('click');
    await settle();
    expect(writes(calls)).toHaveLength(0);
    $('.dues-close-ok')!.click();
    await settle();
    expect(writes(calls).map((c) => c.path)).toEqual(['/orgs/b1/dues/periods/2026-11/close']);
    expect(w.get('[data-testid=ledger-closed-result]').text()).toContain('上缴 48.20 元（待机关党委确认）');
    w.unmount();
  });

  it('shows the error of a failed load with a retry', async () => {
    answers['GET /orgs/b1/dues/ledger'] = () => json({ status: 422, code: 'not_branch', detail: '党费台账按党支部记录，请选择党支部' }, 422);
    const w = await mountPage();
    expect(w.get('[data-testid=ledger-error]').text()).toContain('请选择党支部');
    answers['GET /orgs/b1/dues/ledger'] = () => json(ledger());
    await w.get('[data-testid=ledger-error] button').trigger('click');
    await settle();
    expect(w.find('[data-testid=ledger-error]').exists()).toBe(false);
    expect(w.get('[data-testid=ledger-table]').text()).toContain('张三');
    w.unmount();
  });

  it('shows loading, then an empty branch', async () => {
    let release: (r: Response) => void = () => {};
    answers['GET /orgs/b1/dues/ledger'] = () => new Promise<Response>((r) => (release = r)) as unknown as Response;
    const w = await mountPage();
    expect(w.find('[data-testid=ledger-table]').text()).toContain('加载中');
    expect(w.find('.el-loading-mask').exists()).toBe(true);
    release(json(ledger({ rows: [], totals: { due_fen: 0, paid_fen: 0, owed_fen: 0, members: 0, paid_members: 0 } })));
    await settle();
    expect(w.get('[data-testid=ledger-table]').text()).toContain('本支部暂无需缴纳党费的党员');
    w.unmount();
  });
});

describe('voluntary payment', () => {
  it('flags ¥1,000 or more as going to the Centre and sends exact fen', async () => {
    answers['POST /orgs/b1/dues/voluntary'] = () => json({ ...receipt('r9', 'm1', ['2026-11']), kind: 'voluntary', total_fen: 100000 }, 201);
    const w = await mountPage();
    await w.findAll('[data-testid=ledger-voluntary]')[0].trigger('click');
    await settle();
    await typeIn('[data-testid=voluntary-amount]', '999.99');
    expect($('[data-testid=voluntary-centre]')).toBeNull();
    await typeIn('[data-testid=voluntary-amount]', '1,000.00');
    expect($('[data-testid=voluntary-centre]')!.textContent).toContain('全额上缴中央');
    $('[data-testid=voluntary-submit]')!.click();
    await settle();
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([
      ['/orgs/b1/dues/voluntary', { member_id: 'm1', amount_fen: 100000, method: 'cash', reference: '', note: '' }],
    ]);
    expect($('[data-testid=voluntary-receipt]')!.getAttribute('href')).toBe('/dues/receipts/r9');
    w.unmount();
  });
});

describe('member history', () => {
  const entry = (id: string, seq: number, kind: string, extra: Record<string, unknown> = {}) => ({
    id, org_id: 'b1', seq, member_id: 'm1', month: '2026-11', period: '2026-11', kind, due_fen: 0, paid_fen: 0, category: 'salaried', base_fen: 480000,
    rule: '', method: '', reference: '', receipt_id: '', receipt_number: '', reverses_id: '', reversed: false, to_centre: false, note: '', actor_name: '书记', at: 0, ...extra,
  });

  beforeEach(() => {
    answers['GET /dues/members/m1/entries'] = () =>
      json({
        items: [
          entry('e1', 1, 'charge', { due_fen: 4800, rule: '月收入 4,800.00 元 × 1% = 48.00 元' }),
          entry('e2', 2, 'payment', { paid_fen: 4800, method: 'cash', receipt_id: 'r1', receipt_number: '2026-000001', reversed: true }),
          entry('e3', 3, 'reversal', { paid_fen: -4800, reverses_id: 'e2', note: '重复登记' }),
          entry('e4', 4, 'payment', { paid_fen: 4800, method: 'transfer', reference: 'T-9' }),
        ],
      });
    answers['POST /dues/entries/e4/reverse'] = () => json(entry('e5', 5, 'reversal', { paid_fen: -4800, reverses_id: 'e4' }), 201);
  });

  it('labels the kinds, strikes reversed entries and reverses with a reason', async () => {
    const w = await mountPage();
    await w.findAll('[data-testid=ledger-member]')[0].trigger('click');
    await settle();
    expect($$('[data-testid=entry-kind]').map((t) => t.textContent)).toEqual(['应缴', '缴纳', '冲正', '缴纳']);
    const rows = $$('[data-testid=entries-table] .el-table__body tr');
    expect(rows.map((r) => r.classList.contains('entry-reversed'))).toEqual([false, true, false, false]);
    expect(rows[2].textContent).toContain('冲正第 2 笔');
    // Only entries not yet reversed, and not reversals themselves, can be reversed.
    const buttons = $$('[data-testid=entry-reverse]');
    expect(buttons).toHaveLength(2);
    buttons[1].click();
    await settle();
    $('[data-testid=reason-submit]')!.click();
    await settle();
    expect(writes(calls)).toHaveLength(0);
    expect($('[data-testid=reason-error]')!.textContent).toBe('请填写原因');
    await typeIn('[data-testid=reason-input]', '金额登记错误');
    $('[data-testid=reason-submit]')!.click();
    await settle();
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([['/dues/entries/e4/reverse', { reason: '金额登记错误' }]]);
    w.unmount();
  });
});
