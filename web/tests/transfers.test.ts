// 组织关系转接 list: the tab and filters in the address and the query,
// starting a transfer to a branch anywhere on the platform or outside it, registering a member
// from outside, the receiving side's accept / return (only with a reason),
// the sending side's cancel, paging, and the empty and error states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import TransfersView from '../src/console/views/TransfersView.vue';
import { clearSession } from '../src/stores/session';
import { errorsShown, json, mockApi, problem, settle, writes, type Answer, type Call } from './orglifeMock';
import { $, $$, byTestid, click, mountAt, signIn, typeIn } from './duesHarness';
import { transfer } from './transfersHarness';

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  signIn('org_admin');
  answers = {
    'GET /orgs/b1': () => json({ id: 'b1', name: '机关第一党支部', path: [] }),
    'GET /orgs/b1/transfers': (c) =>
      json({ items: c.query.get('direction') === 'in' ? [transfer({ id: 't2', member_name: '李四', from_org_name: '城关社区党支部', to_org_name: '机关第一党支部' })] : [transfer()], next_cursor: '' }),
    'POST /transfers/t2/accept': () => json(transfer({ id: 't2', state: 'accepted', state_label: '已接收' })),
    'POST /transfers/t2/return': () => json(transfer({ id: 't2', state: 'returned', state_label: '已退回' })),
    'POST /transfers/t1/cancel': () => json(transfer({ state: 'cancelled', state_label: '已撤销' })),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const mountPage = (query = '?org=b1') => mountAt(TransfersView, '/transfers' + query);
const lists = () => calls.filter((c) => c.path === '/orgs/b1/transfers').map((c) => Object.fromEntries(c.query));

describe('list', () => {
  it('shows the open transfers out with their letter, and follows the tab and filters in the address', async () => {
    const { w, router } = await mountPage();
    expect(lists()).toEqual([{ direction: 'out', state: 'open', limit: '50' }]);
    const table = w.get('[data-testid=transfers-table]');
    expect(table.text()).toContain('机关第一党支部 → 城关社区党支部');
    expect(table.text()).toContain('2026-0007');
    expect(table.text()).toContain('有效期至 2027-02-15');
    expect(w.get('[data-testid=transfer-state]').text()).toBe('待接收');
    expect(w.get('[data-testid=transfer-open]').attributes('href')).toBe('/transfers/t1?side=out');

    await w.findAll('.el-radio-button')[1].trigger('click');
    await settle();
    expect(router.currentRoute.value.query).toEqual({ org: 'b1', state: 'done' });
    await router.push('/transfers?org=b1&tab=in&lapsing=1');
    await settle();
    expect(lists().slice(-1)).toEqual([{ direction: 'in', state: 'open', lapsing: '1', limit: '50' }]);
    w.unmount();
  });

  it('marks letters about to lapse or lapsed', async () => {
    answers['GET /orgs/b1/transfers'] = () =>
      json({ items: [transfer({ lapsing: true }), transfer({ id: 't3', kind: 'outgoing', state: 'issued', lapsing: true, lapsed: true })], next_cursor: '' });
    const { w } = await mountPage();
    expect(w.findAll('[data-testid=transfer-lapsing]')).toHaveLength(1);
    expect(w.findAll('[data-testid=transfer-lapsed]')).toHaveLength(1);
    w.unmount();
  });

  it('loads the next page after the cursor and appends it', async () => {
    answers['GET /orgs/b1/transfers'] = (c) =>
      c.query.get('cursor') ? json({ items: [transfer({ id: 't0', member_name: '赵六' })], next_cursor: '' }) : json({ items: [transfer()], next_cursor: 't1' });
    const { w } = await mountPage();
    await w.get('[data-testid=transfers-more]').trigger('click');
    await settle();
    expect(lists()[1].cursor).toBe('t1');
    expect(w.findAll('[data-testid=transfer-open]').map((a) => a.text())).toEqual(['张三', '赵六']);
    expect(w.find('[data-testid=transfers-more]').exists()).toBe(false);
    w.unmount();
  });

  it('says when there is nothing, and shows an error with a retry', async () => {
    answers['GET /orgs/b1/transfers'] = () => json({ items: [], next_cursor: '' });
    const { w } = await mountPage('?org=b1&tab=in&state=done');
    expect(w.get('[data-testid=transfers-table]').text()).toContain('暂无已办结的转入记录');
    answers['GET /orgs/b1/transfers'] = () => problem(403, 'forbidden', '您没有执行此操作的权限');
    await w.get('[data-testid=transfers-state] .el-radio-button').trigger('click');
    await settle();
    expect(w.get('[data-testid=transfers-error]').text()).toContain('您没有执行此操作的权限');
    w.unmount();
  });

  it('offers no actions to a viewer', async () => {
    signIn('viewer');
    const { w } = await mountPage('?org=b1&tab=in');
    expect(w.get('[data-testid=transfers-table]').text()).toContain('李四');
    expect(w.find('[data-testid=transfer-accept]').exists()).toBe(false);
    expect(w.find('[data-testid=transfer-register]').exists()).toBe(false);
    w.unmount();
  });
});

describe('actions', () => {
  it('the receiving side accepts after confirming', async () => {
    const { w } = await mountPage('?org=b1&tab=in');
    expect(w.find('[data-testid=transfer-cancel]').exists()).toBe(false);
    await w.get('[data-testid=transfer-accept]').trigger('click');
    await settle();
    await click('.transfer-accept-ok');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([['/transfers/t2/accept', {}]]);
    expect(lists()).toHaveLength(2);
    w.unmount();
  });

  it('returns only with a reason, naming the rule', async () => {
    const { w } = await mountPage('?org=b1&tab=in');
    await w.get('[data-testid=transfer-return]').trigger('click');
    await settle();
    expect(document.body.textContent).toContain('不得无故拒绝接收');
    await click('[data-testid=reason-submit]');
    expect(writes(calls)).toHaveLength(0);
    expect($('[data-testid=reason-error]')!.textContent).toBe('请填写原因');
    await typeIn('[data-testid=reason-input]', '该党员未到本支部报到');
    await click('[data-testid=reason-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([['/transfers/t2/return', { reason: '该党员未到本支部报到' }]]);
    w.unmount();
  });

  it('the sending side cancels, and keeps the dialog open with the server\'s refusal', async () => {
    answers['POST /transfers/t1/cancel'] = () => problem(409, 'transfer_closed', '该转接已接收，不能再撤销');
    const { w } = await mountPage();
    expect(w.find('[data-testid=transfer-accept]').exists()).toBe(false);
    await w.get('[data-testid=transfer-cancel]').trigger('click');
    await settle();
    await typeIn('[data-testid=reason-input]', '党员暂不调动');
    await click('[data-testid=reason-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([['/transfers/t1/cancel', { reason: '党员暂不调动' }]]);
    expect($('[data-testid=reason-error]')!.textContent).toBe('该转接已接收，不能再撤销');
    w.unmount();
  });
});

describe('start', () => {
  beforeEach(() => {
    answers['POST /orgs/b1/transfers'] = (c) => json(transfer({ id: 't9', ...(c.body as object) }), 201);
  });

  it('starts an internal transfer to a branch found anywhere on the platform and opens it', async () => {
    answers['GET /transfers/targets'] = () =>
      json({ items: [{ id: 'b2', name: '城关社区党支部', parent_name: '城关街道党工委' }, { id: 'b3', name: '城关社区党支部', parent_name: '西城街道党工委' }] });
    const { w, router } = await mountPage();
    await w.get('[data-testid=transfer-start]').trigger('click');
    await settle();
    await click('[data-testid=transfer-start-submit]');
    expect(writes(calls)).toHaveLength(0);
    await errorsShown();
    expect($('[data-testid=transfer-start-dialog]')!.textContent).toContain('请选择接收的党组织');
    byTestid(w, 'MemberPicker', 'transfer-member').vm.$emit('update:modelValue', { id: 'm1', name: '张三' });
    // The platform's branches, not the org search held to this subtree; the upper organization tells same names apart.
    await typeIn('[data-testid=transfer-to-org-input]', ' 城关 ');
    $('[data-testid=transfer-to-org-input]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await settle();
    expect(calls.filter((c) => c.path.startsWith('/orgs/search'))).toHaveLength(0);
    expect(calls.filter((c) => c.path === '/transfers/targets').map((c) => c.query.get('q'))).toEqual(['城关']);
    const options = $$('[data-testid=transfer-to-org-option]');
    expect(options.map((o) => o.textContent!.trim())).toEqual(['城关社区党支部（上级：城关街道党工委）', '城关社区党支部（上级：西城街道党工委）']);
    expect(options.map((o) => o.querySelector('.name')!.textContent)).toEqual(['城关社区党支部', '城关社区党支部']);
    await click('[data-testid=transfer-to-org-option]');
    expect($('[data-testid=transfer-to-org-selected]')!.textContent!.trim()).toBe('城关社区党支部（上级：城关街道党工委）');
    byTestid(w, 'ElDatePicker', 'transfer-dues').vm.$emit('update:modelValue', '2026-10');
    await typeIn('[data-testid=transfer-reason]', ' 工作调动 ');
    await click('[data-testid=transfer-start-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([
      ['/orgs/b1/transfers', { member_id: 'm1', kind: 'internal', to_org_id: 'b2', reason: '工作调动', dues_paid_until: '2026-10' }],
    ]);
    expect(router.currentRoute.value.fullPath).toBe('/transfers/t9?side=out');
    w.unmount();
  });

  it('issues a letter to an organization outside by its name, showing the server\'s field errors', async () => {
    answers['POST /orgs/b1/transfers'] = () =>
      json({ status: 422, code: 'validation_failed', detail: '提交的内容有误：该党员不在本组织（含下级组织）中', errors: [{ field: 'member_id', message: '该党员不在本组织（含下级组织）中' }] }, 422);
    const { w } = await mountPage();
    await w.get('[data-testid=transfer-start]').trigger('click');
    await settle();
    byTestid(w, 'MemberPicker', 'transfer-member').vm.$emit('update:modelValue', { id: 'm1', name: '张三' });
    byTestid(w, 'ElRadioGroup', 'transfer-kind').vm.$emit('update:modelValue', 'outgoing');
    await settle(2);
    expect($('[data-testid=transfer-to-org]')).toBeNull();
    await typeIn('[data-testid=transfer-to-name]', '中共某市某区委组织部');
    await typeIn('[data-testid=transfer-reason]', '迁居外省');
    await click('[data-testid=transfer-start-submit]');
    expect(writes(calls).map((c) => c.body)).toEqual([
      { member_id: 'm1', kind: 'outgoing', to_org_name: '中共某市某区委组织部', reason: '迁居外省', dues_paid_until: expect.stringMatching(/^\d{4}-\d{2}$/) },
    ]);
    await errorsShown();
    expect($('[data-testid=transfer-start-dialog]')!.textContent).toContain('该党员不在本组织（含下级组织）中');
    w.unmount();
  });
});

describe('register incoming', () => {
  beforeEach(() => {
    answers['POST /orgs/b1/transfers/incoming'] = () =>
      json(transfer({ id: 't8', kind: 'incoming', state: 'accepted', member_name: '周七', from_org_id: '', from_org_name: '中共某县委组织部', to_org_id: 'b1' }), 201);
  });

  it('registers the member with the letter, their ID number filling in birth date and gender', async () => {
    const { w, router } = await mountPage('?org=b1&tab=in');
    await w.get('[data-testid=transfer-register]').trigger('click');
    await settle();
    await typeIn('[data-testid=incoming-letter-no]', '〔2026〕第 015 号');
    await typeIn('[data-testid=incoming-from-org]', '中共某县委组织部');
    byTestid(w, 'ElDatePicker', 'incoming-issued-on').vm.$emit('update:modelValue', '2026-11-01');
    await typeIn('[data-testid=incoming-member-name]', '周七');
    await typeIn('[data-testid=incoming-member-id_number]', '11010519491231002X');
    await typeIn('[data-testid=incoming-member-phone]', '13800000001');
    byTestid(w, 'ElSelect', 'incoming-member-education').vm.$emit('update:modelValue', 'bachelor');
    byTestid(w, 'ElSelect', 'incoming-member-category').vm.$emit('update:modelValue', 'retired');
    byTestid(w, 'ElDatePicker', 'incoming-member-joined_on').vm.$emit('update:modelValue', '1975-07-01');
    await click('[data-testid=transfer-incoming-submit]');
    expect(writes(calls)).toHaveLength(0);
    await errorsShown();
    expect($('[data-testid=transfer-incoming-dialog]')!.textContent).toContain('正式党员须填写转正时间');
    byTestid(w, 'ElDatePicker', 'incoming-member-full_member_on').vm.$emit('update:modelValue', '1976-07-01');
    await click('[data-testid=transfer-incoming-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([
      ['/orgs/b1/transfers/incoming', {
        letter_no: '〔2026〕第 015 号', from_org_name: '中共某县委组织部', issued_on: '2026-11-01',
        name: '周七', id_number: '11010519491231002X', phone: '13800000001', birth_date: '1949-12-31', gender: 'female', ethnicity: '汉族',
        education: 'bachelor', category: 'retired', status: 'full', joined_on: '1975-07-01', full_member_on: '1976-07-01',
      }],
    ]);
    expect(router.currentRoute.value.fullPath).toBe('/transfers/t8?side=in');
    w.unmount();
  });
});
