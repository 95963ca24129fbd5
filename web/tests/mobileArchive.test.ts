// 我的档案 on the phone: the member's own archive year by year, newest first
// and open, the others folded; the figures as plain sentences; the PDF link;
// the loading, empty, not-a-member and error states; and the entries on 我的.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import MobileArchive from '../src/mobile/MobileArchive.vue';
import MobileMe from '../src/mobile/MobileMe.vue';
import { json, mountAt, problem, settle, stubApi, type Answer } from './mobileOrgLifeHarness';
import { archive } from './archiveHarness';

let answers: Record<string, Answer>;

beforeEach(() => {
  answers = {
    'GET /api/v1/inbox/unread-count': () => json({ count: 0 }),
    'GET /api/v1/my/archive': () => json(archive()),
  };
  stubApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const open = () => mountAt('/m/archive', { '/m/archive': MobileArchive });
/** Vant marks the title of an unfolded item van-collapse-item__title--expanded. */
const unfolded = (y: { find: (s: string) => { classes: () => string[] } }) => y.find('.van-collapse-item__title').classes().includes('van-collapse-item__title--expanded');

describe('MobileArchive (我的档案)', () => {
  it('shows the years newest first, the newest open, with figures and records', async () => {
    const { w } = await open();
    expect(w.get('[data-testid=m-archive-member]').text()).toContain('王建国');
    expect(w.get('[data-testid=m-archive-member]').text()).toContain('正式党员 · 2024年6月20日入党');
    const years = w.findAll('[data-testid=m-archive-year]');
    expect(years.map((y) => y.attributes('data-year'))).toEqual(['2026', '2025', '2024']);
    expect(years.map(unfolded)).toEqual([true, false, false]);
    expect(years[0].get('[data-testid=m-archive-digest]').text()).toBe('出席率 83% · 积分 36 · 考核优秀 · 优秀共产党员');
    expect(years[0].get('[data-testid=m-archive-fact-attendance]').text()).toBe('应参加 12 次，出席 10 次，请假 1 次，缺席 1 次，出席率 83%');
    expect(years[0].get('[data-testid=m-archive-fact-dues]').text()).toBe('已交 12 个月（按时 11 个月），共 288.00 元');
    const items = years[0].findAll('[data-testid=m-archive-item]');
    expect(items).toHaveLength(2);
    expect(items[0].text()).toContain('2026年7月1日');
    expect(items[1].text()).toContain('支部党员大会：学习二十大精神');
    expect(w.get('[data-testid=m-archive-pdf]').attributes('href')).toBe('/api/v1/my/archive.pdf');

    // Another year opens with a tap and shows its arrears warning in red.
    await years[1].get('.van-collapse-item__title').trigger('click');
    await settle();
    expect(unfolded(w.findAll('[data-testid=m-archive-year]')[1])).toBe(true);
    const arrears = w.findAll('[data-testid=m-archive-year]')[1].get('[data-testid=m-archive-fact-arrears]');
    expect(arrears.text()).toBe('1 次');
    expect(arrears.classes()).toContain('arc-warn');
    w.unmount();
  });

  it('says a year without records and an empty archive plainly', async () => {
    const { w } = await open();
    const y2024 = w.findAll('[data-testid=m-archive-year]')[2];
    await y2024.get('.van-collapse-item__title').trigger('click');
    await settle();
    expect(y2024.get('[data-testid=m-archive-year-empty]').text()).toBe('这一年还没有记录');
    w.unmount();

    answers['GET /api/v1/my/archive'] = () => json(archive({ years: [] }));
    const { w: w2 } = await open();
    expect(w2.get('[data-testid=m-archive-empty]').text()).toBe('还没有档案记录');
    w2.unmount();
  });

  it('shows loading, then an error with a retry', async () => {
    let release: (r: Response) => void = () => {};
    answers['GET /api/v1/my/archive'] = () => new Promise<Response>((r) => (release = r)) as unknown as Response;
    const { w } = await open();
    expect(w.find('[data-testid=m-archive-loading]').exists()).toBe(true);
    release(problem(500, 'internal', '服务器内部错误'));
    await settle();
    expect(w.get('[data-testid=m-archive-error]').text()).toContain('服务器内部错误');
    answers['GET /api/v1/my/archive'] = () => json(archive());
    await w.get('[data-testid=m-archive-error] button').trigger('click');
    await settle();
    expect(w.findAll('[data-testid=m-archive-year]')).toHaveLength(3);
    w.unmount();
  });

  it('tells an account without a member so', async () => {
    answers['GET /api/v1/my/archive'] = () => problem(403, 'forbidden', '当前账号未关联党员');
    const { w } = await open();
    expect(w.get('[data-testid=m-archive-not-member]').text()).toBe('当前账号未关联党员信息');
    expect(w.find('[data-testid=m-archive-error]').exists()).toBe(false);
    w.unmount();
  });
});

describe('MobileMe entries', () => {
  it('leads to 我的积分, 年度考核 and 我的档案', async () => {
    answers['GET /api/v1/me/member'] = () => json({ id: 'm1', name: '王建国', org: { id: 'b1', name: '机关第一党支部' }, org_name: '机关第一党支部', positions: [] });
    const blank = { render: () => null };
    const { w, router } = await mountAt('/m/me', { '/m/me': MobileMe, '/m/points': blank, '/m/assessment': blank, '/m/archive': MobileArchive });
    expect(w.get('[data-testid=me-points]').text()).toContain('我的积分');
    expect(w.get('[data-testid=me-assessment]').text()).toContain('年度考核');
    for (const [testid, path] of [['me-points', '/m/points'], ['me-assessment', '/m/assessment'], ['me-archive', '/m/archive']]) {
      await router.push('/m/me');
      await settle();
      await w.get(`[data-testid=${testid}]`).trigger('click');
      await settle();
      expect(router.currentRoute.value.path).toBe(path);
    }
    expect(w.find('[data-testid=m-archive-page]').exists()).toBe(true);
    w.unmount();
  });
});
