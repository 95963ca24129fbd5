// 党建概况: a panel's headline numbers and distributions as the API gives
// them, each number linking to the list behind it, the child organizations
// (drill down, breadcrumb back up within the caller's scope), tabs per
// panel, and the loading, empty and error states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import DashboardView from '../src/console/views/DashboardView.vue';
import { clearSession } from '../src/stores/session';
import { json, mockApi, problem, settle, type Answer, type Call } from './orglifeMock';
import { $, $$, mountAt, signIn } from './duesHarness';
import { ORGS, bucket, duesPanel, membersChildren, membersPanel, orgAnswer, orglifePanel } from './dashboardMock';

// The test DOM has no canvas: the chart records its options instead of drawing.
const setOption = vi.hoisted(() => vi.fn());
vi.mock('echarts/core', () => ({
  use: vi.fn(),
  init: vi.fn((el: HTMLElement) => ({ setOption, on: vi.fn(), dispose: vi.fn(), getDom: () => el })),
}));

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  signIn('viewer');
  setOption.mockClear();
  answers = {
    'GET /orgs/roots': () => json({ items: [ORGS.root] }),
    'GET /orgs/root': () => json(orgAnswer(ORGS.root, [ORGS.top, ORGS.root])),
    'GET /orgs/b1': () => json(orgAnswer(ORGS.b1, [ORGS.top, ORGS.root, ORGS.b1])),
    'GET /dashboard/orgs/root/panels/members': () => json(membersPanel('root', '机关党委', 23, 11, 12)),
    'GET /dashboard/orgs/root/panels/members/children': () => json(membersChildren),
    'GET /dashboard/orgs/b1/panels/members': () => json(membersPanel('b1', '机关第一党支部', 14, 6, 8)),
    'GET /dashboard/orgs/b1/panels/members/children': () => json({ rows: [] }),
    'GET /dashboard/orgs/root/panels/orglife': () => json(orglifePanel),
    'GET /dashboard/orgs/root/panels/orglife/children': () => json({ rows: [{ org: { id: 'b1', name: '机关第一党支部', kind: 'branch' }, headline: [{ key: 'meetings', label: '本年会议', n: 20 }] }] }),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const mountPage = (query = '?org=root') => mountAt(DashboardView, '/dashboard' + query);
const href = (testid: string) => $(`[data-testid="${testid}"]`)?.getAttribute('href');
const text = (testid: string) => $(`[data-testid="${testid}"]`)?.textContent?.trim();
const list = (org: string, metric: string, bucket: string) => `/dashboard/list?org=${org}&metric=${metric}&bucket=${bucket}`;

describe('DashboardView', () => {
  it('shows the headline numbers and every bucket as the API gives them, each linking to its list', async () => {
    const { w } = await mountPage();
    expect(text('headline-total')).toBe('23');
    expect(text('headline-probationary')).toBe('3');
    expect(href('headline-total')).toBe(list('root', 'members.total', 'all'));
    expect(href('headline-probationary')).toBe(list('root', 'members.status', 'probationary'));
    expect(text('figure-members.gender-female')).toBe('11');
    expect(text('figure-members.gender-male')).toBe('12');
    expect(href('figure-members.gender-female')).toBe(list('root', 'members.gender', 'female'));
    expect(text('figure-members.age_band-31_40')).toBe('10');
    expect(href('figure-members.age_band-o70')).toBe(list('root', 'members.age_band', 'o70'));
    expect(href('figure-members.ethnicity-汉族')).toBe(list('root', 'members.ethnicity', encodeURIComponent('汉族')));
    // 其他 sums the buckets a ranked figure leaves out: no list behind it.
    expect(text('figure-members.ethnicity-other')).toBe('3');
    expect($('[data-testid="figure-members.ethnicity-other"]')!.tagName).toBe('SPAN');

    const options = setOption.mock.calls.map((c) => c[0]);
    const pie = options.find((o) => o.series[0].type === 'pie');
    expect(pie.series[0].data).toEqual([{ name: '女', value: 11 }, { name: '男', value: 12 }]);
    const bar = options.find((o) => o.series[0].type === 'bar');
    expect(bar.xAxis.data).toEqual(['30岁及以下', '31—40岁', '41—50岁', '51—60岁', '61—70岁', '70岁以上']);
    expect(bar.series[0].data).toEqual([4, 10, 0, 6, 2, 1]);

    expect(text('panel-members-footnote')).toContain('数据截至 2026-12-03');
    expect(text('panel-members-footnote')).toContain('年龄、党龄按今日计算；数据随业务实时更新（健康度每日更新）');
    w.unmount();
  });

  it('lists the child organizations with their numbers, each linking to the child\'s list', async () => {
    const { w } = await mountPage();
    const rows = $$('[data-testid=panel-members-children] .el-table__body tr').map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent!.trim()));
    expect(rows).toEqual([
      ['机关第一党支部', '14', '2'],
      ['机关第二党支部', '9', '0'],
    ]);
    expect(href('child-b1')).toBe('/dashboard?org=b1&panel=members');
    expect(href('child-b1-total')).toBe(list('b1', 'members.total', 'all'));
    expect(href('child-b1-probationary')).toBe(list('b1', 'members.status', 'probationary'));
    // b2 has no 预备党员 figure of its own: the parent's names the list.
    expect(href('child-b2-probationary')).toBe(list('b2', 'members.status', 'probationary'));
    w.unmount();
  });

  it('drills down to a child and climbs back up by the breadcrumb, within the caller\'s scope', async () => {
    const { w, router } = await mountPage();
    expect(text('crumb-current')).toBe('机关党委');
    expect($('[data-testid=org-breadcrumb]')!.textContent).not.toContain('市委');

    $('[data-testid=child-b1]')!.click();
    await settle();
    expect(router.currentRoute.value.query).toMatchObject({ org: 'b1', panel: 'members' });
    expect(calls.filter((c) => c.path === '/dashboard/orgs/b1/panels/members')).toHaveLength(1);
    expect(text('headline-total')).toBe('14');
    expect(text('figure-members.gender-female')).toBe('6');
    expect(href('headline-total')).toBe(list('b1', 'members.total', 'all'));
    expect(text('crumb-current')).toBe('机关第一党支部');
    expect(href('crumb-root')).toBe('/dashboard?org=root&panel=members');
    expect($('[data-testid=org-breadcrumb]')!.textContent).not.toContain('市委');
    expect($('[data-testid=panel-members-children]')!.textContent).toContain('没有下级组织');

    $('[data-testid=crumb-root]')!.click();
    await settle();
    expect(router.currentRoute.value.query.org).toBe('root');
    expect(text('headline-total')).toBe('23');
    w.unmount();
  });

  it('opens another panel in its tab; numbers without a list behind them are plain', async () => {
    const { w, router } = await mountPage();
    const tab = $$('[data-testid=dashboard-tabs] .el-tabs__item').find((t) => t.textContent === '组织生活')!;
    tab.click();
    await settle();
    expect(router.currentRoute.value.query).toMatchObject({ org: 'root', panel: 'orglife' });
    expect(text('headline-meetings')).toBe('42');
    expect($('[data-testid=headline-meetings]')!.tagName).toBe('SPAN');
    expect(text('figure-meetings.held-2026-11')).toBe('15');
    expect($('[data-testid="figure-meetings.held-2026-11"]')!.tagName).toBe('SPAN');
    expect(href('child-b1')).toBe('/dashboard?org=b1&panel=orglife');
    expect(text('child-b1-meetings')).toBe('20');
    // Months are bars.
    expect(setOption.mock.calls.at(-1)![0].series[0]).toMatchObject({ type: 'bar', data: [12, 15] });
    w.unmount();
  });

  it('shows amounts and rates as the API writes them, with their units', async () => {
    answers['GET /dashboard/orgs/root/panels/dues'] = () => json(duesPanel);
    answers['GET /dashboard/orgs/root/panels/dues/children'] = () => json({ rows: [{ org: { id: 'b1', name: '机关第一党支部', kind: 'branch' }, headline: [{ key: 'rate_last_month', label: '上月党费收缴率', n: 90, unit: '%' }] }] });
    const { w } = await mountPage('?org=root&panel=dues');
    expect(text('headline-rate_last_month')).toBe('87');
    expect(text('headline-amount_year')).toBe('1234.50');
    expect($('[data-testid=panel-dues]')!.textContent).toContain('1234.50元');
    expect(text('figure-dues.paid_fen-2026-11')).toBe('100.50元');
    expect(text('child-b1-rate_last_month')).toBe('90%');
    expect(text('child-b1-amount_year')).toBe('0');
    w.unmount();
  });

  it('links the branches at risk to the risk list, but not one reason (the list has no such filter)', async () => {
    answers['GET /dashboard/orgs/root/panels/health'] = () =>
      json({
        org: { id: 'root', name: '机关党委', kind: 'committee' }, as_of: '2026-12-03', panel: 'health',
        headline: [{ key: 'red', label: '红', n: 2, metric: 'health.color', bucket: 'red' }, { key: 'at_risk', label: '软弱涣散风险', n: 4, metric: 'health.risk', bucket: 'all' }],
        figures: [{ metric: 'health.risk', label: '软弱涣散风险', buckets: [{ bucket: 'all', label: '存在风险', n: 4 }, { bucket: 'dues_low', label: '党费收缴率低', n: 1 }] }],
      });
    answers['GET /dashboard/orgs/root/panels/health/children'] = () => json({ rows: [] });
    const { w } = await mountPage('?org=root&panel=health');
    expect(href('headline-red')).toBe(list('root', 'health.color', 'red'));
    expect(href('headline-at_risk')).toBe(list('root', 'health.risk', 'all'));
    expect(href('figure-health.risk-all')).toBe(list('root', 'health.risk', 'all'));
    expect(text('figure-health.risk-dues_low')).toBe('1');
    expect(href('figure-health.risk-dues_low')).toBe(list('root', 'health.risk', 'dues_low'));
    w.unmount();
  });

  it('shows the points distribution, with no list of names behind any of its numbers', async () => {
    const points = (n: number[]) => ['lt0:负分', '0:0 分', '1_9:1–9 分', '10_19:10–19 分', '20_29:20–29 分', '30_49:30–49 分', 'ge50:50 分及以上'].map((b, i) => bucket(b.split(':')[0], b.split(':')[1], n[i]));
    answers['GET /dashboard/orgs/root/panels/points'] = () =>
      json({
        org: { id: 'root', name: '机关党委', kind: 'committee' }, as_of: '2026-12-03', panel: 'points',
        headline: [{ key: 'with_points', label: '本年有积分的党员', n: 9 }, { key: 'average', label: '人均积分', n: 14, text: '13.5' }],
        figures: [{ metric: 'points.bucket', label: '本年积分分布', buckets: points([1, 2, 2, 1, 0, 1, 3]) }],
      });
    answers['GET /dashboard/orgs/root/panels/points/children'] = () =>
      json({ rows: [{ org: { id: 'b1', name: '机关第一党支部', kind: 'branch' }, headline: [{ key: 'with_points', label: '本年有积分的党员', n: 2 }, { key: 'average', label: '人均积分', n: 25, text: '25.0' }] }] });
    const { w, router } = await mountPage();
    $$('[data-testid=dashboard-tabs] .el-tabs__item').find((t) => t.textContent === '积分分布')!.click();
    await settle();
    expect(router.currentRoute.value.query).toMatchObject({ org: 'root', panel: 'points' });
    expect(text('headline-with_points')).toBe('9');
    expect(text('headline-average')).toBe('13.5');
    expect(text('figure-points.bucket-0')).toBe('2');
    expect(text('figure-points.bucket-ge50')).toBe('3');
    expect(text('child-b1-average')).toBe('25.0');
    // Upper levels see distributions, never names: the only links are to the child organization.
    expect($$('[data-testid=panel-points] a').map((a) => a.getAttribute('data-testid'))).toEqual(['child-b1']);
    expect(setOption.mock.calls.at(-1)![0].series[0]).toMatchObject({ type: 'bar', data: [1, 2, 2, 1, 0, 1, 3] });
    w.unmount();
  });

  it('links to the big screen, the health warnings and 党内统计 of the organization', async () => {
    const { w } = await mountPage();
    expect(href('dashboard-screen-link')).toBe('/screen/root');
    expect(href('dashboard-health-link')).toBe('/dashboard/health?org=root');
    expect(href('dashboard-stats-link')).toBe('/stats?org=root');
    w.unmount();
  });

  it('says when a panel has no figures', async () => {
    answers['GET /dashboard/orgs/root/panels/members'] = () => json({ org: { id: 'root', name: '机关党委', kind: 'committee' }, as_of: '2026-12-03', panel: 'members', headline: [], figures: [] });
    const { w } = await mountPage();
    expect(text('panel-members-empty')).toContain('该组织暂无此项数据');
    expect(setOption).not.toHaveBeenCalled();
    w.unmount();
  });

  it('shows loading, then the error with a retry', async () => {
    let release: (r: Response) => void = () => {};
    answers['GET /dashboard/orgs/root/panels/members'] = () => new Promise<Response>((r) => (release = r)) as unknown as Response;
    const { w } = await mountPage();
    expect($('[data-testid=panel-members]')!.classList).toContain('el-loading-parent--relative');
    release(problem(500, 'internal', '服务器内部错误'));
    await settle();
    expect(text('panel-members-error')).toContain('服务器内部错误');
    answers['GET /dashboard/orgs/root/panels/members'] = () => json(membersPanel('root', '机关党委', 23, 11, 12));
    $('[data-testid=panel-members-error] button')!.click();
    await settle();
    expect($('[data-testid=panel-members-error]')).toBeNull();
    expect(text('headline-total')).toBe('23');
    w.unmount();
  });

  it('shows the children\'s error without hiding the panel', async () => {
    answers['GET /dashboard/orgs/root/panels/members/children'] = () => problem(500, 'internal', '下级组织数据加载失败');
    const { w } = await mountPage();
    expect(text('headline-total')).toBe('23');
    expect(text('panel-members-children-error')).toContain('下级组织数据加载失败');
    w.unmount();
  });
});
