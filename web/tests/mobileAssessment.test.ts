// 我的年度考核 on the phone: the confirmed grade (or the proposal while the
// branch has not confirmed) with its reasons, attendance, points, 民主评议
// and dues; switching years; the loading, not-a-member and error states.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import MobileAssessment from '../src/mobile/MobileAssessment.vue';
import type { MyAssessment } from '../src/api/assessment';
import { json, mountAt, problem, settle, stubApi, type Answer, type Call } from './mobileOrgLifeHarness';

const mine = (over: Partial<MyAssessment> = {}): MyAssessment => ({
  year: 2026, org_id: 'b1', org_name: '离退休第一党支部', member_id: 'p1', name: '王大爷', status_label: '正式党员',
  attendance: { expected: 12, attended: 11, leave: 1, absent: 0, rate: 92.5 },
  points: 24, appraisal_grade_label: '优秀',
  dues: { months_paid: 11, months_on_time: 10, paid_fen: 26400, arrears_warnings: 0 },
  proposed_grade: 'excellent', proposed_label: '优秀', reasons: ['出席率 92.5%（≥90%）', '积分 24（≥20）'],
  confirmed_grade: '', confirmed_label: '', confirmed_by: '', confirmed_at: '', note: '',
  ...over,
});

let answers: Record<string, Answer>;
let calls: Call[];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-15T04:00:00Z'));
  answers = { 'GET /api/v1/my/assessment': () => json(mine()) };
  calls = stubApi(answers);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const pages = { '/m/assessment': MobileAssessment };

describe('MobileAssessment (我的年度考核)', () => {
  it('shows the proposal with its reasons while the branch has not confirmed, and the year\'s figures', async () => {
    const { w } = await mountAt('/m/assessment', pages);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/my/assessment?year=2026']);
    const grade = w.get('[data-testid=m-assessment-grade]');
    expect(grade.text()).toContain('拟定等次（支部尚未确认）');
    expect(w.get('[data-testid=m-assessment-proposed]').text()).toBe('优秀');
    expect(w.find('[data-testid=m-assessment-confirmed]').exists()).toBe(false);
    expect(w.findAll('[data-testid=m-assessment-reasons] li').map((l) => l.text())).toEqual(['出席率 92.5%（≥90%）', '积分 24（≥20）']);
    expect(w.get('[data-testid=m-assessment-rate]').text()).toContain('92.5%');
    expect(w.get('[data-testid=m-assessment-points]').text()).toContain('24 分');
    expect(w.get('[data-testid=m-assessment-appraisal]').text()).toContain('优秀');
    const dues = w.get('[data-testid=m-assessment-dues]').text();
    expect(dues).toContain('11 个月');
    expect(dues).toContain('264.00 元');
    expect(w.find('[data-testid=m-assessment-arrears]').exists()).toBe(false);
    w.unmount();
  });

  it('shows the confirmed grade with the branch\'s note, no attendance rate without meetings, and arrears', async () => {
    answers['GET /api/v1/my/assessment'] = () =>
      json(mine({
        attendance: { expected: 0, attended: 0, leave: 0, absent: 0, rate: null }, appraisal_grade_label: '',
        dues: { months_paid: 8, months_on_time: 6, paid_fen: 19200, arrears_warnings: 1 },
        proposed_grade: 'basically_qualified', proposed_label: '基本合格', reasons: ['本年度无应参加会议记录', '欠缴党费提醒 1 次（≥1）'],
        confirmed_grade: 'qualified', confirmed_label: '合格', confirmed_by: '王书记', confirmed_at: '2026-12-20T02:00:00Z', note: '已补缴',
      }));
    const { w } = await mountAt('/m/assessment', pages);
    expect(w.get('[data-testid=m-assessment-confirmed]').text()).toBe('合格');
    expect(w.get('[data-testid=m-assessment-grade]').text()).toContain('说明：已补缴');
    expect(w.find('[data-testid=m-assessment-proposed]').exists()).toBe(false);
    expect(w.get('[data-testid=m-assessment-rate]').text()).toContain('—');
    expect(w.get('[data-testid=m-assessment-appraisal]').text()).toContain('未评议');
    expect(w.get('[data-testid=m-assessment-arrears]').text()).toContain('1 次');
    w.unmount();
  });

  it('switches to the year before, never past this year', async () => {
    const { w, router } = await mountAt('/m/assessment', pages);
    expect(w.get('[data-testid=m-assessment-next]').attributes('disabled')).toBeDefined();
    await w.get('[data-testid=m-assessment-prev]').trigger('click');
    await settle();
    expect(router.currentRoute.value.query.year).toBe('2025');
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/my/assessment?year=2026', '/api/v1/my/assessment?year=2025']);
    w.unmount();
  });

  it('shows loading, then the error with a retry', async () => {
    let release: (r: Response) => void = () => {};
    answers['GET /api/v1/my/assessment'] = () => new Promise<Response>((r) => (release = r)) as unknown as Response;
    const { w } = await mountAt('/m/assessment', pages);
    expect(w.find('[data-testid=m-assessment-loading]').exists()).toBe(true);
    release(problem(500, 'internal', '服务器内部错误'));
    await settle();
    expect(w.get('[data-testid=m-assessment-error]').text()).toContain('服务器内部错误');
    answers['GET /api/v1/my/assessment'] = () => json(mine());
    await w.get('[data-testid=m-assessment-error] button').trigger('click');
    await settle();
    expect(w.find('[data-testid=m-assessment-error]').exists()).toBe(false);
    expect(w.get('[data-testid=m-assessment-proposed]').text()).toBe('优秀');
    w.unmount();
  });

  it('says so when the account is not linked to a member', async () => {
    answers['GET /api/v1/my/assessment'] = () => problem(403, 'no_member', '当前账号未关联党员');
    const { w } = await mountAt('/m/assessment', pages);
    expect(w.get('[data-testid=m-assessment-not-member]').text()).toBe('当前账号未关联党员');
    w.unmount();
  });
});
