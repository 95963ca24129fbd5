// Mounting a 党费 page at an address with a fake API, and reaching into
// Element Plus' teleported dialogs the way a user would.
import { mount, type VueWrapper } from '@vue/test-utils';
import { defineComponent, h, type Component } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import ElementPlus from 'element-plus';
import { setMe } from '../src/stores/session';
import type { RoleName } from '../src/api/types';
import { settle } from './orglifeMock';

export function signIn(role: RoleName) {
  setMe({ id: 'a', username: 'u', display_name: 'U', must_change_password: false, totp_enabled: true, member_id: null, roles: [{ id: 'r', role, org_id: 'root', org_name: '' }], csrf_token: 'c', demo: false });
}

/** mountAt shows page at url (path + query) under a router that knows only it (at pattern, by default the url's path). */
export async function mountAt(page: Component, url: string, pattern?: string) {
  const path = pattern || url.split('?')[0];
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path, component: page },
      { path: '/:p(.*)', component: { render: () => null } },
    ],
  });
  await router.push(url);
  await router.isReady();
  const App = defineComponent({ render: () => h(RouterView) });
  const w = mount(App, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await settle();
  return { w, router };
}

export const $ = (sel: string) => document.querySelector<HTMLElement>(sel);
export const $$ = (sel: string) => Array.from(document.querySelectorAll<HTMLElement>(sel));

/**
 * byTestid is the Element Plus component named name that carries the test id,
 * passes it to its input, or sits in an element that has it (date pickers
 * drop it). Found by component: dialogs are teleported.
 */
export function byTestid(w: VueWrapper, name: string, testid: string): VueWrapper {
  const sel = `[data-testid="${testid}"]`;
  const c = w.findAllComponents({ name }).find((x) => x.attributes('data-testid') === testid || x.find(sel).exists() || !!x.element.parentElement?.closest(sel));
  if (!c) throw new Error(`no ${name} ${testid}`);
  return c as unknown as VueWrapper;
}

/** typeIn types into a native input or textarea (Element Plus puts the test id there). */
export async function typeIn(sel: string, value: string) {
  const el = $(sel) as HTMLInputElement;
  el.value = value;
  el.dispatchEvent(new Event('input'));
  await settle(2);
}

export async function click(sel: string) {
  $(sel)!.click();
  await settle();
}
