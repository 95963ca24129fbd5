// 光荣在党50年: the server's list for the year with its 1 July cutoff and
// the 转正 date it implies, the year in the address, the .xlsx export, and
// the empty and error states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import GoldenMembersView from '../src/console/views/GoldenMembersView.vue';
import type { GoldenList } from '../src/api/commendations';
import { clearSession } from '../src/stores/session';
import { json, mockApi, problem, settle, type Answer, type Call } from './orglifeMock';
import { $$, byTestid, mountAt, signIn } from './duesHarness';

let answers: Record<string, Answer>;
let calls: Call[];

const golden = (year: number): GoldenList => ({
  org_id: 'c1',
  org_name: '机关党委',
  year,
  cutoff: `${year}-07-01`,
  items: [
    { member_id: 'm1', name: '张老党员', org_id: 'b7', org_name: '离退休第一党支部', full_member_on: `${year - 51}-03-01`, party_years: 51 },
    { member_id: 'm2', name: '李老党员', org_id: 'b8', org_name: '离退休第二党支部', full_member_on: `${year - 50}-07-01`, party_years: 50 },
  ],
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-05-10T04:00:00Z'));
  signIn('viewer');
  answers = {
    'GET /orgs/c1': () => json({ id: 'c1', name: '机关党委', path: [{ id: 'c1', name: '机关党委' }] }),
    'GET /orgs/c1/commendations/golden': (c) => json(golden(Number(c.query.get('year')))),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const rows = () => $$('[data-testid=golden-table] .el-table__body tr.golden-row').map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent?.trim()));

describe('GoldenMembersView', () => {
  it('lists this year\'s members with the 1 July cutoff and the latest 转正 date', async () => {
    const { w } = await mountAt(GoldenMembersView, '/commendations/golden?org=c1', '/commendations/golden');
    expect(calls.find((c) => c.path === '/orgs/c1/commendations/golden')!.query.get('year')).toBe('2026');
    expect(w.get('[data-testid=golden-cutoff]').text()).toBe('以 2026年7月1日 为准：党龄自转正之日起计算，转正时间不晚于 1976年7月1日 的在册党员，共 2 名。');
    expect(rows()).toEqual([
      ['1', '张老党员', '离退休第一党支部', '1975-03-01', '51 年'],
      ['2', '李老党员', '离退休第二党支部', '1976-07-01', '50 年'],
    ]);
    w.unmount();
  });

  it('changes the year through the address', async () => {
    const { w, router } = await mountAt(GoldenMembersView, '/commendations/golden?org=c1', '/commendations/golden');
    byTestid(w, 'ElSelect', 'golden-year').vm.$emit('update:modelValue', 2027);
    await settle();
    expect(router.currentRoute.value.query.year).toBe('2027');
    expect(calls.filter((c) => c.path === '/orgs/c1/commendations/golden').at(-1)!.query.get('year')).toBe('2027');
    expect(w.get('[data-testid=golden-cutoff]').text()).toContain('以 2027年7月1日 为准');
    expect(w.get('[data-testid=golden-cutoff]').text()).toContain('不晚于 1977年7月1日');
    w.unmount();
  });

  it('exports the year\'s list as .xlsx', async () => {
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }));
    answers['GET /orgs/c1/commendations/golden.xlsx'] = () => new Response(new Blob(['xlsx']), { headers: { 'Content-Disposition': 'attachment; filename="golden.xlsx"' } });
    const { w } = await mountAt(GoldenMembersView, '/commendations/golden?org=c1&year=2025', '/commendations/golden');
    await w.get('[data-testid=golden-export]').trigger('click');
    await settle();
    const req = calls.find((c) => c.path === '/orgs/c1/commendations/golden.xlsx')!;
    expect(req.query.get('year')).toBe('2025');
    w.unmount();
  });

  it('says when nobody reaches 50 years, and shows an error with a retry', async () => {
    answers['GET /orgs/c1/commendations/golden'] = () => json({ year: 2026, cutoff: '2026-07-01', items: [] });
    const { w } = await mountAt(GoldenMembersView, '/commendations/golden?org=c1', '/commendations/golden');
    expect(w.get('[data-testid=golden-empty]').text()).toBe('2026 年没有党龄满 50 年的党员');
    expect(w.get('[data-testid=golden-cutoff]').text()).toContain('共 0 名');
    w.unmount();

    answers['GET /orgs/c1/commendations/golden'] = () => problem(403, 'forbidden', '您没有执行此操作的权限');
    const { w: w2 } = await mountAt(GoldenMembersView, '/commendations/golden?org=c1', '/commendations/golden');
    expect(w2.get('[data-testid=golden-error]').text()).toContain('您没有执行此操作的权限');
    expect(w2.find('[data-testid=golden-cutoff]').exists()).toBe(false);
    expect(w2.get('[data-testid=golden-export]').attributes('disabled')).toBeDefined();
    answers['GET /orgs/c1/commendations/golden'] = (c) => json(golden(Number(c.query.get('year'))));
    await w2.get('[data-testid=golden-error] button').trigger('click');
    await settle();
    expect(rows()).toHaveLength(2);
    w2.unmount();
  });
});
