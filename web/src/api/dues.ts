// 党费 for the console (dues.read to see, dues.manage to write): bases and
// hardship reductions, the branch ledger with payments, reversals and
// receipts, period closing with the two-level remittance, statements,
// reports and arrears, and the settings of a subtree. Every amount is
// integer fen (*_fen), every month "YYYY-MM". The member's own page
// (/my/dues) is the phone's, in myDues.ts.
import { ApiError, api, buildUrl, download, request } from './client';
import { normalizeImportError } from './importReport';
import type { SettingItem } from './orglife';
import type { PayMethod } from '../utils/dues';

/** A monthly amount with the rule that produced it, e.g. "月收入 4,800.00 元 × 1% = 48.00 元". */
export interface DuesAmount {
  fen: number;
  rate_bp: number;
  rule: string;
}

export type BaseState = 'pending' | 'confirmed' | 'rejected';

/** A declared base (基数申报); times are unix milliseconds. */
export interface DuesBase {
  id: string;
  member_id: string;
  member_name: string;
  year: number;
  effective_month: string;
  category: string;
  category_label: string;
  base_fen: number;
  source: 'member' | 'secretary' | 'import';
  state: BaseState;
  note: string;
  declared_by: string;
  declared_at: number;
  decided_by: string;
  decided_at: number;
  reason: string;
}

export interface BasesRow {
  member_id: string;
  member_name: string;
  status: string;
  joined_on: string;
  current: DuesBase | null;
  pending: DuesBase[] | null;
  amount: DuesAmount | null;
  missing: boolean;
}

export interface Bases {
  org_id: string;
  year: number;
  items: BasesRow[];
}

export interface BaseInput {
  member_id: string;
  year: number;
  effective_month: string;
  category: string;
  base_fen: number;
  note: string;
}

export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

export interface BasesImport {
  imported: number;
  /** Rows equal to the base already in force (not recorded again). */
  unchanged: number;
  /** Every bad cell; when there is any, nothing was imported. */
  errors: ImportRowError[];
  detail?: string;
}

export type HardshipKind = 'exempt' | 'reduced';
export type HardshipState = 'proposed' | 'approved' | 'rejected';

/** 困难党员减免: the branch proposes (with its discussion), the upper organization decides. */
export interface Hardship {
  id: string;
  member_id: string;
  member_name: string;
  org_id: string;
  org_name?: string;
  kind: HardshipKind;
  kind_label?: string;
  reduced_fen: number;
  from_month: string;
  to_month: string;
  discussed_on: string;
  discussion: string;
  state: HardshipState;
  proposed_by: string;
  proposed_at: number;
  decided_by: string;
  decided_at: number;
  reason: string;
}

export interface HardshipInput {
  member_id: string;
  kind: HardshipKind;
  reduced_fen: number;
  from_month: string;
  to_month: string;
  discussed_on: string;
  discussion: string;
}

export interface PostResult {
  month: string;
  posted: number;
  already: number;
  /** The first members without a confirmed base (nothing charged for them); missing_count is all of them. */
  missing: { member_id: string; member_name: string; org_id: string; org_name: string }[] | null;
  missing_count: number;
}

export interface LedgerRow {
  member_id: string;
  member_name: string;
  category: string;
  category_label: string;
  base_fen: number;
  amount_fen: number;
  rule: string;
  due_fen: number;
  paid_fen: number;
  owed_fen: number;
  unpaid_months: string[] | null;
  missing: boolean;
}

export interface Ledger {
  org_id: string;
  org_name: string;
  month: string;
  /** The branch's open accounting month: payments are recorded in it. */
  period: string;
  closed: boolean;
  rows: LedgerRow[];
  totals: { due_fen: number; paid_fen: number; owed_fen: number; members: number; paid_members: number };
}

export type EntryKind = 'charge' | 'payment' | 'voluntary' | 'reversal';

export interface Entry {
  id: string;
  org_id: string;
  seq: number;
  member_id: string;
  month: string;
  period: string;
  kind: EntryKind;
  due_fen: number;
  paid_fen: number;
  category: string;
  base_fen: number;
  rule: string;
  method: string;
  reference: string;
  receipt_id: string;
  receipt_number: string;
  reverses_id: string;
  reversed: boolean;
  to_centre: boolean | number;
  note: string;
  actor_name: string;
  at: number | string;
}

export interface PaymentLine {
  member_id: string;
  months: string[];
  method: PayMethod;
  reference: string;
}

export interface Receipt {
  id: string;
  number: string;
  org_id: string;
  org_name: string;
  member_id: string;
  member_name: string;
  kind: string;
  total_fen: number;
  method: string;
  method_label: string;
  reference: string;
  months: string[] | null;
  issued_at: number | string;
  issued_by: string;
  reversed: boolean;
}

export interface CloseResult {
  period: string;
  collected_fen: number;
  received_fen: number;
  retained_fen: number;
  remitted_fen: number;
  centre_fen: number;
  remittance: Remittance | null;
}

/** 上缴: what an organization sends its upper organization for a closed period. */
export interface Remittance {
  id: string;
  from_org_id: string;
  from_org_name: string;
  to_org_id: string;
  to_org_name: string;
  period: string;
  collected_fen: number;
  received_fen: number;
  retain_bp: number;
  retained_fen: number;
  remitted_fen: number;
  centre_fen: number;
  state: 'sent' | 'confirmed';
  sent_at: number | string;
  sent_by: string;
  /** The upper organization's period it was counted in when confirmed. */
  counted_period: string;
  confirmed_at: number | string;
  confirmed_by: string;
  note: string;
}

export interface StatementRow {
  period: string;
  collected_fen: number;
  received_fen: number;
  retained_fen: number;
  remitted_fen: number;
  centre_fen: number;
  closed: boolean;
}

export interface Statement {
  org_id: string;
  org_name: string;
  year: number;
  month: string | null;
  rows: StatementRow[] | null;
  totals: Omit<StatementRow, 'period' | 'closed'>;
  /** The 5% of the year's total due to the Centre: at the root only. */
  centre: { share_bp: number; year_total_fen: number; due_fen: number; voluntary_fen: number; deadline: string } | null;
}

export interface ReportFigures {
  due_fen: number;
  paid_fen: number;
  owed_fen: number;
  /** 0..1 with four decimals. */
  rate: number;
}

export interface Report {
  org_id: string;
  from: string;
  to: string;
  totals: ReportFigures;
  by_month: (ReportFigures & { month: string })[];
  by_org: (ReportFigures & { org_id: string; org_name: string })[];
  by_category: (ReportFigures & { category: string; category_label: string })[];
}

export interface Arrear {
  member_id: string;
  member_name: string;
  org_id: string;
  org_name: string;
  unpaid_months: string[];
  streak: number;
  owed_fen: number;
  level: number;
}

export interface DuesSettings {
  org_id: string;
  items: SettingItem[];
}

const o = (id: string) => `/orgs/${encodeURIComponent(id)}/dues`;
const d = (kind: string, id: string) => `/dues/${kind}/${encodeURIComponent(id)}`;

export const duesApi = {
  settings: (orgId: string) => api.get<DuesSettings>(`${o(orgId)}/settings`),
  /** A null value removes the organization's own value (the inherited one applies again). */
  saveSettings: (orgId: string, values: Record<string, string | null>) =>
    request<DuesSettings>('PUT', `${o(orgId)}/settings`, { body: { values } }),

  bases: (orgId: string, year: number) => api.get<Bases>(`${o(orgId)}/bases`, { year }),
  addBase: (orgId: string, body: BaseInput) => api.post<DuesBase>(`${o(orgId)}/bases`, body),
  confirmBase: (id: string) => api.post<DuesBase>(`${d('bases', id)}/confirm`),
  rejectBase: (id: string, reason: string) => api.post<DuesBase>(`${d('bases', id)}/reject`, { reason }),
  downloadTemplate: (orgId: string) => download(`${o(orgId)}/bases/template`, undefined, '党费基数导入模板.xlsx'),
  /** All or nothing: a file with any bad cell is refused (422 import_refused) with every row and column, and nothing written. */
  importBases: async (orgId: string, year: number, file: File): Promise<BasesImport> => {
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const r = await request<Partial<BasesImport>>('POST', `${o(orgId)}/bases/import`, { query: { year }, form });
      return { imported: r.imported ?? 0, unchanged: r.unchanged ?? 0, errors: (r.errors || []).map(normalizeImportError) };
    } catch (e) {
      const rows = e instanceof ApiError && e.code === 'import_refused' ? e.problem.errors : null;
      if (!Array.isArray(rows)) throw e;
      return { imported: 0, unchanged: 0, errors: rows.map(normalizeImportError), detail: (e as ApiError).detail };
    }
  },

  hardships: (orgId: string) => api.get<{ items: Hardship[] | null }>(`${o(orgId)}/hardships`),
  proposeHardship: (orgId: string, body: HardshipInput) => api.post<Hardship>(`${o(orgId)}/hardships`, body),
  approveHardship: (id: string) => api.post<Hardship>(`${d('hardships', id)}/approve`, {}),
  rejectHardship: (id: string, reason: string) => api.post<Hardship>(`${d('hardships', id)}/reject`, { reason }),

  post: (orgId: string, month: string) => api.post<PostResult>(`${o(orgId)}/months/${encodeURIComponent(month)}/post`),
  ledger: (orgId: string, month: string) => api.get<Ledger>(`${o(orgId)}/ledger`, { month }),
  entries: (memberId: string) => api.get<{ items: Entry[] | null }>(`${d('members', memberId)}/entries`),
  /** One receipt per line; any bad line → 422 keyed "payments[i].…" and nothing written. */
  pay: (orgId: string, payments: PaymentLine[], branch_consent: boolean) =>
    api.post<{ receipts: Receipt[] }>(`${o(orgId)}/payments`, { payments, branch_consent }),
  voluntary: (orgId: string, body: { member_id: string; amount_fen: number; method: PayMethod; reference: string; note: string }) =>
    api.post<Receipt>(`${o(orgId)}/voluntary`, body),
  reverse: (entryId: string, reason: string) => api.post<Entry>(`${d('entries', entryId)}/reverse`, { reason }),
  receipt: (id: string) => api.get<Receipt>(d('receipts', id)),
  /** A plain link (the session cookie goes with it). */
  receiptPdfUrl: (id: string) => buildUrl(`${d('receipts', id)}/pdf`),

  close: (orgId: string, period: string) => api.post<CloseResult>(`${o(orgId)}/periods/${encodeURIComponent(period)}/close`),
  remittances: (orgId: string, year: number) =>
    api.get<{ incoming: Remittance[] | null; outgoing: Remittance[] | null }>(`${o(orgId)}/remittances`, { year }),
  confirmRemittance: (id: string, note: string) => api.post<Remittance>(`${d('remittances', id)}/confirm`, { note }),
  statement: (orgId: string, year: number, month?: string) => api.get<Statement>(`${o(orgId)}/statement`, { year, month }),
  report: (orgId: string, from: string, to: string) => api.get<Report>(`${o(orgId)}/report`, { from, to }),
  exportReport: (orgId: string, year: number) => download(`${o(orgId)}/report.xlsx`, { year }, `党费收缴登记表-${year}.xlsx`),
  arrears: (orgId: string) => api.get<{ items: Arrear[] | null }>(`${o(orgId)}/arrears`),
};
