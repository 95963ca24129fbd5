// The organization a console page works on follows its address (?org=):
// choosing another one in the picker, or drilling down to a child, changes
// the address, so the back button returns and a link can be shared.
import { ref, watch } from 'vue';
import { useRoute, useRouter, type LocationQueryRaw } from 'vue-router';
import { errorMessage } from '../api/client';
import { pageOrg } from '../api/orglife';
import { currentOrg, setCurrentOrg, type OrgRef } from '../stores/currentOrg';

export function usePageOrg() {
  const route = useRoute();
  const router = useRouter();
  const ownPath = route.path;
  const org = ref<OrgRef | null>(null);
  const orgError = ref('');
  const resolved = ref(false);

  async function resolve() {
    // Leaving the page changes the route before the page is gone: not ours.
    if (route.path !== ownPath) return;
    try {
      const o = await pageOrg(route.query.org, currentOrg.value);
      if (o?.id !== org.value?.id) org.value = o;
      orgError.value = '';
    } catch (e) {
      orgError.value = errorMessage(e);
    } finally {
      resolved.value = true;
    }
  }
  watch(() => route.query.org, resolve, { immediate: true });

  /** setQuery changes the page's address (empty values are dropped); push keeps the old one in history. */
  function setQuery(patch: Record<string, string | undefined>, push = false) {
    const query: LocationQueryRaw = { ...route.query, ...patch };
    for (const k of Object.keys(query)) if (!query[k]) delete query[k];
    void (push ? router.push({ query }) : router.replace({ query }));
  }

  function pickOrg(o: OrgRef | null, push = false) {
    if (!o) return;
    setCurrentOrg(o);
    setQuery({ org: o.id }, push);
  }

  return { org, orgError, resolved, pickOrg, setQuery };
}
