import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import MobileMeetings from '../src/mobile/MobileMeetings.vue';
import MobileMeeting from '../src/mobile/MobileMeeting.vue';
import MobilePrivacy from '../src/mobile/MobilePrivacy.vue';
import { ApiError } from '../src/api/client';
import { checkinRefusal, meetingWhen, ratePercent } from '../src/api/myOrgLife';
import { consents, json, meeting, mountAt, settle, stubApi, type Answer, type Call } from './mobileOrgLifeHarness';

let answers: Record<string, Answer>;
let calls: Call[];

beforeEach(() => {
  answers = {
    'GET /api/v1/inbox/unread-count': () => json({ count: 0 }),
    'GET /api/v1/my/meetings': () => json({ items: [meeting()], rate: { year: 2026, expected: 10, attended: 8, rate: 0.8 } }),
    'GET /api/v1/my/meetings/m1': () => json(meeting()),
    'GET /api/v1/my/consents': () => json(consents(true, false)),
  };
  calls = stubApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const posts = (url: string) => calls.filter((c) => c.method !== 'GET' && c.url === url);

describe('MobileMeetings (我的组织生活)', () => {
  it('shows this year\'s attendance rate and the upcoming meetings, then the past ones', async () => {
    const { w, router } = await mountAt('/m/meetings', { '/m/meetings': MobileMeetings });
    expect(calls.some((c) => c.url === '/api/v1/my/meetings?scope=upcoming')).toBe(true);
    const rate = w.get('[data-testid=m-meetings-rate]');
    expect(rate.get('[data-testid=m-meetings-rate-value]').text()).toBe('80%');
    expect(rate.text()).toContain('2026年我的参会率');
    expect(rate.text()).toContain('应参加 10 次，实际参加 8 次');
    const items = w.findAll('[data-testid=m-meeting-item]');
    expect(items).toHaveLength(1);
    expect(items[0].text()).toContain('主题党日');
    expect(items[0].text()).toContain('学习党章');
    expect(items[0].find('[data-testid=m-meeting-checkin-open]').exists()).toBe(true);

    answers['GET /api/v1/my/meetings'] = () => json({ items: [], rate: { year: 2026, expected: 10, attended: 8, rate: 0.8 } });
    await w.findAll('.van-tab')[1].trigger('click');
    await settle();
    expect(calls.some((c) => c.url === '/api/v1/my/meetings?scope=past')).toBe(true);
    expect(w.get('[data-testid=m-meetings-empty]').text()).toBe('还没有已结束的会议');

    answers['GET /api/v1/my/meetings'] = () => json({ items: [meeting()], rate: { year: 2026, expected: 0, attended: 0, rate: 0 } });
    await w.findAll('.van-tab')[0].trigger('click');
    await settle();
    await w.get('[data-testid=m-meeting-item] button').trigger('click');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/m/meetings/m1');
    w.unmount();
  });

  it('says so when the account is not linked to a member', async () => {
    answers['GET /api/v1/my/meetings'] = () => json({ status: 403, code: 'not_a_member', detail: '此账号未关联党员' }, 403, 'application/problem+json');
    const { w } = await mountAt('/m/meetings', { '/m/meetings': MobileMeetings });
    expect(w.get('[data-testid=m-meetings-error]').text()).toContain('此账号未关联党员');
    w.unmount();
  });
});

describe('MobileMeeting (one meeting)', () => {
  const open = () => mountAt('/m/meetings/m1', { '/m/meetings/:id': MobileMeeting });

  it('requires a reason for 请假 and then shows it as 待审批', async () => {
    answers['POST /api/v1/my/meetings/m1/answer'] = (b) =>
      json(meeting({ answer: 'leave', leave_state: 'pending', leave_reason: (b as { reason: string }).reason }));
    const { w } = await open();
    expect(w.get('[data-testid=m-meeting-topic]').text()).toBe('学习党章');
    await w.get('[data-testid=m-meeting-leave]').trigger('click');
    await settle();
    await w.get('form').trigger('submit');
    await settle();
    expect(w.get('[data-testid=m-meeting-leave-error]').text()).toBe('请填写请假原因');
    expect(posts('/api/v1/my/meetings/m1/answer')).toHaveLength(0);

    await w.get('[data-testid=m-meeting-leave-reason]').setValue('  住院治疗 ');
    await w.get('form').trigger('submit');
    await settle();
    expect(posts('/api/v1/my/meetings/m1/answer').map((c) => c.body)).toEqual([{ answer: 'leave', reason: '住院治疗' }]);
    expect(w.get('[data-testid=m-meeting-leave-state]').text()).toBe('待审批');
    expect(w.text()).toContain('请假原因：住院治疗');
    w.unmount();
  });

  it('answers 参加 and shows 已批准 / 未批准 for a decided leave', async () => {
    answers['POST /api/v1/my/meetings/m1/answer'] = () => json(meeting({ answer: 'attend' }));
    let m = await open();
    await m.w.get('[data-testid=m-meeting-attend]').trigger('click');
    await settle();
    expect(posts('/api/v1/my/meetings/m1/answer').map((c) => c.body)).toEqual([{ answer: 'attend' }]);
    expect(m.w.get('[data-testid=m-meeting-answer-text]').text()).toBe('您已回复：参加');
    m.w.unmount();

    for (const [state, text] of [['approved', '已批准'], ['rejected', '未批准']] as const) {
      answers['GET /api/v1/my/meetings/m1'] = () => json(meeting({ answer: 'leave', leave_state: state, leave_reason: '外出' }));
      m = await open();
      expect(m.w.get('[data-testid=m-meeting-leave-state]').text()).toBe(text);
      m.w.unmount();
    }
  });

  it('offers 线上参会签到 for an online meeting and the scan hint otherwise', async () => {
    let m = await open();
    expect(m.w.get('[data-testid=m-meeting-scan-hint]').text()).toContain('对准书记屏幕上的二维码');
    expect(m.w.find('[data-testid=m-meeting-remote]').exists()).toBe(false);
    m.w.unmount();

    answers['GET /api/v1/my/meetings/m1'] = () => json(meeting({ online: true }));
    answers['POST /api/v1/my/meetings/m1/checkin'] = () => {
      answers['GET /api/v1/my/meetings/m1'] = () => json(meeting({ online: true, status: 'remote', status_label: '线上参会' }));
      return json({ status: 'remote', method: 'remote', distance_m: null, geo: '', needs_confirmation: false, message: '' });
    };
    m = await open();
    expect(m.w.find('[data-testid=m-meeting-scan-hint]').exists()).toBe(false);
    await m.w.get('[data-testid=m-meeting-remote]').trigger('click');
    await settle();
    expect(posts('/api/v1/my/meetings/m1/checkin').map((c) => c.body)).toEqual([{ remote: true }]);
    expect(m.w.get('[data-testid=m-meeting-checked-in]').text()).toContain('已线上签到');
    m.w.unmount();
  });

  it('has no check-in and no answer buttons for a finished meeting', async () => {
    answers['GET /api/v1/my/meetings/m1'] = () =>
      json(meeting({ state: 'finalized', state_label: '已归档', checkin_open: false, status: 'absent', status_label: '缺席' }));
    const { w } = await open();
    expect(w.get('[data-testid=m-meeting-status]').text()).toBe('缺席');
    expect(w.find('[data-testid=m-meeting-checkin]').exists()).toBe(false);
    expect(w.find('[data-testid=m-meeting-attend]').exists()).toBe(false);
    w.unmount();
  });
});

describe('MobilePrivacy (隐私与授权)', () => {
  it('confirms before withdrawing the photo consent, then sends {photo:false}', async () => {
    answers['PUT /api/v1/my/consents'] = () => json(consents(false, false));
    const { w } = await mountAt('/m/settings/privacy', { '/m/settings/privacy': MobilePrivacy });
    const photo = w.get('[data-testid=m-privacy-photo]');
    expect(photo.text()).toContain('不同意也能正常签到');
    expect(photo.text()).toContain('到期自动删除');
    expect(w.get('[data-testid=m-privacy-location]').text()).toContain('不记录您的行动轨迹');

    await w.get('[data-testid=m-privacy-photo-switch]').trigger('click');
    await settle();
    expect(w.get('[data-testid=m-privacy-confirm-text]').text()).toContain('签到照片会被删除');
    expect(posts('/api/v1/my/consents')).toHaveLength(0);
    // 暂不撤回: nothing is sent and the consent stays.
    await w.get('.van-dialog__cancel').trigger('click');
    await settle();
    expect(posts('/api/v1/my/consents')).toHaveLength(0);
    expect(w.get('[data-testid=m-privacy-photo-switch]').attributes('aria-checked')).toBe('true');

    await w.get('[data-testid=m-privacy-photo-switch]').trigger('click');
    await settle();
    await w.get('.van-dialog__confirm').trigger('click');
    await settle();
    expect(posts('/api/v1/my/consents').map((c) => [c.method, c.body])).toEqual([['PUT', { photo: false }]]);
    expect(w.get('[data-testid=m-privacy-photo-switch]').attributes('aria-checked')).toBe('false');
    w.unmount();
  });

  it('gives the location consent without a dialog', async () => {
    answers['PUT /api/v1/my/consents'] = () => new Response(null, { status: 204 });
    const { w } = await mountAt('/m/settings/privacy', { '/m/settings/privacy': MobilePrivacy });
    answers['GET /api/v1/my/consents'] = () => json(consents(true, true));
    await w.get('[data-testid=m-privacy-location-switch]').trigger('click');
    await settle();
    expect(posts('/api/v1/my/consents').map((c) => c.body)).toEqual([{ location: true }]);
    expect(w.get('[data-testid=m-privacy-location-switch]').attributes('aria-checked')).toBe('true');
    w.unmount();
  });
});

describe('myOrgLife helpers', () => {
  it('writes the rate, the time and the refusal in plain Chinese', () => {
    expect(ratePercent({ year: 2026, expected: 3, attended: 2, rate: 2 / 3 })).toBe('67%');
    expect(ratePercent({ year: 2026, expected: 0, attended: 0, rate: 0 })).toBe('—');
    expect(meetingWhen('2026-11-25T06:30:00Z', '2026-11-25T08:00:00Z')).toBe('2026年11月25日 周三 14:30–16:00');
    expect(meetingWhen('', '')).toBe('时间待定');
    expect(checkinRefusal(new ApiError(422, 'token_expired', 'expired'))).toBe('二维码已过期，请重新扫描会场的二维码');
    expect(checkinRefusal(new ApiError(422, 'window_closed', '签到已于 16:20 结束'))).toBe('签到已于 16:20 结束');
  });
});
