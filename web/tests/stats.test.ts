// 党内统计: 生成 posts the chosen date, every table is shown with the API's
// numbers (合计 rows bold), 导出 Excel points at the stored report's .xlsx,
// a past report reopens by its address, and a refused date says why in Chinese.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import StatsView from '../src/console/views/StatsView.vue';
import { clearSession } from '../src/stores/session';
import { today } from '../src/utils/date';
import { json, mockApi, problem, settle, writes, type Answer, type Call } from './orglifeMock';
import { $, $$, byTestid, mountAt, signIn } from './duesHarness';
import { ORGS, orgAnswer } from './dashboardMock';

const tables = [
  { key: 'members_gender', title: '党员按性别', columns: ['组织', '合计', '男', '女'], rows: [['机关第一党支部', '14', '8', '6'], ['机关第二党支部', '9', '4', '5'], ['合计', '23', '12', '11']] },
  { key: 'orgs_kind', title: '组织按类别', columns: ['类别', '个数'], rows: [['党支部', '2'], ['合计', '2']], note: '按截止日期时的组织统计' },
];
const report = (id: string, asOf: string) => ({ id, org: { id: 'root', name: '机关党委' }, as_of: asOf, year: Number(asOf.slice(0, 4)), created_at: '2026-12-03T02:00:00Z', actor: '王书记', tables });
const summary = (id: string, asOf: string) => {
  const { tables: _, ...s } = report(id, asOf);
  return s;
};

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  signIn('viewer');
  answers = {
    'GET /orgs/root': () => json(orgAnswer(ORGS.root, [ORGS.root])),
    'GET /stats/orgs/root/reports': () => json({ items: [summary('r1', '2025-12-31')] }),
    'GET /stats/reports/r1': () => json(report('r1', '2025-12-31')),
    'POST /stats/orgs/root/reports': (c) => json(report('r2', (c.body as { as_of: string }).as_of), 201),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const text = (testid: string) => $(`[data-testid="${testid}"]`)?.textContent?.trim();
const rows = (sel: string) => $$(`${sel} .el-table__body tr`).map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent!.trim()));

describe('StatsView', () => {
  it('generates the tables as of today by default and shows every number of every table', async () => {
    const { w, router } = await mountAt(StatsView, '/stats?org=root');
    await w.get('[data-testid=stats-generate]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([['/stats/orgs/root/reports', { as_of: today() }]]);
    expect(router.currentRoute.value.query.report).toBe('r2');
    expect(calls.filter((c) => c.path === '/stats/reports/r2')).toHaveLength(0);
    expect(text('stats-report-title')).toBe(`机关党委 党内统计（截至 ${today()}）`);
    expect($$('[data-testid=stats-report] h3').map((h) => h.textContent)).toEqual(['党员按性别', '组织按类别']);
    expect(rows('[data-testid=stats-table-members_gender]')).toEqual(tables[0].rows);
    expect(rows('[data-testid=stats-table-orgs_kind]')).toEqual(tables[1].rows);
    expect(text('stats-note-orgs_kind')).toBe('按截止日期时的组织统计');
    const bold = $$('[data-testid=stats-table-members_gender] .el-table__body tr').map((r) => r.classList.contains('total-row'));
    expect(bold).toEqual([false, false, true]);
    expect($('[data-testid=stats-xlsx]')!.getAttribute('href')).toBe('/api/v1/stats/reports/r2.xlsx');
    w.unmount();
  });

  it('generates as of the chosen date', async () => {
    const { w } = await mountAt(StatsView, '/stats?org=root');
    byTestid(w, 'ElDatePicker', 'stats-date').vm.$emit('update:modelValue', '2025-12-31');
    await settle(2);
    await w.get('[data-testid=stats-generate]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => c.body)).toEqual([{ as_of: '2025-12-31' }]);
    expect(text('stats-report-title')).toContain('截至 2025-12-31');
    w.unmount();
  });

  it('shows a refused date in Chinese, from the problem answer', async () => {
    answers['POST /stats/orgs/root/reports'] = () =>
      json({ status: 422, code: 'validation', detail: '数据校验未通过', errors: [{ field: 'as_of', message: '统计截止日期不能晚于今天' }] }, 422);
    const { w } = await mountAt(StatsView, '/stats?org=root');
    await w.get('[data-testid=stats-generate]').trigger('click');
    await settle();
    expect(text('stats-date-error')).toBe('统计截止日期不能晚于今天');
    expect($('[data-testid=stats-report-title]')).toBeNull();
    w.unmount();
  });

  it('lists past reports and reopens one', async () => {
    const { w, router } = await mountAt(StatsView, '/stats?org=root');
    expect(rows('[data-testid=stats-past]')[0].slice(0, 3)).toEqual(['2025-12-31', '2026-12-03 10:00:00', '王书记']);
    $('[data-testid=stats-open-r1]')!.click();
    await settle();
    expect(router.currentRoute.value.query.report).toBe('r1');
    expect(text('stats-report-title')).toBe('机关党委 党内统计（截至 2025-12-31）');
    expect(rows('[data-testid=stats-table-members_gender]')).toEqual(tables[0].rows);
    expect($('[data-testid=stats-xlsx]')!.getAttribute('href')).toBe('/api/v1/stats/reports/r1.xlsx');
    w.unmount();
  });

  it('opens the report in the address; says when there is none yet; shows a failed report with a retry', async () => {
    answers['GET /stats/orgs/root/reports'] = () => json({ items: [] });
    answers['GET /stats/reports/r1'] = () => problem(404, 'not_found', '记录不存在或无权访问');
    const { w } = await mountAt(StatsView, '/stats?org=root&report=r1');
    expect(text('stats-past')).toContain('尚未生成过统计表');
    expect(text('stats-report-error')).toContain('记录不存在或无权访问');
    answers['GET /stats/reports/r1'] = () => json(report('r1', '2025-12-31'));
    $('[data-testid=stats-report-error] button')!.click();
    await settle();
    expect($('[data-testid=stats-report-error]')).toBeNull();
    expect(text('stats-report-title')).toContain('截至 2025-12-31');
    w.unmount();
  });
});
