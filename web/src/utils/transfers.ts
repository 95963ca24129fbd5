// Pure helpers of the 组织关系转接 and 流动党员 pages: labels, which actions
// a transfer allows from which side, the letter's validity warnings, the
// forms' client-side checks (the server checks again) and the settings'
// editors. Dates are "YYYY-MM-DD" in Beijing.
import type { LabelMap } from '../labels';
import type { Direction, Mobile, Target, Transfer } from '../api/transfers';
import { isISODate } from './validate';

/** Where a new transfer goes (the server labels the kinds of those on record). */
export const START_KIND: LabelMap = { internal: '系统内党组织', outgoing: '系统外党组织' };
export const TRANSFER_STATE_TAG: Record<string, 'warning' | 'success' | 'danger' | 'info' | 'primary'> = {
  pending: 'warning',
  issued: 'primary',
  accepted: 'success',
  confirmed: 'success',
  returned: 'danger',
  cancelled: 'info',
};
export const DIRECTION: Record<Direction, string> = { out: '转出', in: '转入' };
export const STATE_FILTER: LabelMap = { open: '办理中', done: '已办结', all: '全部' };
export const MOBILE_DIRECTION: Record<Direction, string> = { out: '外出流动（本组织党员）', in: '流入本组织' };
export const MOBILE_STATE_FILTER: LabelMap = { active: '流动中', ended: '已结束', all: '全部' };
export const RETURN_RULE = '退回须说明理由（《中国共产党党员教育管理工作条例》：不得无故拒绝接收）。';

export const isOpen = (t: Pick<Transfer, 'state'>) => t.state === 'pending' || t.state === 'issued';

export type TransferAction = 'accept' | 'return' | 'cancel' | 'confirm';

/**
 * transferActions lists what a manager may do with a transfer seen from a
 * side: the receiving organization accepts or returns an internal one, the
 * sending one cancels an open one or confirms the 回执 of an outgoing one.
 * With no side (a link from elsewhere) every step the state allows is
 * offered and the server refuses the wrong side with its message. A lapsed
 * letter can no longer be accepted or confirmed, only returned or cancelled
 * (教育管理条例: the member reports within the validity; reissue it).
 */
export function transferActions(t: Pick<Transfer, 'kind' | 'state' | 'lapsed'>, side: Direction | null, manager: boolean): TransferAction[] {
  if (!manager || !isOpen(t)) return [];
  const out: TransferAction[] = [];
  const receiving = side !== 'out';
  const sending = side !== 'in';
  if (t.kind === 'internal' && t.state === 'pending' && receiving) out.push(...(t.lapsed ? [] : ['accept' as const]), 'return');
  if (t.kind === 'outgoing' && t.state === 'issued' && sending && !t.lapsed) out.push('confirm');
  if (sending) out.push('cancel');
  return out;
}

/** daysBetween counts calendar days from a to b (negative when b is earlier); NaN for a bad date. */
export function daysBetween(a: string, b: string): number {
  if (!isISODate(a) || !isISODate(b)) return NaN;
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export interface ValidityNote {
  type: 'warning' | 'error';
  text: string;
}

/** validityNote warns about the letter of an open transfer whose validity ends soon or has ended. */
export function validityNote(t: Pick<Transfer, 'kind' | 'state' | 'valid_until' | 'lapsing' | 'lapsed'>, todayISO: string): ValidityNote | null {
  if (!isOpen(t) || !t.valid_until) return null;
  if (t.lapsed) {
    return { type: 'error', text: `介绍信已于 ${t.valid_until} 过期，不能再接收或确认回执；请转出党组织撤销后重新开具` };
  }
  if (t.lapsing) {
    const left = daysBetween(todayISO, t.valid_until);
    return { type: 'warning', text: `介绍信将于 ${t.valid_until} 到期${left >= 0 ? `（还有 ${left} 天）` : ''}，请督促党员按时报到` };
  }
  return null;
}

/** routeText names where a transfer goes: "甲支部 → 乙支部". */
export const routeText = (t: Pick<Transfer, 'from_org_name' | 'to_org_name'>) => `${t.from_org_name || '—'} → ${t.to_org_name || '—'}`;

/** targetText names a receiving branch with its upper organization: "城关社区党支部（上级：城关街道党工委）". */
export const targetText = (t: Pick<Target, 'name' | 'parent_name'>) => (t.parent_name ? `${t.name}（上级：${t.parent_name}）` : t.name);

/** localOrgText is where a mobile member takes part in organizational life. */
export const localOrgText = (m: Pick<Mobile, 'local_org_name'>) => m.local_org_name || '未确定';

// --- forms ---------------------------------------------------------------------

export interface StartForm {
  member: { id: string; name: string } | null;
  kind: 'internal' | 'outgoing';
  to_org: { id: string; name: string } | null;
  to_org_name: string;
  reason: string;
  dues_paid_until: string;
}

export function validateStart(f: StartForm): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.member) e.member_id = '请选择党员';
  if (f.kind === 'internal' && !f.to_org) e.to_org_id = '请选择接收的党组织';
  if (f.kind === 'outgoing' && !f.to_org_name.trim()) e.to_org_name = '请填写接收党组织的全称';
  if (!f.reason.trim()) e.reason = '请填写转接原因';
  if (!f.dues_paid_until) e.dues_paid_until = '请选择党费交到的月份';
  return e;
}

export interface LetterForm {
  letter_no: string;
  from_org_name: string;
  issued_on: string;
}

/** validateLetter checks the letter part of 登记转入; issued_on may not be in the future. */
export function validateLetter(f: LetterForm, todayISO: string): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.letter_no.trim()) e.letter_no = '请填写介绍信编号';
  if (!f.from_org_name.trim()) e.from_org_name = '请填写转出党组织的全称';
  if (!f.issued_on) e.issued_on = '请选择介绍信开具日期';
  else if (f.issued_on > todayISO) e.issued_on = '开具日期不能晚于今天';
  return e;
}

export interface MobileForm {
  member: { id: string; name: string } | null;
  whereabouts: string;
  reason: string;
  certificate_no: string;
  local_org: { id: string; name: string } | null;
  local_org_name: string;
  contact: string;
  since: string;
  until: string;
}

export function validateMobile(f: MobileForm): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.member) e.member_id = '请选择党员';
  if (!f.whereabouts.trim()) e.whereabouts = '请填写流入地';
  if (!f.since) e.since = '请选择外出日期';
  if (f.until && f.since && f.until < f.since) e.until = '预计返回日期不能早于外出日期';
  return e;
}

// --- settings ------------------------------------------------------------------

const NUMBER_SETTINGS: Record<string, { min: number; max: number }> = {
  'transfers.letter_validity_months': { min: 1, max: 6 },
};

export function transferSettingEditor(s: { key: string; options?: string[] | null }): 'select' | 'number' | 'text' {
  if (s.options && s.options.length) return 'select';
  return s.key in NUMBER_SETTINGS ? 'number' : 'text';
}

export const transferSettingRange = (key: string) => NUMBER_SETTINGS[key] || { min: 0, max: 100 };

export function transferOptionLabel(key: string, value: string): string {
  return key === 'transfers.letter_validity_months' && /^\d+$/.test(value) ? `${value} 个月` : value;
}

export function transferSettingHint(key: string, value: string): string {
  if (key === 'transfers.letter_validity_months' && /^\d+$/.test(value)) {
    return `介绍信自开具之日起 ${value} 个月内有效，党员须在有效期内到接收党组织报到`;
  }
  return '';
}
