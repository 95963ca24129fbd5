// The logic of the sign-in, password and TOTP pages, shared by the console and the portal.
import { reactive, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { ApiError, errorMessage } from '../api/client';
import { authApi } from '../api/auth';
import { loadMe, session, setMe } from '../stores/session';
import { homeFor } from '../router';

function safeRedirect(r: unknown, mobile: boolean): string | null {
  if (typeof r !== 'string' || !r.startsWith('/') || r.startsWith('//')) return null;
  if (mobile !== (r === '/m' || r.startsWith('/m/'))) return null;
  if (/\/(login|password|totp)(\?|$)/.test(r)) return null;
  return r;
}

export function useLogin(mobile: boolean) {
  const router = useRouter();
  const route = useRoute();
  const form = reactive({ username: '', password: '', otp: '' });
  const needOtp = ref(false);
  const error = ref('');
  const loading = ref(false);

  async function submit() {
    error.value = '';
    if (!form.username.trim() || !form.password) {
      error.value = '请输入用户名和密码';
      return;
    }
    if (needOtp.value && !/^\d{6}$/.test(form.otp.trim())) {
      error.value = '请输入6位动态口令';
      return;
    }
    loading.value = true;
    try {
      const res = await authApi.login(form.username.trim(), form.password, needOtp.value ? form.otp.trim() : undefined);
      session.blocker = '';
      if (res?.account) setMe(res.account);
      // The CSRF token comes with GET /me; ask for it if the sign-in answer lacked it.
      if (!session.me?.csrf_token) await loadMe(true);
      const me = session.me;
      if (me?.must_change_password) {
        await router.replace(mobile ? '/m/password' : '/password');
        return;
      }
      const next = safeRedirect(route.query.redirect, mobile) || (mobile ? '/m/me' : homeFor(me));
      await router.replace(next);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'otp_required') {
        if (needOtp.value) error.value = e.detail || '动态口令不正确';
        else error.value = '请输入动态口令（TOTP）';
        needOtp.value = true;
      } else {
        error.value = errorMessage(e);
      }
    } finally {
      loading.value = false;
    }
  }

  return { form, needOtp, error, loading, submit };
}

export function checkNewPassword(pw: string, confirm: string | null, old: string): string {
  if (!pw) return '请输入新密码';
  if (pw.length < 8) return '新密码至少8位';
  let classes = 0;
  if (/[a-z]/.test(pw)) classes++;
  if (/[A-Z]/.test(pw)) classes++;
  if (/\d/.test(pw)) classes++;
  if (/[^A-Za-z0-9]/.test(pw)) classes++;
  if (classes < 3) return '新密码须包含大写字母、小写字母、数字、符号中的至少三类';
  if (pw === old) return '新密码不能与原密码相同';
  if (confirm !== null && pw !== confirm) return '两次输入的新密码不一致';
  return '';
}

export function usePasswordChange(mobile: boolean) {
  const router = useRouter();
  const form = reactive({ old: '', password: '', confirm: '' });
  const error = ref('');
  const fieldErrors = ref<Record<string, string>>({});
  const loading = ref(false);
  const done = ref(false);

  async function submit(withConfirm = true) {
    error.value = '';
    fieldErrors.value = {};
    if (!form.old) {
      error.value = '请输入原密码';
      return;
    }
    const msg = checkNewPassword(form.password, withConfirm ? form.confirm : null, form.old);
    if (msg) {
      error.value = msg;
      return;
    }
    loading.value = true;
    try {
      await authApi.changePassword(form.old, form.password);
      done.value = true;
      session.blocker = '';
      const me = await loadMe(true).catch(() => session.me);
      await router.replace(mobile ? '/m/me' : homeFor(me));
    } catch (e) {
      if (e instanceof ApiError) {
        fieldErrors.value = e.fieldErrors;
        if (e.status === 401 && e.code === 'unauthenticated') {
          await router.replace(mobile ? '/m/login' : '/login');
          return;
        }
      }
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  return { form, error, fieldErrors, loading, done, submit };
}

export function useTotpSetup(mobile: boolean) {
  const router = useRouter();
  const secret = ref('');
  const url = ref('');
  const code = ref('');
  const error = ref('');
  const loading = ref(false);

  async function start() {
    error.value = '';
    try {
      const r = await authApi.totpSetup();
      secret.value = r.secret;
      url.value = r.otpauth_url;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        await router.replace(mobile ? '/m/login' : '/login');
        return;
      }
      error.value = errorMessage(e);
    }
  }

  async function enable() {
    error.value = '';
    if (!/^\d{6}$/.test(code.value.trim())) {
      error.value = '请输入验证器显示的6位数字';
      return;
    }
    loading.value = true;
    try {
      await authApi.totpEnable(code.value.trim());
      session.blocker = '';
      const me = await loadMe(true).catch(() => session.me);
      await router.replace(mobile ? '/m/me' : homeFor(me));
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  return { secret, url, code, error, loading, start, enable };
}
