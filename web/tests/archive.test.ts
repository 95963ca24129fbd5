// 党员档案 in the console: the archive year by year newest first with each
// year's figures and timeline, the newest year open; the print page with
// every year unfolded; the links to the PDF and .xlsx; finding a member; and
// the loading, empty and error states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import MemberArchiveView from '../src/console/views/MemberArchiveView.vue';
import MemberArchivePrintView from '../src/console/views/MemberArchivePrintView.vue';
import ArchiveIndexView from '../src/console/views/ArchiveIndexView.vue';
import { clearSession } from '../src/stores/session';
import { json, mockApi, problem, settle, type Answer, type Call } from './orglifeMock';
import { $$, mountAt, signIn, typeIn } from './duesHarness';
import { archive } from './archiveHarness';

let answers: Record<string, Answer>;
let calls: Call[];

beforeEach(() => {
  signIn('viewer');
  answers = { 'GET /members/m1/archive': () => json(archive()) };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const openArchive = async () => (await mountAt(MemberArchiveView, '/archive/members/m1', '/archive/members/:id')).w;
/** The years as shown, and which are unfolded (Element Plus marks an open item is-active). */
const yearsShown = () => $$('[data-testid=archive-year]').map((y) => [y.dataset.year, y.classList.contains('is-active')]);

describe('MemberArchiveView', () => {
  it('groups the archive by year, newest first, with each year\'s figures and its records', async () => {
    const w = await openArchive();
    expect(w.get('[data-testid=archive-member-name]').text()).toBe('王建国的党员档案');
    expect(w.get('[data-testid=archive-member]').text()).toContain('机关第一党支部');
    expect(w.get('[data-testid=archive-member]').text()).toContain('2025-06-20');
    expect(yearsShown()).toEqual([['2026', true], ['2025', false], ['2024', false]]);

    const [y2026, y2025, y2024] = w.findAll('[data-testid=archive-year]');
    expect(y2026.get('[data-testid=archive-year-digest]').text()).toBe('出席率 83% · 积分 36 · 考核优秀 · 优秀共产党员');
    expect(y2026.get('[data-testid=archive-fact-attendance]').text()).toBe('应参加 12 次，出席 10 次，请假 1 次，缺席 1 次，出席率 83%');
    expect(y2026.get('[data-testid=archive-fact-dues]').text()).toBe('已交 12 个月（按时 11 个月），共 288.00 元');
    expect(y2026.get('[data-testid=archive-fact-points]').text()).toBe('36 分');
    expect(y2026.get('[data-testid=archive-fact-appraisal]').text()).toBe('优秀');
    expect(y2026.get('[data-testid=archive-fact-assessment]').text()).toBe('优秀');
    expect(y2026.get('[data-testid=archive-fact-commendations]').text()).toBe('优秀共产党员');
    // Items newest first within the year.
    const items = y2026.findAll('[data-testid=archive-item]');
    expect(items.map((i) => i.text())).toEqual([
      expect.stringContaining('优秀共产党员'),
      expect.stringContaining('支部党员大会：学习二十大精神'),
    ]);
    expect(items[0].text()).toContain('2026-07-01');

    // An arrears warning stands out; a year without records says so.
    expect(y2025.get('[data-testid=archive-fact-arrears]').text()).toBe('1 次');
    expect(y2025.get('[data-testid=archive-fact-arrears]').classes()).toContain('warn');
    expect(y2025.get('[data-testid=archive-fact-assessment]').text()).toBe('未考核');
    expect(y2025.findAll('[data-testid=archive-item]').map((i) => i.text())).toEqual([
      expect.stringContaining('欠缴党费提醒'),
      expect.stringContaining('转为正式党员'),
    ]);
    expect(y2024.get('[data-testid=archive-fact-attendance]').text()).toBe('本年度无应参加会议记录');
    expect(y2024.get('[data-testid=archive-fact-dues]').text()).toBe('本年度无交纳记录');
    expect(y2024.get('[data-testid=archive-year-digest]').text()).toBe('无应参加会议 · 积分 0');
    expect(y2024.get('[data-testid=archive-year-empty]').text()).toBe('本年度暂无记录');
    w.unmount();
  });

  it('folds and unfolds the years', async () => {
    const w = await openArchive();
    await w.get('[data-testid=archive-toggle-all]').trigger('click');
    await settle();
    expect(yearsShown().map(([, open]) => open)).toEqual([true, true, true]);
    expect(w.get('[data-testid=archive-toggle-all]').text()).toBe('全部收起');
    await w.get('[data-testid=archive-toggle-all]').trigger('click');
    await settle();
    expect(yearsShown().map(([, open]) => open)).toEqual([false, false, false]);
    // A year's header opens it alone.
    await w.findAll('[data-testid=archive-year] .el-collapse-item__header')[1].trigger('click');
    await settle();
    expect(yearsShown()).toEqual([['2026', false], ['2025', true], ['2024', false]]);
    w.unmount();
  });

  it('links to the print page, the PDF and the .xlsx', async () => {
    const w = await openArchive();
    expect(w.get('[data-testid=archive-print]').attributes('href')).toBe('/archive/members/m1/print');
    expect(w.get('[data-testid=archive-print]').attributes('target')).toBe('_blank');
    expect(w.get('[data-testid=archive-pdf]').attributes('href')).toBe('/api/v1/members/m1/archive.pdf');
    expect(w.get('[data-testid=archive-xlsx]').attributes('href')).toBe('/api/v1/members/m1/archive.xlsx');
    w.unmount();
  });

  it('marks a member no longer in the register and shows an empty archive', async () => {
    answers['GET /members/m1/archive'] = () => json(archive({ member: { ...archive().member, active: false }, years: [] }));
    const w = await openArchive();
    expect(w.get('[data-testid=archive-ended]').text()).toBe('已不在册');
    expect(w.get('[data-testid=archive-empty]').text()).toContain('暂无档案记录');
    expect(w.find('[data-testid=archive-year]').exists()).toBe(false);
    w.unmount();
  });

  it('shows loading, then a refusal out of scope with a retry', async () => {
    let release: (r: Response) => void = () => {};
    answers['GET /members/m1/archive'] = () => new Promise<Response>((r) => (release = r)) as unknown as Response;
    const w = await openArchive();
    expect(w.get('[data-testid=archive-loading]').text()).toBe('加载中…');
    release(problem(404, 'not_found', '记录不存在或无权访问'));
    await settle();
    expect(w.get('[data-testid=archive-error]').text()).toContain('记录不存在或无权访问');
    expect(w.find('[data-testid=archive-print]').exists()).toBe(false);
    answers['GET /members/m1/archive'] = () => json(archive());
    await w.get('[data-testid=archive-error] button').trigger('click');
    await settle();
    expect(w.findAll('[data-testid=archive-year]')).toHaveLength(3);
    w.unmount();
  });
});

describe('MemberArchivePrintView', () => {
  const openPrint = async () => (await mountAt(MemberArchivePrintView, '/archive/members/m1/print', '/archive/members/:id/print')).w;

  it('prints every year unfolded, newest first, with its figures and records', async () => {
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const w = await openPrint();
    expect(w.get('[data-testid=archive-print-member]').text()).toContain('王建国');
    expect(w.get('[data-testid=archive-print-member]').text()).toContain('正式党员');
    const years = w.findAll('[data-testid=archive-print-year]');
    expect(years.map((y) => y.attributes('data-year'))).toEqual(['2026', '2025', '2024']);
    expect(years[0].text()).toContain('应参加 12 次，出席 10 次，请假 1 次，缺席 1 次，出席率 83%');
    expect(years[0].text()).toContain('已交 12 个月（按时 11 个月），共 288.00 元');
    expect(years[0].findAll('[data-testid=archive-print-item]').map((r) => r.text())).toEqual([
      '2026-07-01表彰优秀共产党员（2026年度“两优一先”评选表彰）',
      '2026-05-03组织生活支部党员大会：学习二十大精神（出席）',
    ]);
    expect(years[2].text()).toContain('本年度暂无记录');
    expect(w.get('[data-testid=archive-print-pdf]').attributes('href')).toBe('/api/v1/members/m1/archive.pdf');
    expect(w.get('[data-testid=archive-print-footer]').text()).toMatch(/^打印日期：\d{4}年\d{1,2}月\d{1,2}日$/);
    await w.get('[data-testid=archive-print-button]').trigger('click');
    expect(print).toHaveBeenCalledTimes(1);
    w.unmount();
  });

  it('says when the archive cannot be read', async () => {
    answers['GET /members/m1/archive'] = () => problem(500, 'internal', '服务器内部错误');
    const w = await openPrint();
    expect(w.get('[data-testid=archive-print-error]').text()).toContain('服务器内部错误');
    expect(w.find('[data-testid=archive-sheet]').exists()).toBe(false);
    expect(w.get('[data-testid=archive-print-button]').attributes('disabled')).toBeDefined();
    w.unmount();
  });
});

describe('ArchiveIndexView', () => {
  const member = (id: string, name: string) => ({ id, name, org_id: 'b1', org_name: '机关第一党支部', status: 'full', joined_on: '2010-07-01', state: 'active' });

  beforeEach(() => {
    answers['GET /orgs/b1'] = () => json({ id: 'b1', name: '机关第一党支部', path: [{ id: 'b1', name: '机关第一党支部' }] });
    answers['GET /members'] = (c) =>
      json(c.query.get('q') === '李' ? { items: [member('m2', '李红')], total: 1 } : c.query.get('state') === 'ended' ? { items: [], total: 0 } : { items: [member('m1', '王建国'), member('m2', '李红')], total: 2 });
  });

  it('lists the members of the page organization, searches them and opens an archive', async () => {
    const { w, router } = await mountAt(ArchiveIndexView, '/archive?org=b1', '/archive');
    const first = calls.find((c) => c.path === '/members')!;
    expect([first.query.get('org'), first.query.get('state')]).toEqual(['b1', 'active']);
    expect($$('[data-testid=archive-members] .el-table__body tr').map((r) => r.querySelector('td')!.textContent)).toEqual(['王建国', '李红']);
    await typeIn('[data-testid=archive-search]', '李');
    await new Promise((r) => setTimeout(r, 350));
    await settle();
    expect($$('[data-testid=archive-members] .el-table__body tr').map((r) => r.querySelector('td')!.textContent)).toEqual(['李红']);
    await w.get('[data-testid=archive-open]').trigger('click');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/archive/members/m2');
    w.unmount();
  });

  it('looks among members no longer in the register and says when none is found', async () => {
    const { w } = await mountAt(ArchiveIndexView, '/archive?org=b1', '/archive');
    await w.findAll('[data-testid=archive-state] input')[1].setValue(true);
    await settle();
    expect(calls.filter((c) => c.path === '/members').at(-1)!.query.get('state')).toBe('ended');
    expect(w.get('[data-testid=archive-index-empty]').text()).toBe('没有找到党员');
    w.unmount();
  });

  it('shows the error of the member list', async () => {
    answers['GET /members'] = () => problem(403, 'forbidden', '您没有执行此操作的权限');
    const { w } = await mountAt(ArchiveIndexView, '/archive?org=b1', '/archive');
    expect(w.get('[data-testid=archive-index-error]').text()).toContain('您没有执行此操作的权限');
    w.unmount();
  });
});
