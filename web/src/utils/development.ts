// Pure helpers of the 发展党员 pages: labels of the 5 stages and of a file's
// state, the applicant's checks, how a deadline reads ("还有 3 天" / "已逾期
// 2 天"), the timeline of the server's 25 steps grouped by stage, probation,
// the plan's progress and the settings' editors (the form of a step is in
// developmentStep.ts). Dates are "YYYY-MM-DD" in Beijing; the server applies
// the rules of 发展细则 and explains its refusals.
import type { LabelMap } from '../labels';
import type { Applicant, DevFile, DoneStep, NextStep, Stage, StateFilter, StepActor, StepDef } from '../api/development';
import { blankMemberForm, validateMemberForm } from './memberForm';
import { isISODate, normalizeIdNumber, normalizePhone } from './validate';

export const STAGES: readonly Stage[] = [1, 2, 3, 4, 5];

export const STAGE_LABEL: LabelMap = {
  1: '入党申请人',
  2: '入党积极分子',
  3: '发展对象',
  4: '预备党员的接收',
  5: '预备党员考察',
};

export const FILE_STATE: LabelMap = { active: '培养中', admitted: '预备党员', full: '已转正', stopped: '已停止' };
/** The list's state filter: those in progress by default. */
export const STATE_FILTER: readonly { value: StateFilter; label: string }[] = [
  { value: '', label: '在办（培养中和预备党员）' },
  { value: 'active', label: FILE_STATE.active },
  { value: 'admitted', label: FILE_STATE.admitted },
  { value: 'full', label: FILE_STATE.full },
  { value: 'stopped', label: FILE_STATE.stopped },
  { value: 'all', label: '全部' },
];
export const FILE_STATE_TAG: Record<string, 'primary' | 'warning' | 'success' | 'info'> = {
  active: 'primary',
  admitted: 'warning',
  full: 'success',
  stopped: 'info',
};

export const PERSON_ROLE: LabelMap = { contact: '培养联系人', sponsor: '入党介绍人', talker: '谈话人' };

// --- the applicant -------------------------------------------------------------

export function blankApplicant(today: string): Applicant {
  return { name: '', gender: '', ethnicity: '汉族', birth_date: '', id_number: '', phone: '', education: '', category: '', applied_on: today };
}

const PERSONAL = new Set(['name', 'id_number', 'phone', 'birth_date', 'gender', 'ethnicity', 'education', 'category']);

/**
 * validateApplicant checks the personal data as a member's are checked (the
 * member form's checks, without the party data an applicant has not got) and
 * the application date. The age of 18 is the server's rule (发展细则).
 */
export function validateApplicant(a: Applicant, today: string): Record<string, string> {
  const all = validateMemberForm({ ...blankMemberForm(), ...a, status: 'probationary', joined_on: today }, today);
  const e = Object.fromEntries(Object.entries(all).filter(([k]) => PERSONAL.has(k)));
  if (!isISODate(a.applied_on)) e.applied_on = '请选择递交入党申请书的日期';
  else if (a.applied_on > today) e.applied_on = '申请日期不能晚于今天';
  else if (isISODate(a.birth_date) && a.applied_on <= a.birth_date) e.applied_on = '申请日期应晚于出生日期';
  return e;
}

export function applicantInput(a: Applicant): Applicant {
  return { ...a, name: a.name.trim(), id_number: normalizeIdNumber(a.id_number), phone: normalizePhone(a.phone) };
}

// --- dates -----------------------------------------------------------------------

const DAY_MS = 24 * 3600 * 1000;

/** daysFrom is b − a in days for two "YYYY-MM-DD" dates; NaN when either is not a date. */
export function daysFrom(a: string, b: string): number {
  if (!isISODate(a) || !isISODate(b)) return NaN;
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export type DueTone = 'overdue' | 'soon' | 'normal' | 'none';

/** A deadline within this many days is shown as near (the reminder goes 7 days before). */
export const SOON_DAYS = 7;

/** dueInfo says how a deadline reads today: "已逾期 2 天", "今天到期", "还有 3 天". */
export function dueInfo(due: string, today: string): { text: string; tone: DueTone } {
  const d = daysFrom(today, due);
  if (Number.isNaN(d)) return { text: '', tone: 'none' };
  if (d < 0) return { text: `已逾期 ${-d} 天`, tone: 'overdue' };
  if (d === 0) return { text: '今天到期', tone: 'soon' };
  return { text: `还有 ${d} 天`, tone: d <= SOON_DAYS ? 'soon' : 'normal' };
}

export const DUE_TAG: Record<DueTone, 'danger' | 'warning' | 'info'> = { overdue: 'danger', soon: 'warning', normal: 'info', none: 'info' };

// --- the 25 steps ------------------------------------------------------------------

export type StepStatus = 'done' | 'next' | 'todo';

export interface TimelineStep {
  no: number;
  name: string;
  actor: StepActor;
  status: StepStatus;
  /** Every record of the step (the reviews of steps 6 and 21 repeat; a failed vote is held again). */
  done: DoneStep[];
  next: NextStep | null;
}

export interface TimelineStage {
  stage: Stage;
  label: string;
  steps: TimelineStep[];
  /** done / all of the stage. */
  progress: string;
}

/** counts: a record that advances the file (not a failed vote, not superseded by an extension). */
export const counts = (d: DoneStep) => !d.failed && !d.superseded;

/**
 * timeline groups the server's table of the 25 steps (GET /development/steps)
 * by stage: what was recorded (with all its records), what is open now
 * (with its deadline) and what is still to come.
 */
export function timeline(file: Pick<DevFile, 'steps' | 'next'>, table: readonly StepDef[]): TimelineStage[] {
  const done = file.steps || [];
  const next = file.next || [];
  const stages: TimelineStage[] = [];
  for (const def of table) {
    let st = stages.at(-1);
    if (!st || st.stage !== def.stage) {
      st = { stage: def.stage, label: def.stage_label, steps: [], progress: '' };
      stages.push(st);
    }
    const records = done.filter((s) => s.no === def.no);
    const open = next.find((s) => s.no === def.no) || null;
    st.steps.push({ no: def.no, name: def.name, actor: def.actor, status: open ? 'next' : records.some(counts) ? 'done' : 'todo', done: records, next: open });
  }
  for (const st of stages) st.progress = `${st.steps.filter((s) => s.done.some(counts)).length}/${st.steps.length}`;
  return stages;
}

// --- probation ---------------------------------------------------------------------

/** Probation may be extended once, by 6 to 12 months (发展细则 第三十六条). */
export const EXTENSION_MONTHS = { min: 6, max: 12 };

export function canExtend(f: Pick<DevFile, 'state' | 'extension_months'>): boolean {
  return f.state === 'admitted' && !f.extension_months;
}

export function canStop(f: Pick<DevFile, 'state'>): boolean {
  return f.state === 'active' || f.state === 'admitted';
}

/** stopTitle: a probationary member's qualification is cancelled, an applicant's development stopped. */
export function stopTitle(f: Pick<DevFile, 'state'>): string {
  return f.state === 'admitted' ? '取消预备党员资格' : '停止发展';
}

// --- plans ---------------------------------------------------------------------------

/** planPercent is admitted / quota as a whole percentage (capped at 100 for the bar); 0 without a quota. */
export function planPercent(admitted: number, quota: number): number {
  if (!quota || quota < 0) return 0;
  return Math.min(100, Math.round((admitted / quota) * 100));
}

export function planStatus(admitted: number, quota: number): 'success' | 'warning' | '' {
  if (!quota) return '';
  return admitted > quota ? 'warning' : admitted === quota ? 'success' : '';
}

// --- settings ------------------------------------------------------------------------

const NUMBER_SETTINGS: Record<string, { min: number; max: number }> = {
  'development.publicity_days': { min: 1, max: 15 },
};

export function devSettingEditor(s: { key: string; options?: string[] | null }): 'select' | 'number' | 'text' {
  if (s.options && s.options.length) return 'select';
  return s.key in NUMBER_SETTINGS ? 'number' : 'text';
}

export function devSettingRange(key: string): { min: number; max: number } {
  return NUMBER_SETTINGS[key] || { min: 0, max: 100 };
}

export function devOptionLabel(key: string, value: string): string {
  return key === 'development.publicity_days' && /^\d+$/.test(value) ? `${value} 个工作日` : value;
}

export function devSettingHint(key: string): string {
  return key === 'development.publicity_days' ? '接收预备党员和预备党员转正前公示的最少工作日数（周一至周五），各地一般为 5 至 7 个工作日' : '';
}
