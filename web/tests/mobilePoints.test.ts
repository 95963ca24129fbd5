// 我的积分 on the phone: this year's total, by category, the history with the
// source of every point (reversals marked), switching years, and the
// loading, empty, not-a-member and error states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import MobilePoints from '../src/mobile/MobilePoints.vue';
import type { LedgerEntry, MemberPoints } from '../src/api/points';
import { json, mountAt, problem, settle, stubApi, type Answer, type Call } from './mobileOrgLifeHarness';

function entry(id: string, over: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    id, on: '2026-05-03', rule: 'meeting_attended', rule_label: '参加会议', category_label: '组织生活', points: 2,
    source_type: 'meeting', source_title: '支部党员大会：学习二十大精神', note: '', reverses_id: '', reversed: false,
    ...over,
  };
}

const mine = (over: Partial<MemberPoints> = {}): MemberPoints => ({
  member_id: 'p1', name: '王大爷', year: 2026, total: 3,
  by_category: [{ category: 'org_life', label: '组织生活', points: 2 }, { category: 'dues', label: '党费缴纳', points: 1 }],
  entries: [
    entry('e4', { on: '2026-06-10', points: -2, rule_label: '参加会议', source_title: '主题党日：重温入党誓词', reverses_id: 'e3', note: '更正：出席→缺席（签到有误）' }),
    entry('e3', { on: '2026-06-10', source_title: '主题党日：重温入党誓词', reversed: true }),
    entry('e2', { on: '2026-05-20', rule_label: '按时交纳党费', category_label: '党费缴纳', points: 1, source_type: 'dues', source_title: '2026年5月党费' }),
    entry('e1', { points: 0, note: '已达上限' }),
  ],
  ...over,
});

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-15T04:00:00Z'));
  answers = { 'GET /api/v1/my/points': () => json(mine()) };
  calls = stubApi(answers);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const pages = { '/m/points': MobilePoints };
const texts = (w: { findAll: (s: string) => { text: () => string }[] }, sel: string) => w.findAll(sel).map((e) => e.text());

describe('MobilePoints (我的积分)', () => {
  it('shows this year\'s total, the categories and every point with its source', async () => {
    const { w } = await mountAt('/m/points', pages);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/my/points?year=2026']);
    expect(w.get('[data-testid=points-total]').text()).toBe('3');
    expect(w.text()).toContain('2026 年总积分');
    expect(texts(w, '[data-testid=points-category]')).toEqual(['组织生活2 分', '党费缴纳1 分']);
    const rows = w.findAll('[data-testid=points-entry]');
    expect(rows.map((r) => r.get('[data-testid=points-entry-source]').text())).toEqual([
      '主题党日：重温入党誓词', '主题党日：重温入党誓词', '2026年5月党费', '支部党员大会：学习二十大精神',
    ]);
    expect(texts(w, '[data-testid=points-entry-points]')).toEqual(['-2', '+2', '+1', '0']);
    expect(rows[2].text()).toContain('2026年5月20日 · 按时交纳党费');
    expect(rows[3].text()).toContain('已达上限');
    w.unmount();
  });

  it('marks a reversal and the line it took back', async () => {
    const { w } = await mountAt('/m/points', pages);
    const rows = w.findAll('[data-testid=points-entry]');
    expect(rows[0].get('[data-testid=points-entry-reversal]').text()).toBe('冲销');
    expect(rows[0].text()).toContain('更正：出席→缺席（签到有误）');
    expect(rows[1].classes()).toContain('reversed');
    expect(rows[1].get('[data-testid=points-entry-reversed]').text()).toBe('已冲销');
    expect(rows[2].find('[data-testid=points-entry-reversed]').exists()).toBe(false);
    w.unmount();
  });

  it('switches to the year before, never past this year', async () => {
    answers['GET /api/v1/my/points'] = () => json(mine({ year: 2025, total: 0, by_category: [], entries: [] }));
    const { w, router } = await mountAt('/m/points', pages);
    expect(w.get('[data-testid=m-points-next]').attributes('disabled')).toBeDefined();
    await w.get('[data-testid=m-points-prev]').trigger('click');
    await settle();
    expect(router.currentRoute.value.query.year).toBe('2025');
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/my/points?year=2026', '/api/v1/my/points?year=2025']);
    expect(w.get('[data-testid=m-points-year]').text()).toContain('2025 年');
    expect(w.get('[data-testid=m-points-next]').attributes('disabled')).toBeUndefined();
    expect(w.get('[data-testid=m-points-empty]').text()).toBe('2025 年还没有积分记录');
    expect(w.get('[data-testid=points-total]').text()).toBe('0');
    w.unmount();
  });

  it('shows loading, then the error with a retry', async () => {
    let release: (r: Response) => void = () => {};
    answers['GET /api/v1/my/points'] = () => new Promise<Response>((r) => (release = r)) as unknown as Response;
    const { w } = await mountAt('/m/points', pages);
    expect(w.find('[data-testid=m-points-loading]').exists()).toBe(true);
    release(problem(500, 'internal', '服务器内部错误'));
    await settle();
    expect(w.get('[data-testid=m-points-error]').text()).toContain('服务器内部错误');
    answers['GET /api/v1/my/points'] = () => json(mine());
    await w.get('[data-testid=m-points-error] button').trigger('click');
    await settle();
    expect(w.find('[data-testid=m-points-error]').exists()).toBe(false);
    expect(w.findAll('[data-testid=points-entry]')).toHaveLength(4);
    w.unmount();
  });

  it('says so when the account is not linked to a member', async () => {
    answers['GET /api/v1/my/points'] = () => problem(403, 'no_member', '当前账号未关联党员');
    const { w } = await mountAt('/m/points', pages);
    expect(w.get('[data-testid=m-points-not-member]').text()).toBe('当前账号未关联党员');
    expect(w.find('[data-testid=m-points-error]').exists()).toBe(false);
    w.unmount();
  });
});
