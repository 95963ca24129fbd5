import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import MemberCorrections from '../src/console/components/MemberCorrections.vue';

const base = { member_id: 'm1', note: '', created_at: '2026-03-01T02:00:00Z', resolved_at: null, resolver_name: '', resolution_note: '' };
const items = [
  { ...base, id: 'c2', field: 'phone', field_label: '手机号', proposed: '135****5678', note: '换号了', status: 'open' },
  { ...base, id: 'c1', field: 'name', field_label: '姓名', proposed: '张叁', status: 'accepted', resolved_at: '2026-02-01T08:30:00Z', resolver_name: '管理员', resolution_note: '已更正' },
];
const json = (b: unknown, status = 200) => new Response(JSON.stringify(b), { status, headers: { 'Content-Type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

async function mountIt(canResolve: boolean) {
  const fetchMock = vi.fn(async (input: string) =>
    new URL(input, 'http://localhost').pathname === '/api/v1/members/m1/corrections' ? json({ items }) : json({}, 404),
  );
  vi.stubGlobal('fetch', fetchMock);
  const w = mount(MemberCorrections, { props: { memberId: 'm1', canResolve, canEditMember: canResolve }, global: { plugins: [ElementPlus] } });
  for (let i = 0; i < 5; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
  return { w, fetchMock };
}

describe('member detail: 更正申请', () => {
  it('lists the requests; only open ones can be answered', async () => {
    const { w, fetchMock } = await mountIt(true);
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/members/m1/corrections');
    const card = w.get('[data-testid=member-corrections]');
    expect(card.text()).toContain('更正申请');
    expect(card.get('[data-testid=member-corrections-hint]').text()).toContain('编辑');
    expect(card.get('[data-testid=member-corrections-open]').text()).toBe('待处理 1 条');
    expect(card.findAll('[data-testid=correction-status]').map((t) => t.text())).toEqual(['待处理', '已更正']);
    expect(card.text()).toContain('135****5678');
    expect(card.findAll('[data-testid=correction-accept]')).toHaveLength(1);
    expect(card.findAll('[data-testid=correction-reject]')).toHaveLength(1);
    await card.get('[data-testid=correction-edit]').trigger('click');
    expect(w.emitted('edit')).toHaveLength(1);
  });

  it('has no answer buttons for read-only staff', async () => {
    const { w } = await mountIt(false);
    expect(w.findAll('[data-testid=correction-status]')).toHaveLength(2);
    expect(w.find('[data-testid=correction-accept]').exists()).toBe(false);
    expect(w.find('[data-testid=correction-edit]').exists()).toBe(false);
  });
});
