// 党员积分 for the console (points.read to see, points.manage to write) and
// the member's own page (/my/points). Points come only from recorded events
// (meetings, dues, 民主评议, 表彰) and from manual awards approved by a second
// person; the ledger is append-only, a correction shows as a reversal line.
// Upper levels see distributions without names; rankings exist only inside a
// branch that switched them on (指尖上的形式主义 rules: off by default).
import { computed, ref, watch, type Ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { ApiError, api, buildUrl, errorMessage, request } from './client';
import type { SettingItem } from './orglife';
import { today } from '../utils/date';

/** One rule of the catalogue: an event kind and what it is worth (the values are settings). */
export interface PointsRule {
  rule: string;
  label: string;
  category: string;
  category_label: string;
  /** The outbox event the rule reads, e.g. "meeting.attended"; "" for manual awards. */
  source_event: string;
  unit: string;
  description: string;
  /** false while no capability records the event yet (志愿服务, 学习教育): shown as 暂无数据来源. */
  has_source: boolean;
}

export interface PointsCatalog {
  rules: PointsRule[] | null;
  categories: { key: string; label: string }[] | null;
}

export interface PointsSettings {
  org_id: string;
  items: SettingItem[] | null;
}

/** A histogram bar: members whose total is within [min, max] (null: open), labelled with the unit, e.g. "10–19 分". */
export interface Bucket {
  label: string;
  min: number | null;
  max: number | null;
  count: number;
}

/** The figures of a distribution: member count (zero totals included), average, median, histogram. */
export interface DistributionFigures {
  members: number;
  average: number;
  median: number;
  buckets: Bucket[] | null;
}

export interface ChildDistribution extends DistributionFigures {
  org_id: string;
  org_name: string;
}

/** GET /orgs/{id}/points/distribution: never any member's name. */
export interface Distribution extends DistributionFigures {
  org_id: string;
  org_name: string;
  year: number;
  children: ChildDistribution[] | null;
}

export interface BranchMember {
  member_id: string;
  name: string;
  total: number;
  /** Category label → points. */
  by_category: Record<string, number> | null;
  /** Only when the branch switched rankings on; ties share a rank. */
  rank?: number;
}

/** GET /orgs/{id}/points/members (branches only, else 422 not_branch). */
export interface BranchPoints {
  org_id: string;
  year: number;
  ranking: boolean;
  members: BranchMember[] | null;
}

export interface CategoryPoints {
  category: string;
  label: string;
  points: number;
}

export type SourceType = 'meeting' | 'dues' | 'appraisal' | 'commendation' | 'volunteer' | 'study' | 'manual';

/** One ledger line, with where its points come from. */
export interface LedgerEntry {
  id: string;
  /** The activity date, YYYY-MM-DD. */
  on: string;
  rule: string;
  rule_label: string;
  category_label: string;
  points: number;
  source_type: SourceType;
  /** E.g. "支部党员大会：学习二十大精神". */
  source_title: string;
  /** E.g. "已达上限", or the reason of a correction. */
  note: string;
  /** Set on a reversal line: the line it takes back ("" otherwise). */
  reverses_id: string;
  /** true on a line a later reversal took back. */
  reversed: boolean;
}

/** GET /members/{id}/points and /my/points; entries newest first. */
export interface MemberPoints {
  member_id: string;
  name: string;
  year: number;
  total: number;
  by_category: CategoryPoints[] | null;
  entries: LedgerEntry[] | null;
}

/** A stored upload (证明材料). */
export interface EvidenceFile {
  id: string;
  name: string;
  size: number;
  content_type: string;
}

export type AwardState = 'pending' | 'approved' | 'rejected';

/** A manual award (positive points) or deduction (negative), approved by another person. */
export interface Award {
  id: string;
  org_id: string;
  org_name: string;
  member_id: string;
  member_name: string;
  points: number;
  on: string;
  reason: string;
  files: { id: string; name: string }[] | null;
  state: AwardState;
  state_label: string;
  requested_by: string;
  /** RFC 3339; decided_at is "" while pending. */
  requested_at: string;
  decided_by: string;
  decided_at: string;
  decision_note: string;
}

export interface AwardInput {
  member_id: string;
  points: number;
  on: string;
  reason: string;
  file_ids: string[];
}

/** The most one manual award or deduction may give or take. */
export const MANUAL_MAX = 50;

/** 403 code of an approval by the account that requested it. */
export const SAME_PERSON = 'same_person';

const o = (id: string) => `/orgs/${encodeURIComponent(id)}/points`;
const aw = (id: string) => `/points/awards/${encodeURIComponent(id)}`;

export const pointsApi = {
  catalog: () => api.get<PointsCatalog>('/points/catalog'),
  settings: (orgId: string) => api.get<PointsSettings>(`${o(orgId)}/settings`),
  /** Only the changed values; null drops the organization's own value (恢复继承). */
  saveSettings: (orgId: string, values: Record<string, string | null>) =>
    request<PointsSettings>('PUT', `${o(orgId)}/settings`, { body: { values } }),
  distribution: (orgId: string, year: number) => api.get<Distribution>(`${o(orgId)}/distribution`, { year }),
  members: (orgId: string, year: number) => api.get<BranchPoints>(`${o(orgId)}/members`, { year }),
  member: (memberId: string, year: number) => api.get<MemberPoints>(`/members/${encodeURIComponent(memberId)}/points`, { year }),
  uploadEvidence: (orgId: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.upload<EvidenceFile>(`${o(orgId)}/evidence`, form);
  },
  requestAward: (orgId: string, body: AwardInput) => api.post<Award>(`${o(orgId)}/awards`, body),
  awards: (orgId: string, state: AwardState) => api.get<{ items: Award[] | null }>(`${o(orgId)}/awards`, { state }),
  /** 403 same_person when the approver requested the award. */
  approve: (id: string) => api.post<Award>(`${aw(id)}/approve`),
  reject: (id: string, reason: string) => api.post<Award>(`${aw(id)}/reject`, { reason }),
  /** Where an award's evidence file is read (points.read). */
  evidenceUrl: (awardId: string, fileId: string) => buildUrl(`${aw(awardId)}/files/${encodeURIComponent(fileId)}`),
};

export const myPointsApi = {
  get: (year: number) => api.get<MemberPoints>('/my/points', { year }),
};

/** signed shows points with their sign: "+2", "-2", "0". */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** figure shows an average or a median: whole numbers as they are, others to one decimal. */
export function figure(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** queryYear is the year of a page's address (?year=YYYY), else this year in Beijing. */
export function queryYear(v: unknown): number {
  return typeof v === 'string' && /^\d{4}$/.test(v) ? Number(v) : thisYear();
}

export function thisYear(): number {
  return Number(today().slice(0, 4));
}

/**
 * useMyYear runs a phone page on the member's own data of a year (我的积分,
 * 我的年度考核): the year follows the address (?year=), a late answer for a
 * year left behind is dropped, and an account without a member (403/404)
 * is told apart from a failure. Lives here rather than in composables/
 * only because this change may not add files there.
 */
export function useMyYear<T>(get: (year: number) => Promise<T>) {
  const route = useRoute();
  const router = useRouter();
  const year = computed(() => queryYear(route.query.year));
  const data = ref(null) as Ref<T | null>;
  const loading = ref(true);
  /** The server's word when the account is not linked to a member. */
  const notMember = ref('');
  const error = ref('');
  let seq = 0;

  async function load() {
    const my = ++seq;
    loading.value = true;
    error.value = '';
    notMember.value = '';
    try {
      const d = await get(year.value);
      if (my === seq) data.value = d;
    } catch (e) {
      if (my !== seq) return;
      data.value = null;
      if (e instanceof ApiError && (e.status === 403 || e.status === 404)) notMember.value = e.detail || '当前账号未关联党员信息';
      else error.value = errorMessage(e);
    } finally {
      if (my === seq) loading.value = false;
    }
  }
  watch(year, load, { immediate: true });

  const go = (y: number) => void router.replace({ query: { ...route.query, year: String(y) } });
  function back() {
    if (window.history.state?.back) router.back();
    else void router.replace('/m/me');
  }
  return { year, data, loading, notMember, error, load, go, back };
}
