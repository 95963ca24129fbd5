import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import AttendancePanel from '../src/console/components/AttendancePanel.vue';
import type { Attendee, Attendees } from '../src/api/orglife';
import { errorsShown, json, mockApi, settle, writes } from './orglifeMock';

function att(member_id: string, name: string, over: Partial<Attendee> = {}): Attendee {
  return {
    member_id, name, role: 'member', role_label: '党员', has_vote: true, vote_note: '', should_attend: true, excluded_reason: '',
    answer: 'none', leave_reason: '', leave_state: '', status: 'absent', status_label: '缺席', method: '', checked_in_at: '',
    distance_m: null, geo: '', needs_confirmation: false, manual_reason: '', has_photo: false, ...over,
  };
}

const data: Attendees = {
  items: [
    att('m1', '王建国'),
    att('m2', '李红', { status: 'present', status_label: '到会', method: 'qr' }),
    att('m3', '赵强', { answer: 'leave', leave_reason: '出差', leave_state: 'pending' }),
    att('m4', '孙丽', { status: 'leave', status_label: '请假', answer: 'leave', leave_state: 'approved' }),
    att('m5', '周明', { should_attend: false, excluded_reason: '出国半年以上' }),
    att('m6', '吴芳', { status: 'present', status_label: '到会', method: 'qr', needs_confirmation: true, geo: 'out', distance_m: 820 }),
    att('m7', '郑伟', { has_vote: false, vote_note: '预备党员无表决权' }),
    { ...att('', '陈老师', { role: 'guest', role_label: '列席', has_vote: false, should_attend: false }), id: 'guest:1' },
  ],
  summary: { expected: 6, voters_expected: 5, present: 2, voters_present: 2, remote: 0, leave: 1, absent: 3, pending_leave: 1, pending_confirmation: 1 },
};

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function mountPanel() {
  const w = mount(AttendancePanel, {
    props: { meetingId: 'mt1', data, editable: true },
    global: { plugins: [ElementPlus] },
    attachTo: document.body,
  });
  await settle();
  return w;
}

function button(testid: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-testid=${testid}]`);
  expect(el, testid).not.toBeNull();
  return el!;
}

describe('AttendancePanel', () => {
  it('marks every expected member who is not on leave as present, with the reason', async () => {
    const calls = mockApi({ 'POST /meetings/mt1/attendance': () => json({}) });
    const w = await mountPanel();
    expect(button('att-all-present').textContent).toContain('全部标记到会（2）');
    button('att-all-present').click();
    await settle();
    const reason = document.querySelector<HTMLInputElement>('[data-testid=att-mark-reason] input, input[data-testid=att-mark-reason]')!;
    expect(reason.value).toBe('会后补录');
    button('att-mark-submit').click();
    await settle();
    expect(writes(calls)).toEqual([
      expect.objectContaining({ method: 'POST', path: '/meetings/mt1/attendance', body: { member_ids: ['m1', 'm7'], status: 'present', reason: '会后补录' } }),
    ]);
    expect(w.emitted('changed')).toHaveLength(1);
    w.unmount();
  });

  it('marks the selected members as attending online with the reason typed', async () => {
    const calls = mockApi({ 'POST /meetings/mt1/attendance': () => json({}) });
    const w = await mountPanel();
    const rows = Array.from(document.querySelectorAll<HTMLElement>('[data-testid=attendance-table] .el-table__body tr'));
    const rowOf = (name: string) => rows.find((r) => r.textContent?.includes(name))!;
    for (const name of ['王建国', '赵强']) {
      rowOf(name).querySelector<HTMLElement>('.el-checkbox input')!.click();
      await settle(2);
    }
    expect(rowOf('陈老师').querySelector('.el-checkbox.is-disabled'), 'guests cannot be marked').not.toBeNull();
    button('att-mark-remote').click();
    await settle();
    await w.findComponent({ name: 'ElDialog' }).find('input').setValue('视频参会');
    button('att-mark-submit').click();
    await settle();
    expect(writes(calls).map((c) => c.body)).toEqual([{ member_ids: ['m1', 'm3'], status: 'remote', reason: '视频参会' }]);
    w.unmount();
  });

  it('refuses an empty reason without asking the server', async () => {
    const calls = mockApi({});
    const w = await mountPanel();
    button('att-all-present').click();
    await settle();
    const input = w.findComponent({ name: 'ElDialog' }).find('input');
    await input.setValue('  ');
    button('att-mark-submit').click();
    await errorsShown();
    expect(document.body.textContent).toContain('请填写补录原因');
    expect(writes(calls)).toEqual([]);
    w.unmount();
  });

  it('confirms a doubtful check-in and approves a leave request', async () => {
    const calls = mockApi({
      'POST /meetings/mt1/attendance': () => json({}),
      'POST /meetings/mt1/leave/m3': () => json({}),
    });
    const w = await mountPanel();
    expect(document.body.textContent).toContain('距会场 820 米');
    button('att-confirm').click();
    await settle();
    button('att-leave-approve').click();
    await settle();
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([
      ['/meetings/mt1/attendance', { member_ids: ['m6'], status: 'present', reason: '现场确认' }],
      ['/meetings/mt1/leave/m3', { approve: true, note: '' }],
    ]);
    w.unmount();
  });

  it('excludes a member from 应到 only with a reason', async () => {
    const calls = mockApi({ 'POST /meetings/mt1/attendees/m1/exclude': () => json({}) });
    const w = await mountPanel();
    document.querySelectorAll<HTMLElement>('[data-testid=att-exclude]')[0].click();
    await settle();
    button('att-exclude-submit').click();
    await errorsShown();
    expect(document.body.textContent).toContain('请填写不计入应到的原因');
    const dialogs = w.findAllComponents({ name: 'ElDialog' });
    await dialogs[1].find('input').setValue('出国半年以上');
    button('att-exclude-submit').click();
    await settle();
    expect(writes(calls).map((c) => c.body)).toEqual([{ excluded: true, reason: '出国半年以上' }]);
    w.unmount();
  });

  it('shows no buttons to a reader', async () => {
    mockApi({});
    const w = mount(AttendancePanel, { props: { meetingId: 'mt1', data, editable: false }, global: { plugins: [ElementPlus] }, attachTo: document.body });
    await settle();
    expect(document.querySelector('[data-testid=att-all-present]')).toBeNull();
    expect(document.querySelector('[data-testid=att-leave-approve]')).toBeNull();
    expect(w.text()).toContain('不计入（出国半年以上）');
    w.unmount();
  });
});
