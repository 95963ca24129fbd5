// A keyset-paged list (加载更多) of the dashboard pages: the first page again
// when what it lists changes, then the page after the cursor; a late answer
// for a list left behind is dropped.
import { ref, shallowRef, type Ref } from 'vue';
import { errorMessage } from '../../../api/client';

export interface KeysetPage<T> {
  items: T[] | null;
  next_cursor: string;
}

export function useKeyset<T, P extends KeysetPage<T> = KeysetPage<T>>(fetch: (cursor: string) => Promise<P>) {
  const items = ref([]) as Ref<T[]>;
  /** The first page's answer as a whole (labels, counts beside the items). */
  const first = shallowRef<P | null>(null);
  const cursor = ref('');
  const loading = ref(false);
  const more = ref(false);
  const error = ref('');
  let seq = 0;

  /** load reads the first page again, or (next) the page after the last one shown. */
  async function load(next = false) {
    const my = ++seq;
    (next ? more : loading).value = true;
    error.value = '';
    try {
      const p = await fetch(next ? cursor.value : '');
      if (my !== seq) return;
      items.value = next ? [...items.value, ...(p.items || [])] : p.items || [];
      if (!next) first.value = p;
      cursor.value = p.next_cursor || '';
    } catch (e) {
      if (my !== seq) return;
      error.value = errorMessage(e);
      if (!next) {
        items.value = [];
        first.value = null;
        cursor.value = '';
      }
    } finally {
      if (my === seq) (next ? more : loading).value = false;
    }
  }

  return { items, first, cursor, loading, more, error, load };
}
