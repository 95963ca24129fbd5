// 两优一先 rounds of the page organization: the rounds opened here, above
// and below it (opened as the page organization where it nominates), 发起评选
// with every disqualifier of the catalogue preselected and the server's field
// errors, the disqualifier marks recorded and revoked with a reason, the
// read-only view, and the error state.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import CommendationRoundsView from '../src/console/views/CommendationRoundsView.vue';
import type { Catalog, Mark, Round } from '../src/api/commendations';
import { clearSession } from '../src/stores/session';
import { errorsShown, json, mockApi, settle, writes, type Answer, type Call } from './orglifeMock';
import { $, $$, byTestid, click, mountAt, signIn, typeIn } from './duesHarness';

const CATALOG: Catalog = {
  kinds: [
    { kind: 'excellent_member', label: '优秀共产党员', for_org: false },
    { kind: 'excellent_worker', label: '优秀党务工作者', for_org: false },
    { kind: 'advanced_org', label: '先进基层党组织', for_org: true },
  ],
  disqualifiers: [
    { key: 'admonished', label: '诫勉', manual: true },
    { key: 'disciplined', label: '受到党纪处分', manual: true },
    { key: 'org_handled', label: '受到组织处理', manual: true },
    { key: 'under_review', label: '正在接受审查', manual: true },
    { key: 'appraisal_low', label: '当年民主评议为基本合格或不合格', manual: false },
    { key: 'dues_arrears', label: '当年有欠缴党费提醒', manual: false },
  ],
};

const round = (over: Partial<Round>): Round => ({
  id: 'r1', org_id: 'c1', org_name: '机关党委', year: 2026, title: '2026年度“两优一先”评选表彰',
  kinds: [
    { kind: 'excellent_member', kind_label: '优秀共产党员', quota: 5, approved: 0, pending: 0 },
    { kind: 'advanced_org', kind_label: '先进基层党组织', quota: 2, approved: 0, pending: 0 },
  ],
  disqualifiers: [CATALOG.disqualifiers[0]], nominate_until: '2026-06-10', state: 'open', state_label: '评选中',
  created_by: '李部长', created_at: '', published_by: '', published_at: '', can_decide: true,
  ...over,
});

const mark = (over: Partial<Mark>): Mark => ({
  id: 'k1', member_id: 'm3', member_name: '赵六', member_org_id: 'b1', year: 2026, kind: 'admonished', kind_label: '诫勉',
  reason: '违反工作纪律', on: '2026-03-02', org_id: 'c1', org_name: '机关党委', recorded_by: '王书记', recorded_at: '2026-03-02T02:00:00Z',
  revoked: false, revoked_by: '', revoked_at: '', revoke_reason: '',
  ...over,
});

let answers: Record<string, Answer>;
let calls: Call[];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-05-10T04:00:00Z'));
  signIn('org_admin');
  answers = {
    'GET /orgs/c1': () => json({ id: 'c1', name: '机关党委', path: [{ id: 'w1', name: '市直机关工委' }, { id: 'c1', name: '机关党委' }] }),
    'GET /orgs/c1/commendations': () =>
      json({
        items: [
          round({ id: 'r0', org_id: 'w1', org_name: '市直机关工委', title: '市直机关2026年度“两优一先”', state: 'open' }),
          round({}),
          round({ id: 'r2', org_id: 'b1', org_name: '机关第一党支部', year: 2025, title: '2025年度支部表彰', state: 'closed', state_label: '已公布', kinds: [{ kind: 'excellent_member', kind_label: '优秀共产党员', quota: 1, approved: 1, pending: 0 }] }),
        ],
      }),
    'GET /commendations/catalog': () => json(CATALOG),
    'GET /orgs/c1/commendations/marks': () => json({ items: [mark({}), mark({ id: 'k2', member_name: '钱七', kind: 'under_review', kind_label: '正在接受审查', revoked: true, revoke_reason: '审查结束，未发现问题', revoked_by: '李委员' })] }),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const mountPage = () => mountAt(CommendationRoundsView, '/commendations?org=c1', '/commendations');
const cells = (testid: string) => $$(`[data-testid=${testid}] .el-table__body tr`).map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent?.trim() || ''));

describe('rounds', () => {
  it('lists the rounds opened here, above and below, with their quotas and states', async () => {
    const { w } = await mountPage();
    const rows = cells('rounds-table');
    expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual([
      ['2026', '市直机关2026年度“两优一先”', '市直机关工委 上级组织发起'],
      ['2026', '2026年度“两优一先”评选表彰', '机关党委 本组织发起'],
      ['2025', '2025年度支部表彰', '机关第一党支部 下级组织发起'],
    ]);
    expect(rows[1][3]).toBe('优秀共产党员 5 名，先进基层党组织 2 个');
    expect(rows.map((r) => r[5])).toEqual(['评选中', '评选中', '已公布']);
    // The catalogue is read only when a form opens.
    expect(calls.some((c) => c.path === '/commendations/catalog')).toBe(false);
    w.unmount();
  });

  it('opens a round it nominates to as the page organization, and a lower one as itself', async () => {
    const { w, router } = await mountPage();
    const open = () => w.findAll('[data-testid=rounds-table] .el-table__body [data-testid=round-open]');
    expect(open()).toHaveLength(3);
    await open()[0].trigger('click');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/commendations/r0?org=c1');
    await router.push('/commendations?org=c1');
    await settle();
    await open()[2].trigger('click');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/commendations/r2');
    w.unmount();
  });

  it('opens a round with the catalogue\'s disqualifiers preselected, checking the form first', async () => {
    answers['POST /orgs/c1/commendations'] = (c) => json(round({ id: 'r9', ...(c.body as object) }));
    const { w, router } = await mountPage();
    await w.get('[data-testid=round-new]').trigger('click');
    await settle();
    expect($$('[data-testid=round-disqualifiers] .el-checkbox.is-checked').map((c) => c.textContent?.trim())).toEqual([
      '诫勉', '受到党纪处分', '受到组织处理', '正在接受审查', '当年民主评议为基本合格或不合格', '当年有欠缴党费提醒',
    ]);
    expect(($('[data-testid=round-title]') as HTMLInputElement).value).toBe('2026年度“两优一先”评选表彰');
    // Without the closing date nothing is sent.
    await click('[data-testid=round-submit]');
    await errorsShown();
    expect(writes(calls)).toEqual([]);
    expect($('[data-testid=round-dialog]')!.textContent).toContain('请选择提名截止日期');

    expect(($('[data-testid=round-dialog]')!.textContent)).toContain('先进基层党组织个');
    byTestid(w, 'ElInputNumber', 'round-year').vm.$emit('update:modelValue', 2025);
    await settle();
    expect(($('[data-testid=round-title]') as HTMLInputElement).value).toBe('2025年度“两优一先”评选表彰');
    byTestid(w, 'ElInputNumber', 'round-quota-excellent_member').vm.$emit('update:modelValue', 3);
    byTestid(w, 'ElCheckbox', 'round-kind-excellent_worker').vm.$emit('update:modelValue', false);
    byTestid(w, 'ElCheckboxGroup', 'round-disqualifiers').vm.$emit('update:modelValue', ['admonished', 'disciplined', 'dues_arrears']);
    byTestid(w, 'ElDatePicker', 'round-until').vm.$emit('update:modelValue', '2026-06-10');
    await settle();
    await click('[data-testid=round-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([
      ['/orgs/c1/commendations', {
        year: 2025, title: '2025年度“两优一先”评选表彰',
        kinds: [{ kind: 'excellent_member', quota: 3 }, { kind: 'advanced_org', quota: 1 }],
        disqualifiers: ['admonished', 'disciplined', 'dues_arrears'], nominate_until: '2026-06-10',
      }],
    ]);
    expect(router.currentRoute.value.fullPath).toBe('/commendations/r9?org=c1');
    w.unmount();
  });

  it('needs at least one kind and shows the server\'s field errors', async () => {
    answers['POST /orgs/c1/commendations'] = () =>
      json({ status: 422, code: 'invalid', detail: '提交的内容有误', errors: [{ field: 'kinds', message: '优秀共产党员名额应为 1–10000' }, { field: 'nominate_until', message: '提名截止日期应为今天或以后的日期（YYYY-MM-DD）' }] }, 422);
    const { w } = await mountPage();
    await w.get('[data-testid=round-new]').trigger('click');
    await settle();
    for (const k of ['excellent_member', 'excellent_worker', 'advanced_org']) byTestid(w, 'ElCheckbox', `round-kind-${k}`).vm.$emit('update:modelValue', false);
    byTestid(w, 'ElDatePicker', 'round-until').vm.$emit('update:modelValue', '2026-05-01');
    await settle();
    await click('[data-testid=round-submit]');
    await errorsShown();
    expect(writes(calls)).toEqual([]);
    expect($('[data-testid=round-dialog]')!.textContent).toContain('请至少选择一个表彰类别');

    byTestid(w, 'ElCheckbox', 'round-kind-excellent_member').vm.$emit('update:modelValue', true);
    await settle();
    await click('[data-testid=round-submit]');
    await errorsShown();
    const text = $('[data-testid=round-dialog]')!.textContent;
    expect(text).toContain('优秀共产党员名额应为 1–10000');
    expect(text).toContain('提名截止日期应为今天或以后的日期（YYYY-MM-DD）');
    w.unmount();
  });

  it('shows the error of the list with a retry, and no write for a viewer', async () => {
    answers['GET /orgs/c1/commendations'] = () => json({ status: 403, code: 'forbidden', detail: '您没有执行此操作的权限' }, 403);
    const { w } = await mountPage();
    expect(w.get('[data-testid=commendations-error]').text()).toContain('您没有执行此操作的权限');
    w.unmount();

    clearSession();
    signIn('viewer');
    answers['GET /orgs/c1/commendations'] = () => json({ items: [] });
    const { w: w2 } = await mountPage();
    expect(w2.get('[data-testid=rounds-empty]').text()).toBe('暂无表彰评选');
    expect(w2.find('[data-testid=round-new]').exists()).toBe(false);
    expect(w2.find('[data-testid=mark-new]').exists()).toBe(false);
    expect(w2.find('[data-testid=mark-revoke]').exists()).toBe(false);
    w2.unmount();
  });
});

describe('marks', () => {
  it('lists the marks, a revoked one with its reason', async () => {
    const { w } = await mountPage();
    const rows = cells('marks-table');
    expect(rows.map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
      ['赵六', '2026', '诫勉', '违反工作纪律'],
      ['钱七', '2026', '正在接受审查', '违反工作纪律'],
    ]);
    expect(rows[0][5]).toBe('机关党委 · 王书记2026-03-02 10:00:00');
    expect(rows[0][6]).toContain('有效');
    expect(rows[1][6]).toContain('已撤销');
    expect(rows[1][6]).toContain('审查结束，未发现问题（李委员）');
    expect($$('[data-testid=marks-table] .el-table__body [data-testid=mark-revoke]')).toHaveLength(1);
    w.unmount();
  });

  it('records a mark for a member chosen in the organization, checking the form first', async () => {
    answers['GET /members'] = () => json({ items: [{ id: 'm5', name: '孙八', org_name: '机关第二党支部', phone: '' }], total: 1 });
    answers['POST /orgs/c1/commendations/marks'] = (c) => json(mark({ id: 'k9', member_name: '孙八', ...(c.body as object), kind_label: '受到党纪处分' }));
    const { w } = await mountPage();
    await w.get('[data-testid=mark-new]').trigger('click');
    await settle();
    await click('[data-testid=mark-submit]');
    await errorsShown();
    expect(writes(calls)).toEqual([]);
    const dialog = $('[data-testid=mark-dialog]')!.textContent;
    expect(calls.filter((c) => c.path === '/commendations/catalog')).toHaveLength(1);
    expect(dialog).toContain('请选择党员');
    expect(dialog).toContain('请选择情形');
    expect(dialog).toContain('请填写事由');

    ($('[data-testid=mark-member-input]') as HTMLInputElement).focus();
    await settle();
    expect(calls.find((c) => c.path === '/members')!.query.get('org')).toBe('c1');
    await click('[data-testid=mark-member-option]');
    byTestid(w, 'ElSelect', 'mark-kind').vm.$emit('update:modelValue', 'disciplined');
    await typeIn('[data-testid=mark-reason]', '受到党内警告处分');
    await click('[data-testid=mark-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([
      ['/orgs/c1/commendations/marks', { member_id: 'm5', year: 2026, kind: 'disciplined', reason: '受到党内警告处分', on: '2026-05-10' }],
    ]);
    expect(cells('marks-table')[0].slice(0, 4)).toEqual(['孙八', '2026', '受到党纪处分', '受到党内警告处分']);
    w.unmount();
  });

  it('revokes a mark only with a reason', async () => {
    answers['POST /commendations/marks/k1/revoke'] = (c) => json(mark({ revoked: true, revoke_reason: (c.body as { reason: string }).reason, revoked_by: 'U' }));
    const { w } = await mountPage();
    await click('[data-testid=marks-table] .el-table__body [data-testid=mark-revoke]');
    await click('[data-testid=reason-submit]');
    expect($('[data-testid=reason-error]')!.textContent).toBe('请填写原因');
    expect(writes(calls)).toEqual([]);
    await typeIn('[data-testid=reason-input]', '经复核不属实');
    await click('[data-testid=reason-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([['/commendations/marks/k1/revoke', { reason: '经复核不属实' }]]);
    expect(cells('marks-table')[0][6]).toContain('经复核不属实（U）');
    expect($$('[data-testid=marks-table] .el-table__body [data-testid=mark-revoke]')).toHaveLength(0);
    w.unmount();
  });
});
