// 流动党员 on the phone: the member's own record with the local rules, the
// empty state, an account without a member, the error, and the entry on 我的.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import MobileFlow from '../src/mobile/MobileFlow.vue';
import MobileMe from '../src/mobile/MobileMe.vue';
import { json, mountAt, problem, settle, stubApi, type Answer } from './mobileOrgLifeHarness';
import { mobile } from './transfersHarness';

let answers: Record<string, Answer>;

beforeEach(() => {
  answers = {
    'GET /api/v1/inbox/unread-count': () => json({ count: 0 }),
    'GET /api/v1/my/mobile': () => json(mobile()),
  };
  stubApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const open = () => mountAt('/m/flow', { '/m/flow': MobileFlow });

describe('MobileFlow (流动党员)', () => {
  it('shows where the member is, the certificate, the local and home organizations, and what they may not do there', async () => {
    const { w } = await open();
    expect(w.get('[data-testid=m-flow-where]').text()).toBe('广东省深圳市南山区');
    expect(w.get('[data-testid=m-flow-record]').text()).toContain('2026年3月1日起，预计2026年8月31日返回');
    expect(w.get('[data-testid=m-flow-certificate]').text()).toContain('LD-2026-031');
    expect(w.get('[data-testid=m-flow-local]').text()).toContain('南山街道流动党员党支部');
    expect(w.get('[data-testid=m-flow-home]').text()).toContain('机关第一党支部');
    const note = w.get('[data-testid=m-flow-note]').text();
    expect(note).toContain('无表决权、不能参加选举（在流入地）');
    expect(note).toContain('请回到「机关第一党支部」参加');
    expect(w.find('[data-testid=m-flow-empty]').exists()).toBe(false);
    w.unmount();
  });

  it('says the local organization is not yet known', async () => {
    answers['GET /api/v1/my/mobile'] = () => json(mobile({ local_org_id: '', local_org_name: '', until: '' }));
    const { w } = await open();
    expect(w.get('[data-testid=m-flow-local]').text()).toContain('未确定');
    expect(w.get('[data-testid=m-flow-record]').text()).not.toContain('返回');
    w.unmount();
  });

  it('shows the empty state when the member is not away', async () => {
    answers['GET /api/v1/my/mobile'] = () => json(null);
    const { w } = await open();
    expect(w.get('[data-testid=m-flow-empty]').text()).toContain('您没有登记为流动党员');
    expect(w.find('[data-testid=m-flow-record]').exists()).toBe(false);
    w.unmount();
  });

  it('tells an account without a member, and shows other errors with a retry', async () => {
    answers['GET /api/v1/my/mobile'] = () => problem(403, 'forbidden', '当前账号未关联党员');
    let { w } = await open();
    expect(w.find('[data-testid=m-flow-not-member]').exists()).toBe(true);
    w.unmount();
    answers['GET /api/v1/my/mobile'] = () => problem(500, 'internal', '服务器内部错误');
    ({ w } = await open());
    expect(w.get('[data-testid=m-flow-error]').text()).toContain('服务器内部错误');
    answers['GET /api/v1/my/mobile'] = () => json(null);
    await w.get('[data-testid=m-flow-error] button').trigger('click');
    await settle();
    expect(w.find('[data-testid=m-flow-empty]').exists()).toBe(true);
    w.unmount();
  });

  it('is reached from 我的', async () => {
    answers['GET /api/v1/me/member'] = () => json({ id: 'm1', name: '张三', org_name: '机关第一党支部', status: 'full', positions: [] });
    const { w, router } = await mountAt('/m/me', { '/m/me': MobileMe, '/m/flow': MobileFlow });
    await w.get('[data-testid=me-flow]').trigger('click');
    await settle();
    expect(router.currentRoute.value.path).toBe('/m/flow');
    w.unmount();
  });
});
