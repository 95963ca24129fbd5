// The member form's model and its client-side checks (the server checks again).
import type { Member, MemberInput } from '../api/types';
import { isISODate, normalizeIdNumber, normalizePhone, validateIdNumber, validatePhone, idBirthDate, idGender } from './validate';

export interface MemberFormModel {
  name: string;
  id_number: string;
  phone: string;
  birth_date: string;
  gender: string;
  ethnicity: string;
  education: string;
  category: string;
  status: string;
  joined_on: string;
  full_member_on: string;
  address: string;
}

export function blankMemberForm(): MemberFormModel {
  return {
    name: '',
    id_number: '',
    phone: '',
    birth_date: '',
    gender: '',
    ethnicity: '汉族',
    education: '',
    category: '',
    status: 'full',
    joined_on: '',
    full_member_on: '',
    address: '',
  };
}

/** fromMember fills the form for editing; masked personal fields stay empty (unchanged unless typed). */
export function fromMember(m: Member): MemberFormModel {
  return {
    name: m.name,
    id_number: '',
    phone: '',
    birth_date: m.birth_date || '',
    gender: m.gender || '',
    ethnicity: m.ethnicity || '汉族',
    education: m.education || '',
    category: m.category || '',
    status: m.status || 'full',
    joined_on: m.joined_on || '',
    full_member_on: m.full_member_on || '',
    address: '',
  };
}

/**
 * validateMemberForm returns field → message for every problem. When editing,
 * empty ID number / phone / address mean "unchanged" (they are shown masked).
 */
export function validateMemberForm(f: MemberFormModel, todayISO: string, editing = false): Record<string, string> {
  const e: Record<string, string> = {};
  const name = f.name.trim();
  if (!name) e.name = '请输入姓名';
  else if (name.length > 50) e.name = '姓名过长';
  if (!editing || f.id_number.trim()) {
    const msg = validateIdNumber(f.id_number, todayISO);
    if (msg) e.id_number = msg;
  }
  if (!editing || f.phone.trim()) {
    const msg = validatePhone(f.phone);
    if (msg) e.phone = msg;
  }
  if (!f.birth_date) e.birth_date = '请选择出生日期';
  else if (!isISODate(f.birth_date)) e.birth_date = '出生日期格式不正确';
  else if (f.birth_date > todayISO) e.birth_date = '出生日期不能晚于今天';
  if (!e.id_number && f.id_number.trim() && f.birth_date && !e.birth_date) {
    const b = idBirthDate(normalizeIdNumber(f.id_number));
    if (b && b !== f.birth_date) e.birth_date = '出生日期与身份证号不一致';
  }
  if (!f.gender) e.gender = '请选择性别';
  else if (!e.id_number && f.id_number.trim()) {
    const g = idGender(normalizeIdNumber(f.id_number));
    if (g && g !== f.gender) e.gender = '性别与身份证号不一致';
  }
  if (!f.ethnicity) e.ethnicity = '请选择民族';
  if (!f.education) e.education = '请选择学历';
  if (!f.category) e.category = '请选择人员类别';
  if (!f.status) e.status = '请选择党员状态';
  if (!f.joined_on) e.joined_on = '请选择入党时间';
  else if (!isISODate(f.joined_on)) e.joined_on = '入党时间格式不正确';
  else if (f.joined_on > todayISO) e.joined_on = '入党时间不能晚于今天';
  else if (f.birth_date && isISODate(f.birth_date) && f.joined_on <= f.birth_date) e.joined_on = '入党时间应晚于出生日期';
  if (f.status === 'full') {
    if (!f.full_member_on) e.full_member_on = '正式党员须填写转正时间';
    else if (!isISODate(f.full_member_on)) e.full_member_on = '转正时间格式不正确';
    else if (f.joined_on && f.full_member_on < f.joined_on) e.full_member_on = '转正时间不能早于入党时间';
    else if (f.full_member_on > todayISO) e.full_member_on = '转正时间不能晚于今天';
  }
  return e;
}

/** toInput builds the POST/PATCH body. */
export function toInput(f: MemberFormModel, editing = false): MemberInput {
  const body: MemberInput = {
    name: f.name.trim(),
    gender: f.gender,
    ethnicity: f.ethnicity,
    birth_date: f.birth_date,
    education: f.education,
    category: f.category,
    status: f.status,
    joined_on: f.joined_on,
    full_member_on: f.status === 'full' ? f.full_member_on || null : null,
  };
  if (!editing || f.id_number.trim()) body.id_number = normalizeIdNumber(f.id_number);
  if (!editing || f.phone.trim()) body.phone = normalizePhone(f.phone);
  if (f.address.trim()) body.address = f.address.trim();
  return body;
}
