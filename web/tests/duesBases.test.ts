// 缴费基数与减免: the members' bases with their rules, confirming and
// returning declarations, typing a base (in yuan, none for fixed amounts),
// the import's row/column errors, and hardship proposals and decisions.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import DuesBasesView from '../src/console/views/DuesBasesView.vue';
import { clearSession } from '../src/stores/session';
import { errorsShown, json, mockApi, settle, writes, type Answer, type Call } from './orglifeMock';
import { $, $$, byTestid, click, mountAt, signIn, typeIn } from './duesHarness';

const base = (id: string, member: string, name: string, extra: Record<string, unknown> = {}) => ({
  id, member_id: member, member_name: name, year: 2026, effective_month: '2026-01', category: 'salaried', category_label: '在职（月工资）',
  base_fen: 480000, source: 'secretary', state: 'confirmed', note: '', declared_by: '书记', declared_at: 0, decided_by: '', decided_at: 0, reason: '', ...extra,
});

const bases = {
  org_id: 'b1', year: 2026,
  items: [
    {
      member_id: 'm1', member_name: '张三', status: 'full', joined_on: '2010-07-01', missing: false,
      current: base('c1', 'm1', '张三'),
      pending: [base('p1', 'm1', '张三', { base_fen: 520000, effective_month: '2026-07', source: 'member', state: 'pending', note: '调资' })],
      amount: { fen: 4800, rate_bp: 100, rule: '月收入 4,800.00 元 × 1% = 48.00 元' },
    },
    { member_id: 'm2', member_name: '李四', status: 'probationary', joined_on: '2026-05-20', missing: true, current: null, pending: [], amount: null },
  ],
};

const hardship = (id: string, org: string, state = 'proposed') => ({
  id, member_id: 'm1', member_name: '张三', org_id: org, org_name: '机关第一党支部', kind: 'reduced', reduced_fen: 500, from_month: '2026-07',
  to_month: '2026-12', discussed_on: '2026-06-28', discussion: '支部党员大会讨论同意', state, proposed_by: '书记', proposed_at: 0, decided_by: '', decided_at: 0, reason: '',
});

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  signIn('org_admin');
  answers = {
    'GET /orgs/b1': () => json({ id: 'b1', name: '机关第一党支部', path: [] }),
    'GET /orgs/root': () => json({ id: 'root', name: '机关党委', path: [] }),
    'GET /orgs/b1/dues/bases': () => json(bases),
    'POST /dues/bases/p1/confirm': () => json(base('p1', 'm1', '张三')),
    'POST /dues/bases/p1/reject': () => json(base('p1', 'm1', '张三', { state: 'rejected' })),
    'POST /orgs/b1/dues/bases': (c) => json(base('n1', 'm2', '李四', c.body as Record<string, unknown>), 201),
    'GET /orgs/b1/dues/hardships': () => json({ items: [hardship('h1', 'b1')] }),
    'GET /orgs/root/dues/hardships': () => json({ items: [hardship('h1', 'b1'), hardship('h2', 'b1', 'approved')] }),
    'POST /orgs/b1/dues/hardships': (c) => json({ ...hardship('h3', 'b1'), ...(c.body as object) }, 201),
    'POST /dues/hardships/h1/approve': () => json(hardship('h1', 'b1', 'approved')),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const mountPage = async (query = '?org=b1&year=2026') => (await mountAt(DuesBasesView, '/dues/bases' + query)).w;

describe('bases', () => {
  it('lists the members with their amount and rule, and the declarations waiting', async () => {
    const w = await mountPage();
    expect(calls.find((c) => c.path === '/orgs/b1/dues/bases')!.query.get('year')).toBe('2026');
    expect(w.get('[data-testid=bases-rule]').text()).toBe('月收入 4,800.00 元 × 1% = 48.00 元');
    expect(w.findAll('[data-testid=bases-missing]')).toHaveLength(1);
    expect(w.get('[data-testid=bases-pending]').text()).toContain('5,200.00 元，自2026年7月起');
    expect(w.get('[data-testid=bases-pending]').text()).toContain('本人申报');
    w.unmount();
  });

  it('confirms a declaration, and returns one only with a reason', async () => {
    const w = await mountPage();
    await w.get('[data-testid=base-confirm]').trigger('click');
    await settle();
    await w.get('[data-testid=base-reject]').trigger('click');
    await settle();
    await click('[data-testid=reason-submit]');
    expect(writes(calls).map((c) => c.path)).toEqual(['/dues/bases/p1/confirm']);
    await typeIn('[data-testid=reason-input]', '基数与工资条不符');
    await click('[data-testid=reason-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([
      ['/dues/bases/p1/confirm', undefined],
      ['/dues/bases/p1/reject', { reason: '基数与工资条不符' }],
    ]);
    w.unmount();
  });

  it('types a base in yuan as exact fen, and refuses a malformed one', async () => {
    const w = await mountPage();
    const edit = w.findAll('[data-testid=bases-edit]');
    await edit[1].trigger('click');
    await settle();
    byTestid(w, 'ElDatePicker', 'base-month').vm.$emit('update:modelValue', '2026-06');
    await typeIn('[data-testid=base-amount]', '30,00');
    await click('[data-testid=base-submit]');
    expect(writes(calls)).toHaveLength(0);
    await errorsShown();
    expect($('[data-testid=base-dialog]')!.textContent).toContain('金额格式不正确');
    await typeIn('[data-testid=base-amount]', '3,000.01');
    await click('[data-testid=base-submit]');
    expect(writes(calls).map((c) => c.body)).toEqual([
      { member_id: 'm2', year: 2026, effective_month: '2026-06', category: 'salaried', base_fen: 300001, note: '' },
    ]);
    w.unmount();
  });

  it('hides the base for a fixed-amount category and sends 0', async () => {
    const w = await mountPage();
    await w.findAll('[data-testid=bases-edit]')[1].trigger('click');
    await settle();
    byTestid(w, 'ElSelect', 'base-category').vm.$emit('update:modelValue', 'student');
    await settle(2);
    expect($('[data-testid=base-amount]')).toBeNull();
    expect($('[data-testid=base-dialog]')!.textContent).toContain('该类别按定额缴纳');
    byTestid(w, 'ElDatePicker', 'base-month').vm.$emit('update:modelValue', '2026-09');
    await click('[data-testid=base-submit]');
    expect(writes(calls).map((c) => c.body)).toEqual([
      { member_id: 'm2', year: 2026, effective_month: '2026-09', category: 'student', base_fen: 0, note: '' },
    ]);
    w.unmount();
  });

  it('lists the rows and columns of a refused import', async () => {
    answers['POST /orgs/b1/dues/bases/import'] = () =>
      json({ type: 'about:blank', status: 422, code: 'import_refused', detail: '文件中有 2 处错误，未导入任何数据，请修改后重新导入', imported: 0, errors: [
        { sheet: '缴费基数', row: 3, column: '基数（元）', message: '金额格式不正确：最多两位小数（到分）' },
        { sheet: '缴费基数', row: 5, column: '起始月份', message: '起始月份应为 YYYY-MM' },
      ] }, 422);
    const w = await mountPage();
    const input = w.get('[data-testid=bases-file]');
    Object.defineProperty(input.element, 'files', { value: [new File(['x'], '基数.xlsx')], configurable: true });
    await input.trigger('change');
    await settle();
    const upload = calls.find((c) => c.method === 'POST')!;
    expect([upload.path, upload.query.get('year')]).toEqual(['/orgs/b1/dues/bases/import', '2026']);
    expect(w.get('[data-testid=bases-import-error]').text()).toContain('文件中有 2 处错误，未导入任何数据');
    const rows = w.findAll('[data-testid=bases-import-errors] .el-table__body tr').map((r) => r.findAll('td').map((td) => td.text()));
    expect(rows).toEqual([
      ['3', '基数（元）', '金额格式不正确：最多两位小数（到分）'],
      ['5', '起始月份', '起始月份应为 YYYY-MM'],
    ]);
    w.unmount();
  });

  it('refuses a file that is not .xlsx without sending it', async () => {
    const w = await mountPage();
    const input = w.get('[data-testid=bases-file]');
    Object.defineProperty(input.element, 'files', { value: [new File(['x'], '基数.csv')], configurable: true });
    await input.trigger('change');
    await settle();
    expect(writes(calls)).toHaveLength(0);
    expect(w.get('[data-testid=bases-import-error]').text()).toContain('请选择 .xlsx 文件');
    w.unmount();
  });

  it('shows the error of an organization that is not a branch, and loading before', async () => {
    let release: (r: Response) => void = () => {};
    answers['GET /orgs/b1/dues/bases'] = () => new Promise<Response>((r) => (release = r)) as unknown as Response;
    const w = await mountPage();
    expect(w.get('[data-testid=bases-table]').text()).toContain('加载中');
    release(json({ status: 404, code: 'not_found', detail: '记录不存在或无权访问' }, 404));
    await settle();
    expect(w.get('[data-testid=bases-error]').text()).toContain('记录不存在或无权访问');
    expect(w.find('[data-testid=bases-add]').exists()).toBe(false);
    w.unmount();
  });
});

describe('hardship', () => {
  it('the branch proposes with its discussion but cannot decide', async () => {
    const w = await mountPage('?org=b1&year=2026&tab=hardship');
    expect(w.get('[data-testid=hardship-state]').text()).toBe('待上级审批');
    expect(w.find('[data-testid=hardship-approve]').exists()).toBe(false);
    await w.get('[data-testid=hardship-propose]').trigger('click');
    await settle();
    byTestid(w, 'ElSelect', 'hardship-member').vm.$emit('update:modelValue', 'm1');
    byTestid(w, 'ElDatePicker', 'hardship-from').vm.$emit('update:modelValue', '2026-07');
    byTestid(w, 'ElDatePicker', 'hardship-to').vm.$emit('update:modelValue', '2026-12');
    byTestid(w, 'ElDatePicker', 'hardship-date').vm.$emit('update:modelValue', '2026-06-28');
    await typeIn('[data-testid=hardship-amount]', '0');
    await typeIn('[data-testid=hardship-discussion]', '支部党员大会讨论同意');
    await click('[data-testid=hardship-submit]');
    expect(writes(calls)).toHaveLength(0);
    await errorsShown();
    expect($('[data-testid=hardship-dialog]')!.textContent).toContain('减交金额应大于 0 元');
    await typeIn('[data-testid=hardship-amount]', '5');
    await click('[data-testid=hardship-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([
      ['/orgs/b1/dues/hardships', { member_id: 'm1', kind: 'reduced', reduced_fen: 500, from_month: '2026-07', to_month: '2026-12', discussed_on: '2026-06-28', discussion: '支部党员大会讨论同意' }],
    ]);
    w.unmount();
  });

  it('the upper organization approves a proposal of its branch', async () => {
    const w = await mountPage('?org=root&year=2026&tab=hardship');
    expect($$('[data-testid=hardship-approve]')).toHaveLength(1);
    // No members of its own: an upper organization does not propose.
    expect(w.find('[data-testid=hardship-propose]').exists()).toBe(false);
    await w.get('[data-testid=hardship-approve]').trigger('click');
    await settle();
    await click('.hardship-approve-ok');
    expect(writes(calls).map((c) => c.path)).toEqual(['/dues/hardships/h1/approve']);
    w.unmount();
  });

  it('says when there is nothing to decide', async () => {
    answers['GET /orgs/b1/dues/hardships'] = () => json({ items: null });
    const w = await mountPage('?org=b1&year=2026&tab=hardship');
    expect(w.get('[data-testid=hardship-table]').text()).toContain('暂无减免申请');
    w.unmount();
  });
});
