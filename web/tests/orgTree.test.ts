import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import OrgTree from '../src/console/components/OrgTree.vue';

function org(id: string, name: string, child_count: number) {
  return { id, name, kind: 'committee', child_count, member_count: 3, status: 'active' };
}

const children = Array.from({ length: 250 }, (_, i) => org(`c${i}`, `第${i + 1}党支部`, i === 230 ? 1 : 0));

let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  fetchMock = vi.fn(async (input: string) => {
    const url = new URL(input, 'http://localhost');
    const json = (b: unknown) => new Response(JSON.stringify(b), { status: 200, headers: { 'Content-Type': 'application/json' } });
    if (url.pathname === '/api/v1/orgs/roots') return json({ items: [org('root', '中共清源市委组织部', 250)] });
    // c230 (on the second page of root's children) has one child, g1.
    if (url.pathname === '/api/v1/orgs/c230/children') return json({ items: [org('g1', '第一党小组', 0)], total: 1, page: 1, page_size: 200 });
    if (url.pathname === '/api/v1/orgs/g1')
      return json({ ...org('g1', '第一党小组', 0), path: [{ id: 'top', name: '上级（不在范围内）' }, { id: 'root', name: '中共清源市委组织部' }, { id: 'c230', name: '第231党支部' }, { id: 'g1', name: '第一党小组' }] });
    if (url.pathname === '/api/v1/orgs/root/children') {
      const page = Number(url.searchParams.get('page'));
      const size = Number(url.searchParams.get('page_size'));
      return json({ items: children.slice((page - 1) * size, page * size), total: children.length, page, page_size: size });
    }
    return new Response('{}', { status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => vi.unstubAllGlobals());

function calls(): string[] {
  return fetchMock.mock.calls.map((c) => String(c[0]));
}

async function settle() {
  for (let i = 0; i < 5; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}

describe('OrgTree', () => {
  it('loads the roots, then children on expand (200 a page), then more on "加载更多"', async () => {
    const w = mount(OrgTree, { global: { plugins: [ElementPlus] }, attachTo: document.body });
    await settle();
    expect(calls()).toEqual(['/api/v1/orgs/roots']);
    expect(w.text()).toContain('中共清源市委组织部');
    expect(w.findAll('.el-tree-node')).toHaveLength(1);

    // Expanding the root asks for its first page of children.
    await w.get('.el-tree-node__content').trigger('click');
    await settle();
    expect(calls()[1]).toBe('/api/v1/orgs/root/children?page=1&page_size=200');
    expect(w.emitted('select')?.[0]?.[0]).toMatchObject({ id: 'root' });
    const nodes = w.findAll('.el-tree-node');
    expect(nodes).toHaveLength(1 + 200 + 1);
    const more = w.get('[data-testid=org-tree-more]');
    expect(more.text()).toContain('加载更多');
    expect(more.text()).toContain('50');

    // "加载更多" fetches page 2 and replaces itself with the rest.
    await more.trigger('click');
    await settle();
    expect(calls()[2]).toBe('/api/v1/orgs/root/children?page=2&page_size=200');
    expect(w.findAll('.el-tree-node')).toHaveLength(1 + 250);
    expect(w.find('[data-testid=org-tree-more]').exists()).toBe(false);
    expect(w.text()).toContain('第250党支部');
    w.unmount();
  });

  it('reveal() expands the ancestry (loading further pages) and highlights the organization', async () => {
    const w = mount(OrgTree, { global: { plugins: [ElementPlus] }, attachTo: document.body });
    const done = (w.vm as unknown as { reveal: (id: string) => Promise<boolean> }).reveal('g1');
    await settle();
    expect(await done).toBe(true);
    expect(calls()).toEqual([
      '/api/v1/orgs/roots',
      '/api/v1/orgs/g1',
      '/api/v1/orgs/root/children?page=1&page_size=200',
      '/api/v1/orgs/root/children?page=2&page_size=200',
      '/api/v1/orgs/c230/children?page=1&page_size=200',
    ]);
    const current = w.get('.el-tree-node.is-current');
    expect(current.get('[data-testid=org-node-g1]').text()).toContain('第一党小组');
    expect(current.get('[data-testid=org-node-g1]').classes()).toContain('revealed');
    // Its ancestors are expanded.
    for (const id of ['root', 'c230']) {
      const node = w.get(`[data-testid=org-node-${id}]`).element.closest('.el-tree-node');
      expect(node?.classList.contains('is-expanded')).toBe(true);
    }
    w.unmount();
  });

  it('shows the API error when the roots cannot be loaded', async () => {
    fetchMock.mockResolvedValueOnce(
      new Response(JSON.stringify({ code: 'internal', detail: '服务器内部错误' }), { status: 500, headers: { 'Content-Type': 'application/problem+json' } }),
    );
    const w = mount(OrgTree, { global: { plugins: [ElementPlus] } });
    await settle();
    expect(w.text()).toContain('服务器内部错误');
  });
});
