// 发展党员 for the console (development.read to see, development.manage to
// write): the pipeline of an organization's subtree, the applicants' files
// with their 25 steps (发展细则), probation extensions and stops, the yearly
// plans and the settings of a subtree. Dates are "YYYY-MM-DD" (Beijing).
import { api, request } from './client';
import type { SettingItem, VoteChoice } from './orglife';

/** 1 入党申请人, 2 入党积极分子, 3 发展对象, 4 预备党员的接收, 5 预备党员考察. */
export type Stage = 1 | 2 | 3 | 4 | 5;
export type FileState = 'active' | 'admitted' | 'full' | 'stopped';
export type PersonRole = 'contact' | 'sponsor' | 'talker';
/** Who records a step: the branch itself or the upper organization (上级党委). */
export type StepActor = 'branch' | 'upper';
/**
 * What a step needs besides its date, as internal/development/rules names it:
 * talkers 谈话人, contacts 培养联系人, sponsors 入党介绍人, training 集中培训,
 * publicity 公示, vote 支部大会表决, approval 上级党委审批.
 */
export type Need = 'talkers' | 'contacts' | 'sponsors' | 'training' | 'publicity' | 'vote' | 'approval';

/** One of the 25 steps of 发展细则, as the server's rules package has it (GET /development/steps). */
export interface StepDef {
  no: number;
  stage: Stage;
  stage_label: string;
  name: string;
  actor: StepActor;
  needs: Need[] | null;
}

export interface StageCount {
  stage: Stage;
  label: string;
  count: number;
  overdue: number;
}

export interface Pipeline {
  org: { id: string; name: string };
  stages: StageCount[];
  overdue_total: number;
  plan: { year: number; quota: number; admitted: number } | null;
}

export interface FileSummary {
  id: string;
  name: string;
  gender: string;
  org_id: string;
  org_name: string;
  stage: Stage;
  stage_label: string;
  last_step: number;
  last_step_name: string;
  next_due: string;
  next_due_what: string;
  overdue: boolean;
  state: FileState;
  applied_on: string;
}

/** One member on the vote's roster (internal/voting Voter): only full members have a vote. */
export interface Voter {
  member_id: string;
  has_vote: boolean;
  should_attend: boolean;
  present: boolean;
}

/** The count of a 支部大会 vote, with the 书面意见 of absent voters (internal/voting Ballot). */
export interface Ballot {
  kind: 'admission' | 'full_membership';
  yes: number;
  no: number;
  abstain: number;
  written: { member_id: string; choice: VoteChoice }[];
}

export interface Person {
  member_id: string;
  name: string;
  role: PersonRole;
}

/** How internal/voting counted a 支部大会 vote (voting.Outcome). */
export interface VoteOutcome {
  voters_expected: number;
  voters_present: number;
  yes: number;
  no: number;
  abstain: number;
  written_yes: number;
  written_no: number;
  written_abstain: number;
  passed: boolean;
  explanation: string;
}

export interface DoneStep {
  no: number;
  name: string;
  stage: Stage;
  on: string;
  people: Person[] | null;
  hours: number;
  days: number;
  file_ids: string[] | null;
  note: string;
  publicity: { start: string; end: string } | null;
  /** Step 17: the approval's time limit was extended. */
  extended: boolean;
  /** Steps 15 and 23: the roster, the count and the outcome. */
  vote: { voters: Voter[]; ballot: Ballot; outcome: VoteOutcome } | null;
  /** A vote that did not pass: on file, the step stays open. */
  failed: boolean;
  /** A 转正 application or vote made before probation was extended: made again later. */
  superseded: boolean;
  actor_name: string;
  at: string;
}

export interface NextStep {
  no: number;
  name: string;
  actor: StepActor;
  due: string;
  due_what: string;
  warning: string;
  needs: Need[] | null;
}

export interface DevFile extends FileSummary {
  ethnicity: string;
  birth_date: string;
  /** Masked. */
  id_number: string;
  /** Masked. */
  phone: string;
  education: string;
  category: string;
  joined_on: string;
  probation_end: string;
  extension_months: number;
  extension_reason: string;
  stopped_on: string;
  stop_reason: string;
  member_id: string;
  version: number;
  steps: DoneStep[] | null;
  next: NextStep[] | null;
  warnings: string[] | null;
}

/** Which files a list shows: "" those in progress (培养中 and 预备党员), "all", or one state. */
export type StateFilter = '' | 'all' | FileState;

export interface FileFilter {
  stage?: Stage | '';
  state?: StateFilter;
  overdue?: boolean;
  q?: string;
}

export interface Applicant {
  name: string;
  gender: string;
  ethnicity: string;
  birth_date: string;
  id_number: string;
  phone: string;
  education: string;
  category: string;
  applied_on: string;
}

export interface StepInput {
  no: number;
  on: string;
  people: { member_id: string; role: PersonRole }[];
  hours: number;
  days: number;
  file_ids: string[];
  note: string;
  publicity?: { start: string; end: string };
  vote?: { voters: Voter[]; ballot: Ballot };
  extended: boolean;
}

export interface PlanRow {
  org_id: string;
  org_name: string;
  quota: number;
  admitted: number;
  note: string;
  /** Who set the quota; "" when none was set for the year. */
  set_by: string;
  set_at: string;
}

export interface Plans {
  year: number;
  items: PlanRow[] | null;
}

export interface DevelopmentSettings {
  org_id?: string;
  items: SettingItem[] | null;
}

const o = (id: string) => `/orgs/${encodeURIComponent(id)}/development`;
const f = (id: string) => `/development/files/${encodeURIComponent(id)}`;

export const developmentApi = {
  /** The 25 steps in order (the same for every file). */
  steps: () => api.get<{ steps: StepDef[] | null }>('/development/steps'),
  pipeline: (orgId: string) => api.get<Pipeline>(`${o(orgId)}/pipeline`),
  /** Keyset pages: pass next_cursor back as cursor; "" means the last page. */
  files: (orgId: string, filter: FileFilter, cursor = '', limit = 20) =>
    api.get<{ items: FileSummary[] | null; next_cursor: string }>(`${o(orgId)}/files`, {
      stage: filter.stage || undefined,
      state: filter.state || undefined,
      overdue: filter.overdue ? 1 : undefined,
      q: filter.q?.trim() || undefined,
      cursor,
      limit,
    }),
  /** Opens a file with step 1 (入党申请书) recorded on applied_on. */
  createFile: (orgId: string, body: Applicant) => api.post<DevFile>(`${o(orgId)}/files`, body),
  file: (id: string) => api.get<DevFile>(f(id)),
  /** 422 with field errors naming 发展细则 when a time rule or a person is refused. */
  recordStep: (id: string, body: StepInput) => api.post<DevFile>(`${f(id)}/steps`, body),
  extendProbation: (id: string, months: number, reason: string) => api.post<DevFile>(`${f(id)}/extend-probation`, { months, reason }),
  /** 停止发展, or 取消预备党员资格 for a probationary member. */
  stop: (id: string, reason: string) => api.post<DevFile>(`${f(id)}/stop`, { reason }),

  plans: (orgId: string, year: number) => api.get<Plans>(`${o(orgId)}/plans`, { year }),
  savePlan: (orgId: string, year: number, quota: number, note: string) =>
    request<PlanRow>('PUT', `${o(orgId)}/plans/${year}`, { body: { quota, note } }),

  settings: (orgId: string) => api.get<DevelopmentSettings>(`${o(orgId)}/settings`),
  /** A null value removes the organization's own value (the inherited one applies again). */
  saveSettings: (orgId: string, values: Record<string, string | null>) =>
    request<DevelopmentSettings>('PUT', `${o(orgId)}/settings`, { body: { values } }),
};
