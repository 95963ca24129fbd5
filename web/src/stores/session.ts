// The signed-in account (GET /me), shared by the console and the mobile portal.
import { computed, reactive } from 'vue';
import { ApiError, setCsrfToken } from '../api/client';
import { authApi } from '../api/auth';
import type { Me, RoleName } from '../api/types';

interface SessionState {
  me: Me | null;
  loaded: boolean;
  /** Set when the API answered 403 totp_enrollment_required / password_change_required. */
  blocker: '' | 'password_change_required' | 'totp_enrollment_required';
}

export const session = reactive<SessionState>({ me: null, loaded: false, blocker: '' });

export function setMe(me: Me | null): void {
  session.me = me;
  session.loaded = true;
  setCsrfToken(me?.csrf_token);
  if (me && !me.must_change_password && session.blocker === 'password_change_required') session.blocker = '';
}

/** loadMe fetches GET /me; it resolves to null when not signed in. */
export async function loadMe(force = false): Promise<Me | null> {
  if (session.loaded && !force) return session.me;
  try {
    setMe(await authApi.me(true));
  } catch (e) {
    if (e instanceof ApiError && e.status === 403 &&
      (e.code === 'password_change_required' || e.code === 'totp_enrollment_required')) {
      session.blocker = e.code;
      session.loaded = true;
      return session.me;
    }
    if (e instanceof ApiError && e.status === 401) {
      setMe(null);
      return null;
    }
    throw e;
  }
  return session.me;
}

export function clearSession(): void {
  session.me = null;
  session.loaded = true;
  session.blocker = '';
  setCsrfToken('');
}

export function hasRole(me: Me | null, ...roles: RoleName[]): boolean {
  return !!me && me.roles.some((r) => roles.includes(r.role));
}

/**
 * What each role may do, as the server's authz package grants it
 * (internal/platform/authz rolePerms). A role holds at its organization and
 * below; the console only asks "anywhere", the server checks the place.
 */
export const ROLE_PERMS: Record<RoleName, readonly string[]> = {
  org_admin: ['org.read', 'org.update', 'org.manage', 'member.read', 'member.write', 'member.reveal',
    'member.import', 'member.export', 'member.move', 'account.manage', 'notice.read', 'notice.publish',
    'orglife.read', 'orglife.manage', 'dues.read', 'dues.manage', 'development.read', 'development.manage',
    'transfer.read', 'transfer.manage', 'election.read', 'election.manage',
    'points.read', 'points.manage', 'assessment.read', 'assessment.manage', 'archive.read',
    'dashboard.read', 'dashboard.manage'],
  party_worker: ['org.read', 'org.update', 'member.read', 'member.write', 'member.reveal', 'member.import',
    'member.export', 'notice.read', 'notice.publish', 'orglife.read', 'orglife.manage', 'dues.read', 'dues.manage',
    'development.read', 'development.manage', 'transfer.read', 'transfer.manage', 'election.read', 'election.manage',
    'points.read', 'points.manage', 'assessment.read', 'assessment.manage', 'archive.read',
    'dashboard.read', 'dashboard.manage'],
  viewer: ['org.read', 'member.read', 'notice.read', 'orglife.read', 'dues.read', 'development.read', 'transfer.read', 'election.read',
    'points.read', 'assessment.read', 'archive.read', 'dashboard.read'],
  member: [],
  sysadmin: ['system.read'],
  secadmin: ['account.manage'],
  auditor: ['audit.read'],
};

/**
 * hasPerm tells whether the account holds perm somewhere: from the
 * permissions GET /me lists when it does, else from its roles.
 */
export function hasPerm(me: Me | null, perm: string): boolean {
  if (!me) return false;
  const listed = (me as Me & { permissions?: unknown }).permissions;
  if (Array.isArray(listed) && listed.includes(perm)) return true;
  return (me.roles || []).some((r) => (ROLE_PERMS[r.role] || []).includes(perm));
}

/** What each console section needs: one of these roles … */
export const SECTION_ROLES: Record<string, RoleName[]> = {
  orgs: ['org_admin', 'party_worker', 'viewer'],
  members: ['org_admin', 'party_worker', 'viewer'],
  import: ['org_admin', 'party_worker'],
  accounts: ['org_admin', 'secadmin'],
  audit: ['auditor'],
  system: ['sysadmin'],
};

/** … or this permission. */
export const SECTION_PERMS: Record<string, string> = {
  notices: 'notice.read',
  orglife: 'orglife.read',
  dues: 'dues.read',
  development: 'development.read',
  transfers: 'transfer.read',
  elections: 'election.read',
  points: 'points.read',
  assessment: 'assessment.read',
  archive: 'archive.read',
  dashboard: 'dashboard.read',
};

export function canSee(me: Me | null, section: string): boolean {
  if (SECTION_PERMS[section]) return hasPerm(me, SECTION_PERMS[section]);
  return hasRole(me, ...(SECTION_ROLES[section] || []));
}

/** canPublishNotices: may publish, remind, withdraw and pin notices (notice.publish). */
export function canPublishNotices(me: Me | null): boolean {
  return hasPerm(me, 'notice.publish');
}

/** canManageOrgLife: may hold meetings, record attendance, minutes and votes, and set the rules (orglife.manage). */
export function canManageOrgLife(me: Me | null): boolean {
  return hasPerm(me, 'orglife.manage');
}

/** canEdit: may change organizations and members (not read-only viewers). */
export function canEdit(me: Me | null): boolean {
  return hasRole(me, 'org_admin', 'party_worker');
}

export const isDemo = computed(() => !!session.me?.demo);
