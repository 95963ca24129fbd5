// 积分奖扣: the list of the subtree by state, approve (the server's 403
// same_person "须由另一人审批" shown plainly) and reject with a reason, and the
// request form: member, 加分/扣分, points, date, reason and evidence are all
// required before anything is sent; the server's field errors come back on
// the fields.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import PointsAwardsView from '../src/console/views/PointsAwardsView.vue';
import type { Award } from '../src/api/points';
import { clearSession } from '../src/stores/session';
import { today } from '../src/utils/date';
import { errorsShown, json, mockApi, problem, settle, writes, type Answer, type Call } from './orglifeMock';
import { $, $$, byTestid, click, mountAt, signIn, typeIn } from './duesHarness';

function award(id: string, over: Partial<Award> = {}): Award {
  return {
    id, org_id: 'b1', org_name: '机关第一党支部', member_id: 'm1', member_name: '张三', points: 5, on: '2026-05-12',
    reason: '抗洪抢险中带头值守', files: [{ id: 'f1', name: '表扬信.pdf' }], state: 'pending', state_label: '待审批',
    requested_by: '王书记', requested_at: '2026-05-13T02:00:00Z', decided_by: '', decided_at: '', decision_note: '',
    ...over,
  };
}

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  signIn('party_worker');
  answers = {
    'GET /orgs/root': () => json({ id: 'root', name: '机关党委', path: [] }),
    'GET /orgs/root/points/awards': (c) =>
      json({
        items:
          c.query.get('state') === 'approved'
            ? [award('a3', { state: 'approved', state_label: '已批准', decided_by: '李委员', decided_at: '2026-05-14T02:00:00Z' })]
            : [award('a1'), award('a2', { member_name: '李四', points: -3, reason: '无故缺席两次主题党日' })],
      }),
    'POST /points/awards/a1/approve': () => json(award('a1', { state: 'approved' })),
    'POST /points/awards/a1/reject': () => json(award('a1', { state: 'rejected' })),
    'GET /members': () => json({ items: [{ id: 'm7', name: '赵六', org_name: '机关第二党支部', phone: '138****0007' }], total: 1, page: 1, page_size: 20 }),
    'POST /orgs/root/points/evidence': () => json({ id: 'f9', name: '现场照片.jpg', size: 2048, content_type: 'image/jpeg' }),
    'POST /orgs/root/points/awards': (c) => json(award('a9', { ...(c.body as object), state: 'pending' })),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

const mountPage = (query = '?org=root') => mountAt(PointsAwardsView, '/points/awards' + query);
const rows = () => $$('[data-testid=awards-table] .el-table__body tr');

async function chooseFile(name: string, size = 2048) {
  const input = $('[data-testid=award-evidence-input]') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [new File(['x'.repeat(size)], name)], configurable: true });
  input.dispatchEvent(new Event('change'));
  await settle();
}

async function pickMember() {
  ($('input[data-testid=award-member-picker-input]') as HTMLInputElement).focus();
  await settle();
  await click('[data-testid=award-member-picker-option]');
  expect($('[data-testid=award-member-picker] .el-tag')!.textContent).toContain('赵六');
}

describe('PointsAwardsView: the list', () => {
  it('lists the pending awards and deductions of the subtree with reason and evidence', async () => {
    const { w } = await mountPage();
    expect(calls.find((c) => c.path === '/orgs/root/points/awards')!.query.get('state')).toBe('pending');
    expect($$('[data-testid=award-member]').map((e) => e.textContent)).toEqual(['张三', '李四']);
    expect($$('[data-testid=award-points]').map((e) => e.textContent)).toEqual(['+5', '-3']);
    expect(rows()[0].textContent).toContain('抗洪抢险中带头值守');
    expect(rows()[0].textContent).toContain('证明材料：表扬信.pdf');
    expect($('[data-testid=award-file]')!.getAttribute('href')).toBe('/api/v1/points/awards/a1/files/f1');
    expect(rows()[0].textContent).toContain('王书记');
    expect(rows()[0].textContent).toContain('2026-05-13 10:00');
    expect($$('[data-testid=award-approve]')).toHaveLength(2);
    w.unmount();
  });

  it('switches state through the address; decided ones have no actions', async () => {
    const { w, router } = await mountPage();
    byTestid(w, 'ElRadioGroup', 'awards-state').vm.$emit('update:modelValue', 'approved');
    await settle();
    expect(router.currentRoute.value.query).toMatchObject({ org: 'root', state: 'approved' });
    expect(calls.filter((c) => c.path === '/orgs/root/points/awards').map((c) => c.query.get('state'))).toEqual(['pending', 'approved']);
    expect($$('[data-testid=award-state]').map((e) => e.textContent)).toEqual(['已批准']);
    expect(rows()[0].textContent).toContain('李委员 · 2026-05-14 10:00');
    expect(w.find('[data-testid=award-approve]').exists()).toBe(false);
    w.unmount();
  });

  it('says plainly when the approver is the one who asked (403 须由另一人审批)', async () => {
    answers['POST /points/awards/a1/approve'] = () => problem(403, 'same_person', '须由另一人审批');
    const { w } = await mountPage();
    await w.findAll('[data-testid=award-approve]')[0].trigger('click');
    await settle();
    await click('.award-approve-ok');
    expect(writes(calls).map((c) => c.path)).toEqual(['/points/awards/a1/approve']);
    const alert = w.get('[data-testid=award-decide-error]').text();
    expect(alert).toContain('须由另一人审批');
    expect(alert).toContain('须由另一位有审批权限的同志审批');
    // Nothing else happened: the list was not reloaded, the award is still pending.
    expect(calls.filter((c) => c.path === '/orgs/root/points/awards')).toHaveLength(1);
    w.unmount();
  });

  it('approves after confirmation and reloads the list', async () => {
    const { w } = await mountPage();
    await w.findAll('[data-testid=award-approve]')[0].trigger('click');
    await settle();
    expect(document.querySelector('.el-message-box')!.textContent).toContain('批准张三 加 5 分？');
    await click('.award-approve-ok');
    expect(writes(calls).map((c) => c.path)).toEqual(['/points/awards/a1/approve']);
    expect(calls.filter((c) => c.path === '/orgs/root/points/awards')).toHaveLength(2);
    expect(w.find('[data-testid=award-decide-error]').exists()).toBe(false);
    w.unmount();
  });

  it('rejects with a reason', async () => {
    const { w } = await mountPage();
    await w.findAll('[data-testid=award-reject]')[0].trigger('click');
    await settle();
    await click('[data-testid=reason-submit]');
    expect($('[data-testid=reason-error]')!.textContent).toBe('请填写原因');
    expect(writes(calls)).toHaveLength(0);
    await typeIn('[data-testid=reason-input]', '证明材料不足');
    await click('[data-testid=reason-submit]');
    expect(writes(calls)).toEqual([expect.objectContaining({ path: '/points/awards/a1/reject', body: { reason: '证明材料不足' } })]);
    w.unmount();
  });

  it('is read-only for a viewer', async () => {
    signIn('viewer');
    const { w } = await mountPage();
    expect(w.find('[data-testid=award-new]').exists()).toBe(false);
    expect(w.find('[data-testid=award-approve]').exists()).toBe(false);
    expect($$('[data-testid=award-member]')).toHaveLength(2);
    w.unmount();
  });

  it('shows the empty list and the error with a retry', async () => {
    answers['GET /orgs/root/points/awards'] = () => problem(500, 'internal', '服务器内部错误');
    const { w } = await mountPage();
    expect(w.get('[data-testid=awards-error]').text()).toContain('服务器内部错误');
    answers['GET /orgs/root/points/awards'] = () => json({ items: [] });
    await w.get('[data-testid=awards-error] button').trigger('click');
    await settle();
    expect(w.find('[data-testid=awards-error]').exists()).toBe(false);
    expect(w.get('[data-testid=awards-table]').text()).toContain('暂无待审批的奖扣');
    w.unmount();
  });
});

describe('PointsAwardsView: the request', () => {
  it('requires the member, the reason and the evidence before sending anything', async () => {
    const { w } = await mountPage();
    await w.get('[data-testid=award-new]').trigger('click');
    await settle();
    await click('[data-testid=award-submit]');
    await errorsShown();
    const dialog = $('[data-testid=award-dialog]')!.closest('.el-dialog')!.textContent!;
    expect(dialog).toContain('请选择党员');
    expect(dialog).toContain('请填写奖扣理由');
    expect(dialog).toContain('请上传证明材料');
    expect(writes(calls)).toHaveLength(0);
    w.unmount();
  });

  it('refuses a date after today and a file type the store does not take', async () => {
    const { w } = await mountPage();
    await w.get('[data-testid=award-new]').trigger('click');
    await settle();
    byTestid(w, 'ElDatePicker', 'award-on').vm.$emit('update:modelValue', '2999-01-01');
    await chooseFile('script.exe');
    await click('[data-testid=award-submit]');
    await errorsShown();
    const dialog = $('[data-testid=award-dialog]')!.closest('.el-dialog')!.textContent!;
    expect(dialog).toContain('日期不能晚于今天');
    expect(dialog).toContain('请上传证明材料');
    expect($('[data-testid=award-evidence-problem]')!.textContent).toContain('script.exe：不支持的文件类型');
    expect(writes(calls)).toHaveLength(0);
    w.unmount();
  });

  it('uploads the evidence and sends a deduction as negative points', async () => {
    const { w } = await mountPage();
    await w.get('[data-testid=award-new]').trigger('click');
    await settle();
    await pickMember();
    byTestid(w, 'ElRadioGroup', 'award-sign').vm.$emit('update:modelValue', -1);
    byTestid(w, 'ElInputNumber', 'award-points-input').vm.$emit('update:modelValue', 5);
    await typeIn('[data-testid=award-reason]', '  无故缺席主题党日  ');
    await chooseFile('现场照片.jpg');
    expect($$('[data-testid=award-evidence-item]').map((e) => e.textContent!.trim())).toEqual([expect.stringContaining('现场照片.jpg')]);
    await click('[data-testid=award-submit]');
    const sent = writes(calls).map((c) => [c.path, c.body]);
    expect(sent).toEqual([
      ['/orgs/root/points/evidence', undefined],
      ['/orgs/root/points/awards', { member_id: 'm7', points: -5, on: today(), reason: '无故缺席主题党日', file_ids: ['f9'] }],
    ]);
    expect(calls.filter((c) => c.path === '/orgs/root/points/awards' && c.method === 'GET')).toHaveLength(2);
    w.unmount();
  });

  it('shows the server\'s field errors on the fields', async () => {
    answers['POST /orgs/root/points/awards'] = () =>
      json({ status: 422, code: 'validation_failed', detail: '提交的内容有误', errors: [{ field: 'member_id', message: '该党员不在本组织' }] }, 422);
    const { w } = await mountPage();
    await w.get('[data-testid=award-new]').trigger('click');
    await settle();
    await pickMember();
    await typeIn('[data-testid=award-reason]', '带头值守');
    await chooseFile('表扬信.pdf');
    await click('[data-testid=award-submit]');
    await errorsShown();
    expect($('[data-testid=award-dialog]')!.closest('.el-dialog')!.textContent).toContain('该党员不在本组织');
    w.unmount();
  });
});
