// The pure helpers of the 换届 pages: the plan form's 差额 hint against the
// regulation's boundary values and the rule read with the server's minimum,
// how days read, which step an election is at, and who stands in
// the next round as the server tracks it.
import { describe, expect, it } from 'vitest';
import type { Candidate, Election, PostProgress } from '../src/api/elections';
import {
  candidateHintText,
  candidateRuleText,
  daysText,
  electionSettingEditor,
  electionSettingHint,
  electionSettingRange,
  minCandidatesHint,
  newPlan,
  officerRoles,
  planSeatsText,
  roundSeats,
  standing,
  stepOf,
  validateNotice,
} from '../src/utils/elections';

const progress = (p: Partial<PostProgress>): PostProgress => ({
  post: 'committee', label: '委员', seats: 5, elected: [], revote: [], revote_seats: 0, open: 5, next: 'first', min_candidates: 6, ...p,
});

describe('minCandidatesHint (the plan form\'s hint; voting.MinCandidates decides)', () => {
  it.each([
    [5, 6],
    [7, 9],
    [3, 4],
    [1, 2],
    [10, 12],
    [11, 14],
    [0, 0],
  ])('%i seats → at least %i candidates', (seats, min) => {
    expect(minCandidatesHint(seats)).toBe(min);
  });

  it('says the rule with the number and that it is a hint', () => {
    expect(candidateHintText(5)).toBe('委员候选人应多于应选人数20%，至少 6 人（提示，以保存时的校验为准）');
    expect(candidateHintText(7)).toContain('至少 9 人');
  });
});

describe('candidateRuleText', () => {
  it("says the 差额 rule with the server's minimum, not one of its own", () => {
    expect(candidateRuleText(progress({}))).toBe('委员候选人应多于应选人数20%（差额选举），应选 5 名，至少 6 人');
    expect(candidateRuleText(progress({ seats: 7, min_candidates: 9 }))).toContain('应选 7 名，至少 9 人');
    expect(candidateRuleText(progress({ seats: 7, min_candidates: 10 }))).toContain('至少 10 人');
  });

  it('is silent for a post elected without 差额 (as many candidates as seats)', () => {
    expect(candidateRuleText(progress({ post: 'secretary', label: '书记', seats: 1, min_candidates: 1 }))).toBe('');
    expect(candidateRuleText(progress({ post: 'deputy', label: '副书记', seats: 1, min_candidates: 2 }))).toBe('副书记候选人应多于应选人数20%（差额选举），应选 1 名，至少 2 人');
  });
});

describe('daysText', () => {
  it('reads days past the end, the last day and days left', () => {
    expect(daysText(12)).toBe('已超期 12 天');
    expect(daysText(1)).toBe('已超期 1 天');
    expect(daysText(0)).toBe('今天届满');
    expect(daysText(-30)).toBe('还有 30 天届满');
  });
});

describe('stepOf', () => {
  const rounds = [{}] as NonNullable<Election['rounds']>;
  const at = (state: Election['state'], e: Partial<Election> = {}) =>
    stepOf({ state, posts: [], rounds: [], candidates: [], officers: null, ...e });

  it('follows the state and the progress', () => {
    expect(at('draft')).toBe(0);
    expect(at('submitted')).toBe(0);
    expect(at('cancelled')).toBe(0);
    expect(at('approved')).toBe(1);
    expect(at('approved', { candidates: [{ member_id: 'a', name: 'A', post: 'committee', post_label: '', elected: false }] })).toBe(2);
    expect(at('voting', { rounds, posts: [progress({ open: 2, next: 'another', elected: ['a', 'b', 'c'] })] })).toBe(2);
    expect(at('voting', { rounds, posts: [progress({ open: 0, next: '', elected: ['a', 'b', 'c', 'd', 'e'] })] })).toBe(3);
    expect(at('officers_pending')).toBe(3);
    const officers = { secretary_id: 'a', deputy_id: '', roles: {}, members: [], approved: true, approved_on: '2026-05-25' };
    expect(at('officers_pending', { officers })).toBe(4);
    expect(at('completed')).toBe(4);
  });
});

describe('the next round as the server tracks it', () => {
  const cand = (id: string, post: Candidate['post'] = 'committee'): Candidate => ({ member_id: id, name: id.toUpperCase(), post, post_label: '', elected: false });
  const cands = [cand('a'), cand('b'), cand('c'), cand('d'), cand('s', 'secretary')];

  it('puts every candidate of the post on the first ballot', () => {
    expect(standing(cands, progress({ seats: 3, open: 3 })).map((c) => c.member_id)).toEqual(['a', 'b', 'c', 'd']);
    expect(roundSeats(progress({ seats: 3, open: 3 }))).toBe(3);
  });

  it('puts only the tied on a revote, for the revote seats', () => {
    const p = progress({ seats: 3, elected: ['a'], revote: ['b', 'c'], revote_seats: 2, open: 2, next: 'revote' });
    expect(standing(cands, p).map((c) => c.member_id)).toEqual(['b', 'c']);
    expect(roundSeats({ ...p, revote_seats: 1 })).toBe(1);
  });

  it('leaves the elected out of another round, for the open seats', () => {
    const p = progress({ seats: 3, elected: ['a', 'b'], open: 1, next: 'another' });
    expect(standing(cands, p).map((c) => c.member_id)).toEqual(['c', 'd']);
    expect(roundSeats(p)).toBe(1);
  });
});

describe('plans', () => {
  it('starts with a committee of 5 for a 党委 or 总支 and none for a branch, the term from the settings', () => {
    expect(newPlan('committee')).toMatchObject({ seats_committee: 5, seats_secretary: 1, term_years: 0, method: '直接选举' });
    expect(newPlan('general_branch').seats_committee).toBe(5);
    expect(newPlan('branch').seats_committee).toBe(0);
  });

  it('says the seats', () => {
    expect(planSeatsText({ ...newPlan('committee'), seats_deputy: 1 })).toBe('委员 5 名（书记 1 名、副书记 1 名由委员会选举）');
    expect(planSeatsText(newPlan('branch'))).toBe('不设委员会，书记 1 名由党员大会直接选举');
  });

  it("offers a second deputy's role only when the plan has two deputies", () => {
    expect(Object.keys(officerRoles(1))).toEqual(['organization', 'publicity', 'discipline', 'committee_member']);
    expect(officerRoles(2).deputy_secretary).toBe('副书记');
  });
});

describe('notices and settings', () => {
  it('needs the number, the date and the text', () => {
    expect(validateNotice({ doc_no: ' ', sent_on: '', text: '' })).toEqual({ doc_no: '请填写文号', sent_on: '请选择发文日期', text: '请填写通知内容' });
    expect(validateNotice({ doc_no: '机工委〔2026〕3号', sent_on: '2026-03-02', text: '请按期换届' })).toEqual({});
  });

  it('edits term lengths (3–5 years) and the warning months (1–12) as numbers', () => {
    expect(electionSettingEditor({ key: 'elections.term_years_branch' })).toBe('number');
    expect(electionSettingEditor({ key: 'elections.ending_months' })).toBe('number');
    expect(electionSettingRange('elections.term_years_village')).toEqual({ min: 3, max: 5 });
    expect(electionSettingRange('elections.ending_months')).toEqual({ min: 1, max: 12 });
    expect(electionSettingHint('elections.ending_months', '6')).toBe('任期届满前 6 个月起列为“即将届满”');
    expect(electionSettingHint('elections.term_years_branch', 'x')).toBe('');
  });
});
