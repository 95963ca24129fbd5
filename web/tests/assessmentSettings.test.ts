// 考核设置: the grade-proposal rules of a subtree through the settings API,
// each with its source, a plain hint of what it means, the 民主评议 choice
// by its Chinese label, only changed values saved, read-only for a viewer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import AssessmentSettingsView from '../src/console/views/AssessmentSettingsView.vue';
import { clearSession } from '../src/stores/session';
import { component, json, mockApi, problem, settle, writes, type Answer, type Call } from './orglifeMock';
import { $, $$, mountAt, signIn } from './duesHarness';

type Source = 'default' | 'inherited' | 'own';
const item = (key: string, label: string, value: string, source: Source = 'default', options?: string[]) => ({
  key, label, value, default: value, source, options,
  source_org_id: source === 'inherited' ? 'root' : '', source_org_name: source === 'inherited' ? '机关党委' : '',
});

const items = [
  item('assessment.excellent_attendance', '优秀出席率（%）', '90'),
  item('assessment.excellent_points', '优秀积分', '25', 'inherited'),
  item('assessment.excellent_needs_appraisal', '优秀须民主评议优秀', 'any', 'default', ['excellent', 'any']),
  item('assessment.basic_attendance', '基本合格出席率线（%）', '60'),
  item('assessment.basic_arrears', '欠缴提醒次数', '1'),
];

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  signIn('org_admin');
  answers = {
    'GET /orgs/b1': () => json({ id: 'b1', name: '机关第一党支部', path: [] }),
    'GET /orgs/b1/assessment/settings': () => json({ org_id: 'b1', items }),
    'PUT /orgs/b1/assessment/settings': () => json({ org_id: 'b1', items }),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const mountPage = () => mountAt(AssessmentSettingsView, '/assessment/settings?org=b1');
const hint = (key: string) => $(`[data-testid="setting-hint-${key}"]`)?.textContent;

describe('AssessmentSettingsView', () => {
  it('shows each rule with its source and what it means', async () => {
    const { w } = await mountPage();
    expect(w.get('[data-testid=assessment-settings-page]').text()).toContain('民主评议为不合格的拟定为不合格');
    expect(w.get('[data-testid="setting-source-assessment.excellent_points"]').text()).toBe('继承自 机关党委');
    expect(w.get('[data-testid="setting-source-assessment.excellent_attendance"]').text()).toBe('默认');
    expect(hint('assessment.excellent_attendance')).toBe('出席率达到 90% 及以上，才可拟定为优秀');
    expect(hint('assessment.excellent_points')).toBe('年度积分达到 25 分及以上，才可拟定为优秀');
    expect(hint('assessment.basic_attendance')).toBe('出席率低于 60% 的，拟定为基本合格');
    expect(hint('assessment.basic_arrears')).toBe('有 1 次及以上欠缴党费提醒的，最高拟定为基本合格');
    expect(w.find('[data-testid="setting-assessment.excellent_needs_appraisal"] .el-select').exists()).toBe(true);
    expect(w.get('[data-testid="setting-assessment.excellent_needs_appraisal"]').text()).toContain('不要求');
    expect($$('[data-testid="setting-assessment.excellent_attendance"] .el-input-number')).toHaveLength(1);
    w.unmount();
  });

  it('saves only the values changed, as strings', async () => {
    const { w } = await mountPage();
    component(w, '[data-testid="setting-assessment.excellent_attendance"] .el-input-number').vm.$emit('update:modelValue', 95);
    component(w, '[data-testid="setting-assessment.excellent_needs_appraisal"] .el-select').vm.$emit('update:modelValue', 'excellent');
    await settle(2);
    expect(hint('assessment.excellent_attendance')).toBe('出席率达到 95% 及以上，才可拟定为优秀');
    component(w, '[data-testid="setting-assessment.basic_arrears"] .el-input-number').vm.$emit('update:modelValue', 0);
    await settle(2);
    expect(hint('assessment.basic_arrears')).toBe('欠缴党费提醒不影响拟定等次');
    await w.get('[data-testid=settings-save]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([
      ['/orgs/b1/assessment/settings', { values: { 'assessment.excellent_attendance': '95', 'assessment.excellent_needs_appraisal': 'excellent', 'assessment.basic_arrears': '0' } }],
    ]);
    w.unmount();
  });

  it('is read-only for a viewer', async () => {
    signIn('viewer');
    const { w } = await mountPage();
    expect(w.find('[data-testid=settings-save]').exists()).toBe(false);
    expect(w.get('[data-testid="setting-assessment.excellent_attendance"] .el-input-number').classes()).toContain('is-disabled');
    w.unmount();
  });

  it('shows the error with a retry', async () => {
    answers['GET /orgs/b1/assessment/settings'] = () => problem(500, 'internal', '服务器内部错误');
    const { w } = await mountPage();
    expect(w.get('[data-testid=settings-error]').text()).toContain('服务器内部错误');
    answers['GET /orgs/b1/assessment/settings'] = () => json({ org_id: 'b1', items });
    await w.get('[data-testid=settings-error] button').trigger('click');
    await settle();
    expect(w.find('[data-testid=settings-error]').exists()).toBe(false);
    expect($$('[data-testid=settings-table] .el-table__body tr')).toHaveLength(5);
    w.unmount();
  });
});
