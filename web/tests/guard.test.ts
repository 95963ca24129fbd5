import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RouteLocationNormalized } from 'vue-router';
import { guard, homeFor } from '../src/router';
import { clearSession, session } from '../src/stores/session';
import type { Me } from '../src/api/types';

function me(over: Partial<Me> = {}): Me {
  return {
    id: 'a1',
    username: 'admin',
    display_name: '管理员',
    must_change_password: false,
    totp_enabled: true,
    member_id: null,
    roles: [{ id: 'r1', role: 'org_admin', org_id: 'o1', org_name: '组织部' }],
    csrf_token: 'c',
    demo: false,
    ...over,
  };
}

function to(path: string, meta: Record<string, unknown> = {}): RouteLocationNormalized {
  return { path, fullPath: path, meta } as unknown as RouteLocationNormalized;
}

function answer(status: number, body: unknown) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
}

beforeEach(() => {
  session.me = null;
  session.loaded = false;
  session.blocker = '';
});
afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
});

describe('route guard', () => {
  it('sends a signed-out visitor to the console or the mobile sign-in page', async () => {
    vi.stubGlobal('fetch', answer(401, { code: 'unauthenticated', detail: '请先登录' }));
    expect(await guard(to('/members', { section: 'members' }))).toEqual({ path: '/login', query: { redirect: '/members' } });
    session.loaded = false;
    expect(await guard(to('/m/me', { mobile: true }))).toEqual({ path: '/m/login', query: {} });
  });

  it('lets public pages through without asking the API', async () => {
    const f = answer(500, {});
    vi.stubGlobal('fetch', f);
    expect(await guard(to('/login', { public: true }))).toBe(true);
    expect(f).not.toHaveBeenCalled();
  });

  it('forces the password change first', async () => {
    vi.stubGlobal('fetch', answer(200, me({ must_change_password: true })));
    expect(await guard(to('/orgs', { section: 'orgs' }))).toBe('/password');
    expect(await guard(to('/password', { gate: 'password' }))).toBe(true);
  });

  it('forces TOTP enrolment when the API demands it', async () => {
    vi.stubGlobal('fetch', answer(403, { code: 'totp_enrollment_required', detail: '须先绑定动态口令' }));
    expect(await guard(to('/orgs', { section: 'orgs' }))).toBe('/totp');
    expect(await guard(to('/totp', { gate: 'totp' }))).toBe(true);
  });

  it('keeps accounts out of sections their roles do not allow', async () => {
    vi.stubGlobal('fetch', answer(200, me({ roles: [{ id: 'r', role: 'auditor', org_id: 'o1', org_name: '组织部' }] })));
    expect(await guard(to('/orgs', { section: 'orgs' }))).toBe('/audit');
    expect(await guard(to('/audit', { section: 'audit' }))).toBe(true);
  });

  it('homes each role on its first section', () => {
    expect(homeFor(me())).toBe('/orgs');
    expect(homeFor(me({ roles: [{ id: 'r', role: 'secadmin', org_id: 'o', org_name: '' }] }))).toBe('/accounts');
    expect(homeFor(me({ roles: [{ id: 'r', role: 'sysadmin', org_id: 'o', org_name: '' }] }))).toBe('/system');
    expect(homeFor(me({ roles: [{ id: 'r', role: 'member', org_id: 'o', org_name: '' }] }))).toBe('/m/me');
  });
});
