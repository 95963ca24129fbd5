// 积分概况: the distribution of an organization (figures, histogram, one row
// per child organization, never a name), drill-down, the branch's member
// list with ranks only when the server says ranking is on, and the empty,
// loading and error states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import PointsOverviewView from '../src/console/views/PointsOverviewView.vue';
import { clearSession } from '../src/stores/session';
import { json, mockApi, problem, settle, type Answer, type Call } from './orglifeMock';
import { $$, mountAt, signIn } from './duesHarness';

// The test DOM has no canvas: the chart records its options instead of drawing.
const setOption = vi.hoisted(() => vi.fn());
vi.mock('echarts/core', () => ({ use: vi.fn(), init: vi.fn((el: HTMLElement) => ({ setOption, dispose: vi.fn(), getDom: () => el })) }));

const bucket = (label: string, min: number | null, max: number | null, count: number) => ({ label, min, max, count });
const buckets = (a: number, b: number, c: number) => [bucket('0–9 分', 0, 9, a), bucket('10–19 分', 10, 19, b), bucket('20 分及以上', 20, null, c)];

const distribution = {
  org_id: 'root', org_name: '机关党委', year: 2026, members: 30, average: 12.25, median: 11,
  buckets: buckets(10, 15, 5),
  children: [
    { org_id: 'b1', org_name: '机关第一党支部', members: 18, average: 14, median: 13.5, buckets: buckets(4, 10, 4) },
    { org_id: 'b2', org_name: '机关第二党支部', members: 12, average: 9.5, median: 8, buckets: [bucket('0–9 分', 0, 9, 6), bucket('10–19 分', 10, 19, 5), bucket('20 分及以上', 20, null, 1)] },
  ],
};

const NAMES = ['张三', '李四', '王五'];
const branchMembers = (ranking: boolean) => ({
  org_id: 'b1', year: 2026, ranking,
  members: [
    { member_id: 'm1', name: '张三', total: 22, by_category: { 组织生活: 18, 党费缴纳: 4 }, ...(ranking ? { rank: 1 } : {}) },
    { member_id: 'm2', name: '李四', total: 22, by_category: { 党费缴纳: 6, 组织生活: 16 }, ...(ranking ? { rank: 1 } : {}) },
    { member_id: 'm3', name: '王五', total: 5, by_category: { 组织生活: 0, 其他: 5 }, ...(ranking ? { rank: 3 } : {}) },
  ],
});

const catalog = {
  rules: [],
  categories: [
    { key: 'org_life', label: '组织生活' }, { key: 'dues', label: '党费缴纳' }, { key: 'volunteer', label: '志愿服务' }, { key: 'other', label: '其他' },
  ],
};

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  signIn('viewer');
  setOption.mockClear();
  answers = {
    'GET /orgs/root': () => json({ id: 'root', name: '机关党委', path: [] }),
    'GET /orgs/b1': () => json({ id: 'b1', name: '机关第一党支部', path: [] }),
    'GET /points/catalog': () => json(catalog),
    'GET /orgs/root/points/distribution': () => json(distribution),
    'GET /orgs/root/points/members': () => problem(422, 'not_branch', '积分名单仅按党支部查看'),
    'GET /orgs/b1/points/distribution': () => json({ ...distribution, org_id: 'b1', org_name: '机关第一党支部', members: 3, average: 16.3333, median: 22, buckets: buckets(1, 0, 2), children: [] }),
    'GET /orgs/b1/points/members': () => json(branchMembers(false)),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const mountPage = (query = '?org=root&year=2026') => mountAt(PointsOverviewView, '/points' + query);
const texts = (sel: string) => $$(sel).map((e) => e.textContent!.trim());

describe('PointsOverviewView', () => {
  it('shows the distribution of an upper organization by child organization, without any name', async () => {
    const { w } = await mountPage();
    expect(calls.find((c) => c.path === '/orgs/root/points/distribution')!.query.get('year')).toBe('2026');
    const stat = (id: string) => w.get(`[data-testid=${id}] .el-statistic__content`).text();
    expect(stat('points-members')).toBe('30');
    expect(stat('points-average')).toBe('12.3');
    expect(stat('points-median')).toBe('11');
    const opt = setOption.mock.calls.at(-1)![0];
    expect(opt.xAxis.data).toEqual(['0–9 分', '10–19 分', '20 分及以上']);
    expect(opt.series[0].data).toEqual([10, 15, 5]);
    expect(opt.tooltip.formatter([{ dataIndex: 1 }])).toBe('10–19 分：15 人');
    expect(texts('[data-testid=points-bucket]')).toEqual(['0–9 分：10 人', '10–19 分：15 人', '20 分及以上：5 人']);
    expect(texts('[data-testid=points-children] th').slice(4)).toEqual(['0–9 分', '10–19 分', '20 分及以上']);

    expect(texts('[data-testid=points-child-name]')).toEqual(['机关第一党支部', '机关第二党支部']);
    const rows = $$('[data-testid=points-children] .el-table__body tr').map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent!.trim()));
    expect(rows).toEqual([
      ['机关第一党支部', '18', '14', '13.5', '4', '10', '4'],
      ['机关第二党支部', '12', '9.5', '8', '6', '5', '1'],
    ]);

    expect(w.get('[data-testid=points-not-branch]').text()).toContain('积分名单仅按党支部查看');
    expect(w.find('[data-testid=points-members-table]').exists()).toBe(false);
    for (const n of NAMES) expect(document.body.textContent).not.toContain(n);
    w.unmount();
  });

  it('drills down to a child organization, keeping the year', async () => {
    const { w, router } = await mountPage();
    await w.findAll('[data-testid=points-child-name]')[0].trigger('click');
    await settle();
    expect(router.currentRoute.value.query).toMatchObject({ org: 'b1', year: '2026' });
    expect(calls.filter((c) => c.path === '/orgs/b1/points/distribution')).toHaveLength(1);
    expect(w.find('[data-testid=points-children]').exists()).toBe(false);
    w.unmount();
  });

  it('lists a branch\'s members by name with points by category in the catalogue\'s order, without ranks when ranking is off', async () => {
    const { w } = await mountPage('?org=b1&year=2026');
    expect(w.get('[data-testid=points-ranking-note]').text()).toContain('积分排名未开启（默认关闭）');
    expect(w.find('[data-testid=points-rank]').exists()).toBe(false);
    expect(texts('[data-testid=points-members-table] th')).toEqual(['姓名', '总积分', '组织生活', '党费缴纳', '其他']);
    expect(texts('[data-testid=points-member-name]')).toEqual(NAMES);
    expect(texts('[data-testid=points-member-total]')).toEqual(['22', '22', '5']);
    const rows = $$('[data-testid=points-members-table] .el-table__body tr').map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent!.trim()));
    expect(rows[1]).toEqual(['李四', '22', '16', '6', '0']);
    expect(w.get('[data-testid=points-member-name]').attributes('href')).toBe('/points/members/m1?year=2026');
    expect(w.find('[data-testid=points-not-branch]').exists()).toBe(false);
    w.unmount();
  });

  it('shows the ranks, ties shared, only when the server says ranking is on', async () => {
    answers['GET /orgs/b1/points/members'] = () => json(branchMembers(true));
    const { w } = await mountPage('?org=b1&year=2026');
    expect(w.get('[data-testid=points-ranking-note]').text()).toContain('本支部已开启积分排名');
    expect(texts('[data-testid=points-members-table] th')[0]).toBe('排名');
    expect(texts('[data-testid=points-rank]')).toEqual(['1', '1', '3']);
    w.unmount();
  });

  it('asks again when the year changes', async () => {
    const { w, router } = await mountPage('?org=b1&year=2026');
    await router.replace({ query: { org: 'b1', year: '2025' } });
    await settle();
    const years = calls.filter((c) => c.path === '/orgs/b1/points/members').map((c) => c.query.get('year'));
    expect(years).toEqual(['2026', '2025']);
    w.unmount();
  });

  it('says when an organization has no members, and the branch list is empty', async () => {
    answers['GET /orgs/b1/points/distribution'] = () => json({ ...distribution, org_id: 'b1', members: 0, average: 0, median: 0, buckets: [], children: [] });
    answers['GET /orgs/b1/points/members'] = () => json({ org_id: 'b1', year: 2026, ranking: false, members: [] });
    const { w } = await mountPage('?org=b1&year=2026');
    expect(w.get('[data-testid=points-distribution-empty]').text()).toContain('该组织暂无党员');
    expect(w.get('[data-testid=points-members-table]').text()).toContain('本支部暂无党员');
    expect(setOption).not.toHaveBeenCalled();
    w.unmount();
  });

  it('shows loading, then the error with a retry', async () => {
    let release: (r: Response) => void = () => {};
    answers['GET /orgs/root/points/distribution'] = () => new Promise<Response>((r) => (release = r)) as unknown as Response;
    const { w } = await mountPage();
    expect(w.get('[data-testid=points-distribution]').classes()).toContain('el-loading-parent--relative');
    release(problem(500, 'internal', '服务器内部错误'));
    await settle();
    expect(w.get('[data-testid=points-error]').text()).toContain('服务器内部错误');
    answers['GET /orgs/root/points/distribution'] = () => json(distribution);
    await w.get('[data-testid=points-error] button').trigger('click');
    await settle();
    expect(w.find('[data-testid=points-error]').exists()).toBe(false);
    expect(w.get('[data-testid=points-members] .el-statistic__content').text()).toBe('30');
    w.unmount();
  });
});
