// Client-side checks that mirror the server's (internal/platform/pii):
// GB 11643-1999 resident ID numbers and mainland mobile numbers.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** normalizeIdNumber trims, removes inner spaces and upper-cases a trailing x. */
export function normalizeIdNumber(s: string): string {
  return s.replace(/\s+/g, '').toUpperCase();
}

/** idCheckDigit computes the check character for the first 17 digits. */
export function idCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('需要 17 位数字');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/** idBirthDate is the YYYY-MM-DD birth date encoded in an ID number, or null if it is not a real date. */
export function idBirthDate(id: string): string | null {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})/.exec(id);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d || y < 1900) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** idGender is the gender encoded in an ID number (17th digit odd → male). */
export function idGender(id: string): 'male' | 'female' | null {
  if (!/^\d{17}/.test(id)) return null;
  return Number(id[16]) % 2 === 1 ? 'male' : 'female';
}

/** validateIdNumber returns a Chinese message, or '' when the ID number is valid. */
export function validateIdNumber(raw: string, todayISO?: string): string {
  const s = normalizeIdNumber(raw || '');
  if (!s) return '请输入身份证号';
  if (s.length !== 18) return '身份证号应为18位';
  if (!/^\d{17}[\dX]$/.test(s)) return '身份证号格式不正确';
  if (s[0] === '0') return '身份证号地区码不正确';
  const birth = idBirthDate(s);
  if (!birth) return '身份证号中的出生日期不正确';
  if (todayISO && birth > todayISO) return '身份证号中的出生日期不正确';
  if (idCheckDigit(s.slice(0, 17)) !== s[17]) return '身份证号校验位不正确';
  return '';
}

export function isValidIdNumber(s: string): boolean {
  return validateIdNumber(s) === '';
}

/** normalizePhone drops spaces and dashes and a +86 prefix. */
export function normalizePhone(s: string): string {
  let v = (s || '').replace(/[\s-]/g, '');
  if (v.startsWith('+86')) v = v.slice(3);
  return v;
}

/** validatePhone returns a Chinese message, or '' for an 11-digit mainland mobile number. */
export function validatePhone(raw: string): string {
  const s = normalizePhone(raw);
  if (!s) return '请输入手机号';
  if (!/^\d{11}$/.test(s)) return '手机号应为11位数字';
  if (!/^1[3-9]\d{9}$/.test(s)) return '手机号格式不正确';
  return '';
}

export function isValidPhone(s: string): boolean {
  return validatePhone(s) === '';
}

export function isISODate(s: string | null | undefined): boolean {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
