// The organization last chosen in the tree: the default for 党员管理 and 数据导入.
import { ref, watch } from 'vue';

export interface OrgRef {
  id: string;
  name: string;
}

const KEY = 'dj.currentOrg';

function read(): OrgRef | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as OrgRef;
    return v && typeof v.id === 'string' ? v : null;
  } catch {
    return null;
  }
}

export const currentOrg = ref<OrgRef | null>(read());

watch(currentOrg, (v) => {
  try {
    if (v) sessionStorage.setItem(KEY, JSON.stringify({ id: v.id, name: v.name }));
    else sessionStorage.removeItem(KEY);
  } catch {
    /* ignore */
  }
});

export function setCurrentOrg(o: OrgRef | null): void {
  currentOrg.value = o ? { id: o.id, name: o.name } : null;
}
