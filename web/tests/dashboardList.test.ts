// The list behind a number: members (detail and portrait links), organizations
// (their dashboards), branches of a colour (score, colour, reasons); the title
// names the figure; 加载更多 passes the cursor back; empty and error states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import DashboardListView from '../src/console/views/DashboardListView.vue';
import { clearSession } from '../src/stores/session';
import { json, mockApi, problem, settle, type Answer, type Call } from './orglifeMock';
import { $, $$, mountAt, signIn } from './duesHarness';
import { REASONS, branch } from './dashboardMock';

const member = (id: string, name: string) => ({
  id, name, org_id: 'b1', org_name: '机关第一党支部',
  gender: 'female', gender_label: '女', ethnicity: '汉族', birth_date: '1990-05-01',
  education: 'bachelor', education_label: '大学本科', category: 'civil_servant', category_label: '党政机关工作人员',
  status: 'full', status_label: '正式党员', full_member_on: '2015-07-01', age_band: '31_40', age_band_label: '31—40岁',
  party_age_band: '11_20', party_age_band_label: '11—20年',
});

const org = (id: string, name: string) => ({
  id, parent_id: 'root', name, kind: 'branch', kind_label: '党支部', unit_type: 'government', unit_type_label: '党政机关',
  term_end: '2025-06-30', term_state: 'overdue', term_state_label: '逾期未换届', longitude: null, latitude: null,
});

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  signIn('viewer');
  answers = {};
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const mountPage = (metric: string, bucket: string) => mountAt(DashboardListView, `/dashboard/list?org=root&metric=${metric}&bucket=${bucket}`);
const href = (testid: string) => $(`[data-testid="${testid}"]`)?.getAttribute('href');
const rows = (testid: string) => $$(`[data-testid=${testid}] .el-table__body tr`).map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent!.trim()));
const listCalls = () => calls.filter((c) => c.path === '/dashboard/orgs/root/list');

describe('DashboardListView', () => {
  it('lists the members behind a number, each with their detail and portrait, and loads more by cursor', async () => {
    answers['GET /dashboard/orgs/root/list'] = (c) =>
      c.query.get('cursor')
        ? json({ items: [member('m3', '王五')], next_cursor: '' })
        : json({ items: [member('m1', '张三'), member('m2', '李四')], next_cursor: '李四\u0000m2', metric_label: '性别', bucket_label: '女' });
    const { w } = await mountPage('members.gender', 'female');
    const first = listCalls()[0].query;
    expect([first.get('metric'), first.get('bucket'), first.get('cursor')]).toEqual(['members.gender', 'female', null]);
    expect($('[data-testid=list-title]')!.textContent).toBe('性别：女');
    expect(rows('list-members')).toEqual([
      ['张三', '机关第一党支部', '女', '31—40岁', '大学本科', '党政机关工作人员', '正式党员', '画像'],
      ['李四', '机关第一党支部', '女', '31—40岁', '大学本科', '党政机关工作人员', '正式党员', '画像'],
    ]);
    expect(href('list-member-m1')).toBe('/members/m1');
    expect(href('list-portrait-m1')).toBe('/members/m1/portrait');
    expect(href('list-back')).toBe('/dashboard?org=root');

    $('[data-testid=list-more]')!.click();
    await settle();
    expect(listCalls()[1].query.get('cursor')).toBe('李四\u0000m2');
    expect(rows('list-members').map((r) => r[0])).toEqual(['张三', '李四', '王五']);
    expect($('[data-testid=list-more]')).toBeNull();
    expect($('[data-testid=list-title]')!.textContent).toBe('性别：女');
    w.unmount();
  });

  it('lists organizations, each opening its own dashboard', async () => {
    answers['GET /dashboard/orgs/root/list'] = () => json({ items: [org('b1', '机关第一党支部')], next_cursor: '', metric_label: '换届情况', bucket_label: '逾期未换届' });
    const { w } = await mountPage('orgs.term_state', 'overdue');
    expect($('[data-testid=list-title]')!.textContent).toBe('换届情况：逾期未换届');
    expect(rows('list-orgs')).toEqual([['机关第一党支部', '党支部', '党政机关', '2025-06-30', '逾期未换届']]);
    expect(href('list-org-b1')).toBe('/dashboard?org=b1');
    expect($('[data-testid=list-more]')).toBeNull();
    w.unmount();
  });

  it('lists the branches of a colour with score, colour and every reason', async () => {
    answers['GET /dashboard/orgs/root/list'] = () => json({ items: [branch('b2', '机关第二党支部', 42, 'red', REASONS)], next_cursor: '', metric_label: '健康度', bucket_label: '红' });
    const { w } = await mountPage('health.color', 'red');
    expect($('[data-testid=list-title]')!.textContent).toBe('健康度：红');
    expect($('[data-testid=branch-score-b2]')!.textContent).toBe('42');
    expect($('[data-testid=branch-color-b2]')!.textContent!.trim()).toBe('红');
    expect($$('[data-testid=branch-reasons-b2] li').map((l) => l.textContent)).toEqual(REASONS.map((r) => r.text));
    expect(href('branch-b2')).toBe('/dashboard?org=b2&panel=health');
    w.unmount();
  });

  it('names the figure by its codes when the answer has no labels, and says when the list is empty', async () => {
    answers['GET /dashboard/orgs/root/list'] = () => json({ items: [], next_cursor: '' });
    const { w } = await mountPage('members.total', 'all');
    expect($('[data-testid=list-title]')!.textContent).toBe('members.total');
    expect($('[data-testid=list-members]')!.textContent).toContain('没有符合条件的党员');
    w.unmount();
  });

  it('shows the error with a retry', async () => {
    answers['GET /dashboard/orgs/root/list'] = () => problem(422, 'invalid_metric', '不支持查看该数字的明细');
    const { w } = await mountPage('members.gender', 'x');
    expect($('[data-testid=list-error]')!.textContent).toContain('不支持查看该数字的明细');
    answers['GET /dashboard/orgs/root/list'] = () => json({ items: [member('m1', '张三')], next_cursor: '' });
    $('[data-testid=list-error] button')!.click();
    await settle();
    expect($('[data-testid=list-error]')).toBeNull();
    expect(rows('list-members').map((r) => r[0])).toEqual(['张三']);
    w.unmount();
  });
});
