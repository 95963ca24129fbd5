// 换届选举 as a workflow: the plan submitted and decided only by whom the
// server says decides (can_decide), candidates among full members with the
// server's 差额 minimum and its refusal, 应到会 from the server, rounds with the server's outcome (revote, unfilled,
// explanation) and refusals, officers chosen among the elected and approved,
// completion showing the new term and posts, and the error state.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ElectionDetailView from '../src/console/views/ElectionDetailView.vue';
import type { Election, PostProgress } from '../src/api/elections';
import { clearSession } from '../src/stores/session';
import { json, mockApi, settle, writes, type Answer, type Call } from './orglifeMock';
import { $, $$, byTestid, click, mountAt, signIn, typeIn } from './duesHarness';

const NAMES: Record<string, string> = { m1: '王一', m2: '李二', m3: '张三', m4: '赵四', m5: '钱五', m6: '孙六' };
const cands = Object.entries(NAMES).map(([member_id, name]) => ({ member_id, name, post: 'committee', post_label: '委员', elected: false }));
const progress = (p: Partial<PostProgress> = {}): PostProgress => ({
  post: 'committee', label: '委员', seats: 5, elected: [], revote: [], revote_seats: 0, open: 5, next: 'first', min_candidates: 6, ...p,
});

function election(over: Partial<Election> = {}): Election {
  return {
    id: 'e1', org_id: 'b1', org_name: '机关第一党支部', org_kind: 'branch', state: 'draft', state_label: '拟订方案',
    plan: { planned_on: '2026-05-20', seats_committee: 5, seats_secretary: 1, seats_deputy: 1, term_years: 3, method: '直接选举', note: '' },
    candidates: [], posts: [progress()], rounds: [], officers: null, approvals: [], approved_on: '', return_reason: '', cancel_reason: '',
    completed_on: '', term: null, version: 1, created_at: '', can_decide: false, voters_expected: 20,
    ...over,
  };
}

const round = (over: Record<string, unknown>) => ({
  id: 'r1', no: 1, held_on: '2026-05-20', post: 'committee', post_label: '委员', kind: 'first', kind_label: '正式选举', seats: 5,
  expected: 20, present: 18, ballots_issued: 18, ballots_returned: 18, invalid_ballots: 0, excluded: [],
  votes: { m1: 17, m2: 16, m3: 15, m4: 12, m5: 12, m6: 3 }, elected: ['m1', 'm2', 'm3'], revote: ['m4', 'm5'], revote_seats: 2, unfilled: 0,
  explanation: '应到会有选举权的党员 20 人，候选人得票须超过半数（至少 11 票）方可当选；5 人得票过半。当选 3 人。2 名候选人得票相等……', actor_name: 'U', at: '',
  ...over,
});

let current: Election;
let answers: Record<string, Answer>;
let calls: Call[];

beforeEach(() => {
  signIn('org_admin');
  current = election();
  answers = {
    'GET /elections/e1': () => json(current),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

/** answer makes POST/PUT path answer the election changed by over (and GET too, afterwards). */
function answer(key: string, over: Partial<Election>) {
  answers[key] = () => {
    current = election({ ...current, ...over });
    return json(current);
  };
}

const mountPage = async () => (await mountAt(ElectionDetailView, '/elections/e1', '/elections/:id')).w;
/** The step in progress, and how many are done. */
const processing = () => $('[data-testid=election-steps] .el-step__title.is-process')?.textContent || '';
const done = () => $$('[data-testid=election-steps] .el-step__title.is-success').length;

describe('plan', () => {
  it('shows a returned draft with its reason, edits and submits it', async () => {
    current = election({ return_reason: '委员名额与党员人数不符' });
    answer('PUT /elections/e1/plan', { plan: { ...current.plan, seats_committee: 7 }, posts: [progress({ seats: 7, open: 7, min_candidates: 9 })] });
    answer('POST /elections/e1/submit', { state: 'submitted', state_label: '待上级审批' });
    const w = await mountPage();
    expect(w.get('[data-testid=plan-returned]').text()).toContain('委员名额与党员人数不符');
    expect(w.get('[data-testid=plan-view]').text()).toContain('委员 5 名（书记 1 名、副书记 1 名由委员会选举）');
    expect(w.get('[data-testid=plan-candidates-min]').text()).toBe('委员候选人应多于应选人数20%（差额选举），应选 5 名，至少 6 人');
    await w.get('[data-testid=plan-edit]').trigger('click');
    await settle();
    byTestid(w, 'ElInputNumber', 'plan-seats-committee').vm.$emit('update:modelValue', 7);
    await settle(2);
    expect(w.get('[data-testid=plan-candidates-hint]').text()).toContain('至少 9 人');
    await w.get('[data-testid=plan-save]').trigger('click');
    await settle();
    // The minimum is the server's, for the seats saved.
    expect(w.get('[data-testid=plan-candidates-min]').text()).toContain('应选 7 名，至少 9 人');
    await w.get('[data-testid=election-submit]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => [c.method, c.path])).toEqual([
      ['PUT', '/elections/e1/plan'],
      ['POST', '/elections/e1/submit'],
    ]);
    expect((writes(calls)[0].body as { seats_committee: number }).seats_committee).toBe(7);
    expect(w.get('[data-testid=election-state]').text()).toBe('待上级审批');
    // The org waits: it cannot decide its own plan.
    expect(w.find('[data-testid=election-submit]').exists()).toBe(false);
    expect(w.find('[data-testid=election-approve]').exists()).toBe(false);
    w.unmount();
  });

  it('lets the upper organization approve with a note or return with a reason', async () => {
    current = election({ state: 'submitted', state_label: '待上级审批', can_decide: true });
    answer('POST /elections/e1/return', { state: 'draft', state_label: '拟订方案', return_reason: '请补充候选人' });
    const w = await mountPage();
    await w.get('[data-testid=election-return]').trigger('click');
    await settle();
    await typeIn('[data-testid=reason-input]', '请补充候选人');
    await click('[data-testid=reason-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([['/elections/e1/return', { reason: '请补充候选人' }]]);
    expect(w.get('[data-testid=plan-returned]').text()).toContain('请补充候选人');
    w.unmount();

    current = election({ state: 'submitted', state_label: '待上级审批', can_decide: true });
    answer('POST /elections/e1/approve', { state: 'approved', state_label: '上级已批复', approved_on: '2026-04-01' });
    const w2 = await mountPage();
    await w2.get('[data-testid=election-approve]').trigger('click');
    await settle();
    const input = document.querySelector<HTMLInputElement>('.el-message-box input')!;
    input.value = '同意';
    input.dispatchEvent(new Event('input'));
    await settle(2);
    await click('.plan-approve-ok');
    expect(writes(calls).at(-1)).toMatchObject({ path: '/elections/e1/approve', body: { note: '同意' } });
    // Approved: the page moves on to the candidates.
    expect(w2.find('[data-testid=step-candidates]').exists()).toBe(true);
    w2.unmount();
  });

  it('shows no decision to whom the server says does not decide, whatever the roles', async () => {
    current = election({ state: 'submitted', state_label: '待上级审批', can_decide: false });
    const w = await mountPage();
    expect(w.find('[data-testid=election-approve]').exists()).toBe(false);
    expect(w.find('[data-testid=election-return]').exists()).toBe(false);
    expect(w.get('[data-testid=step-plan]').text()).toContain('已报上级党组织审批');
    // Nothing is guessed from the organization's ancestors.
    expect(calls.map((c) => c.path)).toEqual(['/elections/e1']);
    w.unmount();
  });
});

describe('candidates', () => {
  beforeEach(() => {
    current = election({ state: 'approved', state_label: '上级已批复' });
    answers['GET /members'] = () =>
      json({ items: Object.entries(NAMES).map(([id, name]) => ({ id, name, org_name: '机关第一党支部' })), total: 6, page: 1, page_size: 50 });
  });

  it("picks full members with the server's 差额 minimum and saves them per post", async () => {
    current = election({ state: 'approved', state_label: '上级已批复', posts: [progress({ min_candidates: 7 })] });
    answer('PUT /elections/e1/candidates', { candidates: cands.slice(0, 6) as Election['candidates'] });
    const w = await mountPage();
    expect(w.get('[data-testid=candidates-rule]').text()).toBe('委员候选人应多于应选人数20%（差额选举），应选 5 名，至少 7 人');
    const select = byTestid(w, 'ElSelect', 'candidates-committee');
    select.vm.$emit('focus');
    await settle();
    const q = calls.find((c) => c.path === '/members')!.query;
    expect([q.get('org'), q.get('status'), q.get('state')]).toEqual(['b1', 'full', 'active']);
    select.vm.$emit('update:modelValue', ['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    await settle(2);
    expect(w.get('[data-testid=candidates-count-committee]').text()).toBe('6');
    await w.get('[data-testid=election-candidates-save]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => [c.method, c.path, c.body])).toEqual([
      ['PUT', '/elections/e1/candidates', { candidates: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((member_id) => ({ member_id, post: 'committee' })) }],
    ]);
    w.unmount();
  });

  it("shows the server's refusal", async () => {
    answers['PUT /elections/e1/candidates'] = () =>
      json({ status: 422, code: 'validation', detail: '提交的内容有误', errors: [{ field: 'candidates', message: '委员：委员应选 5 名，候选人 5 名；委员候选人差额不少于20%，至少须 6 名' }] }, 422);
    const w = await mountPage();
    await w.get('[data-testid=election-candidates-save]').trigger('click');
    await settle();
    expect(w.get('[data-testid=candidates-error]').text()).toContain('至少须 6 名');
    w.unmount();
  });
});

describe('rounds', () => {
  beforeEach(() => {
    current = election({ state: 'approved', state_label: '上级已批复', candidates: cands as Election['candidates'] });
  });

  it('records a round and shows the outcome: elected, tied for a revote, the explanation', async () => {
    answer('POST /elections/e1/rounds', {
      state: 'voting', state_label: '选举中', rounds: [round({})] as Election['rounds'],
      posts: [progress({ elected: ['m1', 'm2', 'm3'], revote: ['m4', 'm5'], revote_seats: 2, open: 2, next: 'revote' })],
    });
    const w = await mountPage();
    // Approved with candidates: the page opens at the meeting.
    expect(processing()).toBe('选举大会');
    expect(w.get('[data-testid=round-seats]').text()).toBe('正式选举，本轮应选 5 名');
    expect(w.findAll('[data-testid=round-vote-row]')).toHaveLength(6);
    byTestid(w, 'ElInputNumber', 'round-present').vm.$emit('update:modelValue', 18);
    byTestid(w, 'ElInputNumber', 'round-issued').vm.$emit('update:modelValue', 18);
    byTestid(w, 'ElInputNumber', 'round-returned').vm.$emit('update:modelValue', 18);
    for (const [id, n] of Object.entries({ m1: 17, m2: 16, m3: 15, m4: 12, m5: 12, m6: 3 })) {
      byTestid(w, 'ElInputNumber', 'round-votes-' + id).vm.$emit('update:modelValue', n);
    }
    await settle(2);
    await w.get('[data-testid=election-round-submit]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([
      ['/elections/e1/rounds', {
        held_on: '2026-05-20', post: 'committee', expected: 0, excluded: [], present: 18, ballots_issued: 18, ballots_returned: 18,
        invalid_ballots: 0, candidates: [], votes: { m1: 17, m2: 16, m3: 15, m4: 12, m5: 12, m6: 3 },
      }],
    ]);
    const outcome = w.get('[data-testid=round-outcome]');
    expect(outcome.text()).toContain('当选 王一、李二、张三');
    expect(w.get('[data-testid=round-revote]').text()).toBe('得票相等、须重新投票：赵四、钱五（2 个名额）');
    expect(w.get('[data-testid=round-explanation]').text()).toContain('至少 11 票');
    // The next round is the revote among the tied only.
    expect(w.get('[data-testid=round-seats]').text()).toBe('重新投票（得票相等的候选人），本轮应选 2 名');
    expect(w.findAll('[data-testid=round-vote-row]').map((r) => r.text())).toEqual(['赵四', '钱五']);
    w.unmount();
  });

  it('sends the voters left out with their reasons, and shows a refusal of the count', async () => {
    current = election({ state: 'approved', state_label: '上级已批复', candidates: cands as Election['candidates'], voters_expected: 23 });
    answers['GET /members'] = () => json({ items: [{ id: 'm9', name: '周九' }], total: 1, page: 1, page_size: 50 });
    answers['POST /elections/e1/rounds'] = () =>
      json({ status: 422, code: 'validation', detail: '提交的内容有误', errors: [{ field: 'present', code: 'attendance_failed', message: '应到会有选举权的党员 20 人，到会 16 人未超过应到会人数的五分之四（至少须到会 17 人），不能进行选举' }] }, 422);
    const w = await mountPage();
    const pick = byTestid(w, 'ElSelect', 'round-excluded-pick');
    pick.vm.$emit('focus');
    await settle();
    pick.vm.$emit('update:modelValue', ['m9']);
    await settle(2);
    expect(w.get('[data-testid=round-voters]').text()).toContain('本组织在册正式党员 23 人，不计入 1 人，应到会 22 人');
    // 应到 is the server's: the members list is read only to pick who is left out.
    expect(calls.filter((c) => c.path === '/members').map((c) => c.query.get('page_size'))).toEqual(['50']);
    await w.get('[data-testid=election-round-submit]').trigger('click');
    await settle();
    expect(writes(calls)).toEqual([]);
    await w.get('input[data-testid=round-excluded-reason-m9]').setValue('出国出境半年以上');
    await w.get('[data-testid=election-round-submit]').trigger('click');
    await settle();
    expect((writes(calls)[0].body as { excluded: unknown }).excluded).toEqual([{ member_id: 'm9', reason: '出国出境半年以上' }]);
    expect(w.get('[data-testid=round-refusal]').text()).toContain('未超过应到会人数的五分之四');
    w.unmount();
  });

  it('lets another round choose who stands again', async () => {
    current = election({
      state: 'voting', candidates: cands as Election['candidates'], rounds: [round({ revote: [], revote_seats: 0, unfilled: 2 })] as Election['rounds'],
      posts: [progress({ elected: ['m1', 'm2', 'm3'], open: 2, next: 'another' })],
    });
    answer('POST /elections/e1/rounds', {});
    const w = await mountPage();
    expect(w.get('[data-testid=round-unfilled]').text()).toBe('尚缺 2 名，可另行选举');
    expect(w.get('[data-testid=round-seats]').text()).toBe('另行选举（尚缺名额），本轮应选 2 名');
    expect(w.findAll('[data-testid=round-vote-row]').map((r) => r.text())).toEqual(['赵四', '钱五', '孙六']);
    byTestid(w, 'ElCheckboxGroup', 'round-again').vm.$emit('update:modelValue', ['m4', 'm5']);
    await settle(2);
    expect(w.findAll('[data-testid=round-vote-row]').map((r) => r.text())).toEqual(['赵四', '钱五']);
    byTestid(w, 'ElInputNumber', 'round-votes-m4').vm.$emit('update:modelValue', 14);
    await settle(2);
    await w.get('[data-testid=election-round-submit]').trigger('click');
    await settle();
    expect(writes(calls)[0].body).toMatchObject({ candidates: ['m4', 'm5'], votes: { m4: 14, m5: 0 } });
    w.unmount();
  });
});

describe('officers and completion', () => {
  const elected = ['m1', 'm2', 'm3', 'm4', 'm5'];
  const filled = [progress({ elected, open: 0, next: '' })];
  const officers = (approved: boolean) => ({
    secretary_id: 'm1', deputy_id: 'm2', roles: { m3: 'organization', m4: 'committee_member', m5: 'committee_member' },
    members: [
      { member_id: 'm1', name: '王一', title: 'secretary', title_label: '书记' },
      { member_id: 'm2', name: '李二', title: 'deputy_secretary', title_label: '副书记' },
    ],
    approved, approved_on: approved ? '2026-05-25' : '',
  }) as Election['officers'];

  it('chooses the secretary, deputy and roles among the elected; only who decides may approve them', async () => {
    current = election({ state: 'officers_pending', candidates: cands as Election['candidates'], rounds: [round({})] as Election['rounds'], posts: filled, officers: officers(false) });
    const org = await mountPage();
    expect(org.find('[data-testid=election-officers-save]').exists()).toBe(true);
    expect(org.find('[data-testid=election-officers-approve]').exists()).toBe(false);
    org.unmount();

    current = election({ state: 'voting', candidates: cands as Election['candidates'], rounds: [round({})] as Election['rounds'], posts: filled, can_decide: true });
    answer('PUT /elections/e1/officers', { state: 'officers_pending', officers: officers(false) });
    answer('POST /elections/e1/approve-officers', { officers: officers(true) });
    const w = await mountPage();
    expect(processing()).toBe('书记/副书记');
    expect(done()).toBe(3);
    await w.get('[data-testid=election-officers-save]').trigger('click');
    await settle();
    expect(writes(calls)).toEqual([]);
    byTestid(w, 'ElSelect', 'officers-secretary').vm.$emit('update:modelValue', 'm1');
    await settle(2);
    byTestid(w, 'ElSelect', 'officers-deputy').vm.$emit('update:modelValue', 'm2');
    await settle(2);
    expect(w.findAll('[data-testid=officers-role-row] .who').map((x) => x.text())).toEqual(['张三', '赵四', '钱五']);
    byTestid(w, 'ElSelect', 'officers-role-m3').vm.$emit('update:modelValue', 'organization');
    await settle(2);
    await w.get('[data-testid=election-officers-save]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([
      ['/elections/e1/officers', { secretary_id: 'm1', deputy_id: 'm2', roles: { m3: 'organization' } }],
    ]);
    await w.get('[data-testid=election-officers-approve]').trigger('click');
    await settle();
    await click('.officers-approve-ok');
    expect(writes(calls).at(-1)).toMatchObject({ path: '/elections/e1/approve-officers', body: { note: '' } });
    // Approved: the page moves on to 完成; the officers step keeps the approval.
    expect(w.find('[data-testid=election-complete]').exists()).toBe(true);
    await w.get('[data-testid=election-step-officers]').trigger('click');
    await settle();
    expect(w.get('[data-testid=officers-approved]').text()).toContain('2026-05-25');
    expect(w.get('[data-testid=officers-view]').text()).toContain('副书记');
    expect(w.find('[data-testid=election-officers-approve]').exists()).toBe(false);
    w.unmount();
  });

  it('completes the election and shows the new term and posts', async () => {
    current = election({ state: 'officers_pending', candidates: cands as Election['candidates'], rounds: [round({})] as Election['rounds'], posts: filled, officers: officers(true) });
    answer('POST /elections/e1/complete', { state: 'completed', state_label: '换届完成', term: { number: 3, start_on: '2026-05-20', end_on: '2029-05-20', election_id: 'e1' } });
    answers['GET /orgs/b1/positions'] = () =>
      json({ items: [{ id: 'p1', org_id: 'b1', org_name: '', member_id: 'm1', member_name: '王一', title: 'secretary', title_label: '书记', start_on: '2026-05-20', end_on: null, active: true }] });
    const w = await mountPage();
    await w.get('[data-testid=election-complete]').trigger('click');
    await settle();
    await click('.complete-ok');
    expect(writes(calls).map((c) => c.path)).toEqual(['/elections/e1/complete']);
    expect(w.get('[data-testid=complete-term]').text()).toContain('第 3 届，任期 2026-05-20 至 2029-05-20');
    expect(w.get('[data-testid=org-positions]').text()).toContain('王一');
    expect(done()).toBe(5);
    w.unmount();
  });
});

describe('the page', () => {
  it('cancels with a reason', async () => {
    answer('POST /elections/e1/cancel', { state: 'cancelled', state_label: '已取消', cancel_reason: '组织调整' });
    const w = await mountPage();
    await w.get('[data-testid=election-cancel]').trigger('click');
    await settle();
    await typeIn('[data-testid=reason-input]', '组织调整');
    await click('[data-testid=reason-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([['/elections/e1/cancel', { reason: '组织调整' }]]);
    expect(w.get('[data-testid=election-cancelled]').text()).toContain('组织调整');
    expect(w.find('[data-testid=election-cancel]').exists()).toBe(false);
    w.unmount();
  });

  it('opens only the steps reached', async () => {
    const w = await mountPage();
    await w.get('[data-testid=election-step-officers]').trigger('click');
    await settle();
    expect(w.find('[data-testid=step-plan]').exists()).toBe(true);
    await w.get('[data-testid=election-step-candidates]').trigger('click');
    await settle();
    expect(w.find('[data-testid=step-candidates]').exists()).toBe(true);
    w.unmount();
  });

  it('shows the error', async () => {
    answers['GET /elections/e1'] = () => json({ status: 404, code: 'not_found', detail: '记录不存在或无权访问' }, 404);
    const w = await mountPage();
    expect(w.get('[data-testid=election-error]').text()).toContain('记录不存在或无权访问');
    expect(w.find('[data-testid=election-steps]').exists()).toBe(false);
    w.unmount();
  });
});
