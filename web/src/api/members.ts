import { api, download, type Query } from './client';
import { normalizeImportReport } from './importReport';
import type { ImportMode, ImportReport, List, Member, MemberFilters, MemberHistoryItem, MemberInput, Position } from './types';

const p = (id: string) => `/members/${encodeURIComponent(id)}`;

export const membersApi = {
  list: (org: string, f: MemberFilters, page = 1, page_size = 20) =>
    api.get<List<Member>>('/members', { org, ...f, page, page_size } as Query),
  get: (id: string) => api.get<Member>(p(id)),
  create: (body: MemberInput) => api.post<Member>('/members', body),
  update: (id: string, body: MemberInput) => api.patch<Member>(p(id), body),
  history: (id: string) => api.get<{ items: MemberHistoryItem[] }>(`${p(id)}/history`),
  /** Every post the member holds or held, in any organization (ended ones included). */
  positions: (id: string) => api.get<{ items: Position[] }>(`${p(id)}/positions`),
  move: (id: string, org_id: string, reason: string) => api.post<Member>(`${p(id)}/move`, { org_id, reason }),
  end: (id: string, kind: string, on: string, reason: string) => api.post<Member>(`${p(id)}/end`, { kind, on, reason }),
  reveal: (id: string, field: 'id_number' | 'phone' | 'address') =>
    api.post<{ value: string }>(`${p(id)}/reveal`, { field }),
  downloadTemplate: () => download('/members/import-template', undefined, '党员导入模板.xlsx'),
  export: (org: string, f: MemberFilters, reason?: string) =>
    download(`/orgs/${encodeURIComponent(org)}/members/export`, { ...f, reason } as Query, '党员名册.xlsx'),
  import: async (org: string, file: File, mode: ImportMode): Promise<ImportReport> => {
    const form = new FormData();
    form.append('file', file, file.name);
    form.append('mode', mode);
    return normalizeImportReport(await api.upload<unknown>(`/orgs/${encodeURIComponent(org)}/members/import`, form), mode);
  },
  downloadReport: (importId: string) =>
    download(`/imports/${encodeURIComponent(importId)}/report`, undefined, '导入错误报告.xlsx'),
};
