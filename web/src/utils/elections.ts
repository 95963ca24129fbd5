// Pure helpers of the 任期与换届 pages: labels, how a term's days read, the
// workflow's steps, and the settings' editors. The vote rules themselves
// (差额, 五分之四, 过半数, ties) live on the server (internal/voting): the pages
// show its progress, outcomes and explanations (the 差额 minimum of each post
// included). The one exception is the plan form's live hint while the seats
// are typed, before any election holds them, labelled as such.
import type { LabelMap } from '../labels';
import type { Candidate, Election, ElectionState, Plan, PostProgress, TermStatus } from '../api/elections';

export const TERM_STATUS: LabelMap = { normal: '正常', ending: '即将届满', overdue: '已超期', none: '未登记任期' };
export const TERM_STATUS_TAG: Record<TermStatus, 'success' | 'warning' | 'danger' | 'info'> = {
  normal: 'success',
  ending: 'warning',
  overdue: 'danger',
  none: 'info',
};

/** daysText reads days past a term's end (negative: days left): "已超期 12 天", "今天届满", "还有 30 天届满". */
export function daysText(daysOverdue: number): string {
  if (daysOverdue > 0) return `已超期 ${daysOverdue} 天`;
  if (daysOverdue === 0) return '今天届满';
  return `还有 ${-daysOverdue} 天届满`;
}

/** The server sends state_label; these stand in when it is missing. */
export const ELECTION_STATE: LabelMap = {
  draft: '拟订方案',
  submitted: '待上级审批',
  approved: '上级已批复',
  voting: '选举中',
  officers_pending: '待上级批准书记、副书记',
  completed: '换届完成',
  cancelled: '已取消',
};
export const ELECTION_STATE_TAG: Record<ElectionState, 'info' | 'warning' | 'primary' | 'success'> = {
  draft: 'info',
  submitted: 'warning',
  approved: 'primary',
  voting: 'primary',
  officers_pending: 'warning',
  completed: 'success',
  cancelled: 'info',
};

export const METHODS = ['直接选举', '党员代表大会'] as const;

/** Term lengths a plan may choose; 0 leaves it to the organization's setting. */
export const TERM_YEARS: { value: number; label: string }[] = [
  { value: 0, label: '按本组织设置' },
  { value: 3, label: '3 年' },
  { value: 4, label: '4 年' },
  { value: 5, label: '5 年' },
];

/** newPlan is a blank plan: a committee of 5 for a 党委 or 总支, none for a branch (one with 7 full members sets 3 to 5). */
export function newPlan(orgKind: string): Plan {
  const committee = orgKind === 'committee' || orgKind === 'general_branch';
  return { planned_on: '', seats_committee: committee ? 5 : 0, seats_secretary: 1, seats_deputy: 0, term_years: 0, method: '直接选举', note: '' };
}

/** planSeatsText: "委员 5 名（书记 1 名、副书记 1 名由委员会选举）" or "不设委员会，书记 1 名、副书记 1 名". */
export function planSeatsText(p: Plan): string {
  const officers = `书记 ${p.seats_secretary} 名${p.seats_deputy ? `、副书记 ${p.seats_deputy} 名` : ''}`;
  return p.seats_committee > 0 ? `委员 ${p.seats_committee} 名（${officers}由委员会选举）` : `不设委员会，${officers}由党员大会直接选举`;
}

/** The workflow as the stepper shows it. */
export const STEPS = [
  { key: 'plan', title: '换届方案' },
  { key: 'candidates', title: '候选人' },
  { key: 'rounds', title: '选举大会' },
  { key: 'officers', title: '书记/副书记' },
  { key: 'complete', title: '完成' },
] as const;
export type StepKey = (typeof STEPS)[number]['key'];

/** filled: the server says every post has all its seats. */
export function filled(posts: PostProgress[] | null | undefined): boolean {
  return (posts || []).every((p) => p.next === '');
}

/**
 * stepOf is the index of the step an election is at, as its state and the
 * server's progress say: an approved plan with candidates goes to the
 * meeting; a committee fully elected but without officers is at
 * 书记/副书记 though still "voting"; approved officers wait for 完成.
 */
export function stepOf(e: Pick<Election, 'state' | 'posts' | 'rounds' | 'candidates' | 'officers'>): number {
  switch (e.state) {
    case 'approved':
      return e.candidates?.length ? 2 : 1;
    case 'voting':
      return e.rounds?.length && filled(e.posts) ? 3 : 2;
    case 'officers_pending':
      return e.officers?.approved ? 4 : 3;
    case 'completed':
      return 4;
    default:
      return 0;
  }
}

/**
 * minCandidatesHint is a hint only, for the plan form while the seats are
 * typed and no election holds them yet: seats plus a fifth of them rounded
 * up (5 → 6, 7 → 9, 3 → 4). Once the plan is saved the server's minimum of
 * each post (min_candidates, voting.MinCandidates) is shown instead.
 */
export function minCandidatesHint(seats: number): number {
  return seats > 0 ? seats + Math.ceil(seats / 5) : 0;
}

/** candidateHintText is the plan form's 差额 hint for a committee of seats. */
export function candidateHintText(seats: number): string {
  return `委员候选人应多于应选人数20%，至少 ${minCandidatesHint(seats)} 人（提示，以保存时的校验为准）`;
}

/** candidateRuleText is the 差额 rule of a post with the server's minimum; "" where the post is not elected by 差额. */
export function candidateRuleText(p: Pick<PostProgress, 'label' | 'seats' | 'min_candidates'>): string {
  return p.min_candidates > p.seats ? `${p.label}候选人应多于应选人数20%（差额选举），应选 ${p.seats} 名，至少 ${p.min_candidates} 人` : '';
}

/** nameMap maps member ids to names from the candidates. */
export function nameMap(candidates: Candidate[] | null | undefined): Map<string, string> {
  return new Map((candidates || []).map((c) => [c.member_id, c.name]));
}

/** namesText lists names of ids ("—" when none), the id itself when its name is unknown. */
export function namesText(ids: string[] | null | undefined, names: Map<string, string>): string {
  return (ids || []).map((id) => names.get(id) || id).join('、') || '—';
}

/**
 * standing lists who may be on the next ballot of a post as the server
 * tracks it: the tied when it asks for a revote, else the post's
 * candidates not yet elected.
 */
export function standing(candidates: Candidate[] | null | undefined, p: PostProgress): Candidate[] {
  const ofPost = (candidates || []).filter((c) => c.post === p.post);
  if (p.next === 'revote') return ofPost.filter((c) => p.revote.includes(c.member_id));
  return ofPost.filter((c) => !p.elected.includes(c.member_id));
}

/** roundSeats is how many the next round of a post elects: the revote's seats, else the open ones. */
export function roundSeats(p: PostProgress): number {
  return p.next === 'revote' ? p.revote_seats : p.open;
}

/** The roles the committee's first meeting gives members other than the secretary and deputy. */
export function officerRoles(seatsDeputy: number): LabelMap {
  const roles: Record<string, string> = { organization: '组织委员', publicity: '宣传委员', discipline: '纪检委员', committee_member: '委员' };
  if (seatsDeputy > 1) roles.deputy_secretary = '副书记';
  return roles;
}

// --- notices -------------------------------------------------------------------

export function validateNotice(f: { doc_no: string; sent_on: string; text: string }): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.doc_no.trim()) e.doc_no = '请填写文号';
  if (!f.sent_on) e.sent_on = '请选择发文日期';
  if (!f.text.trim()) e.text = '请填写通知内容';
  return e;
}

// --- settings ------------------------------------------------------------------

const TERM_KEY = 'elections.term_years_';
const ENDING_KEY = 'elections.ending_months';

/** The term lengths and the months of warning are numbers; anything else is typed. */
export function electionSettingEditor(s: { key: string; options?: string[] | null }): 'select' | 'number' | 'text' {
  if (s.options && s.options.length) return 'select';
  return s.key.startsWith(TERM_KEY) || s.key === ENDING_KEY ? 'number' : 'text';
}

/** As the server's catalog: 党章 allows terms of 3 to 5 years; the warning comes 1 to 12 months ahead. */
export function electionSettingRange(key: string): { min: number; max: number } {
  return key === ENDING_KEY ? { min: 1, max: 12 } : { min: 3, max: 5 };
}

export function electionOptionLabel(_key: string, value: string): string {
  return value;
}

export function electionSettingHint(key: string, value: string): string {
  if (!/^\d+$/.test(value)) return '';
  if (key.startsWith(TERM_KEY)) return `每届任期 ${value} 年`;
  if (key === ENDING_KEY) return `任期届满前 ${value} 个月起列为“即将届满”`;
  return '';
}
