import { api } from './client';
import type { ChartNode, List, Org, OrgHistoryItem, OrgInput, Position } from './types';

const p = (id: string) => `/orgs/${encodeURIComponent(id)}`;

export const orgsApi = {
  roots: () => api.get<{ items: Org[] }>('/orgs/roots'),
  get: (id: string) => api.get<Org>(p(id)),
  children: (id: string, page = 1, page_size = 200, include_dissolved = false) =>
    api.get<List<Org>>(`${p(id)}/children`, { page, page_size, include_dissolved: include_dissolved || undefined }),
  chart: (id: string, depth = 3) => api.get<ChartNode>(`${p(id)}/chart`, { depth }),
  search: (q: string, within?: string, page_size = 20) =>
    api.get<List<Org>>('/orgs/search', { q, within, page_size }),
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
};
