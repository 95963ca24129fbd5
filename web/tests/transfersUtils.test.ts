// The pure rules of the 转接 pages: who may take which step from which side,
// the letter's validity warnings at their boundaries, how a receiving branch
// reads, and the forms' checks.
import { describe, expect, it } from 'vitest';
import type { Transfer } from '../src/api/transfers';
import {
  daysBetween,
  transferActions,
  transferOptionLabel,
  transferSettingEditor,
  transferSettingHint,
  transferSettingRange,
  validateLetter,
  validateMobile,
  validateStart,
  targetText,
  validityNote,
  type MobileForm,
  type StartForm,
} from '../src/utils/transfers';

type Shape = Pick<Transfer, 'kind' | 'state' | 'valid_until' | 'lapsing' | 'lapsed'>;
const tr = (over: Partial<Shape> = {}): Shape => ({ kind: 'internal', state: 'pending', valid_until: '2026-12-10', lapsing: false, lapsed: false, ...over });

describe('transferActions', () => {
  it('lets the receiving side accept or return a pending internal transfer, and the sending side cancel it', () => {
    expect(transferActions(tr(), 'in', true)).toEqual(['accept', 'return']);
    expect(transferActions(tr(), 'out', true)).toEqual(['cancel']);
    expect(transferActions(tr(), null, true)).toEqual(['accept', 'return', 'cancel']);
  });

  it('lets the sender confirm the 回执 of an outgoing letter or cancel it; the receiving side has nothing', () => {
    const t = tr({ kind: 'outgoing', state: 'issued' });
    expect(transferActions(t, 'out', true)).toEqual(['confirm', 'cancel']);
    expect(transferActions(t, 'in', true)).toEqual([]);
  });

  it('offers nothing once done, nor to a reader', () => {
    for (const state of ['accepted', 'returned', 'cancelled', 'confirmed'] as const) {
      expect(transferActions(tr({ state }), null, true)).toEqual([]);
    }
    expect(transferActions(tr({ kind: 'incoming', state: 'accepted' }), 'in', true)).toEqual([]);
    expect(transferActions(tr(), 'in', false)).toEqual([]);
  });
});

describe('validityNote', () => {
  it('counts the days left of a letter about to lapse, the last valid day included', () => {
    expect(validityNote(tr({ lapsing: true }), '2026-12-03')).toEqual({ type: 'warning', text: '介绍信将于 2026-12-10 到期（还有 7 天），请督促党员按时报到' });
    expect(validityNote(tr({ lapsing: true }), '2026-12-10')!.text).toContain('（还有 0 天）');
  });

  it('says a lapsed letter can no longer be completed and must be reissued', () => {
    const out = validityNote(tr({ kind: 'outgoing', state: 'issued', lapsing: true, lapsed: true }), '2026-12-11')!;
    expect(out.type).toBe('error');
    expect(out.text).toBe('介绍信已于 2026-12-10 过期，不能再接收或确认回执；请转出党组织撤销后重新开具');
    expect(validityNote(tr({ lapsing: true, lapsed: true }), '2026-12-11')!.text).toContain('撤销后重新开具');
  });

  it('offers no acceptance or 回执 on a lapsed letter, only return or cancel', () => {
    expect(transferActions(tr({ lapsed: true }), 'in', true)).toEqual(['return']);
    expect(transferActions(tr({ kind: 'outgoing', state: 'issued', lapsed: true }), 'out', true)).toEqual(['cancel']);
  });

  it('is silent for a valid letter and for a finished transfer', () => {
    expect(validityNote(tr(), '2026-11-01')).toBeNull();
    expect(validityNote(tr({ state: 'accepted', lapsed: true, lapsing: true }), '2026-12-11')).toBeNull();
  });

  it('counts calendar days across months and leap days', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
    expect(daysBetween('2026-3-1', '2026-03-02')).toBeNaN();
  });
});

describe('targetText', () => {
  it('names a receiving branch with its upper organization, or alone without one', () => {
    expect(targetText({ name: '城关社区党支部', parent_name: '城关街道党工委' })).toBe('城关社区党支部（上级：城关街道党工委）');
    expect(targetText({ name: '市直机关党委', parent_name: '' })).toBe('市直机关党委');
  });
});

describe('forms', () => {
  const start = (over: Partial<StartForm> = {}): StartForm => ({
    member: { id: 'm1', name: '张三' }, kind: 'internal', to_org: { id: 'b2', name: '第二党支部' }, to_org_name: '', reason: '工作调动', dues_paid_until: '2026-11', ...over,
  });

  it('needs the receiving org by search inside the platform and by name outside', () => {
    expect(validateStart(start())).toEqual({});
    expect(validateStart(start({ to_org: null }))).toEqual({ to_org_id: '请选择接收的党组织' });
    expect(validateStart(start({ kind: 'outgoing', to_org: null, to_org_name: '  ' }))).toEqual({ to_org_name: '请填写接收党组织的全称' });
    expect(Object.keys(validateStart(start({ member: null, reason: ' ', dues_paid_until: '' })))).toEqual(['member_id', 'reason', 'dues_paid_until']);
  });

  it('refuses a letter dated after today, but not today', () => {
    const l = { letter_no: '〔2026〕15号', from_org_name: '某县委组织部', issued_on: '2026-11-15' };
    expect(validateLetter(l, '2026-11-15')).toEqual({});
    expect(validateLetter({ ...l, issued_on: '2026-11-16' }, '2026-11-15')).toEqual({ issued_on: '开具日期不能晚于今天' });
    expect(Object.keys(validateLetter({ letter_no: '', from_org_name: '', issued_on: '' }, '2026-11-15'))).toEqual(['letter_no', 'from_org_name', 'issued_on']);
  });

  it('refuses a return date before the departure, but not the same day', () => {
    const m: MobileForm = {
      member: { id: 'm1', name: '张三' }, whereabouts: '深圳', reason: '务工', certificate_no: '', local_org: null, local_org_name: '', contact: '', since: '2026-03-01', until: '2026-03-01',
    };
    expect(validateMobile(m)).toEqual({});
    expect(validateMobile({ ...m, until: '2026-02-28' })).toEqual({ until: '预计返回日期不能早于外出日期' });
    expect(Object.keys(validateMobile({ ...m, member: null, whereabouts: '', reason: '', since: '' }))).toEqual(['member_id', 'whereabouts', 'since']);
  });
});

describe('settings', () => {
  it('edits the letter validity as 1–6 months', () => {
    expect(transferSettingEditor({ key: 'transfers.letter_validity_months' })).toBe('number');
    expect(transferSettingRange('transfers.letter_validity_months')).toEqual({ min: 1, max: 6 });
    expect(transferOptionLabel('transfers.letter_validity_months', '3')).toBe('3 个月');
    expect(transferSettingHint('transfers.letter_validity_months', '4')).toContain('4 个月内有效');
  });
});
