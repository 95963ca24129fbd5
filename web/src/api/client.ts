// The one place where the UI talks HTTP: base path, CSRF header on unsafe
// methods, problem+json decoding and the redirects the API asks for
// (401 → sign-in, 403 password_change_required → change password,
// 403 totp_enrollment_required → TOTP set-up).

export const API_BASE = '/api/v1';

export interface FieldProblem {
  field: string;
  code?: string;
  message: string;
}

/** ApiError is a decoded application/problem+json answer (or a network failure). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldProblem[];
  /** The whole problem document, for answers that carry more (an import's bad rows and columns). */
  readonly problem: Record<string, unknown>;

  constructor(status: number, code: string, detail: string, errors: FieldProblem[] = [], problem: Record<string, unknown> = {}) {
    super(detail || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = errors;
    this.problem = problem;
  }

  /** fieldErrors maps a field name to its (first) message, for form items. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) {
      if (e.field && !(e.field in out)) out[e.field] = e.message;
    }
    return out;
  }
}

/** Where the client sends the user when the API says so. */
export type RedirectReason = 'unauthenticated' | 'password_change_required' | 'totp_enrollment_required';
export type RedirectHandler = (reason: RedirectReason) => void;

let csrfToken = '';
let redirectHandler: RedirectHandler = defaultRedirect;

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token || '';
}

export function getCsrfToken(): string {
  return csrfToken;
}

export function setRedirectHandler(h: RedirectHandler | null): void {
  redirectHandler = h || defaultRedirect;
}

/** isMobilePath tells whether a path belongs to the mobile portal (/m/...). */
export function isMobilePath(path: string): boolean {
  return path === '/m' || path.startsWith('/m/');
}

/** redirectTarget is the page for a redirect reason, in the console or the mobile portal. */
export function redirectTarget(reason: RedirectReason, mobile: boolean): string {
  const prefix = mobile ? '/m' : '';
  switch (reason) {
    case 'unauthenticated':
      return `${prefix}/login`;
    case 'password_change_required':
      return `${prefix}/password`;
    case 'totp_enrollment_required':
      return `${prefix}/totp`;
  }
}

function defaultRedirect(reason: RedirectReason): void {
  if (typeof window === 'undefined') return;
  const target = redirectTarget(reason, isMobilePath(window.location.pathname));
  if (window.location.pathname !== target) window.location.assign(target);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** JSON body. */
  body?: unknown;
  /** Multipart body (file uploads). */
  form?: FormData;
  /** Do not redirect on 401/403 (the sign-in request itself). */
  noRedirect?: boolean;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: Query): string {
  let url = API_BASE + path;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      qs.set(k, String(v));
    }
    const s = qs.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }
  return url;
}

/** rawRequest sends a request and returns the Response when it is 2xx; otherwise it throws ApiError. */
export async function rawRequest(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  let body: BodyInit | undefined;
  if (opts.form) {
    body = opts.form;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const m = method.toUpperCase();
  if (UNSAFE.has(m) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method: m,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试');
  }
  if (res.ok) return res;
  const err = await decodeProblem(res);
  if (!opts.noRedirect) {
    if (err.status === 401 && err.code !== 'otp_required' && err.code !== 'invalid_credentials') {
      redirectHandler('unauthenticated');
    } else if (err.status === 403 && err.code === 'password_change_required') {
      redirectHandler('password_change_required');
    } else if (err.status === 403 && err.code === 'totp_enrollment_required') {
      redirectHandler('totp_enrollment_required');
    }
  }
  throw err;
}

const STATUS_TEXT: Record<number, string> = {
  400: '请求有误',
  401: '请先登录',
  403: '您没有执行此操作的权限',
  404: '记录不存在或无权访问',
  409: '操作与当前状态冲突',
  413: '文件过大',
  422: '提交的内容有误',
  423: '账号已锁定',
  429: '操作过于频繁，请稍后再试',
  500: '服务器内部错误',
  502: '服务暂不可用',
  503: '服务暂不可用',
};

/** decodeProblem turns a non-2xx answer into an ApiError, tolerating non-JSON bodies. */
export async function decodeProblem(res: Response): Promise<ApiError> {
  let data: Record<string, unknown> | null = null;
  try {
    const text = await res.text();
    if (text) data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    data = null;
  }
  const fallback = STATUS_TEXT[res.status] || `请求失败（${res.status}）`;
  if (!data || typeof data !== 'object') return new ApiError(res.status, `http_${res.status}`, fallback);
  const errors: FieldProblem[] = Array.isArray(data.errors)
    ? (data.errors as unknown[])
        .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
        .map((e) => ({
          field: String(e.field ?? ''),
          code: e.code === undefined ? undefined : String(e.code),
          message: String(e.message ?? ''),
        }))
    : [];
  const code = typeof data.code === 'string' ? data.code : `http_${res.status}`;
  const detail =
    typeof data.detail === 'string' && data.detail
      ? data.detail
      : typeof data.title === 'string' && data.title
        ? data.title
        : fallback;
  return new ApiError(res.status, code, detail, errors, data);
}

/** request sends a JSON request and decodes the JSON answer (undefined for 204). */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await rawRequest(method, path, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!text) return undefined as T;
  return JSON.parse(text) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, opts: RequestOptions = {}) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('POST', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('PATCH', path, { ...opts, body }),
  del: <T>(path: string, opts: RequestOptions = {}) => request<T>('DELETE', path, opts),
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { form }),
};

/** filenameFrom reads the file name of a Content-Disposition header. */
export function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1].trim() : fallback;
}

/** download fetches a file (with the session) and saves it under its server-given name. */
export async function download(path: string, query: Query | undefined, fallbackName: string): Promise<void> {
  const res = await rawRequest('GET', path, { query });
  const blob = await res.blob();
  const name = filenameFrom(res.headers.get('Content-Disposition'), fallbackName);
  saveBlob(blob, name);
}

/** downloadUpload posts a multipart form and saves the file the server answers with. */
export async function downloadUpload(path: string, form: FormData, fallbackName: string): Promise<void> {
  const res = await rawRequest('POST', path, { form });
  const blob = await res.blob();
  const name = filenameFrom(res.headers.get('Content-Disposition'), fallbackName);
  saveBlob(blob, name);
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** errorMessage is the text to show for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.detail || e.code;
  if (e instanceof Error) return e.message;
  return String(e);
}
