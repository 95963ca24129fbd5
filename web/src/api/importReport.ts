// Import answers come in two spellings: the member import's report has
// snake_case error objects ({"sheet","row","column","message"}), the
// organization import's currently has Go's field names
// ({"Sheet","Row","Column","Message"}). Everything the UI shows goes through
// normalizeImportError, so either (or a mix) reads the same.

import type { ImportError, ImportMode, ImportReport } from './types';

type Loose = Record<string, unknown>;

/** pick returns the first of the keys that obj has (not null/undefined), trying each as given, capitalized and lower-case. */
function pick(obj: Loose, key: string): unknown {
  const variants = [key, key.charAt(0).toUpperCase() + key.slice(1), key.toLowerCase(), key.toUpperCase()];
  for (const k of variants) {
    if (Object.prototype.hasOwnProperty.call(obj, k) && obj[k] !== null && obj[k] !== undefined) return obj[k];
  }
  return undefined;
}

function text(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

function count(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
}

/**
 * normalizeImportError turns one error object of an import report —
 * {"sheet","row","column","message"} or {"Sheet","Row","Column","Message"} —
 * into an ImportError. A row that is missing or not a number becomes 0 (the whole file).
 */
export function normalizeImportError(raw: unknown): ImportError {
  const e: Loose = raw && typeof raw === 'object' ? (raw as Loose) : { message: text(raw) };
  return {
    sheet: text(pick(e, 'sheet')),
    row: count(pick(e, 'row')),
    column: text(pick(e, 'column')),
    message: text(pick(e, 'message')),
  };
}

/**
 * normalizeImportReport reads a member or organization import answer. mode is
 * the mode the file was sent with, used when the answer does not repeat it
 * (the organization import does not); errors may be null (an empty Go slice).
 */
export function normalizeImportReport(raw: unknown, mode: ImportMode = 'good_rows'): ImportReport {
  const r: Loose = raw && typeof raw === 'object' ? (raw as Loose) : {};
  const errors = pick(r, 'errors');
  const m = pick(r, 'mode');
  const id = pick(r, 'id');
  const committed = pick(r, 'committed');
  return {
    id: id === undefined || id === '' ? undefined : String(id),
    total: count(pick(r, 'total')),
    created: count(pick(r, 'created')),
    updated: count(pick(r, 'updated')),
    unchanged: count(pick(r, 'unchanged')),
    refused: count(pick(r, 'refused')),
    mode: m === 'good_rows' || m === 'all_or_nothing' ? m : mode,
    committed: committed === true,
    errors: Array.isArray(errors) ? errors.map(normalizeImportError) : [],
  };
}
