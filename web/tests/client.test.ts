import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  api,
  buildUrl,
  decodeProblem,
  filenameFrom,
  redirectTarget,
  setCsrfToken,
  setRedirectHandler,
} from '../src/api/client';

type FetchArgs = [string, RequestInit];

function problem(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json' } });
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

let fetchMock: ReturnType<typeof vi.fn>;
let redirects: string[];

beforeEach(() => {
  fetchMock = vi.fn(async () => json(200, { ok: true }));
  vi.stubGlobal('fetch', fetchMock);
  redirects = [];
  setRedirectHandler((r) => redirects.push(r));
  setCsrfToken('tok-123');
});

afterEach(() => {
  vi.unstubAllGlobals();
  setRedirectHandler(null);
  setCsrfToken('');
});

function headersOf(call: number): Record<string, string> {
  const [, init] = fetchMock.mock.calls[call] as FetchArgs;
  return init.headers as Record<string, string>;
}

describe('CSRF header', () => {
  it('is sent on POST, PATCH and DELETE', async () => {
    await api.post('/orgs', { name: 'x' });
    await api.patch('/orgs/1', { name: 'y' });
    await api.del('/role-grants/1');
    for (const i of [0, 1, 2]) expect(headersOf(i)['X-CSRF-Token']).toBe('tok-123');
  });

  it('is not sent on GET', async () => {
    await api.get('/orgs/roots');
    expect(headersOf(0)['X-CSRF-Token']).toBeUndefined();
  });

  it('follows the current token', async () => {
    setCsrfToken('other');
    await api.post('/auth/logout');
    expect(headersOf(0)['X-CSRF-Token']).toBe('other');
  });

  it('is sent with multipart uploads, without a JSON content type', async () => {
    const form = new FormData();
    form.append('mode', 'good_rows');
    await api.upload('/orgs/1/members/import', form);
    const h = headersOf(0);
    expect(h['X-CSRF-Token']).toBe('tok-123');
    expect(h['Content-Type']).toBeUndefined();
    expect((fetchMock.mock.calls[0] as FetchArgs)[1].body).toBe(form);
  });
});

describe('requests', () => {
  it('prefix /api/v1 and drop empty query values', () => {
    expect(buildUrl('/members', { org: 'o1', q: '', status: undefined, page: 2 })).toBe('/api/v1/members?org=o1&page=2');
  });

  it('send JSON bodies and decode JSON answers; 204 is undefined', async () => {
    fetchMock.mockResolvedValueOnce(json(201, { id: 'm1' }));
    const r = await api.post<{ id: string }>('/members', { name: '张三' });
    expect(r.id).toBe('m1');
    const [url, init] = fetchMock.mock.calls[0] as FetchArgs;
    expect(url).toBe('/api/v1/members');
    expect(init.method).toBe('POST');
    expect(init.body).toBe(JSON.stringify({ name: '张三' }));
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    expect(await api.post('/auth/logout')).toBeUndefined();
  });
});

describe('problem+json', () => {
  it('decodes detail, code and per-field errors', async () => {
    fetchMock.mockResolvedValueOnce(
      problem(422, {
        type: 'about:blank',
        title: 'Unprocessable',
        status: 422,
        code: 'validation_failed',
        detail: '提交的内容有误：手机号格式不正确',
        errors: [
          { field: 'phone', code: 'invalid', message: '手机号格式不正确' },
          { field: 'id_number', code: 'checksum', message: '身份证号校验位不正确' },
        ],
      }),
    );
    const err = await api.post('/members', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(422);
    expect(e.code).toBe('validation_failed');
    expect(e.detail).toBe('提交的内容有误：手机号格式不正确');
    expect(e.message).toBe(e.detail);
    expect(e.fieldErrors).toEqual({ phone: '手机号格式不正确', id_number: '身份证号校验位不正确' });
    expect(redirects).toEqual([]);
  });

  it('survives a body that is not JSON', async () => {
    const e = await decodeProblem(new Response('<html>bad gateway</html>', { status: 502 }));
    expect(e.status).toBe(502);
    expect(e.detail).toBe('服务暂不可用');
    expect(e.errors).toEqual([]);
  });

  it('turns a network failure into a Chinese message', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const e = (await api.get('/me').catch((x: unknown) => x)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('network');
    expect(e.detail).toContain('网络');
  });
});

describe('redirects', () => {
  it('401 unauthenticated sends the user to sign in', async () => {
    fetchMock.mockResolvedValueOnce(problem(401, { code: 'unauthenticated', detail: '请先登录' }));
    await expect(api.get('/orgs/roots')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(redirects).toEqual(['unauthenticated']);
  });

  it('403 password_change_required and totp_enrollment_required go to their pages', async () => {
    fetchMock.mockResolvedValueOnce(problem(403, { code: 'password_change_required', detail: '请先修改密码' }));
    await api.get('/orgs/roots').catch(() => undefined);
    fetchMock.mockResolvedValueOnce(problem(403, { code: 'totp_enrollment_required', detail: '须先绑定动态口令' }));
    await api.get('/orgs/roots').catch(() => undefined);
    expect(redirects).toEqual(['password_change_required', 'totp_enrollment_required']);
  });

  it('a plain 403 forbidden does not redirect', async () => {
    fetchMock.mockResolvedValueOnce(problem(403, { code: 'forbidden', detail: '您没有执行此操作的权限' }));
    await api.get('/audit').catch(() => undefined);
    expect(redirects).toEqual([]);
  });

  it('a failed sign-in (invalid_credentials, otp_required) does not redirect', async () => {
    fetchMock.mockResolvedValueOnce(problem(401, { code: 'invalid_credentials', detail: '用户名或密码不正确' }));
    await api.post('/auth/login', {}).catch(() => undefined);
    fetchMock.mockResolvedValueOnce(problem(401, { code: 'otp_required', detail: '请输入动态口令' }));
    await api.post('/auth/login', {}).catch(() => undefined);
    expect(redirects).toEqual([]);
  });

  it('noRedirect suppresses it', async () => {
    fetchMock.mockResolvedValueOnce(problem(401, { code: 'unauthenticated', detail: '请先登录' }));
    await api.get('/me', undefined, { noRedirect: true }).catch(() => undefined);
    expect(redirects).toEqual([]);
  });

  it('targets the console or the mobile portal', () => {
    expect(redirectTarget('unauthenticated', false)).toBe('/login');
    expect(redirectTarget('unauthenticated', true)).toBe('/m/login');
    expect(redirectTarget('password_change_required', false)).toBe('/password');
    expect(redirectTarget('password_change_required', true)).toBe('/m/password');
    expect(redirectTarget('totp_enrollment_required', false)).toBe('/totp');
  });
});

describe('downloads', () => {
  it('read the file name from Content-Disposition', () => {
    expect(filenameFrom(`attachment; filename*=UTF-8''%E5%85%9A%E5%91%98.xlsx`, 'x.xlsx')).toBe('党员.xlsx');
    expect(filenameFrom('attachment; filename="report.xlsx"', 'x.xlsx')).toBe('report.xlsx');
    expect(filenameFrom(null, 'x.xlsx')).toBe('x.xlsx');
  });
});
