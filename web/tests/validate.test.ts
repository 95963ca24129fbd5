import { describe, expect, it } from 'vitest';
import { idBirthDate, idCheckDigit, idGender, isValidIdNumber, validateIdNumber, validatePhone, isISODate } from '../src/utils/validate';
import { formatDate, formatDateCN, formatDateTime, today } from '../src/utils/date';

function withCheck(first17: string): string {
  return first17 + idCheckDigit(first17);
}

describe('GB 11643 ID numbers', () => {
  it('computes the check digit (ISO 7064 MOD 11-2)', () => {
    expect(idCheckDigit('11010519491231002')).toBe('X');
    expect(idCheckDigit('44052418800101001')).toBe('4');
  });

  it('accepts valid numbers, including a lower-case x and spaces', () => {
    expect(validateIdNumber('11010519491231002X')).toBe('');
    expect(validateIdNumber('11010519491231002x')).toBe('');
    expect(validateIdNumber(' 110105 19491231 002X ')).toBe('');
    expect(isValidIdNumber(withCheck('32010619881231123'))).toBe(true);
  });

  it('rejects a wrong check digit', () => {
    expect(validateIdNumber('110105194912310021')).toBe('身份证号校验位不正确');
  });

  it('rejects wrong lengths, letters and region 0', () => {
    expect(validateIdNumber('')).toBe('请输入身份证号');
    expect(validateIdNumber('11010519491231002')).toBe('身份证号应为18位');
    expect(validateIdNumber('1101051949123100XX')).toBe('身份证号格式不正确');
    expect(validateIdNumber(withCheck('01010519491231002'))).toBe('身份证号地区码不正确');
  });

  it('rejects impossible and future birth dates', () => {
    expect(validateIdNumber(withCheck('11010519990230002'))).toBe('身份证号中的出生日期不正确');
    expect(validateIdNumber(withCheck('11010518991231002'))).toBe('身份证号中的出生日期不正确');
    expect(validateIdNumber(withCheck('11010520990101002'), '2026-01-01')).toBe('身份证号中的出生日期不正确');
  });

  it('reads the birth date and gender', () => {
    expect(idBirthDate('11010519491231002X')).toBe('1949-12-31');
    expect(idGender('11010519491231002X')).toBe('female');
    expect(idGender(withCheck('11010519491231001'))).toBe('male');
  });
});

describe('phone numbers', () => {
  it('accepts 11-digit mainland mobiles', () => {
    expect(validatePhone('13800138000')).toBe('');
    expect(validatePhone('138 0013 8000')).toBe('');
    expect(validatePhone('+8613800138000')).toBe('');
  });
  it('rejects everything else', () => {
    expect(validatePhone('')).toBe('请输入手机号');
    expect(validatePhone('1380013800')).toBe('手机号应为11位数字');
    expect(validatePhone('138001380001')).toBe('手机号应为11位数字');
    expect(validatePhone('12800138000')).toBe('手机号格式不正确');
    expect(validatePhone('1380013800a')).toBe('手机号应为11位数字');
  });
});

describe('dates in Asia/Shanghai', () => {
  it('formats timestamps in Beijing time whatever the zone of the input', () => {
    expect(formatDateTime('2026-01-31T16:30:05Z')).toBe('2026-02-01 00:30:05');
    expect(formatDateTime('2026-06-01T08:00:00+08:00')).toBe('2026-06-01 08:00:00');
    expect(formatDateTime(null)).toBe('—');
  });
  it('keeps plain dates and reads a timestamp as its Beijing date', () => {
    expect(formatDate('2020-07-01')).toBe('2020-07-01');
    expect(formatDate('2026-01-31T17:00:00Z')).toBe('2026-02-01');
    expect(formatDateCN('2020-07-01')).toBe('2020年7月1日');
  });
  it('today is the Beijing date', () => {
    expect(today(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(today(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });
  it('checks real calendar dates', () => {
    expect(isISODate('2024-02-29')).toBe(true);
    expect(isISODate('2023-02-29')).toBe(false);
    expect(isISODate('2023-13-01')).toBe(false);
  });
});
