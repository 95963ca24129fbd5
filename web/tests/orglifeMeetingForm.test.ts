import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import ElementPlus from 'element-plus';
import MeetingEditView from '../src/console/views/MeetingEditView.vue';
import { clearSession, setMe } from '../src/stores/session';
import { component, json, mockApi, settle, writes, type Call } from './orglifeMock';

let calls: Call[];

beforeEach(() => {
  // 13:30 in Beijing: the next full hour is 14:00.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-20T05:30:00Z'));
  setMe({ id: 'a', username: 'u', display_name: 'U', must_change_password: false, totp_enabled: true, member_id: null, roles: [{ id: 'r', role: 'party_worker', org_id: 'root', org_name: '' }], csrf_token: 'c', demo: false });
  calls = mockApi({
    'GET /orgs/b1': () => json({ id: 'b1', name: '机关第一党支部', path: [] }),
    'GET /orgs/roots': () => json({ items: [{ id: 'root', name: '市直机关工委' }] }),
    'GET /orgs/b1/children': () =>
      json({ items: [{ id: 'g1', name: '第一党小组', kind: 'group', status: 'active' }, { id: 'x', name: '某党支部', kind: 'branch', status: 'active' }], total: 2, page: 1, page_size: 200 }),
    'POST /meetings': () => json({ id: 'mt9' }, 201),
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

async function mountForm() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/meetings/new', component: MeetingEditView },
      { path: '/:p(.*)', component: { render: () => null } },
    ],
  });
  await router.push('/meetings/new?org=b1');
  await router.isReady();
  const App = defineComponent({ render: () => h(RouterView) });
  const w = mount(App, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await settle();
  return { w, router };
}

const value = (w: VueWrapper, testid: string) => (w.get(`[data-testid=${testid}] input, input[data-testid=${testid}]`).element as HTMLInputElement).value;
const picker = (w: VueWrapper, testid: string) =>
  w.findAllComponents({ name: 'ElDatePicker' }).find((c) => c.element.parentElement?.closest(`[data-testid=${testid}]`) || c.element.closest?.(`[data-testid=${testid}]`))!;

describe('MeetingEditView', () => {
  it('prefills an ordinary 支委会: kind, topic, next full hour for two hours, notify on', async () => {
    const { w } = await mountForm();
    expect(w.get('[data-testid=meeting-kind-committee]').classes()).toContain('is-active');
    expect(value(w, 'meeting-form-topic')).toBe('11月支委会');
    expect(value(w, 'meeting-form-starts')).toBe('2026-11-20 14:00');
    expect(value(w, 'meeting-form-ends')).toBe('2026-11-20 16:00');
    expect(w.get('[data-testid=meeting-form-notify]').classes()).toContain('is-checked');
    expect(w.get('[data-testid=meeting-form-sms]').classes()).not.toContain('is-checked');
    w.unmount();
  });

  it('creates the meeting with only the place typed, then opens it', async () => {
    const { w, router } = await mountForm();
    await w.get('[data-testid=meeting-form-place] input, input[data-testid=meeting-form-place]').setValue('机关三楼党员活动室');
    await w.get('[data-testid=meeting-save]').trigger('click');
    await settle();
    const posts = writes(calls);
    expect(posts).toHaveLength(1);
    expect(posts[0].body).toMatchObject({
      org_id: 'b1', kind: 'committee', topic: '11月支委会', starts_at: '2026-11-20T06:00:00Z', ends_at: '2026-11-20T08:00:00Z',
      place: '机关三楼党员活动室', geofence: false, online: false, photo: false, group_id: '', guests: [], cadre_ids: [], notify: true, sms: false,
      lat: null, lng: null,
    });
    expect(router.currentRoute.value.fullPath).toBe('/meetings/mt9');
    w.unmount();
  });

  it('keeps the topic in step with the kind until the user writes one, and moves the end with the start', async () => {
    const { w } = await mountForm();
    await w.get('[data-testid=meeting-kind-member_assembly] input').setValue(true);
    await settle(2);
    expect(value(w, 'meeting-form-topic')).toBe('第四季度支部党员大会');
    picker(w, 'meeting-form-starts').vm.$emit('update:modelValue', '2026-12-03 09:00');
    await settle(2);
    expect(value(w, 'meeting-form-ends')).toBe('2026-12-03 11:00');
    await w.get('[data-testid=meeting-form-topic] input, input[data-testid=meeting-form-topic]').setValue('学习党的二十届四中全会精神');
    await w.get('[data-testid=meeting-kind-lecture] input').setValue(true);
    await settle(2);
    expect(value(w, 'meeting-form-topic')).toBe('学习党的二十届四中全会精神');
    w.unmount();
  });

  it('offers the branch’s 党小组 for a group meeting', async () => {
    const { w } = await mountForm();
    await w.get('[data-testid=meeting-kind-group] input').setValue(true);
    await settle();
    const select = component(w, '[data-testid=meeting-form-group]');
    // Only the one group among the children, chosen for the user.
    expect((select.props() as { modelValue: string }).modelValue).toBe('g1');
    expect(value(w, 'meeting-form-topic')).toBe('11月党小组会');
    w.unmount();
  });
});
