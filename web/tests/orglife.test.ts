import { describe, expect, it } from 'vitest';
import {
  STATUS_COLOR,
  addHours,
  allPresentIds,
  checkinLink,
  defaultStart,
  defaultTopic,
  meetingPayload,
  monthRange,
  newMeetingForm,
  parsePeriod,
  periodKey,
  periodLabel,
  planPayload,
  settingEditor,
  shiftPeriod,
  sourceText,
  timeRange,
  validateMeeting,
  voteError,
} from '../src/utils/orglife';
import type { Attendee } from '../src/api/orglife';
import { canManageOrgLife, canSee } from '../src/stores/session';
import { consoleLink } from '../src/utils/inboxLink';
import type { Me, RoleName } from '../src/api/types';

describe('period keys', () => {
  it('are the current month, quarter and year in Beijing', () => {
    const at = new Date('2026-11-20T02:00:00Z');
    expect(periodKey('month', at)).toBe('2026-11');
    expect(periodKey('quarter', at)).toBe('2026-Q4');
    expect(periodKey('year', at)).toBe('2026');
  });

  it('turn over at Beijing midnight, not UTC midnight', () => {
    // 2026-12-31 16:30 UTC is 2027-01-01 00:30 in Beijing.
    const at = new Date('2026-12-31T16:30:00Z');
    expect(periodKey('month', at)).toBe('2027-01');
    expect(periodKey('quarter', at)).toBe('2027-Q1');
    expect(periodKey('year', at)).toBe('2027');
    expect(periodKey('month', new Date('2026-03-31T15:59:00Z'))).toBe('2026-03');
    expect(periodKey('quarter', new Date('2026-03-31T16:00:00Z'))).toBe('2026-Q2');
  });

  it('read, label and step across years', () => {
    expect(parsePeriod('2026-Q4')).toEqual({ kind: 'quarter', year: 2026, n: 4 });
    expect(parsePeriod('2026-13')).toBeNull();
    expect(parsePeriod('2026-Q5')).toBeNull();
    expect(periodLabel('2026-11')).toBe('2026年11月');
    expect(periodLabel('2026-Q4')).toBe('2026年第四季度');
    expect(periodLabel('2026')).toBe('2026年');
    expect(shiftPeriod('2026-12', 1)).toBe('2027-01');
    expect(shiftPeriod('2026-01', -1)).toBe('2025-12');
    expect(shiftPeriod('2026-Q1', -1)).toBe('2025-Q4');
    expect(shiftPeriod('2026-Q4', 2)).toBe('2027-Q2');
    expect(shiftPeriod('2026', -1)).toBe('2025');
  });

  it('give a month its first and last day', () => {
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthRange('2026-11')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(monthRange('2026-Q4')).toBeNull();
  });
});

describe('colours', () => {
  it('are the agreed green, amber and red', () => {
    expect(STATUS_COLOR.green).toBe('#67C23A');
    expect(STATUS_COLOR.amber).toBe('#E6A23C');
    expect(STATUS_COLOR.red).toBe('#F56C6C');
  });
});

describe('the meeting form', () => {
  it('starts at the next full hour in Beijing and lasts two hours', () => {
    // 13:20 UTC = 21:20 Beijing.
    expect(defaultStart(new Date('2026-11-20T13:20:00Z'))).toBe('2026-11-20 22:00');
    // 16:10 UTC = 00:10 the next day in Beijing.
    expect(defaultStart(new Date('2026-11-20T16:10:00Z'))).toBe('2026-11-21 01:00');
    expect(addHours('2026-11-20 23:00', 2)).toBe('2026-11-21 01:00');
    const f = newMeetingForm('b1', new Date('2026-11-20T05:30:00Z'));
    expect(f).toMatchObject({ org_id: 'b1', kind: 'committee', topic: '11月支委会', starts_at: '2026-11-20 14:00', ends_at: '2026-11-20 16:00', notify: true, sms: false });
  });

  it('names the meeting after its kind and date', () => {
    expect(defaultTopic('committee', '2026-11-20 14:00')).toBe('11月支委会');
    expect(defaultTopic('theme_day', '2026-03-15 09:00')).toBe('3月主题党日');
    expect(defaultTopic('member_assembly', '2026-11-20 14:00')).toBe('第四季度支部党员大会');
    expect(defaultTopic('life_meeting', '2026-12-20 14:00')).toBe('2026年度组织生活会');
  });

  it('checks what it needs and sends UTC times', () => {
    const f = newMeetingForm('b1', new Date('2026-11-20T05:30:00Z'));
    expect(validateMeeting(f)).toEqual({ place: '请填写会议地点（线上会议可不填）' });
    f.place = ' 党员活动室 ';
    f.ends_at = '2026-11-20 13:00';
    f.kind = 'group';
    f.geofence = true;
    f.lat = 39.9;
    expect(validateMeeting(f)).toEqual({
      ends_at: '结束时间须晚于开始时间',
      group_id: '党小组会请选择党小组',
      lat: '请同时填写纬度和经度',
      geofence: '开启位置校验须填写会场坐标',
    });
    f.ends_at = '2026-11-20 16:00';
    f.kind = 'committee';
    f.group_id = 'g1';
    f.geofence = false;
    f.lat = null;
    f.guests = [{ name: ' 李四 ', note: '' }, { name: '', note: '' }];
    const body = meetingPayload(f);
    expect(body).toMatchObject({ starts_at: '2026-11-20T06:00:00Z', ends_at: '2026-11-20T08:00:00Z', place: '党员活动室', group_id: '', lat: null, lng: null, radius_m: null });
    expect(body.guests).toEqual([{ name: '李四', note: '' }]);
  });

  it('shows a range on one day with the end time only', () => {
    expect(timeRange('2026-11-20T06:00:00Z', '2026-11-20T08:00:00Z')).toBe('2026-11-20 14:00—16:00');
    expect(timeRange('2026-11-20T15:00:00Z', '2026-11-20T17:00:00Z')).toBe('2026-11-20 23:00—2026-11-21 01:00');
  });
});

function att(member_id: string, over: Partial<Attendee> = {}): Attendee {
  return {
    member_id, name: member_id, role: 'member', role_label: '党员', has_vote: true, vote_note: '', should_attend: true, excluded_reason: '',
    answer: 'none', leave_reason: '', leave_state: '', status: 'absent', status_label: '', method: '', checked_in_at: '',
    distance_m: null, geo: '', needs_confirmation: false, manual_reason: '', has_photo: false, ...over,
  };
}

describe('全部标记到会', () => {
  it('takes the expected members who are neither on leave nor already there', () => {
    const items = [
      att('a'),
      att('b', { status: 'present', method: 'qr' }),
      att('c', { status: 'leave', leave_state: 'approved', answer: 'leave' }),
      att('d', { leave_state: 'pending', answer: 'leave' }),
      att('e', { should_attend: false, excluded_reason: '出国半年以上' }),
      att('', { id: 'guest:1', role: 'guest', should_attend: false }),
      att('f', { status: 'remote' }),
      att('g', { leave_state: 'rejected' }),
    ];
    expect(allPresentIds(items)).toEqual(['a', 'g']);
  });
});

describe('vote counts', () => {
  it('cannot exceed the voters present', () => {
    expect(voteError({ yes: 3, no: 1, abstain: 0 }, 4)).toBe('');
    expect(voteError({ yes: 4, no: 1, abstain: 0 }, 4)).toBe('赞成、反对、弃权合计 5 票，超过实到会有表决权的党员 4 人');
    expect(voteError({ yes: 0, no: 0, abstain: 0 }, 4)).toBe('请填写表决票数');
    expect(voteError({ yes: -1, no: 0, abstain: 0 }, 4)).toBe('票数须为不小于 0 的整数');
  });
});

describe('settings and plan', () => {
  it('say where a value comes from and how it is edited', () => {
    expect(sourceText({ source: 'default', source_org_name: '' })).toBe('默认');
    expect(sourceText({ source: 'inherited', source_org_name: '市直机关工委' })).toBe('继承自 市直机关工委');
    expect(sourceText({ source: 'own', source_org_name: '' })).toBe('本级设置');
    expect(settingEditor({ key: 'freq.committee', default: 'monthly', options: ['monthly', 'quarterly'] })).toBe('select');
    expect(settingEditor({ key: 'checkin.photo', default: 'off', options: ['on', 'off'] })).toBe('switch');
    expect(settingEditor({ key: 'theme_day.day', default: '15' })).toBe('number');
    expect(settingEditor({ key: 'checkin.before_minutes', default: '30' })).toBe('number');
    expect(settingEditor({ key: 'checkin.photo_days', default: '30' })).toBe('number');
    expect(settingEditor({ key: 'appraisal.excellent_cap', default: '1/3' })).toBe('text');
  });

  it('sends the plan in date order', () => {
    expect(planPayload([
      { kind: 'committee', date: '2027-02-15', topic: ' 2月支委会 ' },
      { kind: 'lecture', date: '2027-01-20', topic: '' },
    ])).toEqual([
      { kind: 'lecture', date: '2027-01-20', topic: '' },
      { kind: 'committee', date: '2027-02-15', topic: '2月支委会' },
    ]);
  });

  it('puts the check-in link on this site', () => {
    expect(checkinLink('https://dj.example.cn', '/m/checkin/mt1?t=abc')).toBe('https://dj.example.cn/m/checkin/mt1?t=abc');
  });
});

function me(...roles: RoleName[]): Me {
  return {
    id: 'a', username: 'u', display_name: 'U', must_change_password: false, totp_enabled: true, member_id: null,
    roles: roles.map((role, i) => ({ id: 'r' + i, role, org_id: 'o', org_name: '' })), csrf_token: 'c', demo: false,
  };
}

describe('who sees 组织生活', () => {
  it('follows orglife.read and orglife.manage as the server grants them', () => {
    for (const r of ['org_admin', 'party_worker', 'viewer'] as RoleName[]) expect(canSee(me(r), 'orglife'), r).toBe(true);
    for (const r of ['member', 'sysadmin', 'secadmin', 'auditor'] as RoleName[]) expect(canSee(me(r), 'orglife'), r).toBe(false);
    expect(canManageOrgLife(me('org_admin'))).toBe(true);
    expect(canManageOrgLife(me('party_worker'))).toBe(true);
    expect(canManageOrgLife(me('viewer'))).toBe(false);
  });

  it('opens a member meeting link on the console page', () => {
    expect(consoleLink('/m/meetings/mt1')).toBe('/meetings/mt1');
  });
});
