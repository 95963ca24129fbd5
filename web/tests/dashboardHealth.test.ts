// 红黄绿预警: the colour counts (the same figure as 党建概况, linking to its
// list), the branches with score, colour and components filtered by colour,
// the 软弱涣散 risk list with every reason; and 预警设置 through the subtree
// settings (weights, lines, dues threshold), read-only for a viewer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import HealthSettingsView from '../src/console/views/HealthSettingsView.vue';
import HealthView from '../src/console/views/HealthView.vue';
import { clearSession } from '../src/stores/session';
import { component, json, mockApi, problem, settle, writes, type Answer, type Call } from './orglifeMock';
import { $, $$, mountAt, signIn } from './duesHarness';
import { ORGS, REASONS, branch, bucket, orgAnswer } from './dashboardMock';

const healthPanel = {
  org: { id: 'root', name: '机关党委', kind: 'committee' },
  as_of: '2026-12-03',
  panel: 'health',
  headline: [],
  figures: [{ metric: 'health.color', label: '健康度', buckets: [bucket('green', '绿', 7), bucket('yellow', '黄', 3), bucket('red', '红', 2)] }],
};

const green = branch('b1', '机关第一党支部', 88, 'green');
const red = branch('b2', '机关第二党支部', 35, 'red', REASONS);

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  signIn('party_worker');
  answers = {
    'GET /orgs/root': () => json(orgAnswer(ORGS.root, [ORGS.root])),
    'GET /dashboard/orgs/root/panels/health': () => json(healthPanel),
    'GET /dashboard/orgs/root/health': (c) => json({ items: c.query.get('color') === 'red' ? [red] : [green, red], next_cursor: '' }),
    'GET /dashboard/orgs/root/risks': () => json({ items: [red], next_cursor: '' }),
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
const href = (testid: string) => $(`[data-testid="${testid}"]`)?.getAttribute('href');
const rows = (testid: string) => $$(`[data-testid=${testid}] .el-table__body tr`).map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent!.trim()));

describe('HealthView', () => {
  it('shows the colour counts as the API gives them, each linking to the branches of that colour', async () => {
    const { w } = await mountAt(HealthView, '/dashboard/health?org=root');
    expect([text('health-count-red'), text('health-count-yellow'), text('health-count-green')]).toEqual(['2', '3', '7']);
    expect(href('health-count-red')).toBe('/dashboard/list?org=root&metric=health.color&bucket=red');
    expect(href('health-dashboard-link')).toBe('/dashboard?org=root&panel=health');
    expect(href('health-settings-link')).toBe('/dashboard/settings?org=root');
    w.unmount();
  });

  it('lists the branches with score, colour and components, and filters by colour', async () => {
    const { w, router } = await mountAt(HealthView, '/dashboard/health?org=root');
    expect($$('[data-testid=health-branches] th').map((th) => th.textContent!.trim()).slice(0, 9)).toEqual(['党支部', '党员', '健康度', '预警', '组织生活', '参会率', '党费收缴', '按期换届', '活跃度']);
    expect(rows('health-branches').map((r) => r.slice(0, 9))).toEqual([
      ['机关第一党支部', '12', '88', '绿', '60', '75', '45', '0', '100'],
      ['机关第二党支部', '12', '35', '红', '60', '75', '45', '0', '100'],
    ]);
    expect(href('branch-b1')).toBe('/dashboard?org=b1&panel=health');

    const red = $$('[data-testid=health-filter] label').find((l) => l.textContent === '红')!;
    red.click();
    await settle();
    expect(router.currentRoute.value.query.color).toBe('red');
    expect(calls.filter((c) => c.path === '/dashboard/orgs/root/health').at(-1)!.query.get('color')).toBe('red');
    expect(rows('health-branches').map((r) => r[0])).toEqual(['机关第二党支部']);
    w.unmount();
  });

  it('gives every reason of each branch at risk, in words', async () => {
    const { w } = await mountAt(HealthView, '/dashboard/health?org=root');
    const risk = $('[data-testid=health-risks]')!;
    expect(Array.from(risk.querySelectorAll('[data-testid=branch-reasons-b2] li')).map((l) => l.textContent)).toEqual(REASONS.map((r) => r.text));
    expect(risk.querySelector('[data-testid=branch-b2]')!.getAttribute('href')).toBe('/dashboard?org=b2&panel=health');
    expect(risk.querySelector('[data-testid=branch-b1]')).toBeNull();
    w.unmount();
  });

  it('says when no branch is at risk, and shows errors with a retry', async () => {
    answers['GET /dashboard/orgs/root/risks'] = () => json({ items: [], next_cursor: '' });
    answers['GET /dashboard/orgs/root/health'] = () => problem(500, 'internal', '服务器内部错误');
    const { w } = await mountAt(HealthView, '/dashboard/health?org=root');
    expect(text('health-risks')).toContain('暂无存在软弱涣散风险的党支部');
    expect(text('health-error')).toContain('服务器内部错误');
    answers['GET /dashboard/orgs/root/health'] = () => json({ items: [green], next_cursor: 'c2' });
    $('[data-testid=health-error] button')!.click();
    await settle();
    expect($('[data-testid=health-error]')).toBeNull();
    expect(rows('health-branches').map((r) => r[0])).toEqual(['机关第一党支部']);
    expect($('[data-testid=health-more]')).not.toBeNull();
    w.unmount();
  });

  it('hides the settings link from a viewer', async () => {
    signIn('viewer');
    const { w } = await mountAt(HealthView, '/dashboard/health?org=root');
    expect($('[data-testid=health-settings-link]')).toBeNull();
    w.unmount();
  });
});

type Source = 'default' | 'inherited' | 'own';
const item = (key: string, label: string, value: string, source: Source = 'default') => ({
  key, label, value, default: value, source,
  source_org_id: source === 'inherited' ? 'root' : '', source_org_name: source === 'inherited' ? '机关党委' : '',
});
const settings = [
  item('dashboard.weight_orglife', '组织生活权重', '30'),
  item('dashboard.weight_attendance', '出席率权重', '20'),
  item('dashboard.weight_dues', '党费权重', '20'),
  item('dashboard.weight_term', '换届权重', '15'),
  item('dashboard.weight_activity', '活跃权重', '15'),
  item('dashboard.green_min', '绿线', '80', 'inherited'),
  item('dashboard.yellow_min', '黄线', '60'),
  item('dashboard.dues_threshold', '党费收缴率预警线（%）', '80'),
];

describe('HealthSettingsView', () => {
  beforeEach(() => {
    answers['GET /dashboard/orgs/root/settings'] = () => json({ org_id: 'root', items: settings });
    answers['PUT /dashboard/orgs/root/settings'] = () => json({ org_id: 'root', items: settings });
  });
  const hint = (key: string) => text(`setting-hint-${key}`);

  it('shows each setting with its source and meaning, and saves only the changed values', async () => {
    const { w } = await mountAt(HealthSettingsView, '/dashboard/settings?org=root');
    expect(text('setting-source-dashboard.green_min')).toBe('继承自 机关党委');
    expect(hint('dashboard.green_min')).toBe('健康度 80 分及以上为绿');
    expect(hint('dashboard.dues_threshold')).toBe('上月党费收缴率低于 80% 的支部列入软弱涣散风险名单');
    expect($$('[data-testid=settings-table] .el-table__body tr')).toHaveLength(8);
    component(w, '[data-testid="setting-dashboard.dues_threshold"] .el-input-number').vm.$emit('update:modelValue', 70);
    await settle(2);
    await w.get('[data-testid=settings-save]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([['/dashboard/orgs/root/settings', { values: { 'dashboard.dues_threshold': '70' } }]]);
    w.unmount();
  });

  it('is read-only for a viewer', async () => {
    signIn('viewer');
    const { w } = await mountAt(HealthSettingsView, '/dashboard/settings?org=root');
    expect(w.find('[data-testid=settings-save]').exists()).toBe(false);
    expect(w.get('[data-testid="setting-dashboard.weight_dues"] .el-input-number').classes()).toContain('is-disabled');
    w.unmount();
  });
});
