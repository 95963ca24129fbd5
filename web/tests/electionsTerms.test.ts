// 任期与换届, 到期未换届 and 换届设置: the current term with its status and
// days, starting a plan, the overdue list with its keyset 加载更多, recording
// a written notice and reading those sent, the settings, and the empty and
// error states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import TermsView from '../src/console/views/TermsView.vue';
import OverdueTermsView from '../src/console/views/OverdueTermsView.vue';
import ElectionSettingsView from '../src/console/views/ElectionSettingsView.vue';
import { clearSession } from '../src/stores/session';
import { component, errorsShown, json, mockApi, settle, writes, type Answer, type Call } from './orglifeMock';
import { $, $$, byTestid, click, mountAt, signIn, typeIn } from './duesHarness';

const terms = (current: Record<string, unknown>) => ({
  org: { id: 'b1', name: '机关第一党支部', kind: 'branch' },
  current: { number: 2, start_on: '2023-03-01', end_on: '2026-03-01', status: 'overdue', days_left: -45, ...current },
  history: [
    { number: 2, start_on: '2023-03-01', end_on: '2026-03-01', election_id: 'e0' },
    { number: 1, start_on: '2020-03-01', end_on: '2023-03-01', election_id: '' },
  ],
  elections: [{ id: 'e0', state: 'completed', state_label: '换届完成', planned_on: '2023-03-01', completed_on: '2023-03-05', created_at: '' }],
});

const item = (id: string, name: string, days: number, notices = 0) => ({
  org_id: id, org_name: name, kind: 'branch', term_end: '2026-03-01', days_overdue: days, status: days > 0 ? 'overdue' : 'ending', notices, last_notice_on: notices ? '2026-04-01' : '',
});

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  signIn('org_admin');
  answers = {
    'GET /orgs/b1': () => json({ id: 'b1', name: '机关第一党支部', path: [] }),
    'GET /orgs/root': () => json({ id: 'root', name: '机关党委', path: [] }),
    'GET /orgs/b1/terms': () => json(terms({})),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

describe('TermsView', () => {
  it('shows the current term overdue with its days, the history and the elections', async () => {
    const { w } = await mountAt(TermsView, '/elections/terms?org=b1');
    expect(w.get('[data-testid=term-current]').text()).toContain('第 2 届');
    expect(w.get('[data-testid=term-status]').text()).toBe('已超期');
    expect(w.get('[data-testid=term-days]').text()).toBe('已超期 45 天');
    expect(w.findAll('[data-testid=term-history] .el-table__body tr')).toHaveLength(2);
    expect(w.get('[data-testid=election-state]').text()).toBe('换届完成');
    w.unmount();
  });

  it.each([
    ['ending', 30, '即将届满', '还有 30 天届满'],
    ['normal', 400, '正常', '还有 400 天届满'],
  ])('reads a %s term', async (status, days, tag, text) => {
    answers['GET /orgs/b1/terms'] = () => json(terms({ status, days_left: days }));
    const { w } = await mountAt(TermsView, '/elections/terms?org=b1');
    expect(w.get('[data-testid=term-status]').text()).toBe(tag);
    expect(w.get('[data-testid=term-days]').text()).toBe(text);
    w.unmount();
  });

  it('says when no term is recorded', async () => {
    answers['GET /orgs/b1/terms'] = () => json({ ...terms({ number: 0, start_on: '', end_on: '', status: 'none', days_left: null }), history: [], elections: [] });
    const { w } = await mountAt(TermsView, '/elections/terms?org=b1');
    expect(w.get('[data-testid=term-current]').text()).toContain('尚未登记任期');
    expect(w.find('[data-testid=term-days]').exists()).toBe(false);
    expect(w.get('[data-testid=term-history]').text()).toContain('暂无历届任期记录');
    expect(w.get('[data-testid=election-list]').text()).toContain('暂无换届选举');
    w.unmount();
  });

  it('starts a plan and opens the new election', async () => {
    answers['POST /orgs/b1/elections'] = (c) => json({ id: 'e9', ...(c.body as object) }, 201);
    const { w, router } = await mountAt(TermsView, '/elections/terms?org=b1');
    await w.get('[data-testid=election-new]').trigger('click');
    await settle();
    // A branch starts without a committee: no 差额 hint until seats are set.
    expect($('[data-testid=plan-candidates-hint]')).toBeNull();
    await click('[data-testid=election-create]');
    await errorsShown();
    expect($('[data-testid=election-new-dialog]')!.textContent).toContain('请选择选举日期');
    expect(writes(calls)).toEqual([]);
    byTestid(w, 'ElDatePicker', 'plan-date').vm.$emit('update:modelValue', '2026-05-20');
    byTestid(w, 'ElInputNumber', 'plan-seats-committee').vm.$emit('update:modelValue', 5);
    await settle(2);
    expect($('[data-testid=plan-candidates-hint]')!.textContent).toContain('至少 6 人');
    await typeIn('textarea[data-testid=plan-note]', ' 按期换届 ');
    await click('[data-testid=election-create]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([
      ['/orgs/b1/elections', { planned_on: '2026-05-20', seats_committee: 5, seats_secretary: 1, seats_deputy: 0, term_years: 0, method: '直接选举', note: '按期换届' }],
    ]);
    expect(router.currentRoute.value.path).toBe('/elections/e9');
    w.unmount();
  });

  it("shows the server's field error on the plan", async () => {
    answers['POST /orgs/b1/elections'] = () =>
      json({ status: 422, code: 'validation', detail: '提交的内容有误', errors: [{ field: 'seats_committee', message: '正式党员 7 人以上的支部应设支部委员会，委员应为 3 至 7 名' }] }, 422);
    const { w } = await mountAt(TermsView, '/elections/terms?org=b1');
    await w.get('[data-testid=election-new]').trigger('click');
    await settle();
    byTestid(w, 'ElDatePicker', 'plan-date').vm.$emit('update:modelValue', '2026-05-20');
    await settle(2);
    await click('[data-testid=election-create]');
    await errorsShown();
    expect($('[data-testid=election-new-dialog]')!.textContent).toContain('委员应为 3 至 7 名');
    w.unmount();
  });

  it('offers no new plan to a viewer, nor while an election is open', async () => {
    signIn('viewer');
    let { w } = await mountAt(TermsView, '/elections/terms?org=b1');
    expect(w.find('[data-testid=election-new]').exists()).toBe(false);
    w.unmount();
    signIn('org_admin');
    answers['GET /orgs/b1/terms'] = () => json({ ...terms({}), elections: [{ id: 'e1', state: 'voting', state_label: '选举中', planned_on: '2026-05-20', completed_on: '', created_at: '' }] });
    ({ w } = await mountAt(TermsView, '/elections/terms?org=b1'));
    expect(w.get('[data-testid=election-new]').attributes('disabled')).toBeDefined();
    w.unmount();
  });

  it('shows the error with a retry', async () => {
    answers['GET /orgs/b1/terms'] = () => json({ status: 404, code: 'not_found', detail: '记录不存在或无权访问' }, 404);
    const { w } = await mountAt(TermsView, '/elections/terms?org=b1');
    expect(w.get('[data-testid=terms-error]').text()).toContain('记录不存在或无权访问');
    answers['GET /orgs/b1/terms'] = () => json(terms({}));
    await w.get('[data-testid=terms-error] button').trigger('click');
    await settle();
    expect(w.find('[data-testid=terms-error]').exists()).toBe(false);
    expect(w.get('[data-testid=term-status]').text()).toBe('已超期');
    w.unmount();
  });
});

describe('OverdueTermsView', () => {
  beforeEach(() => {
    answers['GET /orgs/root/terms/overdue'] = (c) =>
      c.query.get('cursor')
        ? json({ items: [item('b3', '第三党支部', -20)], total_overdue: 2, next_cursor: '' })
        : json({ items: [item('b1', '第一党支部', 45, 2), item('b2', '第二党支部', 3)], total_overdue: 2, next_cursor: 'CUR' });
  });
  const mountPage = async (q = '') => (await mountAt(OverdueTermsView, '/elections/overdue?org=root' + q)).w;

  it('lists overdue and ending orgs with days and notices, and loads more after the cursor', async () => {
    const w = await mountPage();
    const first = calls.find((c) => c.path === '/orgs/root/terms/overdue')!;
    // No months chosen: the organization's setting applies.
    expect(first.query.has('within')).toBe(false);
    expect(w.get('[data-testid=overdue-total]').text()).toContain('2');
    expect(w.findAll('[data-testid=overdue-days]').map((x) => x.text())).toEqual(['已超期 45 天', '已超期 3 天']);
    expect(w.findAll('[data-testid=notice-count]').map((x) => x.text())).toEqual(['2 次', '未发']);
    await w.get('[data-testid=overdue-more]').trigger('click');
    await settle();
    expect(calls.filter((c) => c.path === '/orgs/root/terms/overdue').at(-1)!.query.get('cursor')).toBe('CUR');
    expect(w.findAll('[data-testid=overdue-days]').map((x) => x.text())).toEqual(['已超期 45 天', '已超期 3 天', '还有 20 天届满']);
    expect(w.findAll('[data-testid=overdue-status]').map((x) => x.text())).toEqual(['已超期', '已超期', '即将届满']);
    expect(w.find('[data-testid=overdue-more]').exists()).toBe(false);
    w.unmount();
  });

  it('asks for the months chosen', async () => {
    const w = await mountPage('&within=12');
    expect(calls.find((c) => c.path === '/orgs/root/terms/overdue')!.query.get('within')).toBe('12');
    w.unmount();
  });

  it('records a written notice and counts it on the row', async () => {
    answers['POST /orgs/root/terms/notices'] = (c) => json({ id: 'n1', org_name: '第二党支部', from_org_id: 'root', actor_name: 'U', at: '', ...(c.body as object) }, 201);
    const w = await mountPage();
    await w.findAll('[data-testid=term-notice-new]')[1].trigger('click');
    await settle();
    expect(($('textarea[data-testid=notice-text]') as HTMLTextAreaElement).value).toContain('第二党支部');
    await click('[data-testid=notice-submit]');
    await errorsShown();
    expect($('[data-testid=notice-dialog]')!.textContent).toContain('请填写文号');
    expect(writes(calls)).toEqual([]);
    await typeIn('input[data-testid=notice-doc-no]', '机工委〔2026〕12号');
    byTestid(w, 'ElDatePicker', 'notice-date').vm.$emit('update:modelValue', '2026-04-15');
    await settle(2);
    await click('[data-testid=notice-submit]');
    const body = writes(calls)[0].body as Record<string, string>;
    expect(writes(calls)[0].path).toBe('/orgs/root/terms/notices');
    expect(body).toMatchObject({ org_id: 'b2', doc_no: '机工委〔2026〕12号', sent_on: '2026-04-15' });
    expect(body.text).toContain('《中国共产党基层组织选举工作条例》');
    expect(w.findAll('[data-testid=notice-count]').map((x) => x.text())).toEqual(['2 次', '1 次']);
    w.unmount();
  });

  it('lists the notices sent to one org', async () => {
    answers['GET /orgs/root/terms/notices'] = () =>
      json({ items: [{ id: 'n1', org_id: 'b1', org_name: '第一党支部', from_org_id: 'root', from_org_name: '机关党委', doc_no: '机工委〔2026〕9号', sent_on: '2026-04-01', text: '请抓紧换届', actor_name: '王', at: '' }] });
    const w = await mountPage();
    await w.get('[data-testid=notice-count]').trigger('click');
    await settle();
    expect(calls.find((c) => c.path === '/orgs/root/terms/notices')!.query.get('org_id')).toBe('b1');
    expect($$('[data-testid=notice-item]')).toHaveLength(1);
    expect($('[data-testid=notices-drawer]')!.textContent).toContain('机工委〔2026〕9号');
    expect($('[data-testid=notices-drawer]')!.textContent).toContain('机关党委');
    w.unmount();
  });

  it('says when no lower org is overdue, and shows errors', async () => {
    answers['GET /orgs/root/terms/overdue'] = () => json({ items: [], total_overdue: 0, next_cursor: '' });
    let w = await mountPage();
    expect(w.get('[data-testid=overdue-table]').text()).toContain('没有超期或即将届满的下级党组织');
    w.unmount();
    answers['GET /orgs/root/terms/overdue'] = () => json({ status: 422, code: 'validation', detail: '提交的内容有误' }, 422);
    w = await mountPage();
    expect(w.get('[data-testid=overdue-error]').text()).toContain('提交的内容有误');
    w.unmount();
  });

  it('offers no notice to a viewer', async () => {
    signIn('viewer');
    const w = await mountPage();
    expect(w.find('[data-testid=term-notice-new]').exists()).toBe(false);
    w.unmount();
  });
});

describe('ElectionSettingsView', () => {
  const setting = (key: string, label: string, value: string, source: 'default' | 'own') => ({
    key, label, value, default: value, source, source_org_id: '', source_org_name: '', options: null,
  });

  it('shows the term lengths with their source and saves a change', async () => {
    answers['GET /orgs/root/elections/settings'] = () =>
      json({ org_id: 'root', items: [setting('elections.term_years_branch', '党支部每届任期（年）', '3', 'default'), setting('elections.ending_months', '任期届满前提示（月）', '6', 'own')] });
    answers['PUT /orgs/root/elections/settings'] = () => json({ org_id: 'root', items: [] });
    const { w } = await mountAt(ElectionSettingsView, '/elections/settings?org=root');
    expect(w.get('[data-testid="setting-source-elections.term_years_branch"]').text()).toBe('默认');
    expect(w.get('[data-testid="setting-hint-elections.term_years_branch"]').text()).toBe('每届任期 3 年');
    component(w, '[data-testid="setting-elections.term_years_branch"] .el-input-number').vm.$emit('update:modelValue', 5);
    await settle(2);
    await w.get('[data-testid=settings-save]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => [c.method, c.path, c.body])).toEqual([['PUT', '/orgs/root/elections/settings', { values: { 'elections.term_years_branch': '5' } }]]);
    w.unmount();
  });
});
