import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import ElementPlus from 'element-plus';
import MeetingQrView from '../src/console/views/MeetingQrView.vue';
import { json, mockApi, problem, type Call } from './orglifeMock';

const toCanvas = vi.hoisted(() => vi.fn(async () => undefined));
vi.mock('qrcode', () => ({ default: { toCanvas } }));

let tokens: string[];
let present: number;

beforeEach(() => {
  // setImmediate stays real: flushPromises needs it.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(new Date('2026-11-20T06:00:00Z'));
  toCanvas.mockClear();
  tokens = ['tok-1', 'tok-2'];
  present = 3;
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function flush() {
  for (let i = 0; i < 6; i++) await flushPromises();
}

function qrAnswer() {
  const token = tokens.shift();
  if (!token) return problem(409, 'window_closed', '签到已于 2026-11-20 16:20 结束');
  return json({ token, url: `/m/checkin/mt1?t=${token}`, expires_at: '', refresh_ms: 30000, opens_at: '', closes_at: '' });
}

async function mountQr(calls: Call[]) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/meetings/:id/qr', component: MeetingQrView },
      { path: '/:p(.*)', component: { render: () => null } },
    ],
  });
  await router.push('/meetings/mt1/qr');
  await router.isReady();
  const App = defineComponent({ render: () => h(RouterView) });
  const w = mount(App, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await flush();
  return { w, count: (path: string) => calls.filter((c) => c.path === path).length };
}

describe('MeetingQrView', () => {
  it('shows a fresh token every refresh_ms and counts down', async () => {
    const calls = mockApi({
      'GET /meetings/mt1': () => json({ id: 'mt1', topic: '11月支委会', starts_at: '2026-11-20T06:00:00Z', ends_at: '2026-11-20T08:00:00Z', place: '党员活动室' }),
      'GET /meetings/mt1/qr': qrAnswer,
      'GET /meetings/mt1/attendees': () => json({ items: [], summary: { expected: 9, present } }),
    });
    const { w, count } = await mountQr(calls);
    const qr = () => w.get('[data-testid=qr-code]');
    expect(qr().attributes('data-token')).toBe('tok-1');
    expect(toCanvas).toHaveBeenLastCalledWith(qr().element, `${window.location.origin}/m/checkin/mt1?t=tok-1`, expect.anything());
    expect(w.get('[data-testid=qr-countdown]').text()).toBe('30');
    expect(w.get('[data-testid=qr-present]').text()).toBe('3');
    expect(w.get('[data-testid=qr-expected]').text()).toBe('9');

    present = 5;
    await vi.advanceTimersByTimeAsync(10000);
    await flush();
    expect(w.get('[data-testid=qr-countdown]').text()).toBe('20');
    expect(count('/meetings/mt1/attendees')).toBe(3);
    expect(w.get('[data-testid=qr-present]').text()).toBe('5');
    expect(qr().attributes('data-token')).toBe('tok-1');
    expect(count('/meetings/mt1/qr')).toBe(1);

    await vi.advanceTimersByTimeAsync(20000);
    await flush();
    expect(count('/meetings/mt1/qr')).toBe(2);
    expect(qr().attributes('data-token')).toBe('tok-2');
    expect(toCanvas).toHaveBeenLastCalledWith(qr().element, `${window.location.origin}/m/checkin/mt1?t=tok-2`, expect.anything());

    // The window closes: the message replaces the code.
    await vi.advanceTimersByTimeAsync(30000);
    await flush();
    expect(qr().attributes('data-token')).toBe('');
    expect(w.get('[data-testid=qr-closed]').text()).toBe('签到已于 2026-11-20 16:20 结束');
    w.unmount();
  });

  it('says when the window opens and starts by itself then', async () => {
    let open = false;
    const calls = mockApi({
      'GET /meetings/mt1': () => json({ id: 'mt1', topic: '11月支委会', starts_at: '', ends_at: '' }),
      'GET /meetings/mt1/qr': () => (open ? qrAnswer() : problem(409, 'window_not_open', '签到将于 2026-11-20 13:30 开始')),
      'GET /meetings/mt1/attendees': () => json({ items: [], summary: { expected: 9, present: 0 } }),
    });
    const { w } = await mountQr(calls);
    expect(w.get('[data-testid=qr-closed]').text()).toBe('签到将于 2026-11-20 13:30 开始');
    expect(w.get('[data-testid=qr-code]').attributes('data-token')).toBe('');
    open = true;
    await vi.advanceTimersByTimeAsync(30000);
    await flush();
    expect(w.get('[data-testid=qr-code]').attributes('data-token')).toBe('tok-1');
    w.unmount();
  });

  it('stops asking once closed', async () => {
    const calls = mockApi({
      'GET /meetings/mt1': () => json({ id: 'mt1', topic: '', starts_at: '', ends_at: '' }),
      'GET /meetings/mt1/qr': qrAnswer,
      'GET /meetings/mt1/attendees': () => json({ items: [], summary: { expected: 0, present: 0 } }),
    });
    const { w } = await mountQr(calls);
    w.unmount();
    const before = calls.length;
    await vi.advanceTimersByTimeAsync(120000);
    expect(calls.length).toBe(before);
  });
});
