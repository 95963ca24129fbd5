import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import ElementPlus from 'element-plus';
import OrgLifePlanView from '../src/console/views/OrgLifePlanView.vue';
import MeetingsView from '../src/console/views/MeetingsView.vue';
import { clearSession, setMe } from '../src/stores/session';
import { component, json, mockApi, problem, settle, writes } from './orglifeMock';

const proposal = {
  org_id: 'b1', year: 2027, saved: false,
  items: [
    { id: '', kind: 'committee', kind_label: '支委会', date: '2027-02-15', topic: '', meeting_id: '', status: 'planned' },
    { id: '', kind: 'committee', kind_label: '支委会', date: '2027-01-15', topic: '', meeting_id: '', status: 'planned' },
    { id: '', kind: 'member_assembly', kind_label: '支部党员大会', date: '2027-03-20', topic: '', meeting_id: '', status: 'planned' },
  ],
};

beforeEach(() => {
  setMe({ id: 'a', username: 'u', display_name: 'U', must_change_password: false, totp_enabled: true, member_id: null, roles: [{ id: 'r', role: 'org_admin', org_id: 'root', org_name: '' }], csrf_token: 'c', demo: false });
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

async function mountAt(path: string, component: object, route: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: route, component },
      { path: '/:p(.*)', component: { render: () => null } },
    ],
  });
  await router.push(path);
  await router.isReady();
  const App = defineComponent({ render: () => h(RouterView) });
  const w = mount(App, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await settle();
  return w;
}

const topics = (w: VueWrapper) => w.findAll('.el-table__body input[data-testid=plan-topic]');

describe('OrgLifePlanView', () => {
  it('marks the proposal as unsaved, saves the adjusted rows in date order and shows row errors', async () => {
    let saves = 0;
    const calls = mockApi({
      'GET /orgs/b1': () => json({ id: 'b1', name: '机关第一党支部', path: [] }),
      'GET /orgs/b1/orglife/plan': () => json(proposal),
      'PUT /orgs/b1/orglife/plan': (c) => {
        saves++;
        if (saves === 1) return json({ status: 422, code: 'validation_failed', detail: '提交的内容有误', errors: [{ field: 'items[2].date', code: 'out_of_year', message: '日期须在 2027 年内' }] }, 422);
        const items = (c.body as { items: { kind: string; date: string; topic: string }[] }).items;
        return json({ ...proposal, saved: true, items: items.map((i) => ({ ...i, id: 'p' + i.date, kind_label: '', meeting_id: '', status: 'planned' })) });
      },
    });
    const w = await mountAt('/orglife/plan?org=b1&year=2027', OrgLifePlanView, '/orglife/plan');
    expect(calls.find((c) => c.path === '/orgs/b1/orglife/plan')!.query.get('year')).toBe('2027');
    expect(w.get('[data-testid=plan-proposal]').text()).toContain('系统建议的计划，调整后保存');

    await topics(w)[0].setValue('研究发展党员工作');
    await w.findAll('[data-testid=plan-remove]')[2].trigger('click');
    await settle(2);
    await w.get('[data-testid=plan-add]').trigger('click');
    await settle(2);
    await w.get('[data-testid=plan-save]').trigger('click');
    await settle();
    const sent = writes(calls)[0];
    expect(sent.query.get('year')).toBe('2027');
    expect((sent.body as { items: unknown[] }).items).toEqual([
      { kind: 'committee', date: '2027-01-15', topic: '' },
      { kind: 'committee', date: '2027-01-15', topic: '1月支委会' },
      { kind: 'committee', date: '2027-02-15', topic: '研究发展党员工作' },
    ]);
    expect(w.text()).toContain('日期须在 2027 年内');

    await w.get('[data-testid=plan-save]').trigger('click');
    await settle();
    expect(w.find('[data-testid=plan-proposal]').exists()).toBe(false);
    expect(w.find('[data-testid=plan-dirty]').exists()).toBe(false);
    w.unmount();
  });
});

describe('MeetingsView', () => {
  it('filters by month with the first and last day, and says when the list failed', async () => {
    let fail = false;
    const calls = mockApi({
      'GET /orgs/b1': () => json({ id: 'b1', name: '机关第一党支部', path: [] }),
      'GET /meetings': () =>
        fail
          ? problem(500, 'internal', '服务器内部错误')
          : json({ items: [{ id: 'mt1', org_id: 'b1', org_name: '机关第一党支部', kind: 'committee', kind_label: '支委会', topic: '11月支委会', starts_at: '2026-11-20T06:00:00Z', ends_at: '2026-11-20T08:00:00Z', place: '党员活动室', state: 'scheduled', state_label: '未开始/进行中', expected: 9, present: 7, leave: 1, absent: 1 }], total: 1, page: 1, page_size: 20 }),
    });
    const w = await mountAt('/meetings?org=b1&month=2026-02&kind=committee', MeetingsView, '/meetings');
    const list = calls.filter((c) => c.path === '/meetings');
    expect(list).toHaveLength(1);
    expect(Object.fromEntries(list[0].query)).toMatchObject({ org_id: 'b1', kind: 'committee', from: '2026-02-01', to: '2026-02-28' });
    expect(w.get('[data-testid=meeting-expected]').text()).toBe('9');
    expect(w.get('[data-testid=meeting-present]').text()).toBe('7');
    expect(w.get('[data-testid=meeting-leave]').text()).toBe('1');
    expect(w.find('[data-testid=meeting-new]').exists()).toBe(true);

    fail = true;
    component(w, '[data-testid=meeting-filter-state]').vm.$emit('update:modelValue', 'finalized');
    await settle();
    expect(calls.filter((c) => c.path === '/meetings').at(-1)!.query.get('state')).toBe('finalized');
    expect(w.get('[data-testid=meeting-error]').text()).toContain('服务器内部错误');
    expect(w.get('[data-testid=meeting-empty]').text()).toBe('加载失败');
    w.unmount();
  });
});
