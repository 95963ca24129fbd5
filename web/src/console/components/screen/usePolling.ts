// A figure of the big screen kept fresh without a reload: read now and every
// `ms` after, until the page goes. The last good answer stays on screen while
// the next one is read, and a failed refresh only sets error (the badge) —
// a display on the wall must not go blank because one request failed.
import { onBeforeUnmount, ref, shallowRef } from 'vue';
import { errorMessage } from '../../../api/client';

export function usePolling<T>(ms: number) {
  const data = shallowRef<T | null>(null);
  const error = ref('');
  /** When the shown data was read (null before the first answer). */
  const updatedAt = ref<Date | null>(null);
  let timer: ReturnType<typeof setInterval> | undefined;
  let read: (() => Promise<T>) | null = null;
  // Each start() is a new source: a late answer for the one before is dropped.
  let seq = 0;
  let busy = false;

  async function refresh() {
    const my = seq;
    // A slow server must not pile requests up: skip the tick, the next one reads.
    if (!read || busy) return;
    busy = true;
    try {
      const v = await read();
      if (my !== seq) return;
      data.value = v;
      updatedAt.value = new Date();
      error.value = '';
    } catch (e) {
      if (my === seq) error.value = errorMessage(e);
    } finally {
      if (my === seq) busy = false;
    }
  }

  function stop() {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  }

  /** start reads from load from now on (another organization: nothing of the old one is kept). */
  function start(load: () => Promise<T>) {
    stop();
    seq++;
    busy = false;
    read = load;
    data.value = null;
    updatedAt.value = null;
    error.value = '';
    void refresh();
    timer = setInterval(refresh, ms);
  }

  onBeforeUnmount(stop);
  return { data, error, updatedAt, start, refresh };
}
