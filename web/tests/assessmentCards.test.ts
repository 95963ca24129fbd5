// 年度考核: the cards of a branch and year (attendance, points, 民主评议,
// dues, the proposal with its reasons, the confirmation), confirming the
// selected cards or all of them (a grade other than the proposal needs a
// note, before anything is sent and as the server's field error), the
// .xlsx export, read-only for a viewer, not a branch, empty and error states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import AssessmentCardsView from '../src/console/views/AssessmentCardsView.vue';
import type { AssessmentCard, AssessmentCards } from '../src/api/assessment';
import { clearSession } from '../src/stores/session';
import { json, mockApi, problem, settle, writes, type Answer, type Call } from './orglifeMock';
import { $, $$, byTestid, click, mountAt, signIn } from './duesHarness';

function card(id: string, name: string, over: Partial<AssessmentCard> = {}): AssessmentCard {
  return {
    member_id: id, name, status_label: '正式党员',
    attendance: { expected: 20, attended: 19, leave: 1, absent: 0, rate: 95 },
    points: 26, appraisal_grade_label: '优秀',
    dues: { months_paid: 12, months_on_time: 12, paid_fen: 57600, arrears_warnings: 0 },
    proposed_grade: 'excellent', proposed_label: '优秀', reasons: ['出席率 95%（≥90%）', '积分 26（≥20）'],
    confirmed_grade: '', confirmed_label: '', confirmed_by: '', confirmed_at: '', note: '',
    ...over,
  };
}

const cards = (): AssessmentCards => ({
  org_id: 'b1', org_name: '机关第一党支部', year: 2026, confirmed: false, total: 3,
  cards: [
    card('m1', '张三'),
    card('m2', '李四', {
      attendance: { expected: 20, attended: 10, leave: 2, absent: 8, rate: 50 }, points: 8, appraisal_grade_label: '',
      dues: { months_paid: 9, months_on_time: 6, paid_fen: 43200, arrears_warnings: 2 },
      proposed_grade: 'basically_qualified', proposed_label: '基本合格', reasons: ['出席率 50%（<60%）', '欠缴党费提醒 2 次（≥1）'],
    }),
    card('m3', '王五', {
      attendance: { expected: 0, attended: 0, leave: 0, absent: 0, rate: null }, points: 0, appraisal_grade_label: '合格',
      proposed_grade: 'qualified', proposed_label: '合格', reasons: ['本年度无应参加会议记录'],
      confirmed_grade: 'qualified', confirmed_label: '合格', confirmed_by: '王书记', confirmed_at: '2026-12-20T02:00:00Z', note: '新转入',
    }),
  ],
});

/** The answer once all are confirmed: every card has its grade. */
const confirmedAll = (): AssessmentCards => ({
  ...cards(),
  confirmed: true,
  cards: cards().cards!.map((c) => ({ ...c, confirmed_grade: c.proposed_grade, confirmed_label: c.proposed_label, confirmed_by: '王书记', confirmed_at: '2026-12-21T02:00:00Z' })),
});

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  signIn('party_worker');
  answers = {
    'GET /orgs/b1': () => json({ id: 'b1', name: '机关第一党支部', path: [] }),
    'GET /orgs/root': () => json({ id: 'root', name: '机关党委', path: [] }),
    'GET /orgs/b1/assessment/cards': () => json(cards()),
    'GET /orgs/root/assessment/cards': () => problem(422, 'not_branch', '年度考核仅按党支部进行'),
    'POST /orgs/b1/assessment/cards/confirm': () => json(confirmedAll()),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const mountPage = (query = '?org=b1&year=2026') => mountAt(AssessmentCardsView, '/assessment/cards' + query);
const rows = () => $$('[data-testid=assessment-card-row]');
const cell = (row: HTMLElement, testid: string) => row.querySelector(`[data-testid=${testid}]`)!.textContent!.replace(/\s+/g, ' ').trim();
const confirmBody = () => writes(calls).map((c) => c.body);

describe('AssessmentCardsView', () => {
  it('shows each member\'s card: attendance, points, 民主评议, dues, the proposal with its reasons, the confirmation', async () => {
    const { w } = await mountPage();
    expect(calls.find((c) => c.path === '/orgs/b1/assessment/cards')!.query.get('year')).toBe('2026');
    expect($('[data-testid=cards-progress]')!.textContent).toBe('已确认 1 / 3 人');
    const [a, b, c] = rows();
    expect(rows().map((r) => r.dataset.member)).toEqual(['m1', 'm2', 'm3']);
    expect(cell(a, 'card-attendance')).toBe('出席率 95%应参加 20 · 出席 19 · 请假 1 · 缺席 0');
    expect(cell(a, 'card-points')).toBe('26');
    expect(cell(a, 'card-appraisal')).toBe('优秀');
    expect(cell(a, 'card-dues')).toBe('已缴 12 个月，按时 12 个月576.00 元');
    expect(cell(a, 'card-proposed')).toBe('优秀出席率 95%（≥90%）积分 26（≥20）');
    expect(a.querySelector('[data-testid=card-arrears]')).toBeNull();
    expect(cell(b, 'card-appraisal')).toBe('未评议');
    expect(cell(b, 'card-arrears')).toBe('欠缴提醒 2 次');
    expect(cell(b, 'card-proposed')).toContain('基本合格');
    expect(cell(c, 'card-attendance')).toContain('出席率 —');
    expect(cell(c, 'card-confirmed-info')).toBe('已确认：合格王书记 · 2026-12-20 10:00');
    expect(cell(a, 'card-confirmed')).toContain('未确认');
    w.unmount();
  });

  it('confirms the selected cards with the proposed grade', async () => {
    const { w } = await mountPage();
    expect($('[data-testid=confirm-button]')!.hasAttribute('disabled')).toBe(true);
    byTestid(w, 'ElCheckbox', 'card-select').vm.$emit('update:modelValue', true);
    await settle();
    expect($('[data-testid=confirm-button]')!.textContent).toContain('确认所选（1 人）');
    await click('[data-testid=confirm-button]');
    expect(document.querySelector('.el-message-box')!.textContent).toContain('确认 1 名党员的 2026 年度考核等次？');
    await click('.cards-confirm-ok');
    expect(confirmBody()).toEqual([{ year: 2026, items: [{ member_id: 'm1', grade: 'excellent', note: '' }] }]);
    expect($('[data-testid=cards-progress]')!.textContent).toBe('已确认 3 / 3 人，全部确认完毕');
    w.unmount();
  });

  it('asks for a note before confirming a grade other than the proposal', async () => {
    const { w } = await mountPage();
    expect(rows()[1].querySelector('[data-testid=card-note]')).toBeNull();
    const grade = w.findAllComponents({ name: 'ElSelect' }).find((s) => s.element.closest('[data-member=m2]'))!;
    grade.vm.$emit('update:modelValue', 'qualified');
    await settle();
    expect(rows()[1].className).toContain('differs');
    await click('[data-testid=confirm-all-button]');
    expect(cell(rows()[1], 'card-error')).toBe('与拟定等次不同，须填写说明');
    expect(rows()[0].querySelector('[data-testid=card-error]')).toBeNull();
    expect(document.querySelector('.el-message-box')).toBeNull();
    expect(writes(calls)).toHaveLength(0);

    const note = rows()[1].querySelector<HTMLInputElement>('input[data-testid=card-note]')!;
    note.value = ' 已补缴，经支委会研究 ';
    note.dispatchEvent(new Event('input'));
    await settle();
    await click('[data-testid=confirm-all-button]');
    await click('.cards-confirm-ok');
    expect(confirmBody()).toEqual([{
      year: 2026,
      items: [
        { member_id: 'm1', grade: 'excellent', note: '' },
        { member_id: 'm2', grade: 'qualified', note: '已补缴，经支委会研究' },
        { member_id: 'm3', grade: 'qualified', note: '新转入' },
      ],
    }]);
    w.unmount();
  });

  it('shows the server\'s field error on the row it names', async () => {
    answers['POST /orgs/b1/assessment/cards/confirm'] = () =>
      json({ status: 422, code: 'validation_failed', detail: '提交的内容有误', errors: [{ field: 'items[1].note', message: '确认等次与拟定等次不同，须填写说明' }] }, 422);
    const { w } = await mountPage();
    const boxes = w.findAllComponents({ name: 'ElCheckbox' }).filter((c) => c.attributes('data-testid') === 'card-select');
    boxes[1].vm.$emit('update:modelValue', true);
    boxes[2].vm.$emit('update:modelValue', true);
    await settle();
    await click('[data-testid=confirm-button]');
    await click('.cards-confirm-ok');
    expect((confirmBody()[0] as { items: { member_id: string }[] }).items.map((i) => i.member_id)).toEqual(['m2', 'm3']);
    expect(cell(rows()[2], 'card-error')).toBe('确认等次与拟定等次不同，须填写说明');
    expect(rows()[1].querySelector('[data-testid=card-error]')).toBeNull();
    w.unmount();
  });

  it('exports the year as .xlsx', async () => {
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }));
    answers['GET /orgs/b1/assessment/cards.xlsx'] = () => new Response(new Blob(['xlsx']), { headers: { 'Content-Disposition': 'attachment; filename="cards.xlsx"' } });
    const { w } = await mountPage();
    await click('[data-testid=cards-export]');
    expect(calls.find((c) => c.path === '/orgs/b1/assessment/cards.xlsx')!.query.get('year')).toBe('2026');
    w.unmount();
  });

  it('is read-only for a viewer, showing the confirmation and its note', async () => {
    signIn('viewer');
    const { w } = await mountPage();
    expect($('[data-testid=confirm-button]')).toBeNull();
    expect($('[data-testid=confirm-all-button]')).toBeNull();
    expect($('[data-testid=card-select]')).toBeNull();
    expect($('[data-testid=card-grade]')).toBeNull();
    expect(cell(rows()[2], 'card-confirmed-info')).toContain('说明：新转入');
    expect($('[data-testid=cards-export]')).not.toBeNull();
    w.unmount();
  });

  it('says the cards are by branch when the organization is not one', async () => {
    const { w } = await mountPage('?org=root&year=2026');
    expect($('[data-testid=cards-not-branch]')!.textContent).toContain('年度考核仅按党支部进行，请选择一个党支部');
    expect(rows()).toHaveLength(0);
    expect($('[data-testid=cards-error]')).toBeNull();
    w.unmount();
  });

  it('shows an empty branch, and the error with a retry', async () => {
    answers['GET /orgs/b1/assessment/cards'] = () => problem(500, 'internal', '服务器内部错误');
    const { w } = await mountPage();
    expect($('[data-testid=cards-error]')!.textContent).toContain('服务器内部错误');
    answers['GET /orgs/b1/assessment/cards'] = () => json({ ...cards(), total: 0, cards: [] });
    await click('[data-testid=cards-error] button');
    expect($('[data-testid=cards-error]')).toBeNull();
    expect($('[data-testid=cards-empty]')!.textContent).toBe('本支部暂无党员');
    expect($('[data-testid=confirm-all-button]')).toBeNull();
    w.unmount();
  });
});
