// 民主评议党员: the annual democratic appraisal of a branch's members. The
// console side (orglife.read to see, orglife.manage to act at the branch)
// opens a round, closes the rating, proposes grades under the cap on 优秀,
// has a 支部党员大会 confirm them and follows the handling of 不合格; the
// member's side (/my/appraisals) writes a self-assessment, comments on
// colleagues and rates them anonymously, once.
import { api, request } from './client';
import { meetingsApi, type MeetingSummary } from './orglife';

/** 评议等次, best first. */
export type Grade = 'excellent' | 'qualified' | 'basically_qualified' | 'unqualified';
/** open: 自评互评与测评中; rating_closed: 待拟定等次; proposed: 待支部党员大会确认; confirmed: locked. */
export type Stage = 'open' | 'rating_closed' | 'proposed' | 'confirmed';
/** A handling (处置) of a member graded 不合格. */
export type HandlingState = 'pending' | 'in_progress' | 'closed';

/** A code with its Chinese label, as the server lists them for pickers. */
export interface Option {
  code: string;
  label: string;
}

/** A round in its branch's list. Times are RFC 3339 UTC, "" meaning none. */
export interface AppraisalSummary {
  id: string;
  org_id: string;
  org_name: string;
  year: number;
  stage: Stage;
  stage_label: string;
  participant_count: number;
  rated_count: number;
  opened_at: string;
  confirmed_at: string;
}

/** 互评: a named comment one participant wrote on another. */
export interface PeerReview {
  author_id: string;
  author_name: string;
  comment: string;
  updated_at: string;
}

/** Votes per grade of the anonymous rating (匿名测评) of one member. */
export type Tally = Partial<Record<Grade, number>>;

export interface Participant {
  member_id: string;
  name: string;
  /** full 正式党员 / probationary 预备党员. */
  status: string;
  status_label: string;
  self_assessed: boolean;
  self_assessment: string;
  self_updated_at: string;
  rated: boolean;
  peer_reviews: PeerReview[];
  /** null while the tally is hidden (see AppraisalRound.tally_note). */
  tally: Tally | null;
  proposed_grade: Grade | '';
  proposed_grade_label: string;
  final_grade: Grade | '';
  final_grade_label: string;
}

export interface Handling {
  id: string;
  member_id: string;
  name: string;
  status: string;
  status_label: string;
  measure: string;
  measure_label: string;
  /** The measures open to this member (probationary members have their own). */
  measure_options: Option[];
  /** YYYY-MM-DD, "" when none. */
  deadline: string;
  note: string;
  state: HandlingState;
  state_label: string;
  outcome: string;
  opened_at: string;
  decided_at: string;
  closed_at: string;
}

/** The committee's full view of a round (GET /appraisals/{id}). */
export interface AppraisalRound extends AppraisalSummary {
  opened_by_name: string;
  rating_closed_at: string;
  proposed_at: string;
  /** The 支部党员大会 that confirmed the grades. */
  meeting: { id: string; topic: string; starts_at: string } | null;
  /** The share of participants who may be 优秀, e.g. "1/3". */
  excellent_cap: string;
  excellent_max: number;
  self_assessed_count: number;
  peer_review_count: number;
  tally_visible: boolean;
  /** Why the tally is hidden (rating still open, or too few raters to stay anonymous). */
  tally_note: string;
  participants: Participant[];
  handlings: Handling[];
  grade_options: Option[];
  can_manage: boolean;
}

export interface AppraisalHistoryItem {
  id: string;
  kind: string;
  at: string;
  actor_name: string;
  detail: string;
}

/** PUT /appraisals/{id}/handlings/{hid}. */
export interface HandlingDecision {
  measure: string;
  /** YYYY-MM-DD or "" (限期改正 then defaults to a year after the confirmation). */
  deadline: string;
  note: string;
}

/** Another participant as a member sees them, with the member's own comment on them. */
export interface Colleague {
  member_id: string;
  name: string;
  my_comment: string;
}

/** A round as one of its participants sees it (GET /my/appraisals[/{id}]). */
export interface MyAppraisal {
  id: string;
  org_id: string;
  org_name: string;
  year: number;
  stage: Stage;
  stage_label: string;
  /** Self-assessment, comments and the rating are accepted. */
  open: boolean;
  self_assessment: string;
  self_updated_at: string;
  rated: boolean;
  colleagues: Colleague[];
  /** The member's own grade, once confirmed; never anyone else's. */
  grade: Grade | '';
  grade_label: string;
  grade_options: Option[];
  opened_at: string;
  confirmed_at: string;
}

export type Grades = Record<string, Grade>;

/** Limits the server enforces, in characters. */
export const SELF_MAX = 2000;
export const PEER_MAX = 500;
export const NOTE_MAX = 1000;

/** The measures that carry a deadline (期限): 限期改正 and 延长预备期. */
export const DEADLINE_MEASURES: ReadonlySet<string> = new Set(['rectify', 'extend_probation']);

const a = (id: string) => `/appraisals/${encodeURIComponent(id)}`;
const o = (id: string) => `/orgs/${encodeURIComponent(id)}/appraisals`;
const my = (id: string) => `/my/appraisals/${encodeURIComponent(id)}`;

export const appraisalApi = {
  list: (orgId: string) => api.get<{ items: AppraisalSummary[] }>(o(orgId)),
  /** 409 appraisal_exists when the branch already has that year's round. */
  open: (orgId: string, year: number) => api.post<AppraisalRound>(o(orgId), { year }),
  /** 404 when the branch has no round for the year. */
  byYear: (orgId: string, year: number) => api.get<AppraisalRound>(`${o(orgId)}/${year}`),
  get: (id: string) => api.get<AppraisalRound>(a(id)),
  history: (id: string) => api.get<{ items: AppraisalHistoryItem[] }>(`${a(id)}/history`),
  closeRating: (id: string) => api.post<AppraisalRound>(`${a(id)}/close-rating`),
  /** 422 excellent_cap_exceeded (rule in detail) or validation_failed (grades.<member_id>). */
  propose: (id: string, grades: Grades) => request<AppraisalRound>('PUT', `${a(id)}/proposal`, { body: { grades } }),
  /** meeting_id: a 支部党员大会 of the branch that has begun. */
  confirm: (id: string, meeting_id: string) => api.post<AppraisalRound>(`${a(id)}/confirm`, { meeting_id }),
  decide: (id: string, hid: string, body: HandlingDecision) =>
    request<Handling>('PUT', `${a(id)}/handlings/${encodeURIComponent(hid)}`, { body }),
  closeHandling: (id: string, hid: string, outcome: string) =>
    api.post<Handling>(`${a(id)}/handlings/${encodeURIComponent(hid)}/close`, { outcome }),
  /** The branch's 支部党员大会 not cancelled, newest first: the meetings that may confirm the grades. */
  assemblies: async (orgId: string): Promise<MeetingSummary[]> => {
    const r = await meetingsApi.list({ org_id: orgId, kind: 'member_assembly' }, 1, 100);
    return (r.items || []).filter((m) => m.org_id === orgId && m.state !== 'cancelled');
  },
};

export const myAppraisalApi = {
  list: () => api.get<{ items: MyAppraisal[] }>('/my/appraisals'),
  get: (id: string) => api.get<MyAppraisal>(my(id)),
  saveSelf: (id: string, text: string) => request<MyAppraisal>('PUT', `${my(id)}/self`, { body: { text } }),
  savePeer: (id: string, memberId: string, comment: string) =>
    request<MyAppraisal>('PUT', `${my(id)}/peers/${encodeURIComponent(memberId)}`, { body: { comment } }),
  /** Once: 409 already_rated afterwards. Only counters are stored, never who gave which grade. */
  rate: (id: string, grades: Grades) => api.post<MyAppraisal>(`${my(id)}/ratings`, { grades }),
};

/** The note every rater reads before rating. */
export const ANONYMITY_NOTE = '匿名测评：系统只记录各等次票数，不记录您给谁打了什么等次';

export const GRADE_TAG: Record<Grade, 'success' | 'primary' | 'warning' | 'danger'> = {
  excellent: 'success',
  qualified: 'primary',
  basically_qualified: 'warning',
  unqualified: 'danger',
};

/** How far a round has gone, as finished steps of 自评互评与测评 → 结束测评 → 拟定等次 → 党员大会确认. */
export function stageStep(stage: Stage): number {
  return { open: 0, rating_closed: 2, proposed: 3, confirmed: 4 }[stage] ?? 0;
}

/** The committee may (re)propose grades once the rating is closed and until the confirmation. */
export function canPropose(r: Pick<AppraisalRound, 'stage' | 'can_manage'>): boolean {
  return r.can_manage && (r.stage === 'rating_closed' || r.stage === 'proposed');
}

/** The cap on 优秀 as the proposal stands: how many, the most allowed, and whether it is exceeded. */
export function excellentCount(grades: Record<string, string>, max: number): { count: number; max: number; over: boolean } {
  const count = Object.values(grades).filter((g) => g === 'excellent').length;
  return { count, max, over: count > max };
}

/** The participants still without a grade in the proposal. */
export function ungraded(participants: Pick<Participant, 'member_id' | 'name'>[], grades: Record<string, string>): string[] {
  return participants.filter((p) => !grades[p.member_id]).map((p) => p.name);
}

/** proposalGrades is the body's grades: one per participant, nobody else. */
export function proposalGrades(participants: Pick<Participant, 'member_id'>[], grades: Record<string, string>): Grades {
  const out: Grades = {};
  for (const p of participants) if (grades[p.member_id]) out[p.member_id] = grades[p.member_id] as Grade;
  return out;
}

/** tallyText renders a member's anonymous votes: "优秀 3 · 合格 5 · 基本合格 0 · 不合格 0". */
export function tallyText(t: Tally | null, options: Option[]): string {
  if (!t) return '—';
  return options.map((o) => `${o.label} ${t[o.code as Grade] ?? 0}`).join(' · ');
}
