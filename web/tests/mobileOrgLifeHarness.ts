// Shared set-up of the mobileOrgLife*.test.ts files: a fake API behind
// fetch (recording each call and its body) and a router to mount pages in.
import { vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { defineComponent, h, type Component } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import Vant from 'vant';
import type { MyMeeting } from '../src/api/myOrgLife';

export type Call = { url: string; method: string; body: unknown };
export type Answer = (body: unknown) => Response;

export const json = (b: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(b), { status, headers: { 'Content-Type': type } });
export const problem = (status: number, code: string, detail: string) => json({ status, code, detail }, status, 'application/problem+json');

/** stubApi answers "METHOD /api/v1/path" from answers (404 otherwise) and returns the calls made. */
export function stubApi(answers: Record<string, Answer>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://localhost');
      const method = (init.method || 'GET').toUpperCase();
      const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
      calls.push({ url: url.pathname + url.search, method, body });
      const a = answers[`${method} ${url.pathname}`];
      return a ? a(body) : problem(404, 'not_found', '记录不存在或无权访问');
    }),
  );
  return calls;
}

export async function settle() {
  for (let i = 0; i < 8; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}

/** mountAt opens path in a memory router holding the given pages (any other path renders nothing). */
export async function mountAt(path: string, pages: Record<string, Component>) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      ...Object.entries(pages).map(([p, component]) => ({ path: p, component })),
      { path: '/:p(.*)', component: { render: () => null } },
    ],
  });
  await router.push(path);
  await router.isReady();
  const App = defineComponent({ render: () => h(RouterView) });
  const w = mount(App, { global: { plugins: [Vant, router] }, attachTo: document.body });
  await settle();
  return { w, router };
}

/** meeting is a MyMeeting in 2030 (still to come) with check-in open, changed by over. */
export function meeting(over: Partial<MyMeeting> = {}): MyMeeting {
  return {
    id: 'm1', org_id: 'o1', org_name: '第一党支部', kind: 'theme_day', kind_label: '主题党日',
    topic: '学习党章', starts_at: '2030-05-15T06:30:00Z', ends_at: '2030-05-15T08:00:00Z', place: '社区党群服务中心',
    state: 'scheduled', state_label: '未开始', expected: 12, present: 0, leave: 0, absent: 0,
    answer: 'none', leave_state: '', leave_reason: '', status: 'absent', status_label: '缺席',
    checkin_open: true, checkin_opens_at: '2030-05-15T06:00:00Z', checkin_closes_at: '2030-05-15T08:20:00Z',
    geofence: false, online: false, photo: false,
    ...over,
  };
}

export const consents = (photo: boolean, location: boolean) => ({
  photo: { given: photo, at: photo ? '2026-11-01T02:00:00Z' : '' },
  location: { given: location, at: location ? '2026-11-01T02:00:00Z' : '' },
});

/** setGeolocation installs navigator.geolocation (undefined removes it). */
export function setGeolocation(geo: Partial<Geolocation> | undefined) {
  Object.defineProperty(navigator, 'geolocation', { value: geo, configurable: true });
}
