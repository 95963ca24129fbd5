// The pure helpers of the 发展党员 pages: deadlines, the timeline of the
// server's 25 steps, what each step's form asks for (from the server's
// codes) and sends, the applicant's checks, the plan's progress and the
// settings' editors.
import { describe, expect, it } from 'vitest';
import type { DevFile, DoneStep, NextStep } from '../src/api/development';
import {
  applicantInput,
  blankApplicant,
  canExtend,
  canStop,
  daysFrom,
  devOptionLabel,
  devSettingEditor,
  devSettingRange,
  dueInfo,
  planPercent,
  planStatus,
  stopTitle,
  timeline,
  validateApplicant,
} from '../src/utils/development';
import { blankStepForm, fieldsOf, stepInput, stepNeeds, validateStepForm } from '../src/utils/developmentStep';
import { STEP_TABLE, needsOf } from './developmentSteps';

const TODAY = '2026-03-02';

const done = (no: number, on: string, extra: Partial<DoneStep> = {}): DoneStep => ({
  no, name: `步骤${no}`, stage: 1, on, people: null, hours: 0, days: 0, file_ids: null, note: '', publicity: null, extended: false, vote: null,
  failed: false, superseded: false, actor_name: '书记', at: '', ...extra,
});
const next = (no: number, due = '', extra: Partial<NextStep> = {}): NextStep => ({ no, name: `待办${no}`, actor: 'branch', due, due_what: '', warning: '', needs: needsOf(no), ...extra });

describe('deadlines', () => {
  it('counts days across months and years', () => {
    expect(daysFrom('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysFrom('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysFrom('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysFrom('2026-03-02', '2026-02-27')).toBe(-3);
    expect(daysFrom('', '2026-03-01')).toBeNaN();
    expect(daysFrom('2026-02-30', '2026-03-01')).toBeNaN();
  });

  it('reads a deadline as overdue, due today, near (7 days) or later', () => {
    expect(dueInfo('2026-03-01', TODAY)).toEqual({ text: '已逾期 1 天', tone: 'overdue' });
    expect(dueInfo('2026-03-02', TODAY)).toEqual({ text: '今天到期', tone: 'soon' });
    expect(dueInfo('2026-03-09', TODAY)).toEqual({ text: '还有 7 天', tone: 'soon' });
    expect(dueInfo('2026-03-10', TODAY)).toEqual({ text: '还有 8 天', tone: 'normal' });
    expect(dueInfo('', TODAY)).toEqual({ text: '', tone: 'none' });
  });
});

describe('timeline', () => {
  const file: Pick<DevFile, 'steps' | 'next'> = {
    steps: [done(1, '2025-01-02', { name: '递交入党申请书' }), done(2, '2025-01-20'), done(3, '2025-03-01'), done(6, '2025-09-01'), done(6, '2026-02-20', { note: '第二次考察' })],
    next: [next(4, '2026-03-10'), next(7, '2026-03-01', { warning: '积极分子培养期满一年后方可确定' })],
  };

  it("groups the server's steps by their stage, with its names, labels and actors", () => {
    const t = timeline(file, STEP_TABLE);
    expect(t.map((s) => s.steps.map((x) => x.no))).toEqual([
      [1, 2],
      [3, 4, 5, 6],
      [7, 8, 9, 10, 11],
      [12, 13, 14, 15, 16, 17, 18],
      [19, 20, 21, 22, 23, 24, 25],
    ]);
    expect(t.map((s) => s.label)).toEqual(['入党申请人', '入党积极分子', '发展对象', '预备党员的接收', '预备党员考察']);
    expect(t[3].steps.filter((s) => s.actor === 'upper').map((s) => s.no)).toEqual([13, 16, 17, 18]);
    // Whatever the table says: another grouping, another name.
    const other = timeline(file, [
      { no: 1, stage: 1, stage_label: '甲', name: '第一', actor: 'branch', needs: null },
      { no: 2, stage: 2, stage_label: '乙', name: '第二', actor: 'upper', needs: null },
      { no: 3, stage: 2, stage_label: '乙', name: '第三', actor: 'branch', needs: null },
    ]);
    expect(other.map((s) => [s.label, s.steps.map((x) => x.name), s.progress])).toEqual([
      ['甲', ['第一'], '1/1'],
      ['乙', ['第二', '第三'], '2/2'],
    ]);
    expect(timeline(file, [])).toEqual([]);
  });

  it('marks what is done (every record), open and to come', () => {
    const [s1, s2, s3, s4] = timeline(file, STEP_TABLE);
    expect(s1.steps.map((x) => x.status)).toEqual(['done', 'done']);
    expect(s1.progress).toBe('2/2');
    expect(s2.steps.map((x) => x.status)).toEqual(['done', 'next', 'todo', 'done']);
    expect(s2.steps[3].done.map((d) => d.on)).toEqual(['2025-09-01', '2026-02-20']);
    expect(s2.progress).toBe('2/4');
    expect(s2.steps[1]).toMatchObject({ name: '报上级党委备案', next: { due: '2026-03-10' } });
    expect(s3.steps[0].next?.warning).toBe('积极分子培养期满一年后方可确定');
    expect(s4.steps[3].name).toBe('支部大会讨论接收预备党员');
    expect(s4.progress).toBe('0/7');
  });

  it('does not count a failed vote or a 转正 step superseded by an extension', () => {
    const t = timeline({
      steps: [done(15, '2025-03-01', { failed: true }), done(15, '2025-04-01'), done(22, '2026-02-01', { superseded: true }), done(23, '2026-02-10', { superseded: true })],
      next: [next(22, '2026-09-01')],
    }, STEP_TABLE);
    const s4 = t[3].steps;
    expect(s4[3]).toMatchObject({ no: 15, status: 'done' });
    expect(s4[3].done).toHaveLength(2);
    const s5 = t[4].steps;
    expect(s5.map((x) => x.status).slice(3, 5)).toEqual(['next', 'todo']);
    expect(s5[4].done).toHaveLength(1);
    expect(t[4].progress).toBe('0/7');

    const failedOnly = timeline({ steps: [done(15, '2025-03-01', { failed: true })], next: [] }, STEP_TABLE);
    expect(failedOnly[3].steps[3].status).toBe('todo');
    expect(failedOnly[3].progress).toBe('0/7');
  });
});

describe('the form of a step', () => {
  /** need is what step no of the table asks for, on a file still an applicant's (or admitted). */
  const need = (no: number, admitted = no > 18) => stepNeeds(needsOf(no), admitted);

  it("reads what a step asks for from the server's codes", () => {
    expect(need(2).people).toEqual({ role: 'talker', min: 1, max: 2, full: false });
    expect(need(5).people).toEqual({ role: 'contact', min: 1, max: 2, full: true });
    expect(need(9).people).toEqual({ role: 'sponsor', min: 2, max: 2, full: true });
    expect(need(11)).toMatchObject({ training: true, people: null, vote: null });
    expect(need(15)).toMatchObject({ publicity: true, vote: 'admission', extension: false });
    expect(need(17)).toMatchObject({ extension: true, vote: null, publicity: false });
    expect(need(23)).toMatchObject({ publicity: true, vote: 'full_membership' });
    // 转正's approval cannot be extended (only the admission's).
    expect(need(24)).toEqual({ people: null, training: false, publicity: false, vote: null, extension: false });
    expect(need(12)).toEqual({ people: null, training: false, publicity: false, vote: null, extension: false });
    expect(stepNeeds(null, false)).toEqual(need(12));
    // The codes decide, not the step's number.
    expect(stepNeeds(['sponsors', 'training'], false)).toMatchObject({ people: { role: 'sponsor' }, training: true });
  });

  it('refuses an incomplete form, keyed as the server keys its errors', () => {
    const f = blankStepForm(9, need(9), TODAY);
    expect(f.people).toHaveLength(2);
    f.people[0] = { id: 'm1', name: '张三' };
    expect(validateStepForm(f, need(9), TODAY)).toEqual({ people: '请选择 2 名入党介绍人' });
    f.people[1] = { id: 'm1', name: '张三' };
    expect(validateStepForm(f, need(9), TODAY)).toEqual({ people: '入党介绍人不能重复' });
    f.people[1] = { id: 'm2', name: '李四' };
    expect(validateStepForm(f, need(9), TODAY)).toEqual({});
    f.on = '2026-03-03';
    expect(validateStepForm(f, need(9), TODAY)).toEqual({ on: '办理日期不能晚于今天' });

    const c = blankStepForm(5, need(5), TODAY);
    expect(validateStepForm(c, need(5), TODAY)).toEqual({ people: '请至少选择 1 名培养联系人' });

    const t = blankStepForm(11, need(11), TODAY);
    expect(t.people).toHaveLength(0);
    expect(validateStepForm(t, need(11), TODAY)).toEqual({ days: '请填写集中培训的天数或学时' });
    t.hours = 24;
    expect(validateStepForm(t, need(11), TODAY)).toEqual({});

    const p = blankStepForm(15, need(15), TODAY);
    p.publicityStart = '2026-02-20';
    p.publicityEnd = '2026-02-19';
    expect(validateStepForm(p, need(15), TODAY)).toEqual({ 'publicity.end': '公示结束日期不能早于开始日期', vote: '请先载入参加支部大会的党员名单' });
  });

  it('checks the vote counts against those present with a vote', () => {
    const f = blankStepForm(23, need(23), TODAY);
    Object.assign(f, { publicityStart: '2026-02-16', publicityEnd: '2026-02-20' });
    f.vote.roster = [
      { member_id: 'm1', name: '张三', has_vote: true, should_attend: true, present: true },
      { member_id: 'm2', name: '李四', has_vote: true, should_attend: true, present: true },
      { member_id: 'm3', name: '王五', has_vote: false, should_attend: true, present: true },
    ];
    Object.assign(f.vote, { yes: 3, no: 0, abstain: 0 });
    expect(validateStepForm(f, need(23), TODAY).vote).toBe('赞成、反对、弃权合计 3 票，超过实到会有表决权的党员 2 人');
    f.vote.yes = 2;
    expect(validateStepForm(f, need(23), TODAY)).toEqual({});
  });

  it('sends only what the step asks for; written opinions only of absent voters', () => {
    const s = blankStepForm(9, need(9), TODAY);
    s.people = [{ id: 'm1', name: '张三' }, { id: 'm2', name: '李四' }];
    s.days = 4;
    s.note = '  介绍人已谈话  ';
    expect(stepInput(s, need(9))).toEqual({
      no: 9, on: TODAY, hours: 0, days: 0, file_ids: [], note: '介绍人已谈话', extended: false,
      people: [{ member_id: 'm1', role: 'sponsor' }, { member_id: 'm2', role: 'sponsor' }],
    });

    const v = blankStepForm(15, need(15), TODAY);
    Object.assign(v, { publicityStart: '2026-02-16', publicityEnd: '2026-02-20', extended: true });
    v.vote.roster = [
      { member_id: 'm1', name: '张三', has_vote: true, should_attend: true, present: true },
      { member_id: 'm2', name: '李四', has_vote: true, should_attend: true, present: false },
      { member_id: 'm3', name: '王五', has_vote: true, should_attend: false, present: false },
    ];
    Object.assign(v.vote, { yes: 1, no: 0, abstain: 0, written: { m2: 'yes', m3: 'no', m1: '' } });
    const body = stepInput(v, need(15));
    expect(body.extended).toBe(false);
    expect(body.publicity).toEqual({ start: '2026-02-16', end: '2026-02-20' });
    expect(body.vote).toEqual({
      voters: [
        { member_id: 'm1', has_vote: true, should_attend: true, present: true },
        { member_id: 'm2', has_vote: true, should_attend: true, present: false },
        { member_id: 'm3', has_vote: true, should_attend: false, present: false },
      ],
      ballot: { kind: 'admission', yes: 1, no: 0, abstain: 0, written: [{ member_id: 'm2', choice: 'yes' }] },
    });
    // The same vote while admitted is the 转正 vote.
    expect(stepInput(v, need(15, true)).vote?.ballot.kind).toBe('full_membership');

    const a = blankStepForm(17, need(17), TODAY);
    a.extended = true;
    expect(stepInput(a, need(17))).toMatchObject({ no: 17, extended: true, people: [] });
    expect(stepInput(a, need(17)).vote).toBeUndefined();
    const full = blankStepForm(24, need(24), TODAY);
    full.extended = true;
    expect(stepInput(full, need(24)).extended).toBe(false);
  });

  it('maps the server field errors onto the form', () => {
    expect(fieldsOf({ 'people[1].member_id': '王五不是正式党员', 'publicity.end': '公示不足 5 个工作日', 'vote.ballot': '未过半数', on: '超过一个月' })).toEqual({
      people: '王五不是正式党员', 'publicity.end': '公示不足 5 个工作日', vote: '未过半数', on: '超过一个月',
    });
  });
});

describe('the applicant', () => {
  const ok = { ...blankApplicant(TODAY), name: ' 赵六 ', id_number: '11010520000302004x', phone: '138 0013 8000', birth_date: '2000-03-02', gender: 'female', education: 'bachelor', category: 'student' };

  it('checks the personal data as for a member, and the application date', () => {
    expect(validateApplicant(ok, TODAY)).toEqual({});
    expect(validateApplicant({ ...ok, applied_on: '2026-03-03' }, TODAY)).toEqual({ applied_on: '申请日期不能晚于今天' });
    expect(validateApplicant({ ...ok, applied_on: '' }, TODAY)).toEqual({ applied_on: '请选择递交入党申请书的日期' });
    expect(validateApplicant({ ...ok, gender: 'male' }, TODAY)).toEqual({ gender: '性别与身份证号不一致' });
    const blank = validateApplicant(blankApplicant(TODAY), TODAY);
    expect(Object.keys(blank).sort()).toEqual(['birth_date', 'category', 'education', 'gender', 'id_number', 'name', 'phone']);
  });

  it('sends the ID and phone numbers normalized', () => {
    expect(applicantInput(ok)).toMatchObject({ name: '赵六', id_number: '11010520000302004X', phone: '13800138000' });
  });
});

describe('probation, plans and settings', () => {
  it('extends probation once, only while probationary', () => {
    expect(canExtend({ state: 'admitted', extension_months: 0 })).toBe(true);
    expect(canExtend({ state: 'admitted', extension_months: 6 })).toBe(false);
    expect(canExtend({ state: 'active', extension_months: 0 })).toBe(false);
    expect(canStop({ state: 'full' })).toBe(false);
    expect(canStop({ state: 'stopped' })).toBe(false);
    expect(stopTitle({ state: 'admitted' })).toBe('取消预备党员资格');
    expect(stopTitle({ state: 'active' })).toBe('停止发展');
  });

  it('shows the plan progress', () => {
    expect(planPercent(3, 10)).toBe(30);
    expect(planPercent(12, 10)).toBe(100);
    expect(planPercent(2, 0)).toBe(0);
    expect(planStatus(10, 10)).toBe('success');
    expect(planStatus(11, 10)).toBe('warning');
    expect(planStatus(1, 10)).toBe('');
  });

  it('edits the publicity days as a number of working days', () => {
    expect(devSettingEditor({ key: 'development.publicity_days' })).toBe('number');
    expect(devSettingRange('development.publicity_days')).toEqual({ min: 1, max: 15 });
    expect(devOptionLabel('development.publicity_days', '5')).toBe('5 个工作日');
  });
});
