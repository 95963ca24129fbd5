// 两优一先 (表彰评选) and 光荣在党50年 for the console (assessment.read to
// see, assessment.manage to write). An organization opens a round for a year
// with a quota per kind and the disqualifiers that year's notice names; the
// server computes who is eligible and why not, checks every nomination, lets
// only the round's organization decide (403 upper_only below it) within the
// quotas (409 quota_full), and publishes the results to the members' records.
// Dates are "YYYY-MM-DD".
import { api, download } from './client';
import type { LabelMap } from '../labels';

/** 优秀共产党员, 优秀党务工作者, 先进基层党组织. */
export type CommendationKind = 'excellent_member' | 'excellent_worker' | 'advanced_org';

/** The candidate's nomination in the round ("" when not nominated; a withdrawn one does not count). */
export const NOMINATION_STATE: LabelMap = { pending: '已提名，待审批', approved: '已批准', rejected: '未批准' };
export const NOMINATION_STATE_TAG: Record<string, 'warning' | 'success' | 'info'> = { pending: 'warning', approved: 'success', rejected: 'info', withdrawn: 'info' };

/** One entry of the disqualifier catalogue: manual ones are the marks an organization records (诫勉, 党纪处分 …), the others come from the year's figures. */
export interface Disqualifier {
  key: string;
  label: string;
  manual: boolean;
}

/** GET /commendations/catalog: the kinds and the disqualifiers a round chooses from. */
export interface Catalog {
  kinds: { kind: CommendationKind; label: string; for_org: boolean }[];
  disqualifiers: Disqualifier[];
}

export interface RoundKind {
  kind: CommendationKind;
  kind_label: string;
  quota: number;
  /** Nominations approved and waiting, counted by the server over the whole round. */
  approved: number;
  pending: number;
}

export interface Round {
  id: string;
  org_id: string;
  org_name: string;
  year: number;
  title: string;
  kinds: RoundKind[];
  disqualifiers: Disqualifier[];
  nominate_until: string;
  state: 'open' | 'closed';
  state_label: string;
  created_by: string;
  created_at: string;
  published_by: string;
  published_at: string;
  /** The caller decides for the round's organization (approves, rejects, publishes). */
  can_decide: boolean;
}

export interface Nomination {
  id: string;
  round_id: string;
  kind: CommendationKind;
  kind_label: string;
  /** "" when an organization is nominated. */
  member_id: string;
  /** The nominated organization, or the member's organization. */
  org_id: string;
  name: string;
  deeds: string;
  state: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  state_label: string;
  nominated_by_org_id: string;
  nominated_by_org_name: string;
  nominated_by: string;
  nominated_at: string;
  decided_by: string;
  decided_at: string;
  decision_note: string;
  /** Judged again as of now: a nominee may have become ineligible since (a 诫勉 recorded later). */
  eligible: boolean;
  reasons: string[] | null;
}

/** GET /commendations/{rid}: the round with the nominations the caller may see. */
export interface RoundDetail extends Round {
  nominations: Nomination[] | null;
}

export interface RoundInput {
  year: number;
  title: string;
  kinds: { kind: CommendationKind; quota: number }[];
  disqualifiers: string[];
  nominate_until: string;
}

/** One candidate of a kind: a member (member_id, org_id its organization) or an organization (org_id only), with the reasons it may not be nominated. */
export interface EligibilityItem {
  member_id?: string;
  org_id: string;
  name: string;
  org_name: string;
  eligible: boolean;
  reasons: string[] | null;
  nomination_state: '' | 'pending' | 'approved' | 'rejected';
}

export interface NominationInput {
  kind: CommendationKind;
  member_id?: string;
  org_id?: string;
  deeds: string;
}

/** A disqualifier mark recorded by an organization for a member and a year; revoked ones stay listed. */
export interface Mark {
  id: string;
  member_id: string;
  member_name: string;
  member_org_id: string;
  year: number;
  kind: string;
  kind_label: string;
  reason: string;
  on: string;
  /** The organization that recorded it (and alone may revoke it). */
  org_id: string;
  org_name: string;
  recorded_by: string;
  recorded_at: string;
  revoked: boolean;
  revoked_by: string;
  revoked_at: string;
  revoke_reason: string;
}

export interface MarkInput {
  member_id: string;
  year: number;
  kind: string;
  reason: string;
  on: string;
}

export interface GoldenMember {
  member_id: string;
  name: string;
  org_id: string;
  org_name: string;
  full_member_on: string;
  party_years: number;
}

/** 光荣在党50年 of a year: members whose party age (from 转正) reaches 50 by cutoff ("YYYY-07-01"). */
export interface GoldenList {
  org_id: string;
  org_name: string;
  year: number;
  cutoff: string;
  items: GoldenMember[] | null;
}

const o = (id: string) => `/orgs/${encodeURIComponent(id)}/commendations`;
const r = (id: string) => `/commendations/${encodeURIComponent(id)}`;
const n = (id: string) => `/commendations/nominations/${encodeURIComponent(id)}`;

export const commendationsApi = {
  catalog: () => api.get<Catalog>('/commendations/catalog'),
  rounds: (orgId: string) => api.get<{ items: Round[] | null }>(o(orgId)),
  open: (orgId: string, body: RoundInput) => api.post<Round>(o(orgId), body),
  get: (id: string) => api.get<RoundDetail>(r(id)),
  /** orgId: whose candidates (the caller's organization inside the round); empty: the round's organization. */
  eligibility: (id: string, kind: CommendationKind, orgId = '') =>
    api.get<{ items: EligibilityItem[] | null }>(`${r(id)}/eligibility`, { kind, org_id: orgId }),
  nominate: (id: string, body: NominationInput) => api.post<Nomination>(`${r(id)}/nominations`, body),
  approve: (nid: string, note = '') => api.post<Nomination>(`${n(nid)}/approve`, { note }),
  reject: (nid: string, note: string) => api.post<Nomination>(`${n(nid)}/reject`, { note }),
  withdraw: (nid: string) => api.del<void>(n(nid)),
  publish: (id: string) => api.post<RoundDetail>(`${r(id)}/publish`, {}),

  marks: (orgId: string) => api.get<{ items: Mark[] | null }>(`${o(orgId)}/marks`),
  addMark: (orgId: string, body: MarkInput) => api.post<Mark>(`${o(orgId)}/marks`, body),
  revokeMark: (mid: string, reason: string) => api.post<Mark>(`/commendations/marks/${encodeURIComponent(mid)}/revoke`, { reason }),

  golden: (orgId: string, year: number) => api.get<GoldenList>(`${o(orgId)}/golden`, { year }),
  exportGolden: (orgId: string, year: number) => download(`${o(orgId)}/golden.xlsx`, { year }, `光荣在党50年名单（${year}年）.xlsx`),
};
