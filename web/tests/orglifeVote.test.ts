import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import VotePanel from '../src/console/components/VotePanel.vue';
import type { Attendee, AttendanceSummary } from '../src/api/orglife';
import { component, json, mockApi, problem, settle, writes } from './orglifeMock';

const QUORUM = '应到会有表决权的党员 9 人，实到 4 人，未超过半数，不能形成决议（《中国共产党支部工作条例（试行）》第十二条）';

const summary: AttendanceSummary = {
  expected: 10, voters_expected: 9, present: 5, voters_present: 4, remote: 0, leave: 2, absent: 3, pending_leave: 0, pending_confirmation: 0,
};

function att(member_id: string, name: string, status: Attendee['status'], has_vote = true): Attendee {
  return {
    member_id, name, role: 'member', role_label: '党员', has_vote, vote_note: '', should_attend: true, excluded_reason: '',
    answer: 'none', leave_reason: '', leave_state: '', status, status_label: '', method: '', checked_in_at: '',
    distance_m: null, geo: '', needs_confirmation: false, manual_reason: '', has_photo: false,
  };
}

const attendees = [att('m1', '王建国', 'present'), att('m2', '李红', 'leave'), att('m3', '赵强', 'absent'), att('m4', '郑伟', 'absent', false)];

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function mountPanel() {
  const w = mount(VotePanel, {
    props: { meetingId: 'mt1', votes: [], summary, attendees, editable: true },
    global: { plugins: [ElementPlus] },
    attachTo: document.body,
  });
  await settle();
  return w;
}

async function fill(w: Awaited<ReturnType<typeof mountPanel>>, subject: string, yes: number, no: number) {
  await w.get('[data-testid=vote-subject] input, input[data-testid=vote-subject]').setValue(subject);
  await w.get('[data-testid=vote-yes] input').setValue(String(yes));
  await w.get('[data-testid=vote-no] input').setValue(String(no));
  await settle(2);
}

describe('VotePanel', () => {
  it('shows the quorum refusal with the rule the server cites', async () => {
    const calls = mockApi({ 'POST /meetings/mt1/votes': () => problem(422, 'quorum_failed', QUORUM) });
    const w = await mountPanel();
    await fill(w, '关于开展主题党日活动的决定', 3, 1);
    await w.get('[data-testid=vote-submit]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => c.body)).toEqual([
      { subject: '关于开展主题党日活动的决定', kind: 'general', yes: 3, no: 1, abstain: 0, written: [] },
    ]);
    const alert = w.get('[data-testid=vote-refusal]');
    expect(alert.attributes('data-code')).toBe('quorum_failed');
    expect(alert.text()).toContain('到会人数不足，不能形成决议');
    expect(alert.text()).toContain(QUORUM);
    expect(w.emitted('recorded')).toBeUndefined();
    w.unmount();
  });

  it('refuses more votes than voters present before asking', async () => {
    const calls = mockApi({});
    const w = await mountPanel();
    await fill(w, '关于开展主题党日活动的决定', 4, 1);
    await w.get('[data-testid=vote-submit]').trigger('click');
    await settle();
    expect(w.get('[data-testid=vote-error]').text()).toBe('赞成、反对、弃权合计 5 票，超过实到会有表决权的党员 4 人');
    expect(writes(calls)).toEqual([]);
    w.unmount();
  });

  it('takes written opinions of absent voters only for an admission, and shows the outcome', async () => {
    const vote = {
      id: 'v1', subject: '接收张三为预备党员', kind: 'admission', yes: 4, no: 0, abstain: 0, written_yes: 1, written_no: 0, written_abstain: 0,
      voters_expected: 9, voters_present: 4, passed: false, explanation: '赞成票 5 票，未超过应到会有表决权党员 9 人的半数，未通过。', recorded_at: '',
    };
    const calls = mockApi({ 'POST /meetings/mt1/votes': () => json(vote, 201) });
    const w = await mountPanel();
    expect(w.find('[data-testid=vote-written-row]').exists()).toBe(false);
    const kind = w.getComponent({ name: 'ElSelect' });
    kind.vm.$emit('update:modelValue', 'admission');
    await settle(2);
    const rows = w.findAll('[data-testid=vote-written-row]');
    // Absent voters only: the probationary member has no vote.
    expect(rows.map((r) => r.get('.who').text())).toEqual(['李红', '赵强']);
    component(w, '[data-testid=vote-written-m2]').vm.$emit('update:modelValue', 'yes');
    await fill(w, '接收张三为预备党员', 4, 0);
    await w.get('[data-testid=vote-submit]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => c.body)).toEqual([
      { subject: '接收张三为预备党员', kind: 'admission', yes: 4, no: 0, abstain: 0, written: [{ member_id: 'm2', choice: 'yes' }] },
    ]);
    expect(w.get('[data-testid=vote-result]').text()).toContain(vote.explanation);
    expect(w.emitted('recorded')).toHaveLength(1);
    w.unmount();
  });
});
