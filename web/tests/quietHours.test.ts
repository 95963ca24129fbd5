import { describe, expect, it } from 'vitest';
import { describeQuietHours, inQuietHours, isTime, minutes, validateEmail, validatePrefs, validateQuietHours } from '../src/utils/quietHours';

describe('quiet hours', () => {
  it('reads 24-hour HH:MM times only', () => {
    expect(isTime('22:00')).toBe(true);
    expect(isTime('08:30')).toBe(true);
    expect(isTime('23:59')).toBe(true);
    for (const bad of ['24:00', '8:00', '08:60', '0800', '', 'ab:cd']) expect(isTime(bad), bad).toBe(false);
    expect(minutes('01:30')).toBe(90);
    expect(minutes('x')).toBe(-1);
  });

  it('accepts the default period over midnight and one within a day', () => {
    expect(validateQuietHours('22:00', '08:00')).toEqual({});
    expect(validateQuietHours('12:00', '14:00')).toEqual({});
  });

  it('refuses a missing, malformed or empty period, on the right field', () => {
    expect(validateQuietHours('', '08:00')).toEqual({ quiet_start: '请选择开始时间' });
    expect(validateQuietHours('22:00', '')).toEqual({ quiet_end: '请选择结束时间' });
    expect(Object.keys(validateQuietHours('25:00', '08:00'))).toEqual(['quiet_start']);
    expect(validateQuietHours('22:00', '22:00')).toEqual({ quiet_end: '结束时间不能与开始时间相同' });
  });

  it('says when the period runs into the next day', () => {
    expect(describeQuietHours('22:00', '08:00')).toBe('22:00 至 次日 08:00');
    expect(describeQuietHours('12:00', '14:00')).toBe('12:00 至 14:00');
    expect(describeQuietHours('x', '08:00')).toBe('');
  });

  it('knows which times fall inside the period', () => {
    expect(inQuietHours('23:30', '22:00', '08:00')).toBe(true);
    expect(inQuietHours('07:59', '22:00', '08:00')).toBe(true);
    expect(inQuietHours('08:00', '22:00', '08:00')).toBe(false);
    expect(inQuietHours('12:00', '22:00', '08:00')).toBe(false);
    expect(inQuietHours('13:00', '12:00', '14:00')).toBe(true);
    expect(inQuietHours('15:00', '12:00', '14:00')).toBe(false);
  });
});

describe('preferences form', () => {
  const base = { sms: true, email: false, email_address: '', saved_email: '', quiet_start: '22:00', quiet_end: '08:00' };

  it('checks a typed e-mail address', () => {
    expect(validateEmail('dj@example.cn')).toBe('');
    expect(validateEmail('dj@')).toBe('电子邮箱格式不正确');
    expect(validateEmail(' ')).toBe('请填写电子邮箱');
    expect(validatePrefs({ ...base, email_address: 'bad' }, true)).toEqual({ email_address: '电子邮箱格式不正确' });
  });

  it('asks for an address when e-mail is switched on and none is known', () => {
    expect(validatePrefs({ ...base, email: true }, true)).toEqual({ email_address: '开启邮件通知须填写电子邮箱' });
    expect(validatePrefs({ ...base, email: true, saved_email: 'd***@example.cn' }, true)).toEqual({});
    expect(validatePrefs({ ...base, email: true, email_address: 'dj@example.cn' }, true)).toEqual({});
  });

  it('passes a plain form, and reports the quiet hours', () => {
    expect(validatePrefs(base, false)).toEqual({});
    expect(validatePrefs({ ...base, quiet_end: '22:00' }, false)).toEqual({ quiet_end: '结束时间不能与开始时间相同' });
  });
});
