// 党费统计: totals with the collection rate, the chart by month, drill-down
// by organization, the arrears list with its highlights and the 党章 rule,
// the .xlsx export, and the loading, empty and error states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import DuesReportView from '../src/console/views/DuesReportView.vue';
import { clearSession } from '../src/stores/session';
import { json, mockApi, settle, type Answer, type Call } from './orglifeMock';
import { $$, mountAt, signIn } from './duesHarness';

// The test DOM has no canvas: the chart records its options instead of drawing.
const setOption = vi.hoisted(() => vi.fn());
vi.mock('echarts/core', () => ({ use: vi.fn(), init: vi.fn((el: HTMLElement) => ({ setOption, dispose: vi.fn(), getDom: () => el })) }));

const figures = (due: number, paid: number, rate: number) => ({ due_fen: due, paid_fen: paid, owed_fen: due - paid, rate });

const report = (org: string) => ({
  org_id: org, from: '2026-01', to: '2026-02',
  totals: figures(960000, 948000, 0.9875),
  by_month: [
    { month: '2026-01', ...figures(480000, 480000, 1) },
    { month: '2026-02', ...figures(480000, 468000, 0.975) },
  ],
  by_org: [
    { org_id: 'b1', org_name: '机关第一党支部', ...figures(600000, 600000, 1) },
    { org_id: 'b2', org_name: '机关第二党支部', ...figures(360000, 348000, 0.9667) },
  ],
  by_category: [{ category: 'salaried', category_label: '在职（月工资）', ...figures(960000, 948000, 0.9875) }],
});

const arrear = (id: string, name: string, streak: number) => ({
  member_id: id, member_name: name, org_id: 'b2', org_name: '机关第二党支部', unpaid_months: ['2026-01', '2026-02'].slice(0, Math.min(streak, 2)), streak, owed_fen: 4800 * streak, level: streak >= 5 ? 5 : streak >= 3 ? 3 : 0,
});

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  signIn('viewer');
  setOption.mockClear();
  answers = {
    'GET /orgs/root': () => json({ id: 'root', name: '机关党委', path: [] }),
    'GET /orgs/root/dues/report': () => json(report('root')),
    'GET /orgs/b2/dues/report': () => json({ ...report('b2'), by_org: [{ org_id: 'b2', org_name: '机关第二党支部', ...figures(360000, 348000, 0.9667) }] }),
    'GET /orgs/root/dues/arrears': () => json({ items: [arrear('m1', '赵六', 5), arrear('m2', '钱七', 3), arrear('m3', '孙八', 1)] }),
    'GET /orgs/b2/dues/arrears': () => json({ items: [] }),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const mountPage = (query = '?org=root&from=2026-01&to=2026-02') => mountAt(DuesReportView, '/dues/report' + query);

describe('DuesReportView', () => {
  it('shows the totals, the rate and the bars by month in fen', async () => {
    const { w } = await mountPage();
    const req = calls.find((c) => c.path === '/orgs/root/dues/report')!;
    expect([req.query.get('from'), req.query.get('to')]).toEqual(['2026-01', '2026-02']);
    expect(w.get('[data-testid=report-due_fen]').text()).toContain('9,600.00');
    expect(w.get('[data-testid=report-owed_fen]').text()).toContain('120.00');
    expect(w.get('[data-testid=report-rate]').text()).toContain('98.75%');
    const opt = setOption.mock.calls.at(-1)![0];
    expect(opt.xAxis.data).toEqual(['2026年1月', '2026年2月']);
    expect(opt.series.map((s: { data: number[] }) => s.data)).toEqual([[480000, 480000], [480000, 468000]]);
    expect(opt.yAxis.axisLabel.formatter(100000)).toBe('1,000.00');
    expect(opt.tooltip.formatter([{ dataIndex: 1 }])).toBe('2026年2月<br>应缴 4,800.00 元<br>已缴 4,680.00 元<br>收缴率 97.5%');
    expect(w.get('[data-testid=report-by-category]').text()).toContain('在职（月工资）');
    w.unmount();
  });

  it('drills down to a child organization, keeping the months', async () => {
    const { w, router } = await mountPage();
    const names = w.findAll('[data-testid=report-by-org-name]');
    expect(names.map((n) => n.text())).toEqual(['机关第一党支部', '机关第二党支部']);
    await names[1].trigger('click');
    await settle();
    expect(router.currentRoute.value.query).toMatchObject({ org: 'b2', from: '2026-01', to: '2026-02' });
    expect(calls.filter((c) => c.path === '/orgs/b2/dues/report')).toHaveLength(1);
    expect(w.get('[data-testid=report-by-org]').text()).not.toContain('机关第一党支部');
    expect(w.get('[data-testid=arrears-table]').text()).toContain('没有欠缴党费的党员');
    w.unmount();
  });

  it('highlights 3 and 5 consecutive unpaid months and names the six-month rule', async () => {
    const { w } = await mountPage();
    expect(w.get('[data-testid=arrears-rule]').text()).toContain('党章第九条');
    expect(w.get('[data-testid=arrears-rule]').text()).toContain('连续六个月不交纳党费');
    expect(w.get('[data-testid=arrears-rule]').text()).toContain('不会自动改变');
    const rows = $$('[data-testid=arrears-table] .el-table__body tr');
    expect(rows.map((r) => [r.querySelector('td')!.textContent, r.className.match(/arrear-\w+/)?.[0] || ''])).toEqual([
      ['赵六', 'arrear-danger'],
      ['钱七', 'arrear-warning'],
      ['孙八', ''],
    ]);
    expect(w.get('[data-testid=arrears-serious]').text()).toBe('1 名党员已连续 5 个月及以上未交纳党费');
    w.unmount();
  });

  it('exports the year of the end month as .xlsx', async () => {
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }));
    answers['GET /orgs/root/dues/report.xlsx'] = () =>
      new Response(new Blob(['xlsx']), { headers: { 'Content-Disposition': "attachment; filename*=UTF-8''%E6%B1%87%E6%80%BB.xlsx" } });
    const { w } = await mountPage('?org=root&from=2025-11&to=2026-02');
    expect(w.get('[data-testid=report-export]').text()).toBe('导出 2026 年党费收缴登记表');
    await w.get('[data-testid=report-export]').trigger('click');
    await settle();
    const req = calls.find((c) => c.path === '/orgs/root/dues/report.xlsx')!;
    expect(req.query.get('year')).toBe('2026');
    w.unmount();
  });

  it('refuses an end month before the start without asking', async () => {
    const { w } = await mountPage('?org=root&from=2026-05&to=2026-02');
    expect(calls.some((c) => c.path === '/orgs/root/dues/report')).toBe(false);
    expect(w.get('[data-testid=report-error]').text()).toContain('结束月份不能早于开始月份');
    w.unmount();
  });

  it('shows loading, then the error with a retry', async () => {
    let release: (r: Response) => void = () => {};
    answers['GET /orgs/root/dues/report'] = () => new Promise<Response>((r) => (release = r)) as unknown as Response;
    const { w } = await mountPage();
    expect(w.get('[data-testid=report-body]').classes()).toContain('el-loading-parent--relative');
    release(json({ status: 500, code: 'internal', detail: '服务器内部错误' }, 500));
    await settle();
    expect(w.get('[data-testid=report-error]').text()).toContain('服务器内部错误');
    answers['GET /orgs/root/dues/report'] = () => json({ ...report('root'), by_month: [], by_org: [], by_category: [] });
    await w.get('[data-testid=report-error] button').trigger('click');
    await settle();
    expect(w.find('[data-testid=report-error]').exists()).toBe(false);
    expect(w.get('[data-testid=report-by-org]').text()).toContain('暂无数据');
    w.unmount();
  });
});
