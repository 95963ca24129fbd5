// 数据大屏: the headline figures, trends, map and live check-in as the API
// gives them; the page refreshes itself on its timers (figures every 30 s,
// check-in every 10 s) without remounting, keeps the last figures and shows a
// badge when a refresh fails, stops when it goes, and opens the caller's
// scope root when the address names no organization.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import BigScreenView from '../src/console/views/BigScreenView.vue';
import type { LiveMeeting, Screen } from '../src/api/dashboard';
import { clearSession } from '../src/stores/session';
import { json, mockApi, problem, settle, type Answer, type Call } from './orglifeMock';
import { $, $$, mountAt, signIn } from './duesHarness';

// The test DOM has no canvas: the charts record their options instead of drawing.
const setOption = vi.hoisted(() => vi.fn());
vi.mock('echarts/core', () => ({
  use: vi.fn(),
  init: vi.fn((el: HTMLElement) => ({ setOption, on: vi.fn(), dispose: vi.fn(), getDom: () => el })),
}));

const months = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12'];

const meeting = (checked_in: number): LiveMeeting => ({ meeting_id: 'mt1', topic: '全体党员大会', org_name: '机关第一党支部', expected: 40, checked_in });

/** screen is the big screen of 机关党委 with `total` members; the other figures follow from it so a refresh changes them all. */
function screen(total: number): Screen {
  return {
    org: { id: 'root', name: '机关党委', kind: 'committee' },
    as_of: '2025-12-03',
    headline: [
      { key: 'members', label: '党员总数', n: total },
      { key: 'full', label: '正式党员', n: total - 3 },
      { key: 'probationary', label: '预备党员', n: 3 },
      { key: 'dues_rate', label: '上月党费收缴率', n: 87, unit: '%' },
    ],
    trends: months.map((month, i) => ({ month, meetings_held: i + 1, attendance_rate: 80 + i, dues_paid_members: total - i, members_joined: i % 3 })),
    map: [
      { id: 'b1', name: '机关第一党支部', kind: 'branch', lng: 116.39, lat: 39.91, members: total - 400 },
      { id: 'b2', name: '机关第二党支部', kind: 'branch', lng: 116.42, lat: 39.95, members: 400 },
    ],
    health: { green: 5, yellow: 2, red: 1 },
    live: { meetings: [meeting(10)] },
  };
}

let answers: Record<string, Answer>;
let calls: Call[];
let mounted: { unmount: () => void } | null = null;
beforeEach(() => {
  // Only the intervals are faked: the requests and Vue's updates run as usual.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  signIn('viewer');
  setOption.mockClear();
  answers = {
    'GET /orgs/roots': () => json({ items: [{ id: 'root', name: '机关党委' }] }),
    'GET /dashboard/orgs/root/screen': () => json(screen(1234)),
    'GET /dashboard/orgs/root/screen/live': () => json({ meetings: [meeting(12)] }),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  mounted?.unmount();
  mounted = null;
  vi.useRealTimers();
  vi.unstubAllGlobals();
  clearSession();
  document.body.innerHTML = '';
});

async function open(url = '/screen/root') {
  const m = await mountAt(BigScreenView, url, '/screen/:orgId?');
  mounted = m.w;
  return m;
}
const text = (testid: string) => $(`[data-testid="${testid}"]`)?.textContent?.trim();
const reads = (path: string) => calls.filter((c) => c.path === path).length;
/** tick lets the page's intervals run for ms, then the requests they started finish. */
async function tick(ms: number) {
  vi.advanceTimersByTime(ms);
  await settle();
}
/** The options last given to the chart whose first series has type. */
const lastOption = (type: string) =>
  setOption.mock.calls.map((c) => c[0]).filter((o) => o.series?.[0]?.type === type).at(-1);

describe('BigScreenView', () => {
  it('shows the headline figures, health, trends, map and live check-in from the API', async () => {
    await open();
    expect(text('screen-org')).toBe('机关党委 党建数据大屏');
    expect(text('screen-headline-members')).toBe('1,234');
    expect(text('screen-headline-full')).toBe('1,231');
    expect(text('screen-headline-probationary')).toBe('3');
    expect(text('screen-headline-dues_rate')).toBe('87%');
    expect($('[data-testid=screen-headline]')!.textContent).toContain('上月党费收缴率');
    expect([text('screen-health-green'), text('screen-health-yellow'), text('screen-health-red')]).toEqual(['5', '2', '1']);
    expect(text('screen-updated')).toMatch(/^最后更新 \d{2}:\d{2}:\d{2}$/);
    expect($('[data-testid=screen-error]')).toBeNull();

    // Trends: twelve months on both charts, the attendance rate on the percent axis.
    expect(text('screen-trends-span')).toBe('2025年1月—2025年12月');
    const bars = setOption.mock.calls.map((c) => c[0]).filter((o) => o.series?.[0]?.type === 'bar');
    expect(bars).toHaveLength(2);
    expect(bars[0].xAxis.data).toEqual(['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月']);
    expect(bars[0].series[0].data).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(bars[0].series[1]).toMatchObject({ type: 'line', yAxisIndex: 1, data: [80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91] });
    expect(bars[0].yAxis[1]).toMatchObject({ min: 0, max: 100 });
    expect(bars[1].series[0].data[0]).toBe(1234);
    expect(bars[1].series[1].data).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);

    // The map: each located organization at its coordinates, the bigger one drawn bigger, named on hover.
    const map = lastOption('scatter');
    expect(map.series[0].data).toEqual([
      { name: '机关第一党支部', value: [116.39, 39.91, 834] },
      { name: '机关第二党支部', value: [116.42, 39.95, 400] },
    ]);
    const size = map.series[0].symbolSize as (v: number[]) => number;
    expect(size([0, 0, 834])).toBeGreaterThan(size([0, 0, 400]));
    expect(map.tooltip.formatter({ name: '机关第一党支部', value: [116.39, 39.91, 834] })).toBe('机关第一党支部<br/>党员 834 人');

    // Live: the newest check-in count (the live read answered after the screen's).
    expect($$('[data-testid=screen-live-meeting]')).toHaveLength(1);
    expect(text('screen-live-count')).toBe('12 / 40');
    expect($('[data-testid=screen-live-fill]')!.style.width).toBe('30%');
  });

  it('refreshes the figures every 30 s and the check-in every 10 s without remounting', async () => {
    await open();
    const page = $('[data-testid=big-screen]');
    const headline = $('[data-testid=screen-headline]');
    expect([reads('/dashboard/orgs/root/screen'), reads('/dashboard/orgs/root/screen/live')]).toEqual([1, 1]);

    answers['GET /dashboard/orgs/root/screen/live'] = () => json({ meetings: [meeting(30)] });
    await tick(10_000);
    expect(text('screen-live-count')).toBe('30 / 40');
    expect($('[data-testid=screen-live-fill]')!.style.width).toBe('75%');
    expect([reads('/dashboard/orgs/root/screen'), reads('/dashboard/orgs/root/screen/live')]).toEqual([1, 2]);

    // While the figures are read again the old ones stay up.
    let release: (r: Response) => void = () => {};
    answers['GET /dashboard/orgs/root/screen'] = () => new Promise<Response>((r) => (release = r)) as unknown as Response;
    await tick(10_000);
    expect(text('screen-headline-members')).toBe('1,234');
    await tick(10_000);
    expect(reads('/dashboard/orgs/root/screen')).toBe(2);
    expect(text('screen-headline-members')).toBe('1,234');
    expect($('[data-testid=screen-loading]')).toBeNull();
    release(json(screen(2000)));
    await settle();
    expect(text('screen-headline-members')).toBe('2,000');
    expect(lastOption('scatter').series[0].data[0].value).toEqual([116.39, 39.91, 1600]);
    expect([reads('/dashboard/orgs/root/screen'), reads('/dashboard/orgs/root/screen/live')]).toEqual([2, 4]);
    // The same page, the same elements: refreshed in place.
    expect($('[data-testid=big-screen]')).toBe(page);
    expect($('[data-testid=screen-headline]')).toBe(headline);
  });

  it('keeps the last figures on a failed refresh, shows the error badge, and clears it when a refresh succeeds', async () => {
    await open();
    const updated = text('screen-updated');
    answers['GET /dashboard/orgs/root/screen'] = () => problem(503, 'unavailable', '服务暂时不可用');
    await tick(30_000);
    expect(text('screen-headline-members')).toBe('1,234');
    expect($('[data-testid=screen-trends]')).not.toBeNull();
    expect(text('screen-error')).toBe('刷新失败');
    expect($('[data-testid=screen-error]')!.title).toBe('服务暂时不可用');
    expect(text('screen-updated')).toBe(updated);

    answers['GET /dashboard/orgs/root/screen'] = () => json(screen(1500));
    await tick(30_000);
    expect(text('screen-headline-members')).toBe('1,500');
    expect($('[data-testid=screen-error]')).toBeNull();

    // A failed check-in read raises the badge too, and leaves the meetings shown.
    answers['GET /dashboard/orgs/root/screen/live'] = () => problem(500, 'internal', '服务器内部错误');
    await tick(10_000);
    expect(text('screen-error')).toBe('刷新失败');
    expect(text('screen-live-count')).toBe('12 / 40');
  });

  it('stops every timer when the page goes', async () => {
    const { w } = await open();
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    w.unmount();
    mounted = null;
    expect(vi.getTimerCount()).toBe(0);
    const before = calls.length;
    await tick(120_000);
    expect(calls.length).toBe(before);
  });

  it('opens the scope root when the address names no organization', async () => {
    const { router } = await open('/screen');
    expect(router.currentRoute.value.fullPath).toBe('/screen/root');
    expect(text('screen-headline-members')).toBe('1,234');
  });

  it('says when the first read fails and reads again on 重试', async () => {
    answers['GET /dashboard/orgs/root/screen'] = () => problem(404, 'not_found', '记录不存在或无权访问');
    await open();
    expect(text('screen-failed')).toContain('数据加载失败：记录不存在或无权访问');
    expect($('[data-testid=screen-headline]')).toBeNull();
    answers['GET /dashboard/orgs/root/screen'] = () => json(screen(1234));
    $('[data-testid=screen-failed] button')!.click();
    await settle();
    expect(text('screen-headline-members')).toBe('1,234');
    expect($('[data-testid=screen-failed]')).toBeNull();
  });

  it('says so when there is nothing to show on the map or live', async () => {
    answers['GET /dashboard/orgs/root/screen'] = () => json({ ...screen(10), map: [], live: { meetings: [] } });
    answers['GET /dashboard/orgs/root/screen/live'] = () => json({ meetings: null });
    await open();
    expect(text('screen-map-empty')).toBe('暂无组织位置信息');
    expect(text('screen-live-empty')).toBe('当前没有进行中的会议');
  });
});
