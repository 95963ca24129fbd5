import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import ElementPlus from 'element-plus';
import OrgLifeSettingsView from '../src/console/views/OrgLifeSettingsView.vue';
import { clearSession, setMe } from '../src/stores/session';
import type { RoleName } from '../src/api/types';
import { component, json, mockApi, settle, writes, type Call } from './orglifeMock';

function item(key: string, label: string, value: string, source: 'default' | 'inherited' | 'own', options?: string[], def = value) {
  return { key, label, value, default: def, source, source_org_id: source === 'inherited' ? 'root' : '', source_org_name: source === 'inherited' ? '市直机关工委' : '', options };
}

const FREQ = ['monthly', 'quarterly', 'yearly', 'off'];
const settings = {
  org_id: 'b1',
  items: [
    item('freq.committee', '支委会频次', 'quarterly', 'own', FREQ, 'monthly'),
    item('freq.lecture', '党课频次', 'monthly', 'inherited', FREQ, 'quarterly'),
    item('theme_day.day', '主题党日日期', '15', 'default'),
    item('checkin.photo', '签到拍照', 'off', 'default', ['on', 'off']),
  ],
};

function signIn(role: RoleName) {
  setMe({ id: 'a', username: 'u', display_name: 'U', must_change_password: false, totp_enabled: true, member_id: null, roles: [{ id: 'r', role, org_id: 'root', org_name: '' }], csrf_token: 'c', demo: false });
}

let calls: Call[];
beforeEach(() => {
  signIn('party_worker');
  calls = mockApi({
    'GET /orgs/b1': () => json({ id: 'b1', name: '机关第一党支部', path: [] }),
    'GET /orgs/b1/orglife/settings': () => json(settings),
    'PUT /orgs/b1/orglife/settings': (c) => {
      const values = (c.body as { values: Record<string, string | null> }).values;
      return json({ ...settings, items: settings.items.map((i) => (i.key in values && values[i.key] === null ? { ...i, value: 'monthly', source: 'default' } : i)) });
    },
    'GET /orgs/b1/children': () => json({ items: [], total: 0, page: 1, page_size: 200 }),
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/orglife/settings', component: OrgLifeSettingsView },
      { path: '/:p(.*)', component: { render: () => null } },
    ],
  });
  await router.push('/orglife/settings?org=b1');
  await router.isReady();
  const App = defineComponent({ render: () => h(RouterView) });
  const w = mount(App, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await settle();
  return w;
}

describe('OrgLifeSettingsView', () => {
  it('says where each value comes from', async () => {
    const w = await mountPage();
    expect(w.get('[data-testid="setting-source-freq.committee"]').text()).toBe('本级设置');
    expect(w.get('[data-testid="setting-source-freq.lecture"]').text()).toBe('继承自 市直机关工委');
    expect(w.get('[data-testid="setting-source-theme_day.day"]').text()).toBe('默认');
    // Only an organization's own value can be dropped.
    expect(w.find('[data-testid="setting-inherit-freq.committee"]').exists()).toBe(true);
    expect(w.find('[data-testid="setting-inherit-freq.lecture"]').exists()).toBe(false);
    w.unmount();
  });

  it('恢复继承 sends null for that key only', async () => {
    const w = await mountPage();
    await w.get('[data-testid="setting-inherit-freq.committee"]').trigger('click');
    await settle();
    expect(writes(calls)).toEqual([expect.objectContaining({ method: 'PUT', path: '/orgs/b1/orglife/settings', body: { values: { 'freq.committee': null } } })]);
    expect(w.get('[data-testid="setting-source-freq.committee"]').text()).toBe('默认');
    w.unmount();
  });

  it('saves only the values changed, as strings', async () => {
    const w = await mountPage();
    expect(w.get('[data-testid=settings-save]').attributes('disabled')).toBeDefined();
    component(w, '[data-testid="setting-theme_day.day"] .el-input-number').vm.$emit('update:modelValue', 20);
    component(w, '[data-testid="setting-checkin.photo"] .el-switch').vm.$emit('update:modelValue', true);
    await settle(2);
    await w.get('[data-testid=settings-save]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => c.body)).toEqual([{ values: { 'theme_day.day': '20', 'checkin.photo': 'on' } }]);
    w.unmount();
  });

  it('is read-only for a viewer', async () => {
    signIn('viewer');
    const w = await mountPage();
    expect(w.find('[data-testid=settings-save]').exists()).toBe(false);
    expect(w.find('[data-testid="setting-inherit-freq.committee"]').exists()).toBe(false);
    w.unmount();
  });
});
