import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import Vant from 'vant';
import MyDataRights from '../src/mobile/MyDataRights.vue';

type Call = { url: string; method: string; body: unknown };

const base = {
  member_id: 'm1', note: '', created_at: '2026-03-01T02:00:00Z', resolved_at: null, resolver_name: '', resolution_note: '',
};
const open = { ...base, id: 'c2', field: 'phone', field_label: '手机号', proposed: '135****5678', status: 'open' };
const rejected = {
  ...base, id: 'c1', field: 'name', field_label: '姓名', proposed: '张叁', status: 'rejected',
  resolved_at: '2026-02-01T08:30:00Z', resolver_name: '李书记', resolution_note: '与户口簿不一致',
};

const json = (b: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(b), { status, headers: { 'Content-Type': type } });

let calls: Call[];
let answers: Record<string, () => Response>;

beforeEach(() => {
  calls = [];
  answers = { 'GET /api/v1/me/member/corrections': () => json({ items: [open, rejected] }) };
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
  for (let i = 0; i < 5; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}

async function mountIt() {
  const w = mount(MyDataRights, { global: { plugins: [Vant] }, attachTo: document.body });
  await settle();
  return w;
}

const posts = () => calls.filter((c) => c.method === 'POST');

async function openForm(w: VueWrapper) {
  await w.get('[data-testid=me-correction-open]').trigger('click');
  await settle();
  expect(w.find('[data-testid=me-correction-field]').exists()).toBe(true);
}

describe('我的信息权利', () => {
  it('lists my requests with status labels and the resolver’s note', async () => {
    const w = await mountIt();
    const items = w.findAll('[data-testid=me-correction-item]');
    expect(items).toHaveLength(2);
    expect(items[0].get('[data-testid=me-correction-status]').text()).toBe('待处理');
    expect(items[0].text()).toContain('手机号');
    expect(items[0].text()).toContain('135****5678');
    expect(items[0].find('[data-testid=me-correction-answer]').exists()).toBe(false);
    expect(items[1].get('[data-testid=me-correction-status]').text()).toBe('不予更正');
    expect(items[1].get('[data-testid=me-correction-resolution]').text()).toBe('与户口簿不一致');
    // Beijing time, whatever the test machine's zone.
    expect(items[1].text()).toContain('李书记 于 2026-02-01 16:30:00 答复');
  });

  it('shows an empty state', async () => {
    answers['GET /api/v1/me/member/corrections'] = () => json({ items: [] });
    const w = await mountIt();
    expect(w.get('[data-testid=me-corrections]').text()).toContain('暂无更正申请');
  });

  it('checks the form before sending it', async () => {
    const w = await mountIt();
    await openForm(w);
    await w.get('form').trigger('submit');
    await settle();
    expect(w.get('[data-testid=me-correction-error-field]').text()).toBe('请选择要更正的项目');
    expect(w.get('[data-testid=me-correction-error-proposed]').text()).toBe('请填写正确的内容');
    await w.get('[data-testid=me-correction-field]').setValue('phone');
    await w.get('[data-testid=me-correction-proposed]').setValue('1351234');
    await w.get('form').trigger('submit');
    await settle();
    expect(w.find('[data-testid=me-correction-error-field]').exists()).toBe(false);
    expect(w.get('[data-testid=me-correction-error-proposed]').text()).toMatch(/手机号/);
    expect(posts()).toEqual([]);
  });

  it('shows the field errors of a 422 answer', async () => {
    answers['POST /api/v1/me/member/corrections'] = () =>
      json(
        {
          code: 'validation',
          detail: '提交的内容有误',
          errors: [
            { field: 'proposed', code: 'required', message: '请填写正确的内容（不超过 200 字）' },
            { field: 'note', code: 'too_long', message: '说明不能超过 500 字' },
          ],
        },
        422,
        'application/problem+json',
      );
    const w = await mountIt();
    await openForm(w);
    await w.get('[data-testid=me-correction-field]').setValue('name');
    await w.get('[data-testid=me-correction-proposed]').setValue('张叁');
    await w.get('[data-testid=me-correction-note]').setValue('户口簿上的写法');
    await w.get('form').trigger('submit');
    await settle();
    expect(posts()).toHaveLength(1);
    expect(posts()[0]).toMatchObject({ url: '/api/v1/me/member/corrections', body: { field: 'name', proposed: '张叁', note: '户口簿上的写法' } });
    expect(w.get('[data-testid=me-correction-error-proposed]').text()).toBe('请填写正确的内容（不超过 200 字）');
    expect(w.get('[data-testid=me-correction-error-note]').text()).toBe('说明不能超过 500 字');
    expect(w.get('[data-testid=me-correction-error]').text()).toBe('请按提示修改后再提交');
    // The form stays open with what was typed.
    expect((w.get('[data-testid=me-correction-proposed]').element as HTMLInputElement).value).toBe('张叁');
    expect(w.findAll('[data-testid=me-correction-item]')).toHaveLength(2);
  });

  it('offers the choices of a listed field and adds the new request on top', async () => {
    const created = { ...base, id: 'c3', field: 'education', field_label: '学历', proposed: '大学本科', status: 'open', note: '' };
    answers['POST /api/v1/me/member/corrections'] = () => json(created, 201);
    const w = await mountIt();
    await openForm(w);
    await w.get('[data-testid=me-correction-field]').setValue('education');
    const proposed = w.get('[data-testid=me-correction-proposed]');
    expect(proposed.element.tagName).toBe('SELECT');
    expect(proposed.findAll('option').map((o) => o.text())).toContain('大学本科');
    await proposed.setValue('大学本科');
    await w.get('form').trigger('submit');
    await settle();
    expect(posts()[0].body).toEqual({ field: 'education', proposed: '大学本科', note: '' });
    const items = w.findAll('[data-testid=me-correction-item]');
    expect(items).toHaveLength(3);
    expect(items[0].text()).toContain('学历');
    expect(items[0].get('[data-testid=me-correction-status]').text()).toBe('待处理');
  });
});
