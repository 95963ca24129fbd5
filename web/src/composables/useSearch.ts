// The search box of a picker: the query typed, results fetched 300 ms after
// the last keystroke, and only the latest answer kept (a slow earlier
// request never overwrites a newer one). Used by the org, member and
// transfer-target pickers.
import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { errorMessage } from '../api/client';

export interface Search<T> {
  q: Ref<string>;
  results: Ref<T[]>;
  loading: Ref<boolean>;
  error: Ref<string>;
  /** Whether the current results answer a search (for the "nothing found" line). */
  searched: Ref<boolean>;
  /** Search now (Enter, focus) instead of waiting for the pause. */
  search: () => Promise<void>;
  /** Empty the box and the results after a pick. */
  reset: () => void;
}

/**
 * useSearch runs fetch for the typed text. With allowEmpty the empty box
 * searches too (a member list to choose from on focus); otherwise it
 * clears the results.
 */
export function useSearch<T>(fetch: (text: string) => Promise<T[]>, allowEmpty = false, delay = 300): Search<T> {
  const q = ref('');
  const results = ref<T[]>([]) as Ref<T[]>;
  const loading = ref(false);
  const error = ref('');
  const searched = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;

  async function search() {
    clearTimeout(timer);
    const text = q.value.trim();
    const my = ++seq;
    if (!text && !allowEmpty) {
      results.value = [];
      searched.value = false;
      loading.value = false;
      return;
    }
    loading.value = true;
    error.value = '';
    try {
      const found = await fetch(text);
      if (my !== seq) return;
      results.value = found;
      searched.value = true;
    } catch (e) {
      if (my === seq) error.value = errorMessage(e);
    } finally {
      if (my === seq) loading.value = false;
    }
  }

  function reset() {
    results.value = [];
    searched.value = false;
    q.value = '';
  }

  watch(q, () => {
    clearTimeout(timer);
    timer = setTimeout(search, delay);
  });
  onBeforeUnmount(() => clearTimeout(timer));
  return { q, results, loading, error, searched, search, reset };
}
