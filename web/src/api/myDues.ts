// 我的党费: the signed-in member's own dues (GET /my/dues), base declarations
// the secretary then confirms (POST /my/dues/bases) and the receipt PDFs.
// Needs only sign-in and an account linked to a member; amounts are integer fen.
import { api, buildUrl } from './client';
import type { DuesAmount, DuesBase } from './dues';

export type { DuesAmount, DuesBase };

/** 党费缴纳类别 (internal/dues/rules.Category). */
export type DuesCategory =
  | 'salaried'
  | 'retired'
  | 'annual_salary'
  | 'self_employed'
  | 'farmer'
  | 'student'
  | 'unemployed'
  | 'relief';

export interface MyDuesMonth {
  month: string;
  due_fen: number;
  paid_fen: number;
}

export interface MyReceipt {
  id: string;
  number: string;
  total_fen: number;
  method: string;
  /** Unix milliseconds (an RFC 3339 string is tolerated). */
  issued_at: number | string;
  months: string[];
}

/** GET /my/dues. */
export interface MyDues {
  member_id: string;
  name: string;
  org_name: string;
  category: DuesCategory | '';
  category_label: string;
  base_fen: number;
  amount: DuesAmount | null;
  /** No confirmed base on record: nothing is charged until one is declared and confirmed. */
  missing: boolean;
  pending: DuesBase[];
  owed_fen: number;
  unpaid_months: string[];
  /** Consecutive unpaid months up to the last completed one. */
  streak: number;
  /** The server's reminder of the six-month rule, "" when not due. */
  warn: string;
  /** The last 12 months and any older unpaid month. */
  months: MyDuesMonth[];
  receipts: MyReceipt[];
}

/** POST /my/dues/bases: base_fen is 0 for the fixed-amount categories. */
export interface DeclareInput {
  year: number;
  effective_month: string;
  category: DuesCategory;
  base_fen: number;
  note: string;
}

export const myDuesApi = {
  get: () => api.get<MyDues>('/my/dues'),
  declare: (body: DeclareInput) => api.post<DuesBase>('/my/dues/bases', body),
  /** A plain link: the phone's own PDF viewer opens it with the session cookie. */
  receiptPdfUrl: (id: string) => buildUrl(`/my/dues/receipts/${encodeURIComponent(id)}/pdf`),
};
