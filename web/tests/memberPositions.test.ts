import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createMemoryHistory, createRouter } from 'vue-router';
import { defineComponent, h } from 'vue';
import { RouterView } from 'vue-router';
import MemberDetailView from '../src/console/views/MemberDetailView.vue';

const member = {
  id: 'm1', org_id: 'b1', org_name: '第一党支部', name: '张三', gender: 'male', ethnicity: '汉族', birth_date: '1980-01-01', age: 46,
  id_number: '110105********123X', phone: '138****5678', address: '', education: 'bachelor', category: 'civil_servant', status: 'full',
  joined_on: '2005-07-01', full_member_on: '2006-07-01', party_age: 20, state: 'active', ended_kind: null, ended_on: null,
  created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z', version: 1,
};
const pos = (id: string, title: string, title_label: string, org_name: string, start_on: string, end_on: string | null, member_id = 'm1') => ({
  id, org_id: 'x', org_name, member_id, member_name: '张三', title, title_label, start_on, end_on, active: !end_on,
});

const json = (b: unknown, status = 200) => new Response(JSON.stringify(b), { status, headers: { 'Content-Type': 'application/json' } });

function stub(positions: () => Response) {
  const fetchMock = vi.fn(async (input: string) => {
    const url = new URL(input, 'http://localhost');
    if (url.pathname === '/api/v1/members/m1') return json(member);
    if (url.pathname === '/api/v1/members/m1/history') return json({ items: [] });
    if (url.pathname === '/api/v1/members/m1/positions') return positions();
    if (url.pathname === '/api/v1/orgs/b1/positions')
      return json({ items: [pos('p9', 'organization', '组织委员', '第一党支部', '2021-03-01', null), pos('p8', 'secretary', '书记', '第一党支部', '2021-03-01', null, 'm2')] });
    return json({ code: 'not_found', detail: '记录不存在或无权访问' }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function mountAt(path: string) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/members/:id', component: MemberDetailView }, { path: '/:p(.*)', component: { render: () => null } }] });
  await router.push(path);
  await router.isReady();
  const App = defineComponent({ render: () => h(RouterView) });
  const w = mount(App, { global: { plugins: [ElementPlus, router] } });
  for (let i = 0; i < 6; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
  return w;
}

function rows(w: ReturnType<typeof mount>) {
  return w.get('[data-testid=member-positions]').findAll('.el-table__body tr').map((r) => r.findAll('td').map((td) => td.text()));
}

afterEach(() => vi.unstubAllGlobals());

describe('member detail: 职务', () => {
  it('lists every post from GET /members/{id}/positions, ended ones with their dates', async () => {
    const f = stub(() =>
      json({ items: [pos('p1', 'youth', '青年委员', '机关党总支', '2015-01-01', '2018-12-31'), pos('p2', 'secretary', '书记', '第一党支部', '2021-03-01', null)] }),
    );
    const w = await mountAt('/members/m1');
    expect(rows(w)).toEqual([
      ['书记', '第一党支部', '2021-03-01', '—', '在任'],
      ['青年委员', '机关党总支', '2015-01-01', '2018-12-31', '已离任'],
    ]);
    expect(f.mock.calls.map((c) => String(c[0]))).not.toContain('/api/v1/orgs/b1/positions?include_ended=true');
  });

  it("falls back to the member's organization when the server has no such route (plain 404)", async () => {
    const f = stub(() => new Response('404 page not found\n', { status: 404, headers: { 'Content-Type': 'text/plain' } }));
    const w = await mountAt('/members/m1');
    expect(f.mock.calls.map((c) => String(c[0]))).toContain('/api/v1/orgs/b1/positions?include_ended=true');
    expect(rows(w)).toEqual([['组织委员', '第一党支部', '2021-03-01', '—', '在任']]);
  });

  it("shows the API's own error instead of falling back", async () => {
    const f = stub(() => json({ code: 'forbidden', detail: '您没有执行此操作的权限' }, 403));
    const w = await mountAt('/members/m1');
    expect(f.mock.calls.map((c) => String(c[0]))).not.toContain('/api/v1/orgs/b1/positions?include_ended=true');
    expect(w.get('[data-testid=member-positions]').text()).toContain('您没有执行此操作的权限');
  });
});
