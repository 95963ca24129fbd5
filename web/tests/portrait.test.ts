// 党员画像: the console page (基本信息 as label/value lines, this year and
// last side by side, 打印, loading, empty and error states, the link from the
// member's page) and the phone's 我的画像 (large cells per section, the
// not-a-member and error states, the entry on 我的).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import MemberPortraitView from '../src/console/views/MemberPortraitView.vue';
import MemberDetailView from '../src/console/views/MemberDetailView.vue';
import MobilePortrait from '../src/mobile/MobilePortrait.vue';
import MobileMe from '../src/mobile/MobileMe.vue';
import type { Portrait, PortraitSection } from '../src/api/dashboard';
import { clearSession } from '../src/stores/session';
import { json, mockApi, problem, settle, type Answer } from './orglifeMock';
import { $, $$, mountAt, signIn } from './duesHarness';
import * as phone from './mobileOrgLifeHarness';

const item = (key: string, label: string, value: string) => ({ key, label, value });

const year = (y: number, rate: string, points: string, extra: ReturnType<typeof item>[] = []): PortraitSection => ({
  key: `year_${y}`,
  title: `${y}年`,
  items: [item('attendance_rate', '出席率', rate), item('dues_months_paid', '党费已缴', '11个月'), item('points', '积分', points), ...extra, item('assessment', '年度考核', '优秀')],
});

function portrait(over: Partial<Portrait> = {}): Portrait {
  return {
    member_id: 'm1',
    name: '王建国',
    org_id: 'b1',
    org_name: '机关第一党支部',
    as_of: '2026-12-03',
    sections: [
      {
        key: 'basic',
        title: '基本信息',
        items: [item('name', '姓名', '王建国'), item('gender', '性别', '男'), item('party_age', '党龄', '12年'), item('positions', '职务', '书记（机关第一党支部，2025-01-01 至今）')],
      },
      year(2026, '83%', '36分', [item('points:学习', '积分·学习', '20分')]),
      year(2025, '—', '20分'),
    ],
    ...over,
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  document.body.innerHTML = '';
});

describe('MemberPortraitView (党员画像)', () => {
  let answers: Record<string, Answer>;
  beforeEach(() => {
    signIn('viewer');
    answers = { 'GET /members/m1/portrait': () => json(portrait()) };
    mockApi(answers);
  });
  const open = () => mountAt(MemberPortraitView, '/members/m1/portrait', '/members/:id/portrait');
  const text = (testid: string) => $(`[data-testid="${testid}"]`)?.textContent?.trim();
  const row = (key: string) => $$(`[data-testid="portrait-year-${key}"] > *`).map((c) => c.textContent?.trim());

  it('shows 基本信息 and this year beside last year, as the API words them', async () => {
    await open();
    expect(text('portrait-meta')).toBe('王建国 · 机关第一党支部 · 截至 2026年12月3日');
    expect($('[data-testid=portrait-section-basic] h2')!.textContent).toBe('基本信息');
    expect(text('portrait-basic-gender')).toBe('男');
    expect(text('portrait-basic-party_age')).toBe('12年');
    expect(text('portrait-basic-positions')).toBe('书记（机关第一党支部，2025-01-01 至今）');
    // The years are one table, not two more label/value blocks.
    expect($('[data-testid=portrait-section-year_2026]')).toBeNull();
    expect($$('[data-testid=portrait-year-head]').map((h) => h.textContent)).toEqual(['2026年', '2025年']);
    expect(row('attendance_rate')).toEqual(['出席率', '83%', '—']);
    expect(row('points')).toEqual(['积分', '36分', '20分']);
    // A line only one year has shows — for the other.
    expect(row('points:学习')).toEqual(['积分·学习', '20分', '—']);
    expect($$('[data-testid^=portrait-year-]').filter((r) => r.tagName === 'TR').map((r) => r.dataset.testid)).toEqual([
      'portrait-year-attendance_rate', 'portrait-year-dues_months_paid', 'portrait-year-points', 'portrait-year-points:学习', 'portrait-year-assessment',
    ]);
  });

  it('prints the page', async () => {
    const print = vi.fn();
    vi.stubGlobal('print', print);
    await open();
    $('[data-testid=portrait-print]')!.click();
    expect(print).toHaveBeenCalledTimes(1);
  });

  it('shows loading, then the error with a retry that loads the portrait', async () => {
    let release: (r: Response) => void = () => {};
    answers['GET /members/m1/portrait'] = () => new Promise<Response>((r) => (release = r)) as unknown as Response;
    await open();
    expect($('[data-testid=portrait-loading]')).not.toBeNull();
    expect(($('[data-testid=portrait-print]') as HTMLButtonElement).disabled).toBe(true);
    release(problem(404, 'not_found', '记录不存在或无权访问'));
    await settle();
    expect(text('portrait-error')).toContain('画像加载失败');
    expect(text('portrait-error')).toContain('记录不存在或无权访问');
    expect($('[data-testid=portrait-sheet]')).toBeNull();

    answers['GET /members/m1/portrait'] = () => json(portrait());
    $('[data-testid=portrait-retry]')!.click();
    await settle();
    expect($('[data-testid=portrait-error]')).toBeNull();
    expect(text('portrait-basic-gender')).toBe('男');
  });

  it('says when there is nothing to show', async () => {
    answers['GET /members/m1/portrait'] = () => json(portrait({ sections: null }));
    await open();
    expect(text('portrait-empty')).toContain('暂无画像数据');
    expect($('[data-testid=portrait-years]')).toBeNull();
  });

  it('is linked from the member page', async () => {
    const member = { id: 'm1', org_id: 'b1', org_name: '机关第一党支部', name: '王建国', gender: 'male', status: 'full', state: 'active', joined_on: '2014-07-01', full_member_on: '2015-07-01' };
    answers['GET /members/m1'] = () => json(member);
    answers['GET /members/m1/history'] = () => json({ items: [] });
    answers['GET /members/m1/positions'] = () => json({ items: [] });
    await mountAt(MemberDetailView, '/members/m1', '/members/:id');
    expect($('[data-testid=member-portrait]')!.getAttribute('href')).toBe('/members/m1/portrait');
    expect(text('member-portrait')).toBe('党员画像');
  });
});

describe('MobilePortrait (我的画像)', () => {
  let answers: Record<string, phone.Answer>;
  beforeEach(() => {
    answers = {
      'GET /api/v1/inbox/unread-count': () => phone.json({ count: 0 }),
      'GET /api/v1/my/portrait': () => phone.json(portrait()),
    };
    phone.stubApi(answers);
  });
  const open = () => phone.mountAt('/m/portrait', { '/m/portrait': MobilePortrait });

  it('shows every section as large cells, years included', async () => {
    const { w } = await open();
    expect(w.get('[data-testid=m-portrait-member]').text()).toContain('王建国');
    expect(w.get('[data-testid=m-portrait-member]').text()).toContain('截至 2026年12月3日');
    expect(w.findAll('[data-testid^=m-portrait-section-]').map((s) => s.attributes('data-testid'))).toEqual([
      'm-portrait-section-basic', 'm-portrait-section-year_2026', 'm-portrait-section-year_2025',
    ]);
    expect(w.get('[data-testid=m-portrait-section-year_2026] .van-cell-group__title').text()).toBe('2026年');
    const cell = w.get('[data-testid=m-portrait-year_2026-attendance_rate]');
    expect(cell.get('.van-cell__title').text()).toBe('出席率');
    expect(cell.get('.van-cell__value').text()).toBe('83%');
    expect(w.get('[data-testid=m-portrait-basic-party_age] .van-cell__value').text()).toBe('12年');
    w.unmount();
  });

  it('tells an account without a member, and shows an error with a retry', async () => {
    answers['GET /api/v1/my/portrait'] = () => phone.problem(403, 'forbidden', '当前账号未关联党员');
    const { w } = await open();
    expect(w.get('[data-testid=m-portrait-not-member]').text()).toBe('当前账号未关联党员信息');
    w.unmount();

    answers['GET /api/v1/my/portrait'] = () => phone.problem(500, 'internal', '服务器内部错误');
    const { w: w2 } = await open();
    expect(w2.get('[data-testid=m-portrait-error]').text()).toContain('服务器内部错误');
    answers['GET /api/v1/my/portrait'] = () => phone.json(portrait({ sections: [] }));
    await w2.get('[data-testid=m-portrait-error] button').trigger('click');
    await phone.settle();
    expect(w2.find('[data-testid=m-portrait-error]').exists()).toBe(false);
    expect(w2.get('[data-testid=m-portrait-empty]').text()).toBe('暂无画像数据');
    w2.unmount();
  });

  it('is an entry on 我的', async () => {
    answers['GET /api/v1/me/member'] = () => phone.json({ id: 'm1', name: '王建国', org: { id: 'b1', name: '机关第一党支部' }, org_name: '机关第一党支部', positions: [] });
    const { w, router } = await phone.mountAt('/m/me', { '/m/me': MobileMe, '/m/portrait': MobilePortrait });
    expect(w.get('[data-testid=me-portrait]').text()).toContain('我的画像');
    await w.get('[data-testid=me-portrait]').trigger('click');
    await phone.settle();
    expect(router.currentRoute.value.path).toBe('/m/portrait');
    expect(w.find('[data-testid=m-portrait-member]').exists()).toBe(true);
    w.unmount();
  });
});
