// 积分规则: the catalogue with each rule's points and caps and where every
// value comes from, editing per subtree (only changed values, 恢复继承 as
// null), the ranking switch with its note (off by default), field errors,
// read-only for a viewer, and the error state.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import PointsRulesView from '../src/console/views/PointsRulesView.vue';
import { clearSession } from '../src/stores/session';
import { component, json, mockApi, problem, settle, writes, type Answer, type Call } from './orglifeMock';
import { $$, mountAt, signIn } from './duesHarness';

const rule = (r: string, label: string, category_label: string, source_event: string, has_source = true) => ({
  rule: r, label, category: 'x', category_label, source_event, unit: '次', description: '', has_source,
});

const catalog = {
  rules: [
    rule('meeting_attended', '参加会议', '组织生活', 'meeting.attended'),
    rule('volunteer_hours', '志愿服务', '志愿服务', 'volunteer.hours', false),
    rule('manual', '人工奖扣', '其他', ''),
  ],
  categories: [],
};

type Source = 'default' | 'inherited' | 'own';
const item = (key: string, label: string, value: string, source: Source = 'default', def = value, options?: string[]) => ({
  key, label, value, default: def, source, options,
  source_org_id: source === 'inherited' ? 'city' : source === 'own' ? 'root' : '',
  source_org_name: source === 'inherited' ? '市直机关工委' : source === 'own' ? '机关党委' : '',
});

const items = () => [
  item('points.meeting_attended.points', '参加会议分值', '3', 'own', '2'),
  item('points.meeting_attended.day_cap', '参加会议每日上限', '0'),
  item('points.meeting_attended.month_cap', '参加会议每月上限', '24', 'inherited', '20'),
  item('points.meeting_attended.year_cap', '参加会议每年上限', '0'),
  item('points.volunteer_hours.points', '志愿服务分值', '1'),
  item('points.volunteer_hours.day_cap', '志愿服务每日上限', '0'),
  item('points.volunteer_hours.month_cap', '志愿服务每月上限', '20'),
  item('points.volunteer_hours.year_cap', '志愿服务每年上限', '0'),
  item('points.ranking', '积分排名', 'off', 'default', 'off', ['off', 'on']),
];

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  signIn('org_admin');
  answers = {
    'GET /orgs/root': () => json({ id: 'root', name: '机关党委', path: [] }),
    'GET /points/catalog': () => json(catalog),
    'GET /orgs/root/points/settings': () => json({ org_id: 'root', items: items() }),
    'PUT /orgs/root/points/settings': (c) => {
      const values = (c.body as { values: Record<string, string | null> }).values;
      return json({
        org_id: 'root',
        items: items().map((i) => {
          if (!(i.key in values)) return i;
          const v = values[i.key];
          return v === null ? { ...i, value: i.default, source: 'default', source_org_name: '' } : { ...i, value: v, source: 'own', source_org_name: '机关党委' };
        }),
      });
    },
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const mountPage = () => mountAt(PointsRulesView, '/points/rules?org=root');
const text = (w: { get: (s: string) => { text: () => string } }, testid: string) => w.get(`[data-testid="${testid}"]`).text();

describe('PointsRulesView', () => {
  it('lists each rule with its category, source event and values, each saying where it comes from', async () => {
    const { w } = await mountPage();
    expect($$('[data-testid=rule-label]').map((e) => e.textContent)).toEqual(['参加会议', '志愿服务', '人工奖扣']);
    const first = $$('[data-testid=points-rules-table] .el-table__body tr')[0];
    expect(first.textContent).toContain('组织生活');
    expect(first.textContent).toContain('meeting.attended');
    expect(text(w, 'rule-source-meeting_attended-points')).toBe('本级设置');
    expect(text(w, 'rule-source-meeting_attended-month_cap')).toBe('继承自 市直机关工委');
    expect(text(w, 'rule-source-meeting_attended-day_cap')).toBe('默认');
    expect(w.find('[data-testid=rule-no-source-volunteer_hours]').exists()).toBe(true);
    expect(text(w, 'rule-no-source-volunteer_hours')).toBe('暂无数据来源');
    expect(w.find('[data-testid=rule-no-source-meeting_attended]').exists()).toBe(false);
    // Manual awards have no settings: the fixed limit is said instead.
    expect($$('[data-testid=points-rules-table] .el-table__body tr')[2].textContent).toContain('每次 ±50 分以内');
    expect(w.find('[data-testid=rule-manual-points]').exists()).toBe(false);
    // Only an organization's own value can be dropped.
    expect(w.find('[data-testid=rule-inherit-meeting_attended-points]').exists()).toBe(true);
    expect(w.find('[data-testid=rule-inherit-meeting_attended-month_cap]').exists()).toBe(false);
    w.unmount();
  });

  it('saves only the values changed, as strings, and shows the new source', async () => {
    const { w } = await mountPage();
    expect(w.get('[data-testid=settings-save]').attributes('disabled')).toBeDefined();
    component(w, '[data-testid=rule-meeting_attended-month_cap] .el-input-number').vm.$emit('update:modelValue', 30);
    await settle(2);
    expect(w.get('[data-testid=settings-save]').text()).toBe('保存设置（1 项）');
    await w.get('[data-testid=settings-save]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => c.body)).toEqual([{ values: { 'points.meeting_attended.month_cap': '30' } }]);
    expect(text(w, 'rule-source-meeting_attended-month_cap')).toBe('本级设置');
    expect(w.get('[data-testid=settings-save]').attributes('disabled')).toBeDefined();
    w.unmount();
  });

  it('恢复继承 sends null for that key only', async () => {
    const { w } = await mountPage();
    await w.get('[data-testid=rule-inherit-meeting_attended-points]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => c.body)).toEqual([{ values: { 'points.meeting_attended.points': null } }]);
    expect(text(w, 'rule-source-meeting_attended-points')).toBe('默认');
    w.unmount();
  });

  it('keeps rankings off by default, explains why, and switches them on for the subtree', async () => {
    const { w } = await mountPage();
    expect(text(w, 'points-ranking-source')).toBe('默认');
    expect(w.get('[data-testid=points-ranking-switch]').classes()).not.toContain('is-checked');
    const note = text(w, 'points-ranking-note');
    expect(note).toContain('积分排名默认关闭');
    expect(note).toContain('指尖上的形式主义');
    expect(note).toContain('不显示具名排行');
    component(w, '[data-testid=points-ranking] .el-switch').vm.$emit('update:modelValue', true);
    await settle(2);
    await w.get('[data-testid=settings-save]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => c.body)).toEqual([{ values: { 'points.ranking': 'on' } }]);
    expect(text(w, 'points-ranking-source')).toBe('本级设置');
    w.unmount();
  });

  it('shows the server\'s field error under the value', async () => {
    answers['PUT /orgs/root/points/settings'] = () =>
      json({ status: 422, code: 'validation_failed', detail: '提交的内容有误', errors: [{ field: 'values.points.meeting_attended.points', message: '参加会议分值应为 -50–50 的整数' }] }, 422);
    const { w } = await mountPage();
    component(w, '[data-testid=rule-meeting_attended-points] .el-input-number').vm.$emit('update:modelValue', 9);
    await settle(2);
    await w.get('[data-testid=settings-save]').trigger('click');
    await settle();
    expect(text(w, 'rule-meeting_attended-points')).toContain('参加会议分值应为 -50–50 的整数');
    w.unmount();
  });

  it('is read-only for a viewer: values as text, a cap of 0 as 不限, no saving', async () => {
    signIn('viewer');
    const { w } = await mountPage();
    expect(w.find('[data-testid=rule-meeting_attended-points] .el-input-number').exists()).toBe(false);
    expect(text(w, 'rule-meeting_attended-points')).toContain('3');
    expect(text(w, 'rule-meeting_attended-day_cap')).toContain('不限');
    expect(w.find('[data-testid=settings-save]').exists()).toBe(false);
    expect(w.find('[data-testid=rule-inherit-meeting_attended-points]').exists()).toBe(false);
    expect(w.get('[data-testid=points-ranking-switch]').classes()).toContain('is-disabled');
    w.unmount();
  });

  it('shows the error with a retry', async () => {
    answers['GET /orgs/root/points/settings'] = () => problem(403, 'forbidden', '您没有执行此操作的权限');
    const { w } = await mountPage();
    expect(text(w, 'rules-error')).toContain('您没有执行此操作的权限');
    expect(w.get('[data-testid=points-rules-table]').text()).toContain('暂无积分规则');
    answers['GET /orgs/root/points/settings'] = () => json({ org_id: 'root', items: items() });
    await w.get('[data-testid=rules-error] button').trigger('click');
    await settle();
    expect(w.find('[data-testid=rules-error]').exists()).toBe(false);
    expect($$('[data-testid=rule-label]')).toHaveLength(3);
    w.unmount();
  });
});
