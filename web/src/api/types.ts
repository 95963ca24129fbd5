// Types of the HTTP API v1 (docs/api.md). Field names are the API's, exactly.

export type RoleName =
  | 'org_admin'
  | 'party_worker'
  | 'viewer'
  | 'member'
  | 'sysadmin'
  | 'secadmin'
  | 'auditor';

export interface Role {
  id: string;
  role: RoleName;
  org_id: string;
  org_name: string;
}

export interface Me {
  id: string;
  username: string;
  display_name: string;
  must_change_password: boolean;
  totp_enabled: boolean;
  member_id: string | null;
  roles: Role[];
  csrf_token: string;
  demo: boolean;
}

export interface List<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface Account {
  id: string;
  username: string;
  display_name: string;
  disabled: boolean;
  must_change_password: boolean;
  totp_enabled: boolean;
  member_id: string | null;
  last_login_at: string | null;
  roles: Role[];
}

export interface ApiToken {
  id: string;
  name: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  token?: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string;
  ip: string;
  action: string;
  target_type: string;
  target_id: string;
  result: string;
  before: unknown;
  after: unknown;
  hash: string;
}

export interface AuditVerify {
  ok: boolean;
  checked: number;
  broken_at: number | null;
  message: string;
}

export type OrgKind = 'leading_body' | 'committee' | 'general_branch' | 'branch' | 'group';

export interface Position {
  id: string;
  org_id: string;
  org_name: string;
  member_id: string;
  member_name: string;
  title: string;
  title_label: string;
  start_on: string;
  end_on: string | null;
  active: boolean;
}

export interface OrgWarning {
  code: string;
  message: string;
}

export interface Org {
  id: string;
  parent_id: string | null;
  name: string;
  code: string;
  kind: OrgKind;
  kind_label?: string;
  unit_type: string;
  joint: boolean;
  temporary: boolean;
  end_date: string | null;
  status: 'active' | 'dissolved';
  dissolved_on: string | null;
  term_start: string | null;
  term_end: string | null;
  established_on: string | null;
  address: string;
  /** Where the org is (degrees east and north), for the big screen's map; both or neither. */
  longitude: number | null;
  latitude: number | null;
  child_count: number;
  member_count: number;
  full_count: number;
  probationary_count: number;
  direct_member_count: number;
  secretary: { member_id: string; name: string } | null;
  committee: Position[];
  warnings: OrgWarning[];
  path: { id: string; name: string }[];
}

export interface OrgInput {
  parent_id?: string;
  name?: string;
  kind?: string;
  code?: string;
  unit_type?: string;
  joint?: boolean;
  temporary?: boolean;
  end_date?: string | null;
  term_start?: string | null;
  term_end?: string | null;
  established_on?: string | null;
  address?: string;
  /** null clears the point; omitted leaves it as it is. */
  longitude?: number | null;
  latitude?: number | null;
}

export interface ChartNode {
  org: Org;
  children: ChartNode[];
}

export interface OrgHistoryItem {
  id: string;
  kind: string;
  at: string;
  actor_name: string;
  detail: string;
}

export interface Member {
  id: string;
  org_id: string;
  org_name: string;
  name: string;
  gender: 'male' | 'female';
  ethnicity: string;
  birth_date: string;
  age: number;
  id_number: string;
  phone: string;
  address: string;
  education: string;
  category: string;
  status: 'full' | 'probationary';
  joined_on: string;
  full_member_on: string | null;
  party_age: number;
  state: 'active' | 'ended';
  ended_kind: string | null;
  ended_on: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface MyMember extends Member {
  org: { id: string; name: string };
  positions: Position[];
}

export interface MemberInput {
  org_id?: string;
  name?: string;
  gender?: string;
  ethnicity?: string;
  birth_date?: string;
  id_number?: string;
  phone?: string;
  address?: string;
  education?: string;
  category?: string;
  status?: string;
  joined_on?: string;
  full_member_on?: string | null;
  version?: number;
}

export interface MemberHistoryItem {
  id: string;
  kind: string;
  on: string | null;
  at: string;
  actor_name: string;
  detail: string;
  reason: string | null;
}

export interface MemberFilters {
  q?: string;
  status?: string;
  category?: string;
  education?: string;
  gender?: string;
  ethnicity?: string;
  age_band?: string;
  state?: string;
}

export interface ImportError {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

export type ImportMode = 'good_rows' | 'all_or_nothing';

/**
 * ImportReport is the outcome of a member or an organization import, as the
 * UI uses it (see api/importReport.ts, which builds it from either answer).
 * The organization import keeps no record, so it has no id.
 */
export interface ImportReport {
  id?: string;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  mode: ImportMode;
  committed: boolean;
  errors: ImportError[];
}

/** What a member may ask to correct (POST /me/member/corrections "field"). */
export type CorrectionField =
  | 'name'
  | 'gender'
  | 'ethnicity'
  | 'birth_date'
  | 'id_number'
  | 'phone'
  | 'address'
  | 'education'
  | 'category'
  | 'joined_on'
  | 'full_member_on'
  | 'other';

export type CorrectionStatus = 'open' | 'accepted' | 'rejected';

/** A member's request to correct their own data, answered by the branch. */
export interface Correction {
  id: string;
  member_id: string;
  field: CorrectionField;
  field_label: string;
  /** Masked for the ID number, the phone number and the address. */
  proposed: string;
  note: string;
  status: CorrectionStatus;
  created_at: string;
  resolved_at: string | null;
  resolver_name: string;
  resolution_note: string;
}

export interface CorrectionInput {
  field: CorrectionField | '';
  proposed: string;
  note: string;
}
