// The phone's 民主评议: my rounds, the self-assessment, named comments and
// the anonymous rating sent once with every grade in one request.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import MobileAppraisals from '../src/mobile/MobileAppraisals.vue';
import MobileAppraisal from '../src/mobile/MobileAppraisal.vue';
import MobileMeetings from '../src/mobile/MobileMeetings.vue';
import type { MyAppraisal } from '../src/api/appraisal';
import { json, mountAt, settle, stubApi, type Answer, type Call } from './mobileOrgLifeHarness';

const GRADES = [
  { code: 'excellent', label: '优秀' },
  { code: 'qualified', label: '合格' },
  { code: 'basically_qualified', label: '基本合格' },
  { code: 'unqualified', label: '不合格' },
];

function mine(over: Partial<MyAppraisal> = {}): MyAppraisal {
  return {
    id: 'a1', org_id: 'b1', org_name: '第一党支部', year: 2026, stage: 'open', stage_label: '自评互评和匿名测评中',
    open: true, self_assessment: '', self_updated_at: '', rated: false,
    colleagues: [
      { member_id: 'c1', name: '李四', my_comment: '' },
      { member_id: 'c2', name: '王五', my_comment: '工作认真' },
      { member_id: 'c3', name: '赵六', my_comment: '' },
    ],
    grade: '', grade_label: '', grade_options: GRADES, opened_at: '2026-11-01T02:00:00Z', confirmed_at: '',
    ...over,
  };
}

let answers: Record<string, Answer>;
let calls: Call[];

beforeEach(() => {
  answers = {
    'GET /api/v1/inbox/unread-count': () => json({ count: 0 }),
    'GET /api/v1/my/appraisals': () => json({ items: [mine(), mine({ id: 'a0', year: 2025, stage: 'confirmed', stage_label: '已经支部党员大会确认', open: false, rated: true, self_assessment: '去年', grade: 'excellent', grade_label: '优秀' })] }),
    'GET /api/v1/my/appraisals/a1': () => json(mine()),
    'GET /api/v1/my/meetings': () => json({ items: [], rate: { year: 2026, expected: 0, attended: 0, rate: 0 } }),
  };
  calls = stubApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const writes = () => calls.filter((c) => c.method !== 'GET');
const openRound = () => mountAt('/m/appraisals/a1', { '/m/appraisals/:id': MobileAppraisal });

describe('MobileAppraisals (我的民主评议)', () => {
  it('lists my rounds with what is left to do, and my own grade once confirmed', async () => {
    const { w, router } = await mountAt('/m/appraisals', { '/m/appraisals': MobileAppraisals });
    const items = w.findAll('[data-testid=m-appraisal-item]');
    expect(items).toHaveLength(2);
    expect(items[0].text()).toContain('2026 年度民主评议党员');
    expect(items[0].get('[data-testid=m-appraisal-todo]').text()).toBe('待完成：自我评价、匿名测评');
    expect(items[1].get('[data-testid=m-appraisal-todo]').text()).toBe('我的评议等次：优秀');
    await items[0].get('button').trigger('click');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/m/appraisals/a1');
    w.unmount();
  });

  it('is reached from 组织生活', async () => {
    const { w, router } = await mountAt('/m/meetings', { '/m/meetings': MobileMeetings });
    expect(w.get('[data-testid=m-meetings-appraisals]').text()).toContain('民主评议');
    await w.get('[data-testid=m-meetings-appraisals]').trigger('click');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/m/appraisals');
    w.unmount();
  });
});

describe('MobileAppraisal (one round)', () => {
  it('saves the self-assessment with the trimmed text', async () => {
    answers['PUT /api/v1/my/appraisals/a1/self'] = (b) =>
      json(mine({ self_assessment: (b as { text: string }).text, self_updated_at: '2026-11-05T02:00:00Z' }));
    const { w } = await openRound();
    await w.get('[data-testid=m-appraisal-self-save]').trigger('click');
    await settle();
    expect(w.get('[data-testid=m-appraisal-self-error]').text()).toBe('请填写自我评价');
    expect(writes()).toHaveLength(0);

    await w.get('[data-testid=m-appraisal-self]').setValue('  一年来认真学习党章党规，按时参加组织生活。 ');
    await w.get('[data-testid=m-appraisal-self-save]').trigger('click');
    await settle();
    expect(writes().map((c) => [c.method, c.url, c.body])).toEqual([
      ['PUT', '/api/v1/my/appraisals/a1/self', { text: '一年来认真学习党章党规，按时参加组织生活。' }],
    ]);
    expect(w.get('[data-testid=m-appraisal-self-saved]').text()).toContain('已保存');
    w.unmount();
  });

  it('saves a named comment on one colleague', async () => {
    answers['PUT /api/v1/my/appraisals/a1/peers/c1'] = (b) =>
      json(mine({ colleagues: mine().colleagues.map((c) => (c.member_id === 'c1' ? { ...c, my_comment: (b as { comment: string }).comment } : c)) }));
    const { w } = await openRound();
    expect(w.get('[data-testid=m-appraisal-peer-c2]').text()).toContain('工作认真');
    await w.get('[data-testid=m-appraisal-self]').setValue('尚未保存的自评草稿');
    await w.get('[data-testid=m-appraisal-peer-c1]').trigger('click');
    await settle();
    await w.get('[data-testid=m-appraisal-peer-text]').setValue('热心帮助群众');
    await w.get('[data-testid=m-appraisal-peer-save]').trigger('click');
    await settle();
    expect(writes().map((c) => [c.method, c.url, c.body])).toEqual([
      ['PUT', '/api/v1/my/appraisals/a1/peers/c1', { comment: '热心帮助群众' }],
    ]);
    expect(w.get('[data-testid=m-appraisal-peer-c1]').text()).toContain('热心帮助群众');
    expect((w.get('[data-testid=m-appraisal-self]').element as HTMLTextAreaElement).value).toBe('尚未保存的自评草稿');
    w.unmount();
  });

  it('states the anonymity, sends every grade in one POST after confirming, then offers no more rating', async () => {
    answers['POST /api/v1/my/appraisals/a1/ratings'] = () => json(mine({ rated: true }), 201);
    const { w } = await openRound();
    expect(w.get('[data-testid=m-appraisal-anon-note]').text()).toBe('匿名测评：系统只记录各等次票数，不记录您给谁打了什么等次');
    expect(w.get('[data-testid=m-appraisal-rate-submit]').attributes('disabled')).toBeDefined();

    await w.get('[data-testid=m-appraisal-rate-c1-excellent]').trigger('click');
    await w.get('[data-testid=m-appraisal-rate-c2-basically_qualified]').trigger('click');
    await w.get('[data-testid=m-appraisal-rate-c2-qualified]').trigger('click');
    await settle();
    expect(w.get('[data-testid=m-appraisal-rate-c2-qualified]').attributes('aria-pressed')).toBe('true');
    expect(w.get('[data-testid=m-appraisal-rate-c2-basically_qualified]').attributes('aria-pressed')).toBe('false');
    expect(w.get('[data-testid=m-appraisal-progress]').text()).toBe('已选 2 / 3 人');

    await w.get('[data-testid=m-appraisal-rate-submit]').trigger('click');
    await settle();
    const text = w.get('[data-testid=m-appraisal-rate-confirm-text]').text();
    expect(text).toContain('提交后不能修改');
    expect(text).toContain('还有 1 名党员没有选择等次');
    // 再看看: nothing is sent.
    await w.get('.van-dialog__cancel').trigger('click');
    await settle();
    expect(writes()).toHaveLength(0);

    await w.get('[data-testid=m-appraisal-rate-c3-unqualified]').trigger('click');
    await w.get('[data-testid=m-appraisal-rate-submit]').trigger('click');
    await settle();
    await w.get('.van-dialog__confirm').trigger('click');
    await settle();
    expect(writes().map((c) => [c.method, c.url, c.body])).toEqual([
      ['POST', '/api/v1/my/appraisals/a1/ratings', { grades: { c1: 'excellent', c2: 'qualified', c3: 'unqualified' } }],
    ]);
    expect(w.get('[data-testid=m-appraisal-rated]').text()).toContain('您已提交匿名测评');
    expect(w.find('[data-testid=m-appraisal-rate-c1-excellent]').exists()).toBe(false);
    expect(w.find('[data-testid=m-appraisal-rate-submit]').exists()).toBe(false);
    expect(w.find('[data-testid=m-appraisal-anon-note]').exists()).toBe(true);
    w.unmount();
  });

  it('offers no rating once rated, and reloads on 409 already_rated', async () => {
    answers['GET /api/v1/my/appraisals/a1'] = () => json(mine({ rated: true }));
    let m = await openRound();
    expect(m.w.find('[data-testid=m-appraisal-rated]').exists()).toBe(true);
    expect(m.w.find('[data-testid=m-appraisal-rate-c1-excellent]').exists()).toBe(false);
    m.w.unmount();

    answers['GET /api/v1/my/appraisals/a1'] = () => json(mine());
    answers['POST /api/v1/my/appraisals/a1/ratings'] = () => {
      answers['GET /api/v1/my/appraisals/a1'] = () => json(mine({ rated: true }));
      return json({ status: 409, code: 'already_rated', detail: '您已提交过匿名测评，每人只能提交一次' }, 409, 'application/problem+json');
    };
    m = await openRound();
    await m.w.get('[data-testid=m-appraisal-rate-c1-qualified]').trigger('click');
    await m.w.get('[data-testid=m-appraisal-rate-submit]').trigger('click');
    await settle();
    await m.w.get('.van-dialog__confirm').trigger('click');
    await settle();
    expect(writes()).toHaveLength(1);
    expect(m.w.find('[data-testid=m-appraisal-rated]').exists()).toBe(true);
    expect(m.w.find('[data-testid=m-appraisal-rate-submit]').exists()).toBe(false);
    m.w.unmount();
  });

  it('after confirmation shows only my own grade and nothing to write', async () => {
    answers['GET /api/v1/my/appraisals/a1'] = () =>
      json(mine({ stage: 'confirmed', stage_label: '已经支部党员大会确认', open: false, rated: true, self_assessment: '自评内容', grade: 'qualified', grade_label: '合格', confirmed_at: '2026-12-20T02:00:00Z' }));
    const { w } = await openRound();
    expect(w.get('[data-testid=m-appraisal-grade]').text()).toContain('我的评议等次');
    expect(w.get('[data-testid=m-appraisal-grade]').text()).toContain('合格');
    expect(w.find('[data-testid=m-appraisal-self]').exists()).toBe(false);
    expect(w.find('[data-testid=m-appraisal-self-save]').exists()).toBe(false);
    expect(w.text()).toContain('自评内容');
    // Colleagues appear by name for the comments, never with a grade.
    expect(w.text()).not.toMatch(/李四[^]{0,20}(优秀|基本合格|不合格)/);
    w.unmount();
  });
});
