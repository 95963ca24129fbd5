// The unread count of the message center: the console's bell and the phone's
// 消息 tab. Polled every 60 s while a page showing it is open, and refreshed
// on every route change and after reading or acknowledging a message.
import { onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { useRoute } from 'vue-router';
import { inboxApi } from '../api/inbox';

export const POLL_MS = 60_000;

export const unread = ref(0);
/** False when the server has no message center (404) or the count failed: the badge hides. */
export const unreadKnown = ref(false);

let inflight: Promise<void> | null = null;

/** refreshUnread asks GET /inbox/unread-count once (concurrent calls share the request). */
export function refreshUnread(): Promise<void> {
  if (inflight) return inflight;
  inflight = (async () => {
    try {
      const r = await inboxApi.unreadCount();
      unread.value = Math.max(0, Number(r?.count) || 0);
      unreadKnown.value = true;
    } catch {
      unreadKnown.value = false;
    } finally {
      inflight = null;
    }
  })();
  return inflight;
}

/** setUnread corrects the count locally after an action (the next poll confirms it). */
export function setUnread(n: number): void {
  unread.value = Math.max(0, n);
  unreadKnown.value = true;
}

/** useUnreadPolling keeps the count fresh while the calling component is mounted. */
export function useUnreadPolling(intervalMs = POLL_MS): void {
  const route = useRoute();
  let timer: ReturnType<typeof setInterval> | undefined;
  const onVisible = () => {
    if (document.visibilityState === 'visible') void refreshUnread();
  };
  onMounted(() => {
    void refreshUnread();
    timer = setInterval(() => void refreshUnread(), intervalMs);
    document.addEventListener('visibilitychange', onVisible);
  });
  onBeforeUnmount(() => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
  });
  watch(
    () => route.fullPath,
    () => void refreshUnread(),
  );
}
