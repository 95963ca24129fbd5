// One commendation round: quotas and their use, per kind the candidates with
// the server's reasons why one may not be nominated, 提名 that needs the
// deeds and shows a refusal's reasons, decisions by the round's organization
// only (can_decide; a 403 upper_only said plainly), 不批准 with a reason,
// 撤回, 公布结果, candidates of the organization the page came from, and the
// error states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import CommendationRoundView from '../src/console/views/CommendationRoundView.vue';
import type { EligibilityItem, Nomination, RoundDetail } from '../src/api/commendations';
import { clearSession } from '../src/stores/session';
import { errorsShown, json, mockApi, problem, settle, writes, type Answer, type Call } from './orglifeMock';
import { $, $$, byTestid, click, mountAt, signIn, typeIn } from './duesHarness';

const nomination = (over: Partial<Nomination>): Nomination => ({
  id: 'n1', round_id: 'r1', kind: 'excellent_member', kind_label: '优秀共产党员', member_id: 'm1', org_id: 'b1', name: '王一',
  deeds: '带头完成年度重点任务', state: 'approved', state_label: '已批准', nominated_by_org_id: 'b1', nominated_by_org_name: '机关第一党支部',
  nominated_by: '王书记', nominated_at: '2026-05-08T02:00:00Z', decided_by: '', decided_at: '', decision_note: '', eligible: true, reasons: [],
  ...over,
});

let current: RoundDetail;
let answers: Record<string, Answer>;
let calls: Call[];

let members: EligibilityItem[];
const ORGS: EligibilityItem[] = [
  { org_id: 'b1', name: '机关第一党支部', org_name: '机关党委', eligible: true, reasons: [], nomination_state: '' },
  { org_id: 'g1', name: '第一党小组', org_name: '机关第一党支部', eligible: false, reasons: ['仅基层党组织可评为先进基层党组织'], nomination_state: '' },
];

beforeEach(() => {
  signIn('org_admin');
  current = {
    id: 'r1', org_id: 'c1', org_name: '机关党委', year: 2026, title: '2026年度“两优一先”评选表彰',
    kinds: [
      { kind: 'excellent_member', kind_label: '优秀共产党员', quota: 2, approved: 1, pending: 1 },
      { kind: 'advanced_org', kind_label: '先进基层党组织', quota: 1, approved: 0, pending: 0 },
    ],
    disqualifiers: [{ key: 'admonished', label: '诫勉', manual: true }, { key: 'appraisal_low', label: '当年民主评议为基本合格或不合格', manual: false }],
    nominate_until: '2026-06-10', state: 'open', state_label: '评选中', created_by: '李部长', created_at: '2026-05-01T02:00:00Z',
    published_by: '', published_at: '', can_decide: true,
    nominations: [nomination({}), nomination({ id: 'n2', member_id: 'm2', name: '李二', deeds: '抗洪救灾一线突击队长', state: 'pending', state_label: '待审批' })],
  };
  members = [
    { member_id: 'm1', org_id: 'b1', name: '王一', org_name: '机关第一党支部', eligible: true, reasons: [], nomination_state: 'approved' },
    { member_id: 'm3', org_id: 'b1', name: '张三', org_name: '机关第一党支部', eligible: true, reasons: null, nomination_state: '' },
    { member_id: 'm4', org_id: 'b2', name: '赵四', org_name: '机关第二党支部', eligible: false, reasons: ['预备党员不能评为优秀共产党员'], nomination_state: '' },
    { member_id: 'm5', org_id: 'b2', name: '钱五', org_name: '机关第二党支部', eligible: false, reasons: ['2026年受到诫勉', '当年民主评议为基本合格或不合格'], nomination_state: '' },
  ];
  answers = {
    'GET /commendations/r1': () => json(current),
    'GET /commendations/r1/eligibility': (c) => json({ round_id: 'r1', kind: c.query.get('kind'), items: c.query.get('kind') === 'advanced_org' ? ORGS : members }),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const mountPage = async (query = '') => (await mountAt(CommendationRoundView, `/commendations/r1${query}`, '/commendations/:id')).w;
const body = (testid: string) => `[data-testid=${testid}] .el-table__body`;
const rowsText = (testid: string) => $$(`${body(testid)} tr`).map((r) => r.textContent || '');
/** The candidate row of name (its test id is on the name cell). */
const candidate = (name: string) => $$(`${body('eligibility-table')} tr`).find((r) => r.querySelector('[data-testid=eligibility-name]')?.textContent === name)!;
const eligibilityCalls = () => calls.filter((c) => c.path === '/commendations/r1/eligibility').map((c) => [c.query.get('kind'), c.query.get('org_id')]);

describe('CommendationRoundView', () => {
  it('shows the round, the quota used, the nominations and the candidates with the reasons against them', async () => {
    const w = await mountPage();
    expect(w.get('[data-testid=round-title]').text()).toBe('2026年度“两优一先”评选表彰');
    expect(w.get('[data-testid=round-state]').text()).toBe('评选中');
    expect(w.get('[data-testid=round-disqualifiers]').text()).toBe('诫勉；当年民主评议为基本合格或不合格');
    expect(w.get('[data-testid=quota-excellent_member]').text()).toBe('优秀共产党员已批准 1 / 名额 2待审批 1');
    expect(w.get('[data-testid=quota-advanced_org]').text()).toBe('先进基层党组织已批准 0 / 名额 1待审批 0');

    const noms = rowsText('nominations-table');
    expect(noms).toHaveLength(2);
    expect(noms[1]).toContain('李二');
    expect(noms[1]).toContain('抗洪救灾一线突击队长');
    expect(noms[1]).toContain('待审批');

    expect(eligibilityCalls()).toEqual([['excellent_member', null]]);
    expect(w.get('[data-testid=eligibility-count]').text()).toBe('共 4 个，符合条件 2 个');
    expect(candidate('赵四').querySelector('[data-testid=eligibility-reasons]')!.textContent).toContain('预备党员不能评为优秀共产党员');
    const qian = Array.from(candidate('钱五').querySelectorAll('[data-testid=eligibility-reasons] li')).map((li) => li.textContent);
    expect(qian).toEqual(['2026年受到诫勉', '当年民主评议为基本合格或不合格']);
    // Already nominated: no second nomination; the ineligible have no button.
    expect(candidate('王一').querySelector('[data-testid=eligibility-nominated]')!.textContent!.trim()).toBe('已批准');
    expect(candidate('王一').querySelector('[data-testid=nominate-button]')).toBeNull();
    expect(candidate('张三').querySelector('[data-testid=nominate-button]')).not.toBeNull();
    expect(candidate('赵四').querySelector('[data-testid=nominate-button]')).toBeNull();

    byTestid(w, 'ElSwitch', 'eligibility-only').vm.$emit('update:modelValue', true);
    await settle();
    expect($$(`${body('eligibility-table')} [data-testid=eligibility-name]`).map((e) => e.textContent)).toEqual(['王一', '张三']);
    w.unmount();
  });

  it('nominates only with the deeds written', async () => {
    answers['POST /commendations/r1/nominations'] = (c) => {
      const n = nomination({ id: 'n3', member_id: 'm3', name: '张三', state: 'pending', state_label: '待审批', deeds: (c.body as { deeds: string }).deeds });
      current = { ...current, nominations: [...(current.nominations || []), n] };
      members = members.map((m) => (m.member_id === 'm3' ? { ...m, nomination_state: 'pending' } : m));
      return json(n, 201);
    };
    const w = await mountPage();
    (candidate('张三').querySelector('[data-testid=nominate-button]') as HTMLElement).click();
    await settle();
    expect($('[data-testid=nominate-dialog]')!.textContent).toContain('张三（机关第一党支部）');
    await typeIn('[data-testid=nominate-deeds]', '   ');
    await click('[data-testid=nominate-submit]');
    await errorsShown();
    expect(writes(calls)).toEqual([]);
    expect($('[data-testid=nominate-dialog]')!.textContent).toContain('请填写主要事迹');

    await typeIn('[data-testid=nominate-deeds]', ' 连续三年驻村帮扶，带领村民脱贫 ');
    await click('[data-testid=nominate-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([
      ['/commendations/r1/nominations', { kind: 'excellent_member', member_id: 'm3', deeds: '连续三年驻村帮扶，带领村民脱贫' }],
    ]);
    expect(rowsText('nominations-table').at(-1)).toContain('连续三年驻村帮扶，带领村民脱贫');
    expect(candidate('张三').querySelector('[data-testid=eligibility-nominated]')!.textContent!.trim()).toBe('已提名，待审批');
    expect(candidate('张三').querySelector('[data-testid=nominate-button]')).toBeNull();
    w.unmount();
  });

  it('shows the reasons of a refused nomination in the dialog', async () => {
    answers['POST /commendations/r1/nominations'] = () =>
      json({ status: 422, code: 'invalid', detail: '提交的内容有误', errors: [{ field: 'member_id', code: 'ineligible', message: '2026年受到诫勉' }, { field: 'member_id', code: 'ineligible', message: '当年有欠缴党费提醒' }] }, 422);
    const w = await mountPage();
    (candidate('张三').querySelector('[data-testid=nominate-button]') as HTMLElement).click();
    await settle();
    await typeIn('[data-testid=nominate-deeds]', '事迹');
    await click('[data-testid=nominate-submit]');
    const err = $('[data-testid=nominate-error]')!;
    expect(err.textContent).toContain('提交的内容有误');
    expect(Array.from(err.querySelectorAll('li')).map((li) => li.textContent)).toEqual(['2026年受到诫勉', '当年有欠缴党费提醒']);
    expect($('[data-testid=nominate-dialog]')).not.toBeNull();
    w.unmount();
  });

  it('nominates an organization under its own kind', async () => {
    answers['POST /commendations/r1/nominations'] = (c) => json(nomination({ id: 'n4', kind: 'advanced_org', member_id: '', ...(c.body as object) }), 201);
    const w = await mountPage();
    byTestid(w, 'ElTabs', 'eligibility-kinds').vm.$emit('update:modelValue', 'advanced_org');
    await settle();
    expect(eligibilityCalls().at(-1)).toEqual(['advanced_org', null]);
    expect(candidate('第一党小组').querySelector('[data-testid=eligibility-reasons]')!.textContent).toContain('仅基层党组织可评为先进基层党组织');
    // 王一's nomination is of another kind: the branch may still be nominated.
    (candidate('机关第一党支部').querySelector('[data-testid=nominate-button]') as HTMLElement).click();
    await settle();
    await typeIn('[data-testid=nominate-deeds]', '“三会一课”规范落实');
    await click('[data-testid=nominate-submit]');
    expect(writes(calls).map((c) => c.body)).toEqual([{ kind: 'advanced_org', org_id: 'b1', deeds: '“三会一课”规范落实' }]);
    w.unmount();
  });

  it('lists the candidates of the organization the page came from', async () => {
    answers['GET /orgs/b1'] = () => json({ id: 'b1', name: '机关第一党支部', path: [] });
    const w = await mountPage('?org=b1');
    expect(eligibilityCalls()).toEqual([['excellent_member', 'b1']]);
    expect($('[data-testid=eligibility-org-selected]')!.textContent).toContain('机关第一党支部');
    w.unmount();
  });

  it('tells a lower organization plainly that the round\'s organization decides', async () => {
    current.can_decide = false;
    const w = await mountPage();
    expect(w.get('[data-testid=round-upper-decides]').text()).toBe('本次评选由机关党委审批；本组织可以提名、撤回本组织的提名。');
    expect($$(`${body('nominations-table')} [data-testid=nomination-approve]`)).toHaveLength(0);
    expect($$(`${body('nominations-table')} [data-testid=nomination-withdraw]`)).toHaveLength(1);
    expect(w.find('[data-testid=round-publish]').exists()).toBe(false);
    w.unmount();

    // Should the server refuse all the same (rights changed meanwhile), it says who decides.
    current.can_decide = true;
    answers['POST /commendations/nominations/n2/approve'] = () => problem(403, 'upper_only', '须由表彰组织审批');
    const w2 = await mountPage();
    await click(`${body('nominations-table')} [data-testid=nomination-approve]`);
    expect(w2.get('[data-testid=decision-error]').text()).toBe('须由表彰组织审批：本次评选由机关党委审批，下级组织只能提名。');
    expect(rowsText('nominations-table')[1]).toContain('待审批');
    w2.unmount();
  });

  it('warns of a nominee who is no longer eligible', async () => {
    current.nominations = [nomination({ eligible: false, reasons: ['2026年受到诫勉'] })];
    const w = await mountPage();
    expect(w.get('[data-testid=nomination-ineligible]').text()).toBe('已不符合条件：2026年受到诫勉');
    w.unmount();
  });

  it('approves within the quota, and says when the quota is full', async () => {
    answers['POST /commendations/nominations/n2/approve'] = () => {
      current = {
        ...current,
        kinds: current.kinds.map((k) => (k.kind === 'excellent_member' ? { ...k, approved: 2, pending: 0 } : k)),
        nominations: current.nominations!.map((n) => (n.id === 'n2' ? { ...n, state: 'approved', state_label: '已批准' } : n)),
      };
      return json(current.nominations![1]);
    };
    const w = await mountPage();
    await click(`${body('nominations-table')} [data-testid=nomination-approve]`);
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([['/commendations/nominations/n2/approve', { note: '' }]]);
    expect(w.get('[data-testid=quota-excellent_member]').text()).toBe('优秀共产党员已批准 2 / 名额 2待审批 0');
    expect(w.get('[data-testid=quota-excellent_member] .quota-figure').classes()).toContain('full');
    expect($$(`${body('nominations-table')} [data-testid=nomination-approve]`)).toHaveLength(0);
    w.unmount();

    current.nominations = [nomination({}), nomination({ id: 'n2', member_id: 'm2', name: '李二', state: 'pending' })];
    answers['POST /commendations/nominations/n2/approve'] = () => problem(409, 'quota_full', '优秀共产党员名额已满（2名）');
    const w2 = await mountPage();
    await click(`${body('nominations-table')} [data-testid=nomination-approve]`);
    expect(w2.get('[data-testid=decision-error]').text()).toBe('优秀共产党员名额已满（2名）');
    w2.unmount();
  });

  it('rejects with a reason, and withdraws after a confirmation', async () => {
    answers['POST /commendations/nominations/n2/reject'] = () => {
      current = { ...current, nominations: current.nominations!.map((n) => (n.id === 'n2' ? { ...n, state: 'rejected', state_label: '未批准', decision_note: '事迹材料不充分' } : n)) };
      return json(current.nominations![1]);
    };
    answers['DELETE /commendations/nominations/n2'] = () => new Response(null, { status: 204 });
    const w = await mountPage();
    await click(`${body('nominations-table')} [data-testid=nomination-reject]`);
    await typeIn('[data-testid=reason-input]', '事迹材料不充分');
    await click('[data-testid=reason-submit]');
    expect(writes(calls).map((c) => [c.method, c.path, c.body])).toEqual([['POST', '/commendations/nominations/n2/reject', { note: '事迹材料不充分' }]]);
    expect(rowsText('nominations-table')[1]).toContain('未批准事迹材料不充分');
    w.unmount();

    current.nominations = [nomination({}), nomination({ id: 'n2', member_id: 'm2', name: '李二', state: 'pending' })];
    const w2 = await mountPage();
    await click(`${body('nominations-table')} [data-testid=nomination-withdraw]`);
    current.nominations = [nomination({}), nomination({ id: 'n2', member_id: 'm2', name: '李二', state: 'withdrawn', state_label: '已撤回' })];
    await click('.nomination-withdraw-ok');
    expect(writes(calls).at(-1)).toMatchObject({ method: 'DELETE', path: '/commendations/nominations/n2' });
    expect(rowsText('nominations-table')[1]).toContain('已撤回');
    expect($$(`${body('nominations-table')} [data-testid=nomination-withdraw]`)).toHaveLength(0);
    w2.unmount();
  });

  it('publishes the results after a confirmation and closes the round', async () => {
    answers['POST /commendations/r1/publish'] = () => {
      current = { ...current, state: 'closed', state_label: '已公布', published_by: '李部长', published_at: '2026-06-20T02:00:00Z' };
      return json(current);
    };
    const w = await mountPage();
    await w.get('[data-testid=round-publish]').trigger('click');
    await settle();
    expect($('.el-message-box')!.textContent).toContain('已批准的 1 项表彰将记入党员档案');
    await click('.round-publish-ok');
    expect(writes(calls).map((c) => c.path)).toEqual(['/commendations/r1/publish']);
    expect(w.get('[data-testid=round-state]').text()).toBe('已公布');
    expect(w.text()).toContain('李部长 · 2026-06-20 10:00:00');
    expect(w.find('[data-testid=round-publish]').exists()).toBe(false);
    expect($$(`${body('eligibility-table')} [data-testid=nominate-button]`)).toHaveLength(0);
    expect($$(`${body('nominations-table')} [data-testid=nomination-approve]`)).toHaveLength(0);
    w.unmount();
  });

  it('shows a refused publication', async () => {
    answers['POST /commendations/r1/publish'] = () => problem(409, 'pending_nominations', '尚有待审批的提名（李二等），请先审批');
    const w = await mountPage();
    await w.get('[data-testid=round-publish]').trigger('click');
    await settle();
    await click('.round-publish-ok');
    expect(w.get('[data-testid=decision-error]').text()).toBe('尚有待审批的提名（李二等），请先审批');
    expect(w.get('[data-testid=round-state]').text()).toBe('评选中');
    w.unmount();
  });

  it('lets a viewer read without acting', async () => {
    clearSession();
    signIn('viewer');
    const w = await mountPage();
    expect(w.find('[data-testid=round-publish]').exists()).toBe(false);
    expect($$('[data-testid=nominate-button]')).toHaveLength(0);
    expect($$('[data-testid=nomination-approve]')).toHaveLength(0);
    expect(candidate('赵四').textContent).toContain('预备党员不能评为优秀共产党员');
    w.unmount();
  });

  it('shows the errors of the round and of the candidates', async () => {
    answers['GET /commendations/r1/eligibility'] = () => problem(403, 'forbidden', '您没有执行此操作的权限');
    const w = await mountPage();
    expect(w.get('[data-testid=eligibility-error]').text()).toContain('您没有执行此操作的权限');
    expect(w.get('[data-testid=eligibility-empty]').text()).toBe('没有候选对象');
    w.unmount();

    answers['GET /commendations/r1'] = () => problem(404, 'not_found', '记录不存在或无权访问');
    const w2 = await mountPage();
    expect(w2.get('[data-testid=round-error]').text()).toContain('记录不存在或无权访问');
    expect(w2.find('[data-testid=round-publish]').exists()).toBe(false);
    w2.unmount();
  });
});
