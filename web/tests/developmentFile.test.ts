// 发展党员档案: the masked personal data, the warnings, the timeline of the
// server's 25 steps; recording the next step with what the server says it
// needs (sponsors picked among full members, the 支部大会 vote with its roster and 书面意见, the 公示
// dates, the extension of step 17), the server's field errors at their
// fields; 延长预备期 and 停止发展 / 取消预备党员资格; viewers only read.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import DevelopmentFileView from '../src/console/views/DevelopmentFileView.vue';
import MemberPicker from '../src/console/components/MemberPicker.vue';
import { clearSession } from '../src/stores/session';
import { errorsShown, json, mockApi, settle, writes, type Answer, type Call } from './orglifeMock';
import { $, $$, byTestid, click, mountAt, signIn, typeIn } from './duesHarness';
import { STEP_TABLE, needsOf } from './developmentSteps';

const step = (no: number, name: string, on: string, extra: Record<string, unknown> = {}) => ({
  no, name, stage: 1, on, people: [], hours: 0, days: 0, file_ids: [], note: '', publicity: null, extended: false, vote: null,
  failed: false, superseded: false, actor_name: '王书记', at: '2026-03-02T02:00:00Z', ...extra,
});
const open = (no: number, name: string, extra: Record<string, unknown> = {}) => ({ no, name, actor: 'branch', due: '', due_what: '', warning: '', needs: needsOf(no), ...extra });

const file = (extra: Record<string, unknown> = {}) => ({
  id: 'f1', name: '赵六', gender: 'female', org_id: 'b1', org_name: '机关第一党支部', stage: 3, stage_label: '发展对象', last_step: 8, last_step_name: '报上级党委备案',
  next_due: '', next_due_what: '', overdue: false, state: 'active', applied_on: '2024-09-02',
  ethnicity: '汉族', birth_date: '2000-03-02', id_number: '110105********0021', phone: '138****8000', education: 'bachelor', category: 'student',
  joined_on: '', probation_end: '', extension_months: 0, extension_reason: '', stopped_on: '', stop_reason: '', member_id: '', version: 3,
  steps: [
    step(1, '递交入党申请书', '2024-09-02'),
    step(2, '党组织派人谈话', '2024-09-20', { people: [{ member_id: 'm1', name: '王书记', role: 'talker' }], note: '谈话情况良好' }),
    step(5, '指定培养联系人', '2024-11-01', { people: [{ member_id: 'm2', name: '张三', role: 'contact' }, { member_id: 'm3', name: '李四', role: 'contact' }] }),
  ],
  next: [open(9, '确定入党介绍人')],
  warnings: ['「培养教育考察」已逾期：应于2026年2月1日前完成（入党积极分子每半年考察一次）'],
  ...extra,
});

const members = [
  { id: 'm1', name: '王书记', status: 'full' },
  { id: 'm2', name: '张三', status: 'full' },
  { id: 'm3', name: '李四', status: 'full' },
  { id: 'm4', name: '钱七', status: 'probationary' },
];

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-02T04:00:00Z'));
  signIn('party_worker');
  answers = {
    'GET /development/files/f1': () => json(file()),
    'GET /development/steps': () => json({ steps: STEP_TABLE }),
    'GET /members': () => json({ items: members, total: members.length, page: 1, page_size: 200 }),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const mountPage = async () => (await mountAt(DevelopmentFileView, '/development/files/f1', '/development/files/:id')).w;

async function pick(w: VueWrapper, i: number, id: string, name: string) {
  w.findAllComponents(MemberPicker)[i].vm.$emit('update:modelValue', { id, name });
  await settle(2);
}

describe('DevelopmentFileView', () => {
  it('shows the masked data, the warnings and the 25 steps by stage', async () => {
    const w = await mountPage();
    expect(w.get('[data-testid=dev-file-title]').text()).toBe('赵六');
    const details = w.get('[data-testid=dev-file-details]').text();
    expect(details).toContain('110105********0021');
    expect(details).toContain('138****8000');
    expect(details).toContain('大学本科');
    expect($$('[data-testid=dev-file-warning]').map((e) => e.textContent!.trim())).toEqual(['「培养教育考察」已逾期：应于2026年2月1日前完成（入党积极分子每半年考察一次）']);
    expect($$('[data-testid^=dev-timeline-stage-]')).toHaveLength(5);
    expect($$('[data-testid^=dev-step-]').filter((e) => /^dev-step-\d+$/.test(e.dataset.testid!))).toHaveLength(25);
    expect($('[data-testid=dev-step-2]')!.dataset.status).toBe('done');
    expect($('[data-testid=dev-step-2]')!.textContent).toContain('谈话人：王书记');
    expect($('[data-testid=dev-step-2]')!.textContent).toContain('谈话情况良好');
    expect($('[data-testid=dev-step-5]')!.textContent).toContain('培养联系人：张三、李四');
    expect($('[data-testid=dev-step-9]')!.dataset.status).toBe('next');
    expect($('[data-testid=dev-step-15]')!.dataset.status).toBe('todo');
    expect($('[data-testid=dev-step-15]')!.textContent).toContain('支部大会讨论接收预备党员');
    expect($$('[data-testid=dev-step-upper]').map((e) => e.closest('li')!.dataset.testid)).toEqual(['dev-step-13', 'dev-step-16', 'dev-step-17', 'dev-step-18', 'dev-step-24']);
    w.unmount();
  });

  it("names, groups and marks the steps as the server's table does, read once", async () => {
    answers['GET /development/steps'] = () =>
      json({ steps: STEP_TABLE.map((d) => (d.no === 18 ? { ...d, name: '报省委组织部备案', actor: 'branch' } : d.no === 12 ? { ...d, stage: 3, stage_label: '发展对象' } : d)) });
    answers['POST /development/files/f1/steps'] = () => json(file({ next: [open(10, '进行政治审查')] }));
    const w = await mountPage();
    expect($('[data-testid=dev-step-18]')!.textContent).toContain('报省委组织部备案');
    expect($('[data-testid=dev-step-18] [data-testid=dev-step-upper]')).toBeNull();
    expect($('[data-testid=dev-timeline-stage-3]')!.textContent).toContain('已完成 0/6');
    expect($$('[data-testid=dev-timeline-stage-3] li').map((e) => e.dataset.testid)).toContain('dev-step-12');
    await pick(w, 0, 'm2', '张三');
    await pick(w, 1, 'm3', '李四');
    await click('[data-testid=dev-step-submit]');
    expect(writes(calls)).toHaveLength(1);
    expect(calls.filter((c) => c.path === '/development/steps')).toHaveLength(1);
    w.unmount();
  });

  it('says so when the table of steps cannot be read, and reads it again', async () => {
    answers['GET /development/steps'] = () => json({ status: 500, code: 'internal', detail: '服务器内部错误' }, 500);
    const w = await mountPage();
    expect($('[data-testid=dev-file-load-error]')!.textContent).toContain('服务器内部错误');
    expect($('[data-testid=dev-timeline]')).toBeNull();
    answers['GET /development/steps'] = () => json({ steps: STEP_TABLE });
    await click('[data-testid=dev-file-load-error] button');
    expect($$('[data-testid^=dev-timeline-stage-]')).toHaveLength(5);
    w.unmount();
  });

  it('records the sponsors and shows the file the server answers', async () => {
    answers['POST /development/files/f1/steps'] = () =>
      json(file({ last_step: 9, steps: [...file().steps, step(9, '确定入党介绍人', '2026-03-02', { people: [{ member_id: 'm2', name: '张三', role: 'sponsor' }, { member_id: 'm3', name: '李四', role: 'sponsor' }] })], next: [open(10, '进行政治审查')] }));
    const w = await mountPage();
    expect(w.findAllComponents(MemberPicker)).toHaveLength(2);
    expect(w.findAllComponents(MemberPicker).map((p) => p.props('fullOnly'))).toEqual([true, true]);
    expect($('[data-testid=dev-step-form]')!.textContent).toContain('2 名，须为正式党员');
    $('[data-testid=dev-step-person-0-input]')!.focus();
    await settle();
    expect([...calls.filter((c) => c.path === '/members').at(-1)!.query].sort()).toEqual([['org', 'b1'], ['page', '1'], ['page_size', '20'], ['state', 'active'], ['status', 'full']]);
    await pick(w, 0, 'm2', '张三');
    await click('[data-testid=dev-step-submit]');
    expect(writes(calls)).toHaveLength(0);
    await errorsShown();
    expect($('[data-testid=dev-step-form]')!.textContent).toContain('请选择 2 名入党介绍人');
    await pick(w, 1, 'm3', '李四');
    await typeIn('[data-testid=dev-step-note]', '经支委会研究');
    await click('[data-testid=dev-step-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([
      ['/development/files/f1/steps', { no: 9, on: '2026-03-02', people: [{ member_id: 'm2', role: 'sponsor' }, { member_id: 'm3', role: 'sponsor' }], hours: 0, days: 0, file_ids: [], note: '经支委会研究', extended: false }],
    ]);
    expect($('[data-testid=dev-step-9]')!.dataset.status).toBe('done');
    expect($('[data-testid=dev-step-9]')!.textContent).toContain('入党介绍人：张三、李四');
    // The form moves on to the next open step, emptied.
    expect($('[data-testid=dev-step-choice-10]')).not.toBeNull();
    expect(w.findAllComponents(MemberPicker)).toHaveLength(0);
    w.unmount();
  });

  it("asks what the open step's codes say: any member as talker, nothing the codes do not name", async () => {
    answers['GET /development/files/f1'] = () => json(file({ next: [open(2, '党组织派人谈话'), open(9, '确定入党介绍人', { needs: null })] }));
    const w = await mountPage();
    expect(w.findAllComponents(MemberPicker).map((p) => p.props('fullOnly'))).toEqual([false, false]);
    expect($('[data-testid=dev-step-form]')!.textContent).toContain('谈话人');
    expect($('[data-testid=dev-step-form]')!.textContent).not.toContain('须为正式党员');
    $('[data-testid=dev-step-person-0-input]')!.focus();
    await settle();
    expect(calls.filter((c) => c.path === '/members').at(-1)!.query.has('status')).toBe(false);
    await click('[data-testid=dev-step-choice-9] input');
    expect(w.findAllComponents(MemberPicker)).toHaveLength(0);
    await click('[data-testid=dev-step-submit]');
    expect(writes(calls).map((c) => c.body)).toEqual([{ no: 9, on: '2026-03-02', people: [], hours: 0, days: 0, file_ids: [], note: '', extended: false }]);
    w.unmount();
  });

  it('shows the field errors of a 422 at their fields, the others with the form', async () => {
    answers['POST /development/files/f1/steps'] = () =>
      json({
        status: 422, code: 'validation', detail: '提交的内容有误',
        errors: [
          { field: 'people[1].member_id', message: '依据《中国共产党发展党员工作细则》，入党介绍人须由正式党员担任，「钱七」是预备党员' },
          { field: 'no', message: '须先办理第 8 步「报上级党委备案」' },
        ],
      }, 422);
    const w = await mountPage();
    await pick(w, 0, 'm2', '张三');
    await pick(w, 1, 'm4', '钱七');
    await click('[data-testid=dev-step-submit]');
    await errorsShown();
    const people = w.findAllComponents({ name: 'ElFormItem' }).find((i) => i.props('label') === '入党介绍人')!;
    expect(people.text()).toContain('「钱七」是预备党员');
    expect($('[data-testid=dev-step-error]')!.textContent).toBe('提交的内容有误：须先办理第 8 步「报上级党委备案」');
    w.unmount();
  });

  it('records the 支部大会 vote with its roster, 公示 and written opinions', async () => {
    answers['GET /development/files/f1'] = () => json(file({ stage: 4, last_step: 14, next: [open(15, '支部大会讨论接收预备党员')], warnings: [] }));
    answers['POST /development/files/f1/steps'] = () => json(file({ stage: 4, last_step: 15, next: [open(16, '上级党委派人谈话', { actor: 'upper' })] }));
    const w = await mountPage();
    expect(calls.find((c) => c.path === '/members')!.query.get('page_size')).toBe('200');
    expect($$('[data-testid=dev-vote-roster] .el-table__body tr')).toHaveLength(4);
    // A probationary member has no vote: cannot be expected.
    expect(($('[data-testid=dev-vote-expected-m4] input') as HTMLInputElement).disabled).toBe(true);
    await click('[data-testid=dev-vote-all-present]');
    $('[data-testid=dev-vote-present-m3] input')!.click();
    await settle(2);
    expect($('[data-testid=dev-vote-counts]')!.textContent).toContain('应到会有表决权的党员 3 人，实到 2 人');
    expect($$('[data-testid=dev-vote-written-row] .who').map((e) => e.textContent)).toEqual(['李四']);
    byTestid(w, 'ElInputNumber', 'dev-vote-yes').vm.$emit('update:modelValue', 3);
    byTestid(w, 'ElDatePicker', 'dev-step-publicity-start').vm.$emit('update:modelValue', '2026-02-16');
    byTestid(w, 'ElDatePicker', 'dev-step-publicity-end').vm.$emit('update:modelValue', '2026-02-20');
    await settle();
    await click('[data-testid=dev-step-submit]');
    expect(writes(calls)).toHaveLength(0);
    await errorsShown();
    expect($('[data-testid=dev-step-form]')!.textContent).toContain('赞成、反对、弃权合计 3 票，超过实到会有表决权的党员 2 人');
    byTestid(w, 'ElInputNumber', 'dev-vote-yes').vm.$emit('update:modelValue', 2);
    byTestid(w, 'ElSelect', 'dev-vote-written-m3').vm.$emit('update:modelValue', 'yes');
    await settle();
    await click('[data-testid=dev-step-submit]');
    expect(writes(calls).map((c) => c.body)).toEqual([{
      no: 15, on: '2026-03-02', people: [], hours: 0, days: 0, file_ids: [], note: '', extended: false,
      publicity: { start: '2026-02-16', end: '2026-02-20' },
      vote: {
        voters: [
          { member_id: 'm1', has_vote: true, should_attend: true, present: true },
          { member_id: 'm2', has_vote: true, should_attend: true, present: true },
          { member_id: 'm3', has_vote: true, should_attend: true, present: false },
          { member_id: 'm4', has_vote: false, should_attend: true, present: false },
        ],
        ballot: { kind: 'admission', yes: 2, no: 0, abstain: 0, written: [{ member_id: 'm3', choice: 'yes' }] },
      },
    }]);
    // Step 16 is the upper committee's: the form says so.
    expect($('[data-testid=dev-step-form]')!.textContent).toContain('本步骤由上级党委办理');
    w.unmount();
  });

  it('says when the vote did not pass, keeps the step open and reads the roster again', async () => {
    const failed = step(15, '支部大会讨论接收预备党员', '2026-03-02', {
      failed: true, vote: { voters: [], ballot: {}, outcome: { voters_expected: 3, voters_present: 3, yes: 1, no: 2, abstain: 0, passed: false, explanation: '赞成票未超过应到会有表决权党员的半数（至少须 2 票），决议未通过。' } },
    });
    answers['GET /development/files/f1'] = () => json(file({ stage: 4, last_step: 14, next: [open(15, '支部大会讨论接收预备党员')], warnings: [] }));
    answers['POST /development/files/f1/steps'] = () => json(file({ stage: 4, last_step: 14, steps: [...file().steps, failed], next: [open(15, '支部大会讨论接收预备党员')] }));
    const w = await mountPage();
    await click('[data-testid=dev-vote-all-present]');
    byTestid(w, 'ElInputNumber', 'dev-vote-yes').vm.$emit('update:modelValue', 1);
    byTestid(w, 'ElInputNumber', 'dev-vote-no').vm.$emit('update:modelValue', 2);
    byTestid(w, 'ElDatePicker', 'dev-step-publicity-start').vm.$emit('update:modelValue', '2026-02-16');
    byTestid(w, 'ElDatePicker', 'dev-step-publicity-end').vm.$emit('update:modelValue', '2026-02-20');
    await settle();
    await click('[data-testid=dev-step-submit]');
    expect(writes(calls)).toHaveLength(1);
    expect($('.el-message')!.textContent).toContain('支部大会表决未通过。赞成票未超过应到会有表决权党员的半数');
    expect($('[data-testid=dev-step-15]')!.dataset.status).toBe('next');
    expect($('[data-testid=dev-step-vote]')!.textContent).toContain('表决未通过');
    // A new form: the roster is read again, nobody marked present.
    expect(calls.filter((c) => c.path === '/members')).toHaveLength(2);
    expect($('[data-testid=dev-vote-counts]')!.textContent).toContain('实到 0 人');
    w.unmount();
  });

  it('shows a recorded vote and the deadline of the approval, with the extension flag', async () => {
    const outcome = { voters_expected: 3, voters_present: 2, yes: 3, no: 0, abstain: 0, written_yes: 1, written_no: 0, written_abstain: 0, passed: true, explanation: '赞成票超过应到会有表决权党员的半数，决议通过。' };
    answers['GET /development/files/f1'] = () =>
      json(file({
        state: 'active', stage: 4, last_step: 16,
        steps: [
          ...file().steps,
          step(15, '支部大会讨论接收预备党员', '2025-10-20', { failed: true, vote: { voters: [], ballot: {}, outcome: { ...outcome, yes: 1, passed: false, explanation: '决议未通过。' } } }),
          step(15, '支部大会讨论接收预备党员', '2025-11-20', { publicity: { start: '2025-11-10', end: '2025-11-14' }, vote: { voters: [], ballot: {}, outcome } }),
        ],
        next: [open(17, '上级党委审批', { actor: 'upper', due: '2026-02-20', due_what: '支部大会通过后三个月内由上级党委派人谈话并审批', warning: '已超过三个月审批期限；遇有特殊情况延长审批时间的，最迟应于2026年5月20日审批' })],
      }));
    answers['POST /development/files/f1/steps'] = () => json({ status: 403, code: 'forbidden', detail: '须由上级党组织审批' }, 403);
    const w = await mountPage();
    expect($$('[data-testid=dev-step-vote]').map((e) => e.textContent!.trim().split(/\s+/)[0])).toEqual(['表决未通过', '表决通过']);
    expect($('[data-testid=dev-step-15]')!.dataset.status).toBe('done');
    expect($('[data-testid=dev-step-15]')!.textContent).toContain('公示：2025-11-10 至 2025-11-14');
    expect($('[data-testid=dev-step-due]')!.textContent).toContain('2026-02-20');
    expect($('[data-testid=dev-step-due]')!.textContent).toContain('已逾期 10 天');
    expect($('[data-testid=dev-step-warning]')!.textContent).toContain('最迟应于2026年5月20日审批');
    $('[data-testid=dev-step-extended] input')!.click();
    await settle(2);
    await click('[data-testid=dev-step-submit]');
    expect((writes(calls)[0].body as { extended: boolean }).extended).toBe(true);
    expect($('[data-testid=dev-step-error]')!.textContent).toBe('须由上级党组织审批');
    w.unmount();
  });

  it('extends probation once, by 6 to 12 months with a reason', async () => {
    answers['GET /development/files/f1'] = () => json(file({ state: 'admitted', stage: 5, joined_on: '2025-03-01', probation_end: '2026-03-01', member_id: 'm9', next: [open(22, '提出转正申请')] }));
    answers['POST /development/files/f1/extend-probation'] = (c) => json(file({ state: 'admitted', stage: 5, probation_end: '2026-09-01', extension_months: (c.body as { months: number }).months, extension_reason: (c.body as { reason: string }).reason }));
    const w = await mountPage();
    expect($('[data-testid=dev-stop]')!.textContent!.trim()).toBe('取消预备党员资格');
    expect($('[data-testid=dev-file-member]')!.getAttribute('href')).toBe('/members/m9');
    await click('[data-testid=dev-extend]');
    await click('[data-testid=dev-extend-submit]');
    expect(writes(calls)).toHaveLength(0);
    byTestid(w, 'ElInputNumber', 'dev-extend-months').vm.$emit('update:modelValue', 6);
    await typeIn('[data-testid=dev-extend-reason]', '需要继续考察');
    await click('[data-testid=dev-extend-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([['/development/files/f1/extend-probation', { months: 6, reason: '需要继续考察' }]]);
    expect(w.get('[data-testid=dev-file-details]').text()).toContain('2026-09-01（已延长 6 个月：需要继续考察）');
    // Only once.
    expect($('[data-testid=dev-extend]')).toBeNull();
    w.unmount();
  });

  it('stops the file with a reason', async () => {
    answers['POST /development/files/f1/stop'] = () => json(file({ state: 'stopped', next: [], stopped_on: '2026-03-02', stop_reason: '本人申请暂缓' }));
    const w = await mountPage();
    expect($('[data-testid=dev-stop]')!.textContent!.trim()).toBe('停止发展');
    await click('[data-testid=dev-stop]');
    await typeIn('[data-testid=reason-input]', '本人申请暂缓');
    await click('[data-testid=reason-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([['/development/files/f1/stop', { reason: '本人申请暂缓' }]]);
    expect(w.get('[data-testid=dev-file-state]').text()).toBe('已停止');
    expect(w.get('[data-testid=dev-file-details]').text()).toContain('停止发展日期2026-03-02：本人申请暂缓');
    expect($('[data-testid=dev-stop]')).toBeNull();
    expect($('[data-testid=dev-step-form]')).toBeNull();
    w.unmount();
  });

  it('lets a viewer read only', async () => {
    signIn('viewer');
    const w = await mountPage();
    expect($('[data-testid=dev-timeline]')).not.toBeNull();
    expect($('[data-testid=dev-step-form]')).toBeNull();
    expect($('[data-testid=dev-stop]')).toBeNull();
    w.unmount();
  });

  it('says when the file cannot be read', async () => {
    answers['GET /development/files/f1'] = () => json({ status: 404, code: 'not_found', detail: '记录不存在或无权访问' }, 404);
    const w = await mountPage();
    expect($('[data-testid=dev-file-load-error]')!.textContent).toContain('记录不存在或无权访问');
    expect($('[data-testid=dev-timeline]')).toBeNull();
    w.unmount();
  });
});
