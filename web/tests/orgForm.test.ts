import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import OrgFormDialog from '../src/console/components/OrgFormDialog.vue';
import type { Org } from '../src/api/types';

const branch = {
  id: 'b1',
  parent_id: 'root',
  name: '机关第一党支部',
  code: 'B1',
  kind: 'branch',
  unit_type: 'government',
  joint: false,
  temporary: false,
  end_date: null,
  status: 'active',
  address: '',
  longitude: 113.625417,
  latitude: 34.746583,
} as unknown as Org;

describe('OrgFormDialog location', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    fetchMock = vi.fn(async () => new Response(JSON.stringify(branch), { status: 200, headers: { 'Content-Type': 'application/json' } }));
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  function input(testid: string): HTMLInputElement {
    const inp = document.querySelector(`[data-testid="${testid}"] input`);
    if (!inp) throw new Error(`no input ${testid}`);
    return inp as HTMLInputElement;
  }

  // el-input-number takes a typed value on change.
  async function type(testid: string, value: string) {
    const el = input(testid);
    el.value = value;
    el.dispatchEvent(new Event('input'));
    el.dispatchEvent(new Event('change'));
    await flushPromises();
  }

  async function submit() {
    (document.querySelector('[data-testid=org-form-submit]') as HTMLElement).click();
    await flushPromises();
    await new Promise((r) => setTimeout(r, 150)); // Element Plus shows item errors after 100 ms
  }

  function sent(): { url: string; method: string; body: Record<string, unknown> } {
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    return { url, method: String(init.method), body: JSON.parse(String(init.body)) };
  }

  function mountDialog(mode: 'create' | 'edit', org: Org) {
    return mount(OrgFormDialog, {
      props: { modelValue: true, mode, org },
      global: { plugins: [ElementPlus], stubs: { transition: false, 'transition-group': false } },
      attachTo: document.body,
    });
  }

  it('creates an org with its point on the map', async () => {
    const w = mountDialog('create', branch);
    await flushPromises();
    expect(document.body.textContent).toContain('用于数据大屏的组织分布图；可在地图软件中取点');
    expect(input('org-form-longitude').value).toBe('');
    (w.vm as unknown as { form: { name: string } }).form.name = '第二党支部';
    await type('org-form-longitude', '113.7');
    await type('org-form-latitude', '34.8');
    await submit();
    const { url, method, body } = sent();
    expect([url, method]).toEqual(['/api/v1/orgs', 'POST']);
    expect(body).toMatchObject({ parent_id: 'b1', name: '第二党支部', longitude: 113.7, latitude: 34.8 });
    w.unmount();
  });

  it('shows the stored point with six decimals and refuses half a point', async () => {
    const w = mountDialog('edit', branch);
    await flushPromises();
    expect(input('org-form-longitude').value).toBe('113.625417');
    expect(input('org-form-latitude').value).toBe('34.746583');
    await type('org-form-latitude', '');
    await submit();
    expect(document.body.textContent).toContain('填写了经度，请同时填写纬度');
    expect(fetchMock).not.toHaveBeenCalled();
    w.unmount();
  });

  it('clears the point with nulls, which the server reads as "remove"', async () => {
    const w = mountDialog('edit', branch);
    await flushPromises();
    await type('org-form-longitude', '');
    await type('org-form-latitude', '');
    await submit();
    const { url, method, body } = sent();
    expect([url, method]).toEqual(['/api/v1/orgs/b1', 'PATCH']);
    expect(body).toHaveProperty('longitude', null);
    expect(body).toHaveProperty('latitude', null);
    w.unmount();
  });
});
