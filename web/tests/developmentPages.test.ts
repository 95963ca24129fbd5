// 发展党员 pages around the file: the pipeline (stages open the list
// filtered, overdue, plan progress), the file list (filters in the address,
// 加载更多 by cursor, the new-file dialog with the server's field errors),
// the plans (quota per child, editing) and the settings; each with its
// loading, empty and error states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import DevelopmentPipelineView from '../src/console/views/DevelopmentPipelineView.vue';
import DevelopmentFilesView from '../src/console/views/DevelopmentFilesView.vue';
import DevelopmentPlansView from '../src/console/views/DevelopmentPlansView.vue';
import DevelopmentSettingsView from '../src/console/views/DevelopmentSettingsView.vue';
import { clearSession } from '../src/stores/session';
import { errorsShown, json, mockApi, settle, writes, type Answer, type Call } from './orglifeMock';
import { $, $$, byTestid, click, mountAt, signIn, typeIn } from './duesHarness';

const stage = (n: number, label: string, count: number, overdue = 0) => ({ stage: n, label, count, overdue });
const pipeline = (extra: Record<string, unknown> = {}) => ({
  org: { id: 'c1', name: '机关党委' },
  stages: [stage(1, '入党申请人', 4), stage(2, '入党积极分子', 3, 1), stage(3, '发展对象', 2), stage(4, '预备党员的接收', 1, 1), stage(5, '预备党员考察', 0)],
  overdue_total: 2,
  plan: { year: 2026, quota: 8, admitted: 2 },
  ...extra,
});

const summary = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id, name, gender: 'female', org_id: 'b1', org_name: '机关第一党支部', stage: 2, stage_label: '入党积极分子', last_step: 3, last_step_name: '确定入党积极分子',
  next_due: '2026-03-05', next_due_what: '入党积极分子每半年考察一次', overdue: false, state: 'active', applied_on: '2025-01-02', ...extra,
});

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-02T04:00:00Z'));
  signIn('party_worker');
  answers = {
    'GET /orgs/c1': () => json({ id: 'c1', name: '机关党委', path: [] }),
    'GET /orgs/c1/development/pipeline': () => json(pipeline()),
    'GET /orgs/c1/development/files': (c) =>
      c.query.get('cursor') === 'k2'
        ? json({ items: [summary('f3', '王五')], next_cursor: '' })
        : json({ items: [summary('f1', '张三', { overdue: true, next_due: '2026-02-27' }), summary('f2', '李四')], next_cursor: 'k2' }),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const gets = (path: string) => calls.filter((c) => c.method === 'GET' && c.path === path);

describe('DevelopmentPipelineView', () => {
  it('shows the count and overdue of each stage, the overdue total and the plan', async () => {
    const { w } = await mountAt(DevelopmentPipelineView, '/development/pipeline?org=c1');
    expect($$('[data-testid=dev-stage-count]').map((e) => e.textContent!.trim())).toEqual(['4 人', '3 人', '2 人', '1 人', '0 人']);
    expect(w.get('[data-testid=dev-stage-2]').text()).toContain('1 人逾期');
    expect(w.get('[data-testid=dev-stage-3]').find('[data-testid=dev-stage-overdue]').exists()).toBe(false);
    expect(w.get('[data-testid=dev-overdue-total]').text()).toContain('共 2 人');
    expect(w.get('[data-testid=dev-plan]').text()).toContain('名额 8 人，已接收预备党员 2 人');
    expect(w.get('[data-testid=dev-plan-progress]').text()).toContain('25%');
    expect(w.find('[data-testid=dev-pipeline-empty]').exists()).toBe(false);
    w.unmount();
  });

  it('opens the list filtered by a stage, or the overdue ones', async () => {
    const { w, router } = await mountAt(DevelopmentPipelineView, '/development/pipeline?org=c1');
    await click('[data-testid=dev-stage-4]');
    expect(router.currentRoute.value.path).toBe('/development/files');
    expect(router.currentRoute.value.query).toEqual({ org: 'c1', stage: '4' });
    router.back();
    await settle();
    await click('[data-testid=dev-overdue-link]');
    expect(router.currentRoute.value.query).toEqual({ org: 'c1', overdue: '1' });
    w.unmount();
  });

  it('says when nobody is in development and no plan was set', async () => {
    answers['GET /orgs/c1/development/pipeline'] = () =>
      json(pipeline({ stages: [1, 2, 3, 4, 5].map((n) => stage(n, `阶段${n}`, 0)), overdue_total: 0, plan: null }));
    const { w } = await mountAt(DevelopmentPipelineView, '/development/pipeline?org=c1');
    expect(w.find('[data-testid=dev-pipeline-empty]').exists()).toBe(true);
    expect(w.find('[data-testid=dev-overdue-total]').exists()).toBe(false);
    expect(w.get('[data-testid=dev-plan]').text()).toContain('尚未下达发展计划');
    w.unmount();
  });

  it('shows the error and reads again on 重试', async () => {
    let fail = true;
    answers['GET /orgs/c1/development/pipeline'] = () => (fail ? json({ status: 500, detail: '服务器内部错误' }, 500) : json(pipeline()));
    const { w } = await mountAt(DevelopmentPipelineView, '/development/pipeline?org=c1');
    expect(w.get('[data-testid=dev-pipeline-error]').text()).toContain('服务器内部错误');
    fail = false;
    await w.get('[data-testid=dev-pipeline-error] button').trigger('click');
    await settle();
    expect(w.find('[data-testid=dev-pipeline-error]').exists()).toBe(false);
    expect($$('[data-testid=dev-stage-count]')).toHaveLength(5);
    w.unmount();
  });
});

describe('DevelopmentFilesView', () => {
  it('sends the filters of the address and shows the deadlines', async () => {
    const { w } = await mountAt(DevelopmentFilesView, '/development/files?org=c1&stage=2&overdue=1&q=张');
    const q = gets('/orgs/c1/development/files')[0].query;
    expect([q.get('stage'), q.get('overdue'), q.get('q'), q.get('cursor'), q.get('limit')]).toEqual(['2', '1', '张', null, '20']);
    expect((byTestid(w, 'ElSelect', 'dev-filter-stage').props() as { modelValue: unknown }).modelValue).toBe(2);
    const rows = $$('[data-testid=dev-files-table] .el-table__body tr');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('第 3 步 确定入党积极分子');
    expect($$('[data-testid=dev-file-due]').map((e) => e.textContent!.trim())).toEqual(['已逾期 3 天', '还有 3 天']);
    expect($$('[data-testid=dev-file-link]').map((a) => a.getAttribute('href'))).toEqual(['/development/files/f1', '/development/files/f2']);
    w.unmount();
  });

  it('changes the address when a filter changes, and reads the first page again', async () => {
    const { w, router } = await mountAt(DevelopmentFilesView, '/development/files?org=c1');
    expect(gets('/orgs/c1/development/files')[0].query.get('state')).toBeNull();
    byTestid(w, 'ElSelect', 'dev-filter-state').vm.$emit('update:modelValue', 'full');
    await settle();
    expect(router.currentRoute.value.query).toEqual({ org: 'c1', state: 'full' });
    expect(gets('/orgs/c1/development/files').at(-1)!.query.get('state')).toBe('full');
    byTestid(w, 'ElSelect', 'dev-filter-state').vm.$emit('update:modelValue', '');
    await settle();
    byTestid(w, 'ElSelect', 'dev-filter-stage').vm.$emit('update:modelValue', 3);
    await settle();
    expect(router.currentRoute.value.query).toEqual({ org: 'c1', stage: '3' });
    await typeIn('[data-testid=dev-filter-q]', ' 李四 ');
    await click('[data-testid=dev-filter-search]');
    expect(router.currentRoute.value.query).toEqual({ org: 'c1', stage: '3', q: '李四' });
    const last = gets('/orgs/c1/development/files').at(-1)!.query;
    expect([last.get('stage'), last.get('q')]).toEqual(['3', '李四']);
    w.unmount();
  });

  it('reads the next page with the cursor and hides 加载更多 at the end', async () => {
    const { w } = await mountAt(DevelopmentFilesView, '/development/files?org=c1');
    await click('[data-testid=dev-files-more]');
    expect(gets('/orgs/c1/development/files').at(-1)!.query.get('cursor')).toBe('k2');
    expect($$('[data-testid=dev-files-table] .el-table__body tr')).toHaveLength(3);
    expect($('[data-testid=dev-files-more]')).toBeNull();
    w.unmount();
  });

  it('says when no file matches', async () => {
    answers['GET /orgs/c1/development/files'] = () => json({ items: [], next_cursor: '' });
    const { w } = await mountAt(DevelopmentFilesView, '/development/files?org=c1&overdue=1');
    expect(w.get('[data-testid=dev-files-table]').text()).toContain('没有符合条件的发展档案');
    expect($('[data-testid=dev-files-more]')).toBeNull();
    w.unmount();
  });

  it('opens a new file, and shows the server field errors at their fields', async () => {
    let refuse = true;
    answers['POST /orgs/c1/development/files'] = (c) =>
      refuse
        ? json({ status: 422, code: 'validation', detail: '提交的内容有误', errors: [{ field: 'applied_on', message: '申请入党须年满十八岁（《中国共产党发展党员工作细则》）' }] }, 422)
        : json({ ...summary('f9', (c.body as { name: string }).name), steps: [], next: [], warnings: [] }, 201);
    const { w, router } = await mountAt(DevelopmentFilesView, '/development/files?org=c1');
    await click('[data-testid=dev-new-file]');
    // Nothing typed: refused at the fields, nothing sent.
    await click('[data-testid=dev-file-submit]');
    expect(writes(calls)).toHaveLength(0);
    expect($('[data-testid=dev-file-error]')!.textContent).toBe('请检查标红的项目');

    await typeIn('[data-testid=dev-file-name]', ' 赵六 ');
    await typeIn('[data-testid=dev-file-id_number]', '110105200803020021');
    await typeIn('[data-testid=dev-file-phone]', '13800138000');
    byTestid(w, 'ElSelect', 'dev-file-education').vm.$emit('update:modelValue', 'bachelor');
    byTestid(w, 'ElSelect', 'dev-file-category').vm.$emit('update:modelValue', 'student');
    byTestid(w, 'ElDatePicker', 'dev-file-applied_on').vm.$emit('update:modelValue', '2026-03-01');
    await settle();
    await click('[data-testid=dev-file-submit]');
    expect(writes(calls).map((c) => c.body)).toEqual([
      { name: '赵六', gender: 'female', ethnicity: '汉族', birth_date: '2008-03-02', id_number: '110105200803020021', phone: '13800138000', education: 'bachelor', category: 'student', applied_on: '2026-03-01' },
    ]);
    await errorsShown();
    expect(document.querySelector('[data-testid=dev-file-dialog]')!.textContent).toContain('申请入党须年满十八岁');

    refuse = false;
    byTestid(w, 'ElDatePicker', 'dev-file-applied_on').vm.$emit('update:modelValue', '2026-03-02');
    await settle();
    await click('[data-testid=dev-file-submit]');
    expect(router.currentRoute.value.path).toBe('/development/files/f9');
    w.unmount();
  });

  it('offers no new file to a viewer', async () => {
    signIn('viewer');
    const { w } = await mountAt(DevelopmentFilesView, '/development/files?org=c1');
    expect($('[data-testid=dev-new-file]')).toBeNull();
    w.unmount();
  });
});

describe('DevelopmentPlansView', () => {
  beforeEach(() => {
    answers['GET /orgs/c1/development/plans'] = (c) =>
      json({
        year: Number(c.query.get('year')),
        items: [
          { org_id: 'c1', org_name: '机关党委', quota: 8, admitted: 2, note: '', set_by: '市委组织部', set_at: '2026-01-05T02:00:00Z' },
          { org_id: 'b1', org_name: '机关第一党支部', quota: 4, admitted: 4, note: '', set_by: '王书记', set_at: '2026-01-06T02:00:00Z' },
          { org_id: 'b2', org_name: '机关第二党支部', quota: 0, admitted: 1, note: '', set_by: '', set_at: '' },
          { org_id: 'b3', org_name: '机关第三党支部', quota: 0, admitted: 0, note: '暂停发展', set_by: '王书记', set_at: '2026-01-06T02:00:00Z' },
        ],
      });
    answers['PUT /orgs/b2/development/plans/2027'] = (c) => json({ org_id: 'b2', org_name: '机关第二党支部', admitted: 1, ...(c.body as object) });
  });

  it('shows the quota and progress of the organization and of each child', async () => {
    const { w } = await mountAt(DevelopmentPlansView, '/development/plans?org=c1');
    expect(gets('/orgs/c1/development/plans')[0].query.get('year')).toBe('2026');
    // A quota of 0 that was set is not "未下达".
    expect($$('[data-testid=dev-plan-quota-cell]').map((e) => e.textContent)).toEqual(['8', '4', '未下达', '0']);
    const bars = w.findAllComponents({ name: 'ElProgress' }).map((b) => [b.props('percentage'), b.props('status')]);
    expect(bars).toEqual([[25, ''], [100, 'success']]);
    w.unmount();
  });

  it('sets a child quota for the chosen year and reads the plans again', async () => {
    const { w } = await mountAt(DevelopmentPlansView, '/development/plans?org=c1&year=2027');
    $$('[data-testid=dev-plan-edit]')[2].click();
    await settle();
    byTestid(w, 'ElInputNumber', 'dev-plan-quota').vm.$emit('update:modelValue', 3);
    await typeIn('[data-testid=dev-plan-note]', '新建支部');
    await click('[data-testid=dev-plan-submit]');
    expect(writes(calls).map((c) => [c.method, c.path, c.body])).toEqual([['PUT', '/orgs/b2/development/plans/2027', { quota: 3, note: '新建支部' }]]);
    expect(gets('/orgs/c1/development/plans')).toHaveLength(2);
    w.unmount();
  });

  it('shows the error when the plans cannot be read', async () => {
    answers['GET /orgs/c1/development/plans'] = () => json({ status: 403, detail: '您没有执行此操作的权限' }, 403);
    const { w } = await mountAt(DevelopmentPlansView, '/development/plans?org=c1');
    expect(w.get('[data-testid=dev-plans-error]').text()).toContain('您没有执行此操作的权限');
    w.unmount();
  });
});

describe('DevelopmentSettingsView', () => {
  it('edits the publicity days of the subtree', async () => {
    const item = { key: 'development.publicity_days', label: '公示天数', value: '5', default: '5', source: 'default', source_org_id: '', source_org_name: '' };
    answers['GET /orgs/c1/development/settings'] = () => json({ org_id: 'c1', items: [item] });
    answers['PUT /orgs/c1/development/settings'] = (c) => json({ org_id: 'c1', items: [{ ...item, value: (c.body as { values: Record<string, string> }).values[item.key], source: 'own' }] });
    const { w } = await mountAt(DevelopmentSettingsView, '/development/settings?org=c1');
    expect(w.get('[data-testid="setting-hint-development.publicity_days"]').text()).toContain('工作日');
    byTestid(w, 'ElInputNumber', 'setting-development.publicity_days').vm.$emit('update:modelValue', 7);
    await settle();
    await click('[data-testid=settings-save]');
    expect(writes(calls).map((c) => c.body)).toEqual([{ values: { 'development.publicity_days': '7' } }]);
    expect(w.get('[data-testid="setting-source-development.publicity_days"]').text()).toBe('本级设置');
    w.unmount();
  });
});
