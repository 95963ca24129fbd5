// 任期与换届选举 for the console (election.read to see, election.manage to
// write): an organization's current term and its history, the lower
// organizations whose term is over or ending with the written notices sent
// to them, and the election workflow (方案 → 候选人 → 选举大会 → 书记/副书记
// → 完成). The server applies every rule (选举条例) and explains its answer;
// the UI shows what it returns. Dates are "YYYY-MM-DD".
import { api, request } from './client';
import type { SettingItem } from './orglife';

export type TermStatus = 'normal' | 'ending' | 'overdue' | 'none';

export interface CurrentTerm {
  /** 0 when the dates were set by hand rather than by an election recorded here. */
  number: number;
  start_on: string;
  end_on: string;
  status: TermStatus;
  /** Days until the term ends; negative once it is over; null without a term. */
  days_left: number | null;
}

/** 第N届: one row of org_terms. */
export interface Term {
  number: number;
  start_on: string;
  end_on: string;
  election_id: string;
}

export type ElectionState = 'draft' | 'submitted' | 'approved' | 'voting' | 'officers_pending' | 'completed' | 'cancelled';

export interface ElectionSummary {
  id: string;
  state: ElectionState;
  state_label: string;
  planned_on: string;
  completed_on: string;
  created_at: string;
}

export interface TermsPage {
  org: { id: string; name: string; kind: string };
  current: CurrentTerm;
  history: Term[] | null;
  elections: ElectionSummary[] | null;
}

export interface OverdueItem {
  org_id: string;
  org_name: string;
  kind: string;
  term_end: string;
  /** Days past the end of the term; negative: days left. */
  days_overdue: number;
  status: 'overdue' | 'ending';
  notices: number;
  last_notice_on: string;
}

export interface OverduePage {
  items: OverdueItem[] | null;
  total_overdue: number;
  next_cursor: string;
}

/** A written notice (书面通知) the upper organization sent an organization whose term is over. */
export interface TermNotice {
  id: string;
  org_id: string;
  org_name: string;
  from_org_id: string;
  from_org_name: string;
  doc_no: string;
  sent_on: string;
  text: string;
  actor_name: string;
  at: string;
}

export interface NoticeInput {
  org_id: string;
  doc_no: string;
  sent_on: string;
  text: string;
}

export type Post = 'committee' | 'secretary' | 'deputy';
export type Method = '直接选举' | '党员代表大会';

export interface Plan {
  planned_on: string;
  /** 0: no committee (a branch with fewer than 7 full members elects its secretary and deputy directly). */
  seats_committee: number;
  seats_secretary: number;
  seats_deputy: number;
  /** 0 on input: the organization's setting for its kind. */
  term_years: number;
  method: Method;
  note: string;
}

export interface Candidate {
  member_id: string;
  name: string;
  post: Post;
  post_label: string;
  elected: boolean;
}

/** The next round a post needs: the first vote, a revote among the tied, another round (另行选举), or none (filled). */
export type NextRound = 'first' | 'revote' | 'another' | '';

/** Where the election of one post stands, as the server replays its rounds. */
export interface PostProgress {
  post: Post;
  label: string;
  seats: number;
  elected: string[];
  revote: string[];
  revote_seats: number;
  open: number;
  next: NextRound;
  /** The fewest candidates the post needs (committee: seats + a fifth rounded up, 差额; secretary/deputy: the seats). */
  min_candidates: number;
}

/** A voter left out of 应到会 with the reason (出国出境半年以上, 因病不能表达意志 …). */
export interface Excluded {
  member_id: string;
  reason: string;
}

export interface RoundInput {
  held_on: string;
  post: Post;
  /** Only for a 党员代表大会 (the delegates who should attend); a direct election counts the full members. */
  expected: number;
  excluded: Excluded[];
  present: number;
  ballots_issued: number;
  ballots_returned: number;
  invalid_ballots: number;
  /** Another round (另行选举): who stands again. */
  candidates: string[];
  votes: Record<string, number>;
}

/** A round counted, with the server's outcome (voting.ElectionResult). */
export interface Round {
  id: string;
  no: number;
  held_on: string;
  post: Post;
  post_label: string;
  kind: Exclude<NextRound, ''>;
  kind_label: string;
  seats: number;
  expected: number;
  present: number;
  ballots_issued: number;
  ballots_returned: number;
  invalid_ballots: number;
  excluded: Excluded[] | null;
  votes: Record<string, number>;
  /** Most votes first. */
  elected: string[] | null;
  revote: string[] | null;
  revote_seats: number;
  unfilled: number;
  explanation: string;
  actor_name: string;
  at: string;
}

/** organization, publicity, discipline, committee_member; deputy_secretary for a 党委's second deputy. */
export type OfficerRole = 'organization' | 'publicity' | 'discipline' | 'committee_member' | 'deputy_secretary';

export interface OfficersInput {
  secretary_id: string;
  deputy_id: string;
  roles: Record<string, OfficerRole>;
}

export interface Officers extends OfficersInput {
  members: { member_id: string; name: string; title: string; title_label: string }[];
  approved: boolean;
  approved_on: string;
}

/** One decision on the election (拟订, 报批, 批复, 退回, 投票 …). */
export interface LogEntry {
  at: string;
  action: string;
  action_label: string;
  actor_name: string;
  note: string;
}

export interface Election {
  id: string;
  org_id: string;
  org_name: string;
  org_kind: string;
  state: ElectionState;
  state_label: string;
  plan: Plan;
  candidates: Candidate[] | null;
  posts: PostProgress[] | null;
  rounds: Round[] | null;
  officers: Officers | null;
  approvals: LogEntry[] | null;
  approved_on: string;
  return_reason: string;
  cancel_reason: string;
  completed_on: string;
  term: Term | null;
  version: number;
  created_at: string;
  /** The caller decides for the upper organization (批复方案, 批准书记、副书记). */
  can_decide: boolean;
  /** 应到会: the full members of the organization's subtree who may vote now, before any left out of a round. */
  voters_expected: number;
}

export interface ElectionSettings {
  org_id: string;
  items: SettingItem[];
}

const o = (id: string) => `/orgs/${encodeURIComponent(id)}`;
const e = (id: string) => `/elections/${encodeURIComponent(id)}`;

export const electionsApi = {
  terms: (orgId: string) => api.get<TermsPage>(`${o(orgId)}/terms`),
  /** within: months ahead (0–24); null: the organization's setting (elections.ending_months). */
  overdue: (orgId: string, within: number | null, cursor = '', limit = 50) =>
    api.get<OverduePage>(`${o(orgId)}/terms/overdue`, { within, cursor, limit }),
  notices: (orgId: string, overdueOrgId: string) =>
    api.get<{ items: TermNotice[] | null }>(`${o(orgId)}/terms/notices`, { org_id: overdueOrgId }),
  sendNotice: (orgId: string, body: NoticeInput) => api.post<TermNotice>(`${o(orgId)}/terms/notices`, body),

  create: (orgId: string, plan: Plan) => api.post<Election>(`${o(orgId)}/elections`, plan),
  get: (id: string) => api.get<Election>(e(id)),
  savePlan: (id: string, plan: Plan) => request<Election>('PUT', `${e(id)}/plan`, { body: plan }),
  submit: (id: string) => api.post<Election>(`${e(id)}/submit`, {}),
  approve: (id: string, note: string) => api.post<Election>(`${e(id)}/approve`, { note }),
  giveBack: (id: string, reason: string) => api.post<Election>(`${e(id)}/return`, { reason }),
  saveCandidates: (id: string, candidates: { member_id: string; post: Post }[]) =>
    request<Election>('PUT', `${e(id)}/candidates`, { body: { candidates } }),
  addRound: (id: string, round: RoundInput) => api.post<Election>(`${e(id)}/rounds`, round),
  saveOfficers: (id: string, officers: OfficersInput) => request<Election>('PUT', `${e(id)}/officers`, { body: officers }),
  approveOfficers: (id: string, note: string) => api.post<Election>(`${e(id)}/approve-officers`, { note }),
  complete: (id: string) => api.post<Election>(`${e(id)}/complete`, {}),
  cancel: (id: string, reason: string) => api.post<Election>(`${e(id)}/cancel`, { reason }),

  settings: (orgId: string) => api.get<ElectionSettings>(`${o(orgId)}/elections/settings`),
  /** A null value removes the organization's own value (the inherited one applies again). */
  saveSettings: (orgId: string, values: Record<string, string | null>) =>
    request<ElectionSettings>('PUT', `${o(orgId)}/elections/settings`, { body: { values } }),
};
