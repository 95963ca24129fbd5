import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import ElementPlus from 'element-plus';
import MeetingDetailView from '../src/console/views/MeetingDetailView.vue';
import { component, json, mockApi, problem, settle, writes } from './orglifeMock';

const PENDING = '还有 1 条请假申请待审批（赵强）、1 人签到待确认（吴芳），处理后才能归档';

const base = {
  id: 'mt1', org_id: 'b1', org_name: '机关第一党支部', kind: 'committee', kind_label: '支委会', topic: '11月支委会',
  starts_at: '2026-11-20T06:00:00Z', ends_at: '2026-11-20T08:00:00Z', place: '党员活动室', state: 'scheduled', state_label: '未开始/进行中',
  expected: 5, present: 4, leave: 1, absent: 0, lat: null, lng: null, radius_m: null, geofence: false, online: false, photo: false,
  group_id: '', group_name: '', checkin_opens_at: '', checkin_closes_at: '', notified_at: '', finalized_at: '', cancelled_reason: '',
  version: 3, can_manage: true, minutes: { recorder: '李红', content: '传达上级会议精神', decisions: '', attachments: [] }, votes: [], corrections: [],
};

const attendees = {
  items: [
    { member_id: 'm1', name: '王建国', role: 'committee', role_label: '支委', has_vote: true, vote_note: '', should_attend: true, excluded_reason: '', answer: 'attend', leave_reason: '', leave_state: '', status: 'present', status_label: '到会', method: 'qr', checked_in_at: '', distance_m: null, geo: '', needs_confirmation: false, manual_reason: '', has_photo: false },
  ],
  summary: { expected: 5, voters_expected: 5, present: 4, voters_present: 4, remote: 0, leave: 1, absent: 0, pending_leave: 0, pending_confirmation: 0 },
};

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function mountDetail(tab = '') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/meetings/:id', component: MeetingDetailView },
      { path: '/:p(.*)', component: { render: () => null } },
    ],
  });
  await router.push(`/meetings/mt1${tab ? '?tab=' + tab : ''}`);
  await router.isReady();
  const App = defineComponent({ render: () => h(RouterView) });
  const w = mount(App, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await settle();
  return w;
}

describe('MeetingDetailView', () => {
  it("shows why the meeting cannot be archived yet (the server's 409)", async () => {
    const calls = mockApi({
      'GET /meetings/mt1': () => json(base),
      'GET /meetings/mt1/attendees': () => json(attendees),
      'GET /meetings/mt1/history': () => json({ items: [] }),
      'POST /meetings/mt1/finalize': () => problem(409, 'pending_items', PENDING),
    });
    const w = await mountDetail();
    await w.get('[data-testid=meeting-finalize]').trigger('click');
    await settle();
    document.querySelector<HTMLElement>('.meeting-finalize-ok')!.click();
    await settle();
    expect(writes(calls).map((c) => c.path)).toEqual(['/meetings/mt1/finalize']);
    expect(w.get('[data-testid=meeting-finalize-error]').text()).toContain(PENDING);
    expect(w.get('[data-testid=meeting-state]').text()).toBe('未开始/进行中');
    w.unmount();
  });

  it('is read-only once archived and corrects with a reason', async () => {
    const finalized = { ...base, state: 'finalized', state_label: '已归档', finalized_at: '2026-11-21T02:00:00Z' };
    const corrected = {
      ...finalized,
      corrections: [{ id: 'c1', field: 'attendance', field_label: '出勤情况', member_id: 'm1', member_name: '王建国', before: '到会', after: '缺席', reason: '签到表核对有误', actor_name: '李红', at: '2026-11-22T02:00:00Z' }],
    };
    let answer: unknown = finalized;
    const calls = mockApi({
      'GET /meetings/mt1': () => json(answer),
      'GET /meetings/mt1/attendees': () => json(attendees),
      'GET /meetings/mt1/history': () => json({ items: [] }),
      'POST /meetings/mt1/corrections': () => json((answer = corrected)),
    });
    const w = await mountDetail('minutes');
    expect(w.find('[data-testid=meeting-finalize]').exists()).toBe(false);
    expect(w.find('[data-testid=minutes-save]').exists()).toBe(false);
    expect(w.get('[data-testid=minutes-view-content]').text()).toBe('传达上级会议精神');

    await w.get('[data-testid=correction-new]').trigger('click');
    await settle();
    component(w, '[data-testid=correction-field]').vm.$emit('update:modelValue', 'attendance');
    await settle(2);
    component(w, '[data-testid=correction-member]').vm.$emit('update:modelValue', 'm1');
    component(w, '[data-testid=correction-status]').vm.$emit('update:modelValue', 'absent');
    await settle(2);
    document.querySelector<HTMLElement>('[data-testid=correction-submit]')!.click();
    await settle();
    expect(writes(calls), 'no reason, nothing sent').toEqual([]);
    await w.get('[data-testid=correction-reason] input, input[data-testid=correction-reason]').setValue('签到表核对有误');
    document.querySelector<HTMLElement>('[data-testid=correction-submit]')!.click();
    await settle();
    expect(writes(calls).map((c) => c.body)).toEqual([{ field: 'attendance', member_id: 'm1', value: 'absent', reason: '签到表核对有误' }]);
    expect(w.get('[data-testid=correction-table]').text()).toContain('签到表核对有误');
    w.unmount();
  });
});
