// One transfer and its printable 介绍信: the facts, the lapse warnings, the
// history, the steps offered from the side it was opened from, the letter
// and PDF links, the letter's lines, stub and 作废 stamp, and their
// loading and error states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import TransferDetailView from '../src/console/views/TransferDetailView.vue';
import TransferLetterView from '../src/console/views/TransferLetterView.vue';
import { clearSession } from '../src/stores/session';
import { json, mockApi, problem, settle, writes, type Answer, type Call } from './orglifeMock';
import { click, mountAt, signIn } from './duesHarness';
import { transfer } from './transfersHarness';

const history = [
  { at: '2026-11-15T01:30:00Z', action: 'started', action_label: '开具介绍信', actor_name: '王书记', note: '工作调动' },
  { at: '2026-11-20T02:00:00Z', action: 'returned', action_label: '退回', actor_name: '赵书记', note: '未到本支部报到' },
];

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2027-02-10T04:00:00Z'));
  signIn('org_admin');
  answers = {
    'GET /transfers/t1': () => json(transfer({ lapsing: true, history: history.slice(0, 1) })),
    'POST /transfers/t1/accept': () => json(transfer({ state: 'accepted', state_label: '已接收', history })),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  clearSession();
  document.body.innerHTML = '';
});

describe('TransferDetailView', () => {
  const mountPage = async (query = '') => (await mountAt(TransferDetailView, '/transfers/t1' + query, '/transfers/:id')).w;

  it('shows the transfer, its letter with the days left and the history', async () => {
    const w = await mountPage('?side=in');
    const facts = w.get('[data-testid=transfer-facts]').text();
    expect(facts).toContain('机关第一党支部');
    expect(facts).toContain('城关社区党支部');
    expect(facts).toContain('2026年11月');
    expect(w.get('[data-testid=transfer-letter-no]').text()).toBe('2026-0007');
    expect(w.get('[data-testid=transfer-validity]').text()).toBe('2026-11-15 / 2027-02-15');
    expect(w.get('[data-testid=transfer-validity-note]').text()).toContain('介绍信将于 2027-02-15 到期（还有 5 天）');
    expect(w.get('[data-testid=transfer-letter]').attributes('href')).toBe('/transfers/t1/letter');
    expect(w.get('[data-testid=transfer-letter-pdf]').attributes('href')).toBe('/api/v1/transfers/t1/letter.pdf');
    const steps = w.findAll('[data-testid=transfer-step]');
    expect(steps).toHaveLength(1);
    expect(steps[0].text()).toContain('开具介绍信 · 王书记');
    expect(steps[0].text()).toContain('2026-11-15 09:30');
    w.unmount();
  });

  it('offers accept and return to the receiving side and shows the outcome in place', async () => {
    const w = await mountPage('?side=in');
    expect(w.find('[data-testid=transfer-cancel]').exists()).toBe(false);
    await w.get('[data-testid=transfer-accept]').trigger('click');
    await settle();
    await click('.transfer-accept-ok');
    expect(writes(calls).map((c) => c.path)).toEqual(['/transfers/t1/accept']);
    expect(w.get('[data-testid=transfer-state]').text()).toBe('已接收');
    expect(w.find('[data-testid=transfer-accept]').exists()).toBe(false);
    expect(w.find('[data-testid=transfer-validity-note]').exists()).toBe(false);
    expect(w.findAll('[data-testid=transfer-step]')).toHaveLength(2);
    w.unmount();
  });

  it('confirms the 回执 of an outgoing letter about to lapse, with its date', async () => {
    answers['GET /transfers/t1'] = () => json(transfer({ kind: 'outgoing', state: 'issued', state_label: '已开具，待回执', to_org_id: '', to_org_name: '某区委组织部', valid_until: '2027-02-12', lapsing: true }));
    answers['POST /transfers/t1/confirm'] = () => json(transfer({ kind: 'outgoing', state: 'confirmed', state_label: '已转出（回执已收到）' }));
    const w = await mountPage('?side=out');
    expect(w.get('[data-testid=transfer-validity-note]').text()).toContain('介绍信将于 2027-02-12 到期');
    expect(w.find('[data-testid=transfer-accept]').exists()).toBe(false);
    await w.get('[data-testid=transfer-confirm]').trigger('click');
    await settle();
    await click('[data-testid=date-note-submit]');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([['/transfers/t1/confirm', { reported_on: '2027-02-10', note: '' }]]);
    expect(w.get('[data-testid=transfer-state]').text()).toBe('已转出（回执已收到）');
    w.unmount();
  });

  it('shows a returned transfer\'s reason, and no letter for a member registered from outside', async () => {
    answers['GET /transfers/t1'] = () => json(transfer({ state: 'returned', state_label: '已退回', return_reason: '未到本支部报到', history }));
    let w = await mountPage();
    expect(w.get('[data-testid=transfer-return-reason]').text()).toBe('未到本支部报到');
    expect(w.find('[data-testid=transfer-accept]').exists()).toBe(false);
    w.unmount();
    answers['GET /transfers/t1'] = () => json(transfer({ kind: 'incoming', state: 'accepted', state_label: '已接收', letter_no: '〔2026〕15号', valid_until: '' }));
    w = await mountPage();
    expect(w.get('[data-testid=transfer-letter-no]').text()).toBe('〔2026〕15号');
    expect(w.find('[data-testid=transfer-letter]').exists()).toBe(false);
    w.unmount();
  });

  it('shows loading, then an error with a retry', async () => {
    let release: (r: Response) => void = () => {};
    answers['GET /transfers/t1'] = () => new Promise<Response>((r) => (release = r)) as unknown as Response;
    const w = await mountPage();
    expect(w.find('[data-testid=transfer-loading]').exists()).toBe(true);
    release(problem(404, 'not_found', '记录不存在或无权访问'));
    await settle();
    expect(w.get('[data-testid=transfer-error]').text()).toContain('记录不存在或无权访问');
    w.unmount();
  });
});

describe('TransferLetterView', () => {
  const letter = (voided = '') => ({
    title: '中国共产党党员组织关系介绍信', number: '2026-0007',
    body: ['城关社区党支部：', '　　张三同志（正式党员），身份证号码 1101**********1234，系「机关第一党支部」党员，其党员组织关系由「机关第一党支部」转到「城关社区党支部」，请予接转。', '　　该同志党费已交到 2026 年 11 月。', '　　（有效期至 2027年2月15日）'],
    issuer: '机关党委', issued_on: '2026年11月15日', valid_until: '2027-02-15', void: voided,
    stub_title: '中国共产党党员组织关系介绍信回执', stub: ['机关党委：', '　　张三同志的党员组织关系已转达我处，特此回执。（第 2026-0007 号介绍信）', '接收党组织（盖章）', '年　　月　　日'],
  });
  const mountPage = async () => (await mountAt(TransferLetterView, '/transfers/t1/letter', '/transfers/:id/letter')).w;

  it('prints the letter with its number, lines, issuer and 回执 stub, with a PDF link', async () => {
    answers['GET /transfers/t1/letter'] = () => json(letter());
    const w = await mountPage();
    expect(w.get('[data-testid=letter-number]').text()).toBe('2026-0007');
    const lines = w.findAll('[data-testid=letter-line]').map((l) => l.text());
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('身份证号码 1101**********1234');
    expect(w.get('[data-testid=letter-issued-on]').text()).toBe('2026年11月15日');
    expect(w.get('[data-testid=letter]').text()).toContain('机关党委（盖章）');
    expect(w.get('[data-testid=letter-stub]').text()).toContain('特此回执');
    expect(w.find('[data-testid=letter-void]').exists()).toBe(false);
    expect(w.get('[data-testid=letter-pdf]').attributes('href')).toBe('/api/v1/transfers/t1/letter.pdf');
    w.unmount();
  });

  it('stamps a void letter, and shows the refusal for a transfer without one', async () => {
    answers['GET /transfers/t1/letter'] = () => json(letter('本介绍信已作废（已撤销）'));
    let w = await mountPage();
    expect(w.get('[data-testid=letter-void]').text()).toBe('本介绍信已作废（已撤销）');
    w.unmount();
    answers['GET /transfers/t1/letter'] = () => problem(409, 'no_letter', '从系统外转入的党员持外单位开具的介绍信，本系统不另开具');
    w = await mountPage();
    expect(w.get('[data-testid=letter-error]').text()).toContain('本系统不另开具');
    expect(w.get('[data-testid=letter-print]').attributes('disabled')).toBeDefined();
    w.unmount();
  });
});
