// Shared set-up for the browser tests: Debian's Chromium through
// playwright-core (no browser download), with the flags this network needs.
import { chromium } from 'playwright-core';
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const base = process.env.E2E_BASE || 'http://127.0.0.1:18080';
export const shots = process.env.E2E_SHOTS || '/tmp/dangjian-e2e-shots';
mkdirSync(shots, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

// signIn fills the sign-in form at path ("/" console, "/m/" mobile) and waits
// until the app has left the sign-in page.
export async function signIn(page, path, username, password) {
  await page.goto(base + path);
  await page.getByTestId('login-username').locator('input').or(page.locator('[data-testid=login-username] input, input[data-testid=login-username]')).first().fill(username);
  await page.locator('[data-testid=login-password] input, input[data-testid=login-password]').first().fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.includes('login'), { timeout: 15000 });
}

// ---------------------------------------------------------------------------
// Sign-in that copes with what a fresh demo database may ask of an account:
// a forced password change, TOTP enrolment (administrators) and, on later
// sign-ins, the TOTP code. What it learns (new password, TOTP secret) is kept
// in a small state file next to the screenshots so the next spec (a separate
// process) can sign in again.

const stateFile = join(shots, '.e2e-accounts.json');

function readState() {
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {
    return {};
  }
}

function saveAccount(username, patch) {
  const s = readState();
  s[username] = { ...(s[username] || {}), ...patch };
  writeFileSync(stateFile, JSON.stringify(s));
}

function base32(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of s.replace(/[\s=-]/g, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error(`bad base32 character ${c}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const out = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(out);
}

// totp computes the RFC 6238 code (SHA-1, 30 s, 6 digits) for a base32 secret.
export function totp(secret, step = Math.floor(Date.now() / 30000)) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', base32(secret)).update(msg).digest();
  const o = h[h.length - 1] & 0xf;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1e6).padStart(6, '0');
}

// freshCode returns a code for a time step not used before by this account
// (servers refuse a replayed code), waiting for the next step if needed.
async function freshCode(username, secret) {
  const last = readState()[username]?.lastStep ?? -1;
  let step = Math.floor(Date.now() / 30000);
  if (step <= last) {
    await new Promise((r) => setTimeout(r, (last + 1) * 30000 - Date.now() + 500));
    step = Math.floor(Date.now() / 30000);
  }
  saveAccount(username, { lastStep: step });
  return totp(secret, step);
}

export function input(page, testid) {
  return page.locator(`[data-testid="${testid}"] input, input[data-testid="${testid}"]`).first();
}

// signInAs signs in at path ("/" or "/m/") and returns once `ready` (a CSS
// selector of the signed-in landing page) is visible, passing through the
// password change and TOTP pages when the server asks for them.
export async function signInAs(page, path, username, password, ready) {
  const known = readState()[username] || {};
  if (known.password && known.password !== password) {
    try {
      return await signInOnce(page, path, username, known.password, ready);
    } catch (e) {
      // A state file left by a run against another database: start over.
      if (!/sign-in as .* failed/.test(String(e))) throw e;
      saveAccount(username, { password: undefined, secret: undefined });
    }
  }
  return signInOnce(page, path, username, password, ready);
}

async function submitLogin(page, username, pw) {
  await input(page, 'login-username').fill(username);
  await input(page, 'login-password').fill(pw);
  await page.getByTestId('login-submit').click();
}

// afterGate waits until a password change or TOTP enrolment has led either
// to the landing page or back to the sign-in form (then signs in again).
async function afterGate(page, username, pw, ready) {
  await page.locator(`${ready}, [data-testid=login-username]`).first().waitFor({ state: 'visible', timeout: 15000 });
  if (await page.locator(ready).first().isVisible()) return;
  await submitLogin(page, username, pw);
}

async function signInOnce(page, path, username, pw, ready) {
  await page.goto(base + path);
  await submitLogin(page, username, pw);
  const gates = `${ready}, [data-testid=login-otp], [data-testid=totp-code], [data-testid=password-old], [data-testid=login-error]`;
  for (let round = 0; round < 4; round++) {
    await page.locator(gates).first().waitFor({ state: 'visible', timeout: 15000 });
    if (await page.locator(ready).first().isVisible()) return;
    if (await page.getByTestId('totp-code').isVisible()) {
      const secretEl = page.getByTestId('totp-secret');
      await page.waitForFunction(() => /^[A-Z2-7=\s]{16,}$/i.test(document.querySelector('[data-testid=totp-secret]')?.textContent?.trim() || ''), null, { timeout: 15000 });
      const secret = (await secretEl.textContent()).trim();
      saveAccount(username, { secret });
      await input(page, 'totp-code').fill(await freshCode(username, secret));
      await page.getByTestId('totp-submit').click();
      await page.getByTestId('totp-code').waitFor({ state: 'detached', timeout: 15000 });
      await afterGate(page, username, pw, ready);
      continue;
    }
    if (await page.getByTestId('password-old').isVisible()) {
      const next = pw.endsWith('!') ? pw + 'a' : pw + '!';
      await input(page, 'password-old').fill(pw);
      await input(page, 'password-new').fill(next);
      const confirm = page.locator('[data-testid=password-confirm] input, input[data-testid=password-confirm]');
      if (await confirm.count()) await confirm.first().fill(next);
      await page.getByTestId('password-submit').click();
      await page.getByTestId('password-old').waitFor({ state: 'detached', timeout: 15000 });
      saveAccount(username, { password: next });
      pw = next;
      await afterGate(page, username, pw, ready);
      continue;
    }
    const otp = input(page, 'login-otp');
    if (await otp.isVisible()) {
      const secret = readState()[username]?.secret;
      if (!secret) throw new Error(`${username}: the server asks for a TOTP code but no secret is known`);
      await otp.fill(await freshCode(username, secret));
      await page.getByTestId('login-submit').click();
      await page.waitForURL((u) => !u.pathname.includes('login'), { timeout: 15000 });
      continue;
    }
    if (await page.getByTestId('login-error').isVisible()) {
      throw new Error(`sign-in as ${username} failed: ${await page.getByTestId('login-error').textContent()}`);
    }
  }
  await page.locator(ready).first().waitFor({ state: 'visible', timeout: 15000 });
}

// chooseOption opens the Element Plus select with data-testid=testid and
// clicks the option whose text is exactly text.
export async function chooseOption(page, testid, text) {
  await page.getByTestId(testid).click();
  const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) });
  await option.first().click({ timeout: 15000 });
}

// fillDate types a YYYY-MM-DD date into an Element Plus date picker.
export async function fillDate(page, testid, value) {
  const el = input(page, testid);
  await el.click();
  await el.fill(value);
  await el.press('Enter');
  // Enter closes the picker's panel; Escape would also close a dialog around it.
}

// idNumber makes a GB 11643 resident ID number with a valid check digit
// (or, when bad is true, a wrong one) for a birth date YYYYMMDD.
export function idNumber(birth, seq, bad = false) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const body = '110105' + birth + String(seq).padStart(3, '0');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * weights[i];
  const digits = '10X98765432';
  const ok = digits[sum % 11];
  return body + (bad ? digits[(sum + 1) % 11] : ok);
}

// uniq is a short run-unique number (ms since the start of the hour).
export function uniq() {
  return Date.now() % 3600000;
}

// ---------------------------------------------------------------------------
// Dates in Beijing and the server's clock. scripts/e2e.sh starts the server
// with --clock-offset-file E2E_CLOCK_FILE: a whole number of seconds written
// there moves the server's time forward (internal/platform/clock.Travel),
// deleting the file brings it back. A test that travels must call
// setClockOffset(0) in a finally block, and sign in again after a jump (the
// sessions' idle limit runs on the server's clock).

const DAY_MS = 86400e3;

// beijingToday is the date in Beijing ("2026-03-02") at ms (default: now).
export function beijingToday(ms = Date.now()) {
  return new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);
}

// addDays moves a "YYYY-MM-DD" date by n days.
export function addDays(date, n) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

// addMonths moves a date by n months; a day the target month lacks becomes
// its last day (as clock.AddMonths: 2024-02-29 + 12 months = 2025-02-28).
export function addMonths(date, n) {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}

// chineseDate renders a date as the server's explanations do: "2026年3月2日".
export function chineseDate(date) {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

// setClockOffset moves the server's clock seconds ahead of the real time (0:
// back to it) and the browser contexts' clocks with it, so that the pages'
// "today" is the server's.
export async function setClockOffset(seconds, contexts = []) {
  const file = process.env.E2E_CLOCK_FILE;
  if (!file) throw new Error('E2E_CLOCK_FILE is not set: start the server as scripts/e2e.sh does');
  if (seconds) writeFileSync(file, String(Math.round(seconds)));
  else rmSync(file, { force: true });
  for (const c of contexts) await c.clock.setSystemTime(new Date(Date.now() + seconds * 1000));
  // The server reads the file again when its last read is 200 ms old.
  await new Promise((r) => setTimeout(r, 300));
}

// travelTo makes date ("YYYY-MM-DD", today or later) the server's and the
// contexts' today in Beijing.
export async function travelTo(date, contexts = []) {
  const days = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${beijingToday()}T00:00:00Z`)) / DAY_MS);
  if (days < 0) throw new Error(`cannot travel back to ${date}`);
  await setClockOffset(days * 86400, contexts);
}

// openMenu clicks a console menu entry, opening its section first when it
// is folded (only 组织生活 and 党费管理 start open).
// (A section and its first entry may share a test id: menu-transfers.)
export async function openMenu(page, section, item) {
  const entry = page.locator(`.el-menu-item[data-testid="menu-${item}"]`);
  if (!(await entry.isVisible())) await page.locator(`.el-sub-menu[data-testid="menu-${section}"] > .el-sub-menu__title`).click();
  await entry.click();
}

// pickOrgIn chooses an organization by its exact name in an OrgPicker
// (data-testid prefix testid; "page-org" is a page's organization box).
export async function pickOrgIn(page, testid, name) {
  const picked = page.getByTestId(`${testid}-selected`);
  await page.getByTestId(testid).waitFor();
  if ((await picked.isVisible()) && (await picked.textContent()).trim() === name) return;
  await input(page, `${testid}-input`).fill(name);
  await input(page, `${testid}-input`).press('Enter');
  const exact = new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  await page.getByTestId(`${testid}-option`).filter({ has: page.locator('.name', { hasText: exact }) }).first().click();
  await picked.filter({ hasText: name }).waitFor();
}

// pickMember chooses a member by name in a MemberPicker (data-testid prefix testid).
export async function pickMember(page, testid, name) {
  await input(page, `${testid}-input`).fill(name);
  const start = new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`);
  await page.getByTestId(`${testid}-option`).filter({ hasText: start }).first().click();
  await page.getByTestId(testid).locator('.el-tag').filter({ hasText: name }).waitFor();
}

// described is the text next to label in an Element Plus descriptions table
// inside container.
export async function described(container, label) {
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const cell = container.locator('.el-descriptions__label', { hasText: exact }).first().locator('xpath=following-sibling::*[1]');
  return (await cell.textContent()).replace(/\s+/g, ' ').trim();
}

// restorePassword gives the signed-in account (console) its password back
// on 修改密码 when signInAs had to change it (a password grown old while a
// test moved the clock), so that later tests find the demo password.
export async function restorePassword(page, username, password) {
  const current = readState()[username]?.password;
  if (!current || current === password) return;
  await page.goto(base + '/password');
  await input(page, 'password-old').fill(current);
  await input(page, 'password-new').fill(password);
  await input(page, 'password-confirm').fill(password);
  await page.getByTestId('password-submit').click();
  await page.getByTestId('password-old').waitFor({ state: 'detached', timeout: 15000 });
  saveAccount(username, { password });
}

// chooseAndClose is chooseOption waiting until the option list has closed
// and the select shows text: the next select opened at once could
// otherwise meet the closing list.
export async function chooseAndClose(page, testid, text) {
  await chooseOption(page, testid, text);
  await page.waitForFunction(() => [...document.querySelectorAll('.el-select__popper')].every((p) => getComputedStyle(p).display === 'none'));
  await page.getByTestId(testid).filter({ hasText: text }).waitFor();
}

// ---------------------------------------------------------------------------
// Browser contexts and meetings, as the specs of the records use them.

export const deskOptions = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
export const phoneOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

// startNearNow is five minutes ago, but not before today's midnight in
// Beijing (a meeting that counts in today's period), as the meeting form's
// picker shows it: "YYYY-MM-DD HH:mm".
export function startNearNow() {
  const now = Date.now();
  const midnight = Math.floor((now + 8 * 3600e3) / DAY_MS) * DAY_MS - 8 * 3600e3;
  return new Date(Math.max(now - 5 * 60e3, midnight) + 8 * 3600e3).toISOString().slice(0, 16).replace('T', ' ');
}

// callMeeting creates a meeting of kind (member_assembly, ...) for the
// organization named org on 会议, starting five minutes ago; it returns
// the meeting's ID once its page shows the topic.
export async function callMeeting(page, org, kind, topic, place) {
  await page.goto(base + '/meetings');
  await page.getByTestId('meetings-page').waitFor();
  await pickOrgIn(page, 'meeting-org', org);
  await page.getByTestId('meeting-new').click();
  await page.getByTestId('meeting-edit').waitFor();
  await page.getByTestId('meeting-form-org-selected').filter({ hasText: org }).waitFor();
  await page.getByTestId(`meeting-kind-${kind}`).click();
  await input(page, 'meeting-form-topic').fill(topic);
  const start = startNearNow();
  await input(page, 'meeting-form-starts').fill(start);
  await input(page, 'meeting-form-starts').press('Enter');
  await input(page, 'meeting-form-place').fill(place);
  if ((await input(page, 'meeting-form-starts').inputValue()) !== start) throw new Error(`the start did not take ${start}`);
  await page.getByTestId('meeting-save').click();
  const formError = page.getByTestId('meeting-form-error');
  await Promise.race([
    page.waitForURL((u) => /^\/meetings\/[^/]+$/.test(u.pathname) && u.pathname !== '/meetings/new'),
    formError.waitFor({ state: 'visible' }),
  ]);
  if (await formError.isVisible()) throw new Error('creating the meeting failed: ' + (await formError.textContent()));
  await page.getByTestId('meeting-topic').filter({ hasText: topic }).waitFor();
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
}

// finalizeMeeting archives (归档) the meeting whose page is open and waits
// until the page says so.
export async function finalizeMeeting(page) {
  await page.getByTestId('meeting-finalize').click();
  await page.locator('.meeting-finalize-ok').click();
  const finalizeError = page.getByTestId('meeting-finalize-error');
  await Promise.race([page.getByTestId('meeting-finalized').waitFor(), finalizeError.waitFor()]);
  if (await finalizeError.isVisible()) throw new Error('archiving failed: ' + (await finalizeError.textContent()));
  await page.getByTestId('meeting-state').filter({ hasText: '已归档' }).waitFor();
}

// ---------------------------------------------------------------------------
// The API as the signed-in page calls it: same origin, the session's cookie
// and, for an unsafe method, its CSRF token (from /api/v1/me). Returns
// { status, body } (body parsed when JSON) so a test can check both.

export async function apiIn(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') {
      const me = await (await fetch('/api/v1/me', { headers })).json();
      headers['X-CSRF-Token'] = me.csrf_token;
      headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed };
  }, { method, path, body });
}

// apiOk is apiIn failing unless the answer is a 2xx; returns the body.
export async function apiOk(page, method, path, body) {
  const r = await apiIn(page, method, path, body);
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}
