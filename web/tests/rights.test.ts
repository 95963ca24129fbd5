import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, setCsrfToken } from '../src/api/client';
import { SELF_EXPORT_NAME, rightsApi } from '../src/api/rights';
import { CORRECTION_FIELD, CORRECTION_STATUS } from '../src/labels';

type Call = { url: string; method: string; headers: Record<string, string>; body: unknown; credentials?: RequestCredentials };

const correction = {
  id: 'c1', member_id: 'm1', field: 'phone', field_label: '手机号', proposed: '135****5678', note: '换号了', status: 'open',
  created_at: '2026-03-01T02:00:00Z', resolved_at: null, resolver_name: '', resolution_note: '',
};

const json = (b: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(b), { status, headers: { 'Content-Type': type } });

let calls: Call[];
let answer: (c: Call) => Response;
let saved: { name: string; href: string }[];

beforeEach(() => {
  calls = [];
  saved = [];
  answer = () => json({ items: [correction] });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const c: Call = {
        url: input,
        method: init.method || 'GET',
        headers: init.headers as Record<string, string>,
        body: init.body ? JSON.parse(String(init.body)) : undefined,
        credentials: init.credentials,
      };
      calls.push(c);
      return answer(c);
    }),
  );
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:copy'), revokeObjectURL: vi.fn() }));
  vi.spyOn(HTMLElement.prototype, 'click').mockImplementation(function (this: HTMLElement) {
    if (this instanceof HTMLAnchorElement) saved.push({ name: this.download, href: this.href });
  });
  setCsrfToken('tok-9');
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  setCsrfToken('');
});

describe('rightsApi', () => {
  it('exportMine fetches the copy with the session and saves it as 我的党员信息.json', async () => {
    answer = () =>
      new Response('{"member":{},"history":[],"exported_at":"2026-03-01T00:00:00Z"}', {
        status: 200,
        headers: { 'Content-Type': 'application/json', 'Content-Disposition': 'attachment; filename="my-party-record.json"' },
      });
    await rightsApi.exportMine();
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('/api/v1/me/member/export');
    expect(calls[0].method).toBe('GET');
    expect(calls[0].credentials).toBe('same-origin');
    expect(SELF_EXPORT_NAME).toBe('我的党员信息.json');
    expect(saved).toEqual([{ name: '我的党员信息.json', href: 'blob:copy' }]);
  });

  it('exportMine throws the decoded problem and saves nothing', async () => {
    answer = () => json({ code: 'not_found', detail: '记录不存在或无权访问' }, 404, 'application/problem+json');
    await expect(rightsApi.exportMine()).rejects.toMatchObject({ status: 404, detail: '记录不存在或无权访问' });
    expect(saved).toEqual([]);
  });

  it('myCorrections lists the caller’s requests', async () => {
    const r = await rightsApi.myCorrections();
    expect(calls[0]).toMatchObject({ url: '/api/v1/me/member/corrections', method: 'GET' });
    expect(r.items[0].proposed).toBe('135****5678');
  });

  it('requestCorrection posts field, trimmed proposed value and note with the CSRF header', async () => {
    answer = () => json(correction, 201);
    const c = await rightsApi.requestCorrection({ field: 'phone', proposed: ' 13512345678 ', note: ' 换号了 ' });
    expect(calls[0]).toMatchObject({
      url: '/api/v1/me/member/corrections',
      method: 'POST',
      body: { field: 'phone', proposed: '13512345678', note: '换号了' },
    });
    expect(calls[0].headers['X-CSRF-Token']).toBe('tok-9');
    expect(c.status).toBe('open');
  });

  it('requestCorrection surfaces 422 field errors', async () => {
    answer = () =>
      json(
        { code: 'validation', detail: '提交的内容有误', errors: [{ field: 'proposed', code: 'required', message: '请填写正确的内容（不超过 200 字）' }] },
        422,
        'application/problem+json',
      );
    const err = await rightsApi.requestCorrection({ field: 'name', proposed: 'x', note: '' }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.fieldErrors).toEqual({ proposed: '请填写正确的内容（不超过 200 字）' });
  });

  it('memberCorrections reads a member’s requests (id escaped)', async () => {
    await rightsApi.memberCorrections('m/1');
    expect(calls[0]).toMatchObject({ url: '/api/v1/members/m%2F1/corrections', method: 'GET' });
  });

  it('resolve posts accepted and the trimmed note', async () => {
    answer = () => json({ ...correction, status: 'rejected', resolution_note: '号码未变更', resolver_name: '管理员' });
    const c = await rightsApi.resolve('c1', false, '  号码未变更 ');
    expect(calls[0]).toMatchObject({ url: '/api/v1/corrections/c1/resolve', method: 'POST', body: { accepted: false, note: '号码未变更' } });
    expect(calls[0].headers['X-CSRF-Token']).toBe('tok-9');
    expect(c.status).toBe('rejected');
    await rightsApi.resolve('c2', true);
    expect(calls[1].body).toEqual({ accepted: true, note: '' });
  });

  it('resolve reports 409 when already answered', async () => {
    answer = () => json({ code: 'correction_resolved', detail: '该申请已答复' }, 409, 'application/problem+json');
    await expect(rightsApi.resolve('c1', true)).rejects.toMatchObject({ status: 409, code: 'correction_resolved' });
  });
});

describe('correction labels', () => {
  it('cover every field and status of the API', () => {
    expect(Object.keys(CORRECTION_FIELD)).toEqual([
      'name', 'gender', 'ethnicity', 'birth_date', 'id_number', 'phone', 'address', 'education', 'category', 'joined_on', 'full_member_on', 'other',
    ]);
    expect(CORRECTION_FIELD.phone).toBe('手机号');
    expect(CORRECTION_FIELD.full_member_on).toBe('转正时间');
    expect(CORRECTION_STATUS).toEqual({ open: '待处理', accepted: '已更正', rejected: '不予更正' });
  });
});
