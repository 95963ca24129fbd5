// 收缴与上缴, 党费设置 and the printable receipt: confirming a child's
// remittance, the statement with the Centre's 5% at the root, settings with
// provenance, the receipt's stamp and PDF link, and their empty/error states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import DuesCollectionView from '../src/console/views/DuesCollectionView.vue';
import DuesSettingsView from '../src/console/views/DuesSettingsView.vue';
import DuesReceiptView from '../src/console/views/DuesReceiptView.vue';
import { clearSession } from '../src/stores/session';
import { component, json, mockApi, settle, writes, type Answer, type Call } from './orglifeMock';
import { $, click, mountAt, signIn } from './duesHarness';

const remittance = (id: string, from: string, to: string, state: 'sent' | 'confirmed') => ({
  id, from_org_id: from, from_org_name: from === 'b1' ? '机关第一党支部' : '机关党委', to_org_id: to, to_org_name: to === 'root' ? '机关党委' : '市直机关工委',
  period: '2026-10', collected_fen: 482000, received_fen: 0, retain_bp: 0, retained_fen: 0, remitted_fen: 482000, centre_fen: 0, state,
  sent_at: 0, sent_by: '书记', confirmed_at: 0, confirmed_by: '', note: '',
});

const statementRow = (period: string, closed: boolean) => ({ period, collected_fen: 10000, received_fen: 482000, retained_fen: 0, remitted_fen: 0, centre_fen: 0, closed });

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  signIn('org_admin');
  answers = {
    'GET /orgs/root': () => json({ id: 'root', name: '机关党委', path: [] }),
    'GET /orgs/root/dues/remittances': () => json({ incoming: [remittance('x1', 'b1', 'root', 'sent')], outgoing: null }),
    'GET /orgs/root/dues/statement': () =>
      json({
        org_id: 'root', org_name: '机关党委', year: 2026, month: '',
        rows: [statementRow('2026-09', true), statementRow('2026-10', false)],
        totals: { collected_fen: 20000, received_fen: 964000, retained_fen: 0, remitted_fen: 0, centre_fen: 0 },
        centre: { share_bp: 500, year_total_fen: 984000, due_fen: 49200, voluntary_fen: 100000, deadline: '2027-04-30' },
      }),
    'POST /dues/remittances/x1/confirm': () => json({ ...remittance('x1', 'b1', 'root', 'confirmed'), note: '已到账' }),
  };
  calls = mockApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

describe('DuesCollectionView', () => {
  const mountPage = async () => (await mountAt(DuesCollectionView, '/dues/collection?org=root&year=2026')).w;

  it("confirms a child's remittance with a note", async () => {
    const w = await mountPage();
    expect(w.get('[data-testid=remit-incoming]').text()).toContain('机关第一党支部');
    expect(w.get('[data-testid=remit-incoming]').text()).toContain('4,820.00 元');
    expect(w.get('[data-testid=remit-outgoing]').text()).toContain('暂无上缴记录');
    await w.get('[data-testid=remit-confirm]').trigger('click');
    await settle();
    const input = document.querySelector<HTMLInputElement>('.el-message-box input')!;
    input.value = '已到账';
    input.dispatchEvent(new Event('input'));
    await settle(2);
    await click('.remit-confirm-ok');
    expect(writes(calls).map((c) => [c.path, c.body])).toEqual([['/dues/remittances/x1/confirm', { note: '已到账' }]]);
    expect(calls.filter((c) => c.path === '/orgs/root/dues/remittances')).toHaveLength(2);
    w.unmount();
  });

  it("shows the statement with totals and, at the root, the Centre's 5% with its deadline", async () => {
    const w = await mountPage();
    const q = calls.find((c) => c.path === '/orgs/root/dues/statement')!.query;
    expect(q.get('year')).toBe('2026');
    const rows = w.findAll('[data-testid=statement-table] .el-table__body tr').map((r) => r.find('td').text());
    expect(rows).toEqual(['2026年9月', '2026年10月', '合计']);
    expect(w.get('[data-testid=statement-table]').text()).toContain('9,640.00 元');
    expect(w.get('[data-testid=statement-centre]').text()).toContain('全年党费 9,840.00 元 的 5%');
    expect(w.get('[data-testid=centre-due]').text()).toBe('492.00 元');
    expect(w.get('[data-testid=centre-deadline]').text()).toBe('2027年4月30日');
    w.unmount();
  });

  it('shows the error with a retry', async () => {
    answers['GET /orgs/root/dues/remittances'] = () => json({ status: 404, code: 'not_found', detail: '记录不存在或无权访问' }, 404);
    const w = await mountPage();
    expect(w.get('[data-testid=collection-error]').text()).toContain('记录不存在或无权访问');
    expect(w.find('[data-testid=statement-table]').exists()).toBe(false);
    w.unmount();
  });
});

describe('DuesSettingsView', () => {
  const item = (key: string, label: string, value: string, source: 'default' | 'inherited' | 'own', options: string[] | null = null) => ({
    key, label, value, default: value, source, source_org_id: source === 'inherited' ? 'city' : '', source_org_name: source === 'inherited' ? '市直机关工委' : '', options,
  });

  beforeEach(() => {
    answers['GET /orgs/root/dues/settings'] = () =>
      json({
        org_id: 'root',
        items: [
          item('dues.rounding', '党费取整方式', 'half_up', 'inherited', ['half_up', 'down', 'up']),
          item('dues.farmer_fen', '农民党员每月党费（分）', '20', 'default'),
          item('dues.branch_share', '党支部留存比例', '0%', 'own'),
        ],
      });
    answers['PUT /orgs/root/dues/settings'] = () => json({ org_id: 'root', items: [] });
  });

  it('says where each value comes from and saves the changed ones as strings', async () => {
    const { w } = await mountAt(DuesSettingsView, '/dues/settings?org=root');
    expect(w.get('[data-testid="setting-source-dues.rounding"]').text()).toBe('继承自 市直机关工委');
    expect(w.get('[data-testid="setting-source-dues.branch_share"]').text()).toBe('本级设置');
    expect(w.get('[data-testid="setting-hint-dues.farmer_fen"]').text()).toContain('0.20 元');
    component(w, '[data-testid="setting-dues.farmer_fen"] .el-input-number').vm.$emit('update:modelValue', 50);
    await settle(2);
    expect(w.get('[data-testid="setting-hint-dues.farmer_fen"]').text()).toContain('0.50 元');
    await w.get('[data-testid=settings-save]').trigger('click');
    await settle();
    expect(writes(calls).map((c) => c.body)).toEqual([{ values: { 'dues.farmer_fen': '50' } }]);
    w.unmount();
  });

  it('shows the error of a failed load', async () => {
    answers['GET /orgs/root/dues/settings'] = () => json({ status: 500, code: 'internal', detail: '服务器内部错误' }, 500);
    const { w } = await mountAt(DuesSettingsView, '/dues/settings?org=root');
    expect(w.get('[data-testid=settings-error]').text()).toContain('服务器内部错误');
    w.unmount();
  });
});

describe('DuesReceiptView', () => {
  const receipt = (reversed: boolean) => ({
    id: 'r1', number: '2026-000007', org_id: 'b1', org_name: '机关第一党支部', member_id: 'm1', member_name: '张三', kind: 'payment',
    total_fen: 9600, method: 'transfer', method_label: '银行转账', reference: 'T-001', months: ['2026-10', '2026-11'],
    issued_at: Date.UTC(2026, 10, 5, 1, 30), issued_by: '王书记', reversed,
  });
  const mountPage = async () => (await mountAt(DuesReceiptView, '/dues/receipts/r1', '/dues/receipts/:id')).w;

  it('prints the number, member, months, amount and method, with a PDF link', async () => {
    answers['GET /dues/receipts/r1'] = () => json(receipt(false));
    const w = await mountPage();
    expect(w.get('[data-testid=receipt-number]').text()).toBe('2026-000007');
    expect(w.get('[data-testid=receipt-months]').text()).toBe('2026年10月、2026年11月');
    expect(w.get('[data-testid=receipt-amount]').text()).toBe('¥96.00');
    expect(w.get('[data-testid=receipt]').text()).toContain('银行转账（T-001）');
    expect(w.get('[data-testid=receipt]').text()).toContain('2026-11-05 09:30');
    expect(w.find('[data-testid=receipt-reversed]').exists()).toBe(false);
    expect(w.get('[data-testid=receipt-pdf]').attributes('href')).toBe('/api/v1/dues/receipts/r1/pdf');
    w.unmount();
  });

  it('stamps a reversed receipt', async () => {
    answers['GET /dues/receipts/r1'] = () => json(receipt(true));
    const w = await mountPage();
    expect(w.get('[data-testid=receipt-reversed]').text()).toBe('已冲正');
    w.unmount();
  });

  it('shows loading, then the error', async () => {
    let release: (r: Response) => void = () => {};
    answers['GET /dues/receipts/r1'] = () => new Promise<Response>((r) => (release = r)) as unknown as Response;
    const w = await mountPage();
    expect(w.find('[data-testid=receipt-loading]').exists()).toBe(true);
    release(json({ status: 404, code: 'not_found', detail: '记录不存在或无权访问' }, 404));
    await settle();
    expect(w.get('[data-testid=receipt-error]').text()).toContain('记录不存在或无权访问');
    expect($('[data-testid=receipt]')).toBeNull();
    w.unmount();
  });
});
