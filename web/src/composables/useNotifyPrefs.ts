// The state and actions of the 通知设置 form, shared by the console and the
// phone; each page supplies only how it says "saved".
import { computed, reactive, ref } from 'vue';
import { ApiError, errorMessage } from '../api/client';
import { prefsApi, type NotifyPrefs, type NotifyPrefsInput } from '../api/inbox';
import { DEFAULT_QUIET_END, DEFAULT_QUIET_START, describeQuietHours, validatePrefs } from '../utils/quietHours';

export function useNotifyPrefs(onSaved: () => void) {
  const prefs = ref<NotifyPrefs | null>(null);
  const loading = ref(true);
  const loadError = ref('');
  const form = reactive({ sms: false, email: false, email_address: '', quiet_start: DEFAULT_QUIET_START, quiet_end: DEFAULT_QUIET_END });
  const errors = ref<Record<string, string>>({});
  const formError = ref('');
  const saving = ref(false);
  const period = computed(() => describeQuietHours(form.quiet_start, form.quiet_end));

  function fill(p: NotifyPrefs) {
    prefs.value = p;
    Object.assign(form, {
      sms: !!p.sms && p.sms_available !== false,
      email: !!p.email && p.email_available !== false,
      email_address: '',
      quiet_start: p.quiet_start || DEFAULT_QUIET_START,
      quiet_end: p.quiet_end || DEFAULT_QUIET_END,
    });
  }

  async function load() {
    loading.value = true;
    loadError.value = '';
    try {
      fill(await prefsApi.get());
    } catch (e) {
      loadError.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  async function save() {
    formError.value = '';
    const p = prefs.value;
    errors.value = validatePrefs({ ...form, saved_email: p?.email_address || '' }, !!p?.email_available);
    if (Object.keys(errors.value).length) {
      formError.value = '请按提示修改后再保存';
      return;
    }
    const body: NotifyPrefsInput = { sms: form.sms, email: form.email, quiet_start: form.quiet_start, quiet_end: form.quiet_end };
    if (form.email_address.trim()) body.email_address = form.email_address.trim();
    saving.value = true;
    try {
      const saved = await prefsApi.put(body);
      if (saved && typeof saved === 'object') fill(saved);
      else await load();
      onSaved();
    } catch (e) {
      if (e instanceof ApiError) errors.value = e.fieldErrors;
      formError.value = e instanceof ApiError && e.errors.length ? '请按提示修改后再保存' : errorMessage(e);
    } finally {
      saving.value = false;
    }
  }

  void load();
  return { prefs, loading, loadError, form, errors, formError, saving, period, load, save };
}
