import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import ElementPlus from 'element-plus';
import NoticeEditView from '../src/console/views/NoticeEditView.vue';

type Call = { url: string; method: string; body: unknown };

const json = (b: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(b), { status, headers: { 'Content-Type': type } });

let calls: Call[];
let answers: Record<string, () => Response>;

beforeEach(() => {
  calls = [];
  answers = {
    'GET /api/v1/orgs/o1': () => json({ id: 'o1', name: '清源市财政局机关第一党支部', path: [] }),
  };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://localhost');
      const method = (init.method || 'GET').toUpperCase();
      calls.push({ url: url.pathname, method, body: init.body ? JSON.parse(String(init.body)) : undefined });
      const a = answers[`${method} ${url.pathname}`];
      return a ? a() : json({ code: 'not_found', detail: '记录不存在或无权访问' }, 404, 'application/problem+json');
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function settle() {
  for (let i = 0; i < 8; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}

/** Element Plus shows a form item's error after a short debounce. */
async function errorsShown() {
  await new Promise((r) => setTimeout(r, 250));
  await settle();
}

async function mountEditor() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/notices/new', component: NoticeEditView },
      { path: '/:p(.*)', component: { render: () => null } },
    ],
  });
  await router.push('/notices/new?org=o1');
  await router.isReady();
  const App = defineComponent({ render: () => h(RouterView) });
  const w = mount(App, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await settle();
  return { w, router };
}

async function fill(w: Awaited<ReturnType<typeof mountEditor>>['w']) {
  await w.get('[data-testid=notice-form-title] input, input[data-testid=notice-form-title]').setValue('关于召开组织生活会的通知');
  const body = w.get('[data-testid=notice-form-body]');
  (body.element as HTMLElement).innerHTML = '<div>请<b>准时</b>参加</div><script>x()</script>';
  await body.trigger('input');
  await w.get('[data-testid=notice-form-ack]').trigger('click');
}

async function publish(w: Awaited<ReturnType<typeof mountEditor>>['w']) {
  await w.get('[data-testid=notice-publish]').trigger('click');
  await settle();
  const ok = document.querySelector<HTMLButtonElement>('.notice-confirm-ok');
  expect(ok, 'the confirm dialog is shown').not.toBeNull();
  ok!.click();
  await settle();
}

describe('NoticeEditView', () => {
  it('checks the form before sending anything', async () => {
    const { w } = await mountEditor();
    await w.get('[data-testid=notice-publish]').trigger('click');
    await errorsShown();
    const errors = w.findAll('.el-form-item__error').map((e) => e.text());
    expect(errors).toContain('请填写标题');
    expect(errors).toContain('请填写通知内容');
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
    w.unmount();
  });

  it('sends clean HTML and the whole subtree, then opens the notice', async () => {
    answers['POST /api/v1/notices'] = () => json({ id: 'n9', state: 'published', version: 1 }, 201);
    const { w, router } = await mountEditor();
    await fill(w);
    await publish(w);
    const post = calls.find((c) => c.method === 'POST' && c.url === '/api/v1/notices');
    expect(post?.body).toMatchObject({
      org_id: 'o1',
      title: '关于召开组织生活会的通知',
      body_html: '<p>请<strong>准时</strong>参加</p>',
      audience: { subtrees: ['o1'], positions: [], members: [] },
      ack_required: true,
      sms: false,
      publish_at: '',
      expires_at: '',
      draft: false,
    });
    expect(router.currentRoute.value.fullPath).toBe('/notices/n9');
    w.unmount();
  });

  it("shows the server's field errors on the fields", async () => {
    answers['POST /api/v1/notices'] = () =>
      json(
        {
          code: 'validation_failed',
          detail: '提交的内容有误',
          errors: [
            { field: 'title', code: 'too_long', message: '标题不能超过 100 字' },
            { field: 'audience.subtrees', code: 'out_of_scope', message: '发送范围只能是本组织及其下级组织' },
          ],
        },
        422,
        'application/problem+json',
      );
    const { w, router } = await mountEditor();
    await fill(w);
    await publish(w);
    await errorsShown();
    const errors = w.findAll('.el-form-item__error').map((e) => e.text());
    expect(errors).toContain('标题不能超过 100 字');
    expect(errors).toContain('发送范围只能是本组织及其下级组织');
    expect(w.get('[data-testid=notice-form-error]').text()).toBe('请按提示修改后再提交');
    expect(router.currentRoute.value.fullPath).toBe('/notices/new?org=o1');
    w.unmount();
  });
});
