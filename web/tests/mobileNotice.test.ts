import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import Vant from 'vant';
import MobileNotice from '../src/mobile/MobileNotice.vue';
import MobileInbox from '../src/mobile/MobileInbox.vue';
import { unread } from '../src/stores/inbox';

type Call = { url: string; method: string };

const json = (b: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(b), { status, headers: { 'Content-Type': type } });
const problem = (status: number, code: string, detail: string) => json({ code, detail }, status, 'application/problem+json');

const notice = {
  id: 'n1', org_name: '清源市委组织部', title: '关于开展主题党日活动的通知',
  body_html: '<p>请于<strong>周五</strong>上午参加。</p><script>alert(1)</script><img src=x onerror="alert(2)">',
  attachments: [], publish_at: '2026-05-01T01:30:00Z', expires_at: '', expired: false,
  ack_required: true, read_at: '2026-05-01T02:00:00Z', acked_at: '', message_id: 'msg1',
};

let calls: Call[];
let answers: Record<string, () => Response>;

beforeEach(() => {
  calls = [];
  answers = {
    'GET /api/v1/my/notices/n1': () => json(notice),
    'POST /api/v1/my/notices/n1/ack': () => new Response(null, { status: 204 }),
    'GET /api/v1/inbox/unread-count': () => json({ count: 2 }),
    'GET /api/v1/inbox': () => json({
      items: [
        { id: 'msg1', kind: 'notice', subject_id: 'n1', title: notice.title, body: '请于周五上午参加', link: '/notices/n1', ack_required: true, created_at: '2026-05-01T01:30:00Z', read_at: '', acked_at: '' },
        { id: 'msg2', kind: 'term_end', subject_id: 'o1', title: '支部即将换届', body: '请做好换届准备', link: '/orgs/o1', ack_required: false, created_at: '2026-04-30T01:30:00Z', read_at: '', acked_at: '' },
      ],
      total: 2, page: 1, page_size: 20,
    }),
    'POST /api/v1/inbox/msg2/read': () => new Response(null, { status: 204 }),
  };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://localhost');
      const method = (init.method || 'GET').toUpperCase();
      calls.push({ url: url.pathname + url.search, method });
      const a = answers[`${method} ${url.pathname}`];
      return a ? a() : problem(404, 'not_found', '记录不存在或无权访问');
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function settle() {
  for (let i = 0; i < 6; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/m/notices/:id', component: MobileNotice },
      { path: '/m/inbox', component: MobileInbox },
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

describe('MobileNotice', () => {
  it('shows the notice with clean HTML and a big 确认收到 that records the receipt', async () => {
    const { w } = await mountAt('/m/notices/n1');
    expect(w.get('[data-testid=m-notice-title]').text()).toBe(notice.title);
    const body = w.get('[data-testid=m-notice-body]');
    expect(body.html()).toContain('<strong>周五</strong>');
    expect(body.html()).not.toContain('script');
    expect(body.html()).not.toContain('onerror');
    expect(w.find('[data-testid=m-notice-acked]').exists()).toBe(false);

    await w.get('[data-testid=m-notice-ack]').trigger('click');
    await settle();
    expect(calls.some((c) => c.method === 'POST' && c.url === '/api/v1/my/notices/n1/ack')).toBe(true);
    expect(w.find('[data-testid=m-notice-ack]').exists()).toBe(false);
    expect(w.get('[data-testid=m-notice-acked]').text()).toContain('已确认');
    w.unmount();
  });

  it('shows 已确认 with its time for a notice already acknowledged, and no button', async () => {
    answers['GET /api/v1/my/notices/n1'] = () => json({ ...notice, acked_at: '2026-05-01T02:05:00Z' });
    const { w } = await mountAt('/m/notices/n1');
    expect(w.find('[data-testid=m-notice-ack]').exists()).toBe(false);
    expect(w.get('[data-testid=m-notice-acked]').text()).toContain('2026-05-01 10:05');
    w.unmount();
  });

  it('has no receipt button when none is asked for', async () => {
    answers['GET /api/v1/my/notices/n1'] = () => json({ ...notice, ack_required: false });
    const { w } = await mountAt('/m/notices/n1');
    expect(w.find('[data-testid=m-notice-ack]').exists()).toBe(false);
    expect(w.find('[data-testid=m-notice-acked]').exists()).toBe(false);
    w.unmount();
  });

  it('says 该通知已撤回 on 410 and 通知不存在或未发送给您 on 404', async () => {
    answers['GET /api/v1/my/notices/n1'] = () => problem(410, 'notice_withdrawn', '通知已撤回');
    let m = await mountAt('/m/notices/n1');
    expect(m.w.get('[data-testid=m-notice-withdrawn]').text()).toBe('该通知已撤回');
    m.w.unmount();

    answers['GET /api/v1/my/notices/n1'] = () => problem(404, 'not_found', '记录不存在或无权访问');
    m = await mountAt('/m/notices/n1');
    expect(m.w.get('[data-testid=m-notice-missing]').text()).toBe('通知不存在或未发送给您');
    m.w.unmount();
  });
});

describe('MobileInbox', () => {
  it('lists the messages with the unread badge, opens a notice on its phone page', async () => {
    const { w, router } = await mountAt('/m/inbox');
    const items = w.findAll('[data-testid=m-inbox-item]');
    expect(items.length).toBe(2);
    expect(items[0].attributes('data-read')).toBe('0');
    expect(unread.value).toBe(2);
    expect(w.get('[data-testid=m-tab-inbox]').text()).toContain('2');

    await items[0].get('button').trigger('click');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/m/notices/n1');
    // The notice page marks the notice read itself: no separate read call.
    expect(calls.some((c) => c.method === 'POST' && c.url === '/api/v1/inbox/msg1/read')).toBe(false);
    w.unmount();
  });

  it('shows a message the phone has no page for in place and marks it read', async () => {
    const { w, router } = await mountAt('/m/inbox');
    const item = w.findAll('[data-testid=m-inbox-item]')[1];
    await item.get('button').trigger('click');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/m/inbox');
    expect(calls.some((c) => c.method === 'POST' && c.url === '/api/v1/inbox/msg2/read')).toBe(true);
    expect(w.findAll('[data-testid=m-inbox-item]')[1].attributes('data-read')).toBe('1');
    expect(unread.value).toBe(1);
    w.unmount();
  });
});
