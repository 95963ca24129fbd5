// 党员积分 of one member: the total, by category, the ledger with the source
// of every point, reversals and the lines they took back, and the empty and
// error states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import MemberPointsView from '../src/console/views/MemberPointsView.vue';
import type { LedgerEntry, MemberPoints } from '../src/api/points';
import { clearSession } from '../src/stores/session';
import { json, mockApi, problem, settle, type Answer, type Call } from './orglifeMock';
import { $$, mountAt, signIn } from './duesHarness';

function entry(id: string, over: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    id, on: '2026-05-03', rule: 'meeting_attended', rule_label: '参加会议', category_label: '组织生活', points: 2,
    source_type: 'meeting', source_title: '支部党员大会：学习二十大精神', note: '', reverses_id: '', reversed: false,
    ...over,
  };
}

const points = (over: Partial<MemberPoints> = {}): MemberPoints => ({
  member_id: 'm1', name: '张三', year: 2026, total: 3,
  by_category: [{ category: 'org_life', label: '组织生活', points: 2 }, { category: 'dues', label: '党费缴纳', points: 1 }],
  entries: [
    entry('e4', { on: '2026-06-10', points: -2, rule: 'meeting_absent', rule_label: '无故缺席', source_title: '支部委员会：研究发展党员', reverses_id: 'e3', note: '更正：出席→缺席（记录有误）' }),
    entry('e3', { on: '2026-06-10', source_title: '支部委员会：研究发展党员', reversed: true }),
    entry('e2', { on: '2026-05-20', rule: 'dues_on_time', rule_label: '按时交纳党费', category_label: '党费缴纳', points: 1, source_type: 'dues', source_title: '2026年5月党费' }),
    entry('e1', { points: 0, note: '已达上限' }),
  ],
  ...over,
});

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  signIn('viewer');
  answers = { 'GET /members/m1/points': () => json(points()) };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  document.body.innerHTML = '';
});

const mountPage = (url = '/points/members/m1?year=2026') => mountAt(MemberPointsView, url, '/points/members/:id');
const texts = (sel: string) => $$(sel).map((e) => e.textContent!.trim());

describe('MemberPointsView', () => {
  it('shows the total, the categories and every line with its source, newest first', async () => {
    const { w } = await mountPage();
    expect(calls[0].query.get('year')).toBe('2026');
    expect(w.text()).toContain('张三 的积分');
    expect(w.get('[data-testid=points-total] .el-statistic__content').text()).toBe('3');
    expect(w.get('[data-testid=points-total]').text()).toContain('2026 年总积分');
    expect(texts('[data-testid=points-category]')).toEqual(['组织生活2', '党费缴纳1']);
    expect(texts('[data-testid=points-entry-source]')).toEqual(['支部委员会：研究发展党员', '支部委员会：研究发展党员', '2026年5月党费', '支部党员大会：学习二十大精神']);
    expect(texts('[data-testid=points-entry-points]')).toEqual(['-2', '+2', '+1', '0']);
    const rows = $$('[data-testid=points-entry]');
    expect(rows[3].textContent).toContain('已达上限');
    w.unmount();
  });

  it('marks a reversal and the line it took back, which stays in the ledger', async () => {
    const { w } = await mountPage();
    const rows = $$('[data-testid=points-entry]');
    expect(rows[0].querySelector('[data-testid=points-entry-reversal]')!.textContent).toBe('冲销');
    expect(rows[0].textContent).toContain('更正：出席→缺席（记录有误）');
    expect(rows[1].className).toContain('reversed');
    expect(rows[1].querySelector('[data-testid=points-entry-reversed]')!.textContent).toBe('已冲销');
    expect(rows[2].querySelector('[data-testid=points-entry-reversed]')).toBeNull();
    expect(rows[2].querySelector('[data-testid=points-entry-reversal]')).toBeNull();
    w.unmount();
  });

  it('says so when the year has no points', async () => {
    answers['GET /members/m1/points'] = () => json(points({ total: 0, by_category: [], entries: [], year: 2025 }));
    const { w } = await mountPage('/points/members/m1?year=2025');
    expect(w.get('[data-testid=points-total] .el-statistic__content').text()).toBe('0');
    expect(w.get('[data-testid=points-entries-empty]').text()).toBe('2025 年暂无积分记录');
    expect(w.find('[data-testid=points-ledger]').exists()).toBe(false);
    w.unmount();
  });

  it('shows the server\'s refusal (outside the scope: 404) with a retry', async () => {
    answers['GET /members/m1/points'] = () => problem(404, 'not_found', '记录不存在或无权访问');
    const { w } = await mountPage();
    expect(w.get('[data-testid=points-error]').text()).toContain('记录不存在或无权访问');
    answers['GET /members/m1/points'] = () => json(points());
    await w.get('[data-testid=points-error] button').trigger('click');
    await settle();
    expect(w.find('[data-testid=points-error]').exists()).toBe(false);
    expect($$('[data-testid=points-entry]')).toHaveLength(4);
    w.unmount();
  });
});
