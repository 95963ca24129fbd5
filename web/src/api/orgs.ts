import { api, download, downloadUpload } from './client';
import { normalizeImportReport } from './importReport';
import type { ChartNode, ImportMode, ImportReport, List, Org, OrgHistoryItem, OrgInput, Position } from './types';

const p = (id: string) => `/orgs/${encodeURIComponent(id)}`;

export const orgsApi = {
  roots: () => api.get<{ items: Org[] }>('/orgs/roots'),
  get: (id: string) => api.get<Org>(p(id)),
  children: (id: string, page = 1, page_size = 200, include_dissolved = false) =>
    api.get<List<Org>>(`${p(id)}/children`, { page, page_size, include_dissolved: include_dissolved || undefined }),
  chart: (id: string, depth = 3) => api.get<ChartNode>(`${p(id)}/chart`, { depth }),
  search: (q: string, within?: string, page_size = 20) =>
    api.get<List<Org>>('/orgs/search', { q, within, page_size }),
  /** For granting roles (needs account.manage, not org.read): only id, name, code and kind_label are filled. */
  lookup: (q: string) => api.get<List<Org>>('/orgs/lookup', { q }),
  create: (body: OrgInput) => api.post<Org>('/orgs', body),
  update: (id: string, body: OrgInput) => api.patch<Org>(p(id), body),
  move: (id: string, new_parent_id: string) => api.post<Org>(`${p(id)}/move`, { new_parent_id }),
  dissolve: (id: string, dissolved_on: string, reason: string) =>
    api.post<Org>(`${p(id)}/dissolve`, { dissolved_on, reason }),
  history: (id: string) => api.get<{ items: OrgHistoryItem[] }>(`${p(id)}/history`),
  positions: (id: string, include_ended = false) =>
    api.get<{ items: Position[] }>(`${p(id)}/positions`, { include_ended: include_ended || undefined }),
  addPosition: (id: string, body: { member_id: string; title: string; start_on: string; end_on?: string }) =>
    api.post<Position>(`${p(id)}/positions`, body),
  endPosition: (positionId: string, end_on: string) =>
    api.post<Position>(`/positions/${encodeURIComponent(positionId)}/end`, { end_on }),
  downloadImportTemplate: () => download('/orgs/import-template', undefined, '组织导入模板.xlsx'),
  /** Import sub-organizations under id (created or updated by 组织编码). */
  import: async (id: string, file: File, mode: ImportMode): Promise<ImportReport> => {
    const form = new FormData();
    form.append('file', file, file.name);
    form.append('mode', mode);
    return normalizeImportReport(await api.upload<unknown>(`${p(id)}/import`, form), mode);
  },
  /** The annotated .xlsx of a file's bad rows: the server checks the file again and writes nothing. */
  downloadImportReport: (id: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return downloadUpload(`${p(id)}/import-report`, form, '组织导入错误报告.xlsx');
  },
};
