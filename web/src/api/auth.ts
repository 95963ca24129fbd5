import { api } from './client';
import type { Me, MyMember, Account, ApiToken, List, Role, AuditEntry, AuditVerify } from './types';

export const authApi = {
  login: (username: string, password: string, otp?: string) =>
    api.post<{ account: Me }>('/auth/login', otp ? { username, password, otp } : { username, password }, { noRedirect: true }),
  logout: () => api.post<void>('/auth/logout', undefined, { noRedirect: true }),
  changePassword: (old_password: string, new_password: string) =>
    api.post<void>('/auth/password', { old_password, new_password }, { noRedirect: true }),
  totpSetup: () => api.post<{ secret: string; otpauth_url: string }>('/auth/totp/setup', undefined, { noRedirect: true }),
  totpEnable: (code: string) => api.post<void>('/auth/totp/enable', { code }, { noRedirect: true }),
  me: (noRedirect = false) => api.get<Me>('/me', undefined, { noRedirect }),
  myMember: () => api.get<MyMember>('/me/member'),
};

export const accountsApi = {
  list: (q: string, page: number, page_size = 20) => api.get<List<Account>>('/accounts', { q, page, page_size }),
  create: (body: { username: string; display_name: string; password: string; member_id?: string }) =>
    api.post<Account>('/accounts', body),
  update: (id: string, body: { display_name?: string; disabled?: boolean }) =>
    api.patch<Account>(`/accounts/${encodeURIComponent(id)}`, body),
  resetPassword: (id: string, password: string) =>
    api.post<void>(`/accounts/${encodeURIComponent(id)}/reset-password`, { password }),
  grantRole: (id: string, role: string, org_id: string) =>
    api.post<Role>(`/accounts/${encodeURIComponent(id)}/roles`, { role, org_id }),
  revokeRole: (grantId: string) => api.del<void>(`/role-grants/${encodeURIComponent(grantId)}`),
};

export const tokensApi = {
  list: async () => {
    const r = await api.get<List<ApiToken> | { items: ApiToken[] } | ApiToken[]>('/tokens');
    return Array.isArray(r) ? r : r?.items || [];
  },
  create: (name: string, expires_in_days: number) => api.post<ApiToken & { token: string }>('/tokens', { name, expires_in_days }),
  revoke: (id: string) => api.del<void>(`/tokens/${encodeURIComponent(id)}`),
};

export const auditApi = {
  list: (f: { actor?: string; action?: string; from?: string; to?: string; page?: number; page_size?: number }) =>
    api.get<List<AuditEntry>>('/audit', f),
  verify: () => api.get<AuditVerify>('/audit/verify'),
};
