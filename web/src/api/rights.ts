// A member's rights over their own data (PIPL art. 45–46): take a copy of it
// and ask for corrections, which the branch answers in the console.
import { api, rawRequest, saveBlob } from './client';
import type { Correction, CorrectionInput } from './types';

/** The name the copy is saved under (the server's own name is ASCII). */
export const SELF_EXPORT_NAME = '我的党员信息.json';

export const rightsApi = {
  /** Downloads the signed-in member's full record (unmasked; audited) as 我的党员信息.json. */
  exportMine: async (): Promise<void> => {
    const res = await rawRequest('GET', '/me/member/export');
    saveBlob(await res.blob(), SELF_EXPORT_NAME);
  },
  /** The signed-in member's correction requests, newest first. */
  myCorrections: () => api.get<{ items: Correction[] }>('/me/member/corrections'),
  requestCorrection: (body: CorrectionInput) =>
    api.post<Correction>('/me/member/corrections', {
      field: body.field,
      proposed: body.proposed.trim(),
      note: body.note.trim(),
    }),
  /** A member's correction requests (console; member read permission). */
  memberCorrections: (memberId: string) =>
    api.get<{ items: Correction[] }>(`/members/${encodeURIComponent(memberId)}/corrections`),
  /** The branch's answer: accepted, or not (then note is required). 409 when already answered. */
  resolve: (id: string, accepted: boolean, note = '') =>
    api.post<Correction>(`/corrections/${encodeURIComponent(id)}/resolve`, { accepted, note: note.trim() }),
};
