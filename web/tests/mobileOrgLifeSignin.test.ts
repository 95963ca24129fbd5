import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RouteLocationNormalized } from 'vue-router';
import MobileCheckin from '../src/mobile/MobileCheckin.vue';
import MobileLogin from '../src/mobile/MobileLogin.vue';
import { guard } from '../src/router';
import { clearSession, session } from '../src/stores/session';
import { json, meeting, mountAt, problem, settle, stubApi, type Answer, type Call } from './mobileOrgLifeHarness';

// The QR code's token lives about half a minute: a member who must sign in
// first has to land back on the check-in page with it.
let answers: Record<string, Answer>;
let calls: Call[];

beforeEach(() => {
  answers = {
    'GET /api/v1/my/meetings/m1': () => json(meeting()),
    'GET /api/v1/my/consents': () => json({ photo: { given: false, at: '' }, location: { given: false, at: '' } }),
    'POST /api/v1/my/meetings/m1/checkin': () => json({ status: 'present', method: 'qr', distance_m: null, geo: '', needs_confirmation: false, message: '' }),
  };
  calls = stubApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
  document.body.innerHTML = '';
});

describe('signing in from a scanned QR code', () => {
  it('keeps the token through the sign-in and comes back to the check-in page', async () => {
    session.loaded = false;
    answers['GET /api/v1/me'] = () => problem(401, 'unauthenticated', '请先登录');
    const target = '/m/checkin/m1?t=tok123';
    const to = { path: '/m/checkin/m1', fullPath: target, meta: { mobile: true } } as unknown as RouteLocationNormalized;
    const redirect = await guard(to);
    expect(redirect).toEqual({ path: '/m/login', query: { redirect: target } });

    answers['POST /api/v1/auth/login'] = () =>
      json({ account: { id: 'a1', username: 'lao', display_name: '老王', must_change_password: false, totp_enabled: false, member_id: 'p1', roles: [], csrf_token: 'c', demo: false } });
    const { w, router } = await mountAt(`/m/login?redirect=${encodeURIComponent(target)}`, { '/m/login': MobileLogin, '/m/checkin/:id': MobileCheckin });
    await w.get('[data-testid=login-username]').setValue('lao');
    await w.get('[data-testid=login-password]').setValue('secret-Pass1');
    await w.get('form').trigger('submit');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe(target);
    expect(calls.filter((c) => c.method === 'POST' && c.url.endsWith('/checkin')).map((c) => c.body)).toEqual([{ token: 'tok123' }]);
    w.unmount();
  });
});
