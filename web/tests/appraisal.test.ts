// The console's 民主评议党员 page: opening a round, the proposal under the
// cap on 优秀, the confirmation at a 支部党员大会 and the handlings of 不合格.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import ElementPlus from 'element-plus';
import AppraisalView from '../src/console/views/AppraisalView.vue';
import type { AppraisalRound, Handling, Participant } from '../src/api/appraisal';
import { excellentCount, proposalGrades, stageStep, tallyText, ungraded } from '../src/api/appraisal';
import { clearSession, setMe } from '../src/stores/session';
import { component, json, mockApi, settle, writes, type Answer, type Call } from './orglifeMock';

const GRADES = [
  { code: 'excellent', label: '优秀' },
  { code: 'qualified', label: '合格' },
  { code: 'basically_qualified', label: '基本合格' },
  { code: 'unqualified', label: '不合格' },
];

function person(id: string, name: string, over: Partial<Participant> = {}): Participant {
  return {
    member_id: id, name, status: 'full', status_label: '正式党员', self_assessed: false, self_assessment: '',
    self_updated_at: '', rated: false, peer_reviews: [], tally: null, proposed_grade: '', proposed_grade_label: '',
    final_grade: '', final_grade_label: '', ...over,
  };
}

function round(over: Partial<AppraisalRound> = {}): AppraisalRound {
  return {
    id: 'a1', org_id: 'b1', org_name: '第一党支部', year: 2026, stage: 'rating_closed', stage_label: '测评已结束，待拟定等次',
    participant_count: 4, rated_count: 4, opened_at: '2026-11-01T02:00:00Z', confirmed_at: '',
    opened_by_name: '王书记', rating_closed_at: '2026-11-20T02:00:00Z', proposed_at: '', meeting: null,
    excellent_cap: '1/3', excellent_max: 1, self_assessed_count: 1, peer_review_count: 1,
    tally_visible: true, tally_note: '',
    participants: [
      person('p1', '张三', {
        self_assessed: true, self_assessment: '认真学习党章党规', self_updated_at: '2026-11-02T02:00:00Z',
        peer_reviews: [{ author_id: 'p2', author_name: '李四', comment: '工作积极', updated_at: '2026-11-03T02:00:00Z' }],
        tally: { excellent: 2, qualified: 1, basically_qualified: 0, unqualified: 0 },
      }),
      person('p2', '李四', { tally: { excellent: 1, qualified: 2 } }),
      person('p3', '王五', { status: 'probationary', status_label: '预备党员', tally: { qualified: 3 } }),
      person('p4', '赵六', { tally: { qualified: 2, unqualified: 1 } }),
    ],
    handlings: [], grade_options: GRADES, can_manage: true,
    ...over,
  };
}

function handling(over: Partial<Handling> = {}): Handling {
  return {
    id: 'h1', member_id: 'p4', name: '赵六', status: 'full', status_label: '正式党员', measure: '', measure_label: '',
    measure_options: [{ code: 'rectify', label: '限期改正' }, { code: 'persuade_leave', label: '劝其退党' }, { code: 'expel', label: '除名' }],
    deadline: '', note: '', state: 'pending', state_label: '待确定处置方式', outcome: '', opened_at: '2026-12-20T02:00:00Z',
    decided_at: '', closed_at: '', ...over,
  };
}

let answers: Record<string, Answer>;
let calls: Call[];

beforeEach(() => {
  setMe({ id: 'a', username: 'u', display_name: 'U', must_change_password: false, totp_enabled: true, member_id: null, roles: [{ id: 'r', role: 'party_worker', org_id: 'b1', org_name: '' }], csrf_token: 'c', demo: false });
  answers = {
    'GET /orgs/b1': () => json({ id: 'b1', name: '第一党支部', path: [] }),
    'GET /orgs/b1/appraisals': () => json({ items: [] }),
    'GET /orgs/b1/appraisals/2026': () => json(round()),
    'GET /appraisals/a1/history': () => json({ items: [] }),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

async function open() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/orglife/appraisal', component: AppraisalView },
      { path: '/:p(.*)', component: { render: () => null } },
    ],
  });
  await router.push('/orglife/appraisal?org=b1&year=2026');
  await router.isReady();
  const App = defineComponent({ render: () => h(RouterView) });
  const w = mount(App, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await settle();
  return w;
}

const grade = (w: ReturnType<typeof mount>, id: string, g: string) =>
  component(w, `[data-testid=appraisal-grade-${id}]`).vm.$emit('update:modelValue', g);
const click = (selector: string) => document.querySelector<HTMLElement>(selector)!.click();

describe('appraisal helpers', () => {
  it('counts 优秀 against the cap and builds the proposal from the participants only', () => {
    expect(excellentCount({ p1: 'excellent', p2: 'excellent', p3: 'qualified' }, 1)).toEqual({ count: 2, max: 1, over: true });
    expect(excellentCount({ p1: 'excellent', p2: 'qualified' }, 1)).toEqual({ count: 1, max: 1, over: false });
    const ps = round().participants;
    expect(ungraded(ps, { p1: 'excellent', p3: 'qualified' })).toEqual(['李四', '赵六']);
    expect(proposalGrades(ps.slice(0, 2), { p1: 'excellent', p2: 'qualified', gone: 'qualified' })).toEqual({ p1: 'excellent', p2: 'qualified' });
    expect(tallyText({ excellent: 2, qualified: 1 }, GRADES)).toBe('优秀 2 · 合格 1 · 基本合格 0 · 不合格 0');
    expect(tallyText(null, GRADES)).toBe('—');
    expect(['open', 'rating_closed', 'proposed', 'confirmed'].map((s) => stageStep(s as AppraisalRound['stage']))).toEqual([0, 2, 3, 4]);
  });
});

describe('AppraisalView', () => {
  it('offers 开启民主评议 when the branch has no round for the year and posts the year', async () => {
    answers['GET /orgs/b1/appraisals/2026'] = () => json({ status: 404, code: 'not_found', detail: '记录不存在或无权访问' }, 404);
    answers['POST /orgs/b1/appraisals'] = () => {
      answers['GET /orgs/b1/appraisals/2026'] = () => json(round({ stage: 'open', stage_label: '自评互评和匿名测评中' }));
      return json(round({ stage: 'open' }), 201);
    };
    const w = await open();
    expect(w.get('[data-testid=appraisal-none]').text()).toContain('本支部 2026 年度尚未开启民主评议党员');
    await w.get('[data-testid=appraisal-open]').trigger('click');
    await settle();
    click('.appraisal-open-ok');
    await settle();
    expect(writes(calls).map((c) => [c.method, c.path, c.body])).toEqual([['POST', '/orgs/b1/appraisals', { year: 2026 }]]);
    expect(w.get('[data-testid=appraisal-stage]').text()).toBe('自评互评和匿名测评中');
    expect(w.find('[data-testid=appraisal-close-rating]').exists()).toBe(true);
    w.unmount();
  });

  it('shows the server\'s 409 when the year\'s round already exists', async () => {
    answers['GET /orgs/b1/appraisals/2026'] = () => json({ status: 404, code: 'not_found', detail: '记录不存在或无权访问' }, 404);
    answers['POST /orgs/b1/appraisals'] = () =>
      json({ status: 409, code: 'appraisal_exists', detail: '本支部 2026 年度的民主评议已经开启（每个支部每年开展一次）' }, 409);
    const w = await open();
    await w.get('[data-testid=appraisal-open]').trigger('click');
    await settle();
    click('.appraisal-open-ok');
    await settle();
    expect(document.body.textContent).toContain('本支部 2026 年度的民主评议已经开启（每个支部每年开展一次）');
    w.unmount();
  });

  it('shows the tally note instead of counts while the tally is hidden', async () => {
    answers['GET /orgs/b1/appraisals/2026'] = () =>
      json(round({ stage: 'open', tally_visible: false, tally_note: '匿名测评进行中，结束测评后显示统计结果', participants: round().participants.map((p) => ({ ...p, tally: null })) }));
    const w = await open();
    expect(w.get('[data-testid=appraisal-tally-note]').text()).toContain('匿名测评进行中，结束测评后显示统计结果');
    expect(w.findAll('[data-testid=appraisal-tally]').map((t) => t.text())).toEqual(['—', '—', '—', '—']);
    // No proposal before the rating is closed.
    expect(w.find('[data-testid=appraisal-cap]').exists()).toBe(false);
    expect(w.find('[data-testid=appraisal-grade-p1]').exists()).toBe(false);
    w.unmount();
  });

  it('counts 优秀 live, refuses to send over the cap or with anyone ungraded, then sends every grade', async () => {
    answers['PUT /appraisals/a1/proposal'] = (c) => {
      const g = (c.body as { grades: Record<string, string> }).grades;
      const label = (code: string) => GRADES.find((o) => o.code === code)!.label;
      return json(round({
        stage: 'proposed', stage_label: '已拟定等次，待支部党员大会确认', proposed_at: '2026-11-25T02:00:00Z',
        participants: round().participants.map((p) => ({ ...p, proposed_grade: g[p.member_id] as Participant['proposed_grade'], proposed_grade_label: label(g[p.member_id]) })),
      }));
    };
    const w = await open();
    expect(w.get('[data-testid=appraisal-tally]').text()).toBe('优秀 2 · 合格 1 · 基本合格 0 · 不合格 0');
    expect(w.get('[data-testid=appraisal-cap-count]').text()).toBe('优秀 0 / 最多 1 人');

    grade(w, 'p1', 'excellent');
    grade(w, 'p2', 'excellent');
    await settle(2);
    expect(w.get('[data-testid=appraisal-cap-count]').text()).toBe('优秀 2 / 最多 1 人');
    expect(w.get('[data-testid=appraisal-cap-warning]').text()).toContain('已超过上限 1 人');
    grade(w, 'p3', 'qualified');
    grade(w, 'p4', 'unqualified');
    await settle(2);
    await w.get('[data-testid=appraisal-propose]').trigger('click');
    await settle();
    expect(writes(calls)).toHaveLength(0);
    expect(w.get('[data-testid=appraisal-proposal-error]').text()).toContain('优秀最多 1 人（1/3），现拟定 2 人');

    grade(w, 'p2', 'qualified');
    await settle(2);
    expect(w.get('[data-testid=appraisal-cap-count]').text()).toBe('优秀 1 / 最多 1 人');
    expect(w.find('[data-testid=appraisal-cap-warning]').exists()).toBe(false);
    await w.get('[data-testid=appraisal-propose]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => [c.method, c.path, c.body])).toEqual([
      ['PUT', '/appraisals/a1/proposal', { grades: { p1: 'excellent', p2: 'qualified', p3: 'qualified', p4: 'unqualified' } }],
    ]);
    expect(w.get('[data-testid=appraisal-stage]').text()).toBe('已拟定等次，待支部党员大会确认');
    expect(w.find('[data-testid=appraisal-confirm]').exists()).toBe(true);
    w.unmount();
  });

  it('expands a row to read the self-assessment and the named peer comments', async () => {
    const w = await open();
    expect(w.find('[data-testid=appraisal-self-text]').exists()).toBe(false);
    await w.findAll('.el-table__expand-icon')[0].trigger('click');
    await settle();
    expect(w.get('[data-testid=appraisal-self-text]').text()).toBe('认真学习党章党规');
    expect(w.get('[data-testid=appraisal-peer-review]').text()).toContain('李四：工作积极');
    w.unmount();
  });

  it('names the ungraded members and sends nothing', async () => {
    const w = await open();
    grade(w, 'p1', 'qualified');
    await settle(2);
    await w.get('[data-testid=appraisal-propose]').trigger('click');
    await settle();
    expect(writes(calls)).toHaveLength(0);
    expect(w.get('[data-testid=appraisal-proposal-error]').text()).toContain('还有 3 名党员未拟定等次：李四、王五、赵六');
    w.unmount();
  });

  it('shows the server\'s 422 details: the cap rule and a member\'s field error', async () => {
    let n = 0;
    answers['PUT /appraisals/a1/proposal'] = () =>
      ++n === 1
        ? json({ status: 422, code: 'excellent_cap_exceeded', detail: '优秀等次一般不超过参评党员的三分之一：本次参评党员 4 人，优秀最多 1 人，现拟定 2 人', errors: [{ field: 'grades', code: 'excellent_cap_exceeded', message: '优秀等次一般不超过参评党员的三分之一' }] }, 422)
        : json({ status: 422, code: 'validation_failed', detail: '提交的内容有误', errors: [{ field: 'grades.p3', code: 'invalid', message: '评议等次应为优秀、合格、基本合格或不合格' }] }, 422);
    const w = await open();
    for (const id of ['p1', 'p2', 'p3', 'p4']) grade(w, id, 'qualified');
    await settle(2);
    await w.get('[data-testid=appraisal-propose]').trigger('click');
    await settle();
    expect(w.get('[data-testid=appraisal-proposal-error]').text()).toContain('本次参评党员 4 人，优秀最多 1 人，现拟定 2 人');
    await w.get('[data-testid=appraisal-propose]').trigger('click');
    await settle();
    expect(w.get('[data-testid=appraisal-grade-error-p3]').text()).toBe('评议等次应为优秀、合格、基本合格或不合格');
    w.unmount();
  });

  it('confirms at a 支部党员大会 of the branch that has begun, sending its meeting_id', async () => {
    const proposed = round({
      stage: 'proposed', stage_label: '已拟定等次，待支部党员大会确认',
      participants: round().participants.map((p, i) => ({ ...p, proposed_grade: i === 0 ? 'excellent' : 'qualified', proposed_grade_label: i === 0 ? '优秀' : '合格' })),
    });
    answers['GET /orgs/b1/appraisals/2026'] = () => json(proposed);
    answers['GET /meetings'] = () => json({
      items: [
        { id: 'm2', org_id: 'b1', kind: 'member_assembly', topic: '下月党员大会', starts_at: '2099-01-10T02:00:00Z', state: 'scheduled' },
        { id: 'm1', org_id: 'b1', kind: 'member_assembly', topic: '年度民主评议大会', starts_at: '2026-11-10T06:00:00Z', state: 'finalized' },
        { id: 'm0', org_id: 'b1', kind: 'member_assembly', topic: '已取消的大会', starts_at: '2026-12-01T06:00:00Z', state: 'cancelled' },
      ],
      total: 3, page: 1, page_size: 100,
    });
    answers['POST /appraisals/a1/confirm'] = () =>
      json({ ...proposed, stage: 'confirmed', stage_label: '已经支部党员大会确认', meeting: { id: 'm1', topic: '年度民主评议大会', starts_at: '2026-11-10T06:00:00Z' } });
    const w = await open();
    await w.get('[data-testid=appraisal-confirm]').trigger('click');
    await settle();
    const list = calls.find((c) => c.path === '/meetings')!;
    expect([list.query.get('org_id'), list.query.get('kind')]).toEqual(['b1', 'member_assembly']);
    expect(document.querySelector('[data-testid=appraisal-confirm-summary]')!.textContent).toContain('优秀 1 人、合格 3 人、基本合格 0 人、不合格 0 人');
    expect(document.querySelector('[data-testid=appraisal-assembly-m0]')).toBeNull();
    expect(document.querySelector('[data-testid=appraisal-assembly-m2] input')!.hasAttribute('disabled')).toBe(true);

    click('[data-testid=appraisal-confirm-submit]');
    await settle();
    expect(writes(calls)).toHaveLength(0);
    expect(document.querySelector('[data-testid=appraisal-confirm-error]')!.textContent).toBe('请选择确认评议结果的支部党员大会');

    click('[data-testid=appraisal-assembly-m1] input');
    await settle(2);
    click('[data-testid=appraisal-confirm-submit]');
    await settle();
    expect(writes(calls).map((c) => [c.method, c.path, c.body])).toEqual([['POST', '/appraisals/a1/confirm', { meeting_id: 'm1' }]]);
    expect(w.get('[data-testid=appraisal-stage]').text()).toBe('已经支部党员大会确认');
    expect(w.get('[data-testid=appraisal-meeting]').text()).toContain('年度民主评议大会');
    w.unmount();
  });

  it('shows a refused confirmation\'s reason in the dialog', async () => {
    answers['GET /orgs/b1/appraisals/2026'] = () => json(round({ stage: 'proposed' }));
    answers['GET /meetings'] = () => json({ items: [{ id: 'm1', org_id: 'b1', topic: '大会', starts_at: '2026-11-10T06:00:00Z', state: 'scheduled' }], total: 1, page: 1, page_size: 100 });
    answers['POST /appraisals/a1/confirm'] = () =>
      json({ status: 422, code: 'validation_failed', detail: '提交的内容有误', errors: [{ field: 'meeting_id', code: 'not_assembly', message: '民主评议的等次须经本支部的支部党员大会确认，请选择本支部召开的支部党员大会' }] }, 422);
    const w = await open();
    await w.get('[data-testid=appraisal-confirm]').trigger('click');
    await settle();
    click('[data-testid=appraisal-assembly-m1] input');
    await settle(2);
    click('[data-testid=appraisal-confirm-submit]');
    await settle();
    expect(document.querySelector('[data-testid=appraisal-confirm-error]')!.textContent).toContain('请选择本支部召开的支部党员大会');
    w.unmount();
  });

  it('records the measure for a 不合格 member and closes it with the outcome', async () => {
    const confirmed = (h: Handling) => round({
      stage: 'confirmed', stage_label: '已经支部党员大会确认', confirmed_at: '2026-12-20T02:00:00Z',
      meeting: { id: 'm1', topic: '年度民主评议大会', starts_at: '2026-11-10T06:00:00Z' }, handlings: [h],
    });
    answers['GET /orgs/b1/appraisals/2026'] = () => json(confirmed(handling()));
    answers['PUT /appraisals/a1/handlings/h1'] = () => {
      const h = handling({ measure: 'rectify', measure_label: '限期改正', deadline: '2027-12-20', note: '加强学习', state: 'in_progress', state_label: '处置中' });
      answers['GET /orgs/b1/appraisals/2026'] = () => json(confirmed(h));
      return json(h);
    };
    answers['POST /appraisals/a1/handlings/h1/close'] = () => {
      const h = handling({ measure: 'rectify', measure_label: '限期改正', state: 'closed', state_label: '已办结', outcome: '已改正', closed_at: '2027-06-01T02:00:00Z' });
      answers['GET /orgs/b1/appraisals/2026'] = () => json(confirmed(h));
      return json(h);
    };
    const w = await open();
    await w.findAll('.el-tabs__item').find((t) => t.text().startsWith('不合格党员处置'))!.trigger('click');
    await settle();
    expect(w.get('[data-testid=appraisal-handling-state]').text()).toBe('待确定处置方式');
    component(w, '[data-testid=appraisal-measure-h1]').vm.$emit('update:modelValue', 'rectify');
    await settle(2);
    expect(w.find('[data-testid=appraisal-deadline-h1]').exists()).toBe(true);
    await w.get('textarea[data-testid=appraisal-note-h1]').setValue('  加强学习 ');
    await w.get('[data-testid=appraisal-decide-h1]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => [c.method, c.path, c.body])).toEqual([
      ['PUT', '/appraisals/a1/handlings/h1', { measure: 'rectify', deadline: '', note: '加强学习' }],
    ]);
    expect(w.get('[data-testid=appraisal-handling-state]').text()).toBe('处置中');

    await w.get('[data-testid=appraisal-close-handling-h1]').trigger('click');
    await settle();
    const outcome = document.querySelector<HTMLTextAreaElement>('textarea[data-testid=appraisal-outcome]')!;
    outcome.value = '已改正';
    outcome.dispatchEvent(new Event('input'));
    await settle(2);
    click('[data-testid=appraisal-outcome-submit]');
    await settle();
    expect(writes(calls).slice(1).map((c) => [c.method, c.path, c.body])).toEqual([
      ['POST', '/appraisals/a1/handlings/h1/close', { outcome: '已改正' }],
    ]);
    expect(w.get('[data-testid=appraisal-handling-state]').text()).toBe('已办结');
    expect(w.get('[data-testid=appraisal-handling-h1]').text()).toContain('已改正');
    w.unmount();
  });

  it('lists the history newest first', async () => {
    answers['GET /appraisals/a1/history'] = () => json({ items: [
      { id: 'e2', kind: 'rating_closed', at: '2026-11-20T02:00:00Z', actor_name: '王书记', detail: '结束自评、互评和匿名测评，4 人参加了匿名测评' },
      { id: 'e1', kind: 'opened', at: '2026-11-01T02:00:00Z', actor_name: '王书记', detail: '开启 2026 年度民主评议党员，参评党员 4 人' },
    ] });
    const w = await open();
    await w.findAll('.el-tabs__item').find((t) => t.text() === '操作记录')!.trigger('click');
    await settle();
    const text = w.get('[data-testid=appraisal-history]').text();
    expect(text.indexOf('结束自评')).toBeLessThan(text.indexOf('开启 2026 年度'));
    w.unmount();
  });
});
