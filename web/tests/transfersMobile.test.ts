// 流动党员 in the console and 转接设置: our members away (registered and
// ended here), those flowing in (read only, with what they may not do),
// the state filter, and the letter validity setting with its provenance.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import MobileMembersView from '../src/console/views/MobileMembersView.vue';
import TransferSettingsView from '../src/console/views/TransferSettingsView.vue';
import { clearSession } from '../src/stores/session';
import { component, errorsShown, json, mockApi, problem, settle, writes, type Answer, type Call } from './orglifeMock';
import { $, byTestid, click, mountAt, signIn, typeIn } from './duesHarness';
import { mobile } from './transfersHarness';

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-15T04:00:00Z'));
  signIn('org_admin');
  answers = {
    'GET /orgs/b1': () => json({ id: 'b1', name: '机关第一党支部', path: [] }),
    'GET /orgs/b1/mobile-members': (c) =>
      json({ items: c.query.get('direction') === 'in' ? [mobile({ id: 'mm2', member_name: '孙八', org_name: '某村党支部', local_org_name: '机关第一党支部' })] : [mobile()] }),
    'POST /orgs/b1/mobile-members': (c) => json(mobile({ id: 'mm3', ...(c.body as object) }), 201),
    'POST /mobile-members/mm1/end': () => json(mobile({ state: 'ended', state_label: '已结束', ended_on: '2026-11-15' })),
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

const lists = () => calls.filter((c) => c.path === '/orgs/b1/mobile-members').map((c) => Object.fromEntries(c.query));

describe('MobileMembersView', () => {
  it('lists our members away and ends one with its date', async () => {
    const { w } = await mountAt(MobileMembersView, '/transfers/mobile?org=b1');
    expect(lists()).toEqual([{ direction: 'out', state: 'active' }]);
    const table = w.get('[data-testid=mobile-table]').text();
    expect(table).toContain('广东省深圳市南山区');
    expect(table).toContain('LD-2026-031');
    expect(table).toContain('南山街道流动党员党支部');
    expect(table).toContain('138****0001');
    expect(table).toContain('预计 2026-08-31 返回');
    await w.get('[data-testid=mobile-end]').trigger('click');
    await settle();
    expect($('[data-testid=date-note-dialog]')!.textContent).toContain('张三（广东省深圳市南山区）');
    await typeIn('[data-testid=date-note-note]', ' 已返回 ');
    await click('[data-testid=date-note-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([['/mobile-members/mm1/end', { on: '2026-11-15', note: '已返回' }]]);
    expect(lists()).toHaveLength(2);
    w.unmount();
  });

  it('shows those flowing in read-only, with what they may not do here', async () => {
    const { w } = await mountAt(MobileMembersView, '/transfers/mobile?org=b1&dir=in&state=all');
    expect(lists()).toEqual([{ direction: 'in', state: 'all' }]);
    expect(w.get('[data-testid=mobile-in-note]').text()).toContain('无表决权、不能参加选举');
    expect(w.get('[data-testid=mobile-rights]').text()).toBe('无表决权、不能参加选举（在流入地）');
    expect(w.get('[data-testid=mobile-table]').text()).toContain('某村党支部');
    expect(w.find('[data-testid=mobile-end]').exists()).toBe(false);
    expect(w.find('[data-testid=mobile-register]').exists()).toBe(false);
    w.unmount();
  });

  it('registers a member away to a local organization named outside the platform', async () => {
    const { w } = await mountAt(MobileMembersView, '/transfers/mobile?org=b1');
    await w.get('[data-testid=mobile-register]').trigger('click');
    await settle();
    await click('[data-testid=mobile-submit]');
    expect(writes(calls)).toHaveLength(0);
    await errorsShown();
    expect($('[data-testid=mobile-dialog]')!.textContent).toContain('请填写流入地');
    byTestid(w, 'MemberPicker', 'mobile-member').vm.$emit('update:modelValue', { id: 'm1', name: '张三' });
    await typeIn('[data-testid=mobile-whereabouts]', '广东省深圳市南山区');
    await typeIn('[data-testid=mobile-reason]', '外出务工');
    byTestid(w, 'ElRadioGroup', 'mobile-local-kind').vm.$emit('update:modelValue', false);
    await settle(2);
    await typeIn('[data-testid=mobile-local-name]', '南山街道流动党员党支部');
    await typeIn('[data-testid=mobile-contact]', '13800000001');
    byTestid(w, 'ElDatePicker', 'mobile-until').vm.$emit('update:modelValue', '2027-02-28');
    await click('[data-testid=mobile-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([
      ['/orgs/b1/mobile-members', {
        member_id: 'm1', whereabouts: '广东省深圳市南山区', reason: '外出务工', certificate_no: '', local_org_name: '南山街道流动党员党支部',
        contact: '13800000001', since: '2026-11-15', until: '2027-02-28',
      }],
    ]);
    w.unmount();
  });

  it('keeps the dialog with the server\'s refusal of a second active record', async () => {
    answers['POST /orgs/b1/mobile-members'] = () => problem(409, 'mobile_active', '该党员已登记为流动党员（流动中），结束后才能再次登记');
    const { w } = await mountAt(MobileMembersView, '/transfers/mobile?org=b1');
    await w.get('[data-testid=mobile-register]').trigger('click');
    await settle();
    byTestid(w, 'MemberPicker', 'mobile-member').vm.$emit('update:modelValue', { id: 'm1', name: '张三' });
    answers['GET /transfers/targets'] = () => json({ items: [{ id: 'b9', name: '南山街道流动党员党支部', parent_name: '南山区委组织部' }] });
    await typeIn('[data-testid=mobile-local-org-input]', '南山');
    $('[data-testid=mobile-local-org-input]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await settle();
    expect(calls.filter((c) => c.path === '/transfers/targets').map((c) => c.query.get('q'))).toEqual(['南山']);
    await click('[data-testid=mobile-local-org-option]');
    expect($('[data-testid=mobile-local-org-selected]')!.textContent!.trim()).toBe('南山街道流动党员党支部（上级：南山区委组织部）');
    await typeIn('[data-testid=mobile-whereabouts]', '深圳');
    await click('[data-testid=mobile-submit]');
    expect((writes(calls)[0].body as Record<string, unknown>).local_org_id).toBe('b9');
    expect($('[data-testid=mobile-error]')!.textContent).toContain('结束后才能再次登记');
    w.unmount();
  });

  it('says when there is nothing, and shows an error with a retry', async () => {
    answers['GET /orgs/b1/mobile-members'] = () => json({ items: [] });
    const { w } = await mountAt(MobileMembersView, '/transfers/mobile?org=b1&state=ended');
    expect(w.get('[data-testid=mobile-table]').text()).toContain('暂无已结束的外出流动党员');
    answers['GET /orgs/b1/mobile-members'] = () => problem(500, 'internal', '服务器内部错误');
    await w.get('[data-testid=mobile-state-filter] .el-radio-button').trigger('click');
    await settle();
    expect(w.get('[data-testid=mobile-members-error]').text()).toContain('服务器内部错误');
    w.unmount();
  });
});

describe('TransferSettingsView', () => {
  beforeEach(() => {
    answers['GET /orgs/b1/transfers/settings'] = () =>
      json({
        org_id: 'b1',
        items: [{ key: 'transfers.letter_validity_months', label: '介绍信有效期（月）', value: '3', default: '3', source: 'inherited', source_org_id: 'root', source_org_name: '机关党委' }],
      });
    answers['PUT /orgs/b1/transfers/settings'] = () => json({ org_id: 'b1', items: [] });
  });

  it('edits the validity in months with its provenance and saves it as a string', async () => {
    const { w } = await mountAt(TransferSettingsView, '/transfers/settings?org=b1');
    expect(w.get('[data-testid="setting-source-transfers.letter_validity_months"]').text()).toBe('继承自 机关党委');
    expect(w.get('[data-testid="setting-hint-transfers.letter_validity_months"]').text()).toContain('3 个月内有效');
    component(w, '[data-testid="setting-transfers.letter_validity_months"] .el-input-number').vm.$emit('update:modelValue', 6);
    await settle(2);
    await w.get('[data-testid=settings-save]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([['/orgs/b1/transfers/settings', { values: { 'transfers.letter_validity_months': '6' } }]]);
    w.unmount();
  });
});
