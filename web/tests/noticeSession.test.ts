import { describe, expect, it } from 'vitest';
import { canPublishNotices, canSee, hasPerm } from '../src/stores/session';
import type { Me, RoleName } from '../src/api/types';

function me(...roles: RoleName[]): Me {
  return {
    id: 'a', username: 'u', display_name: 'U', must_change_password: false, totp_enabled: true, member_id: null,
    roles: roles.map((role, i) => ({ id: 'r' + i, role, org_id: 'o', org_name: '' })), csrf_token: 'c', demo: false,
  };
}

describe('the 通知公告 section follows notice.read', () => {
  it('is open to administrators, party workers and viewers', () => {
    for (const r of ['org_admin', 'party_worker', 'viewer'] as RoleName[]) expect(canSee(me(r), 'notices'), r).toBe(true);
  });

  it('is closed to members and the separated administrators', () => {
    for (const r of ['member', 'sysadmin', 'secadmin', 'auditor'] as RoleName[]) expect(canSee(me(r), 'notices'), r).toBe(false);
    expect(canSee(null, 'notices')).toBe(false);
  });

  it('lets only administrators and party workers publish', () => {
    expect(canPublishNotices(me('org_admin'))).toBe(true);
    expect(canPublishNotices(me('party_worker'))).toBe(true);
    expect(canPublishNotices(me('viewer'))).toBe(false);
    expect(canPublishNotices(me('member', 'viewer'))).toBe(false);
  });

  it('also reads the permissions GET /me lists', () => {
    const m = { ...me('member'), permissions: ['notice.read'] } as Me;
    expect(hasPerm(m, 'notice.read')).toBe(true);
    expect(canSee(m, 'notices')).toBe(true);
    expect(hasPerm(m, 'notice.publish')).toBe(false);
  });

  it('leaves the other sections as they were', () => {
    expect(canSee(me('auditor'), 'audit')).toBe(true);
    expect(canSee(me('viewer'), 'import')).toBe(false);
  });
});
