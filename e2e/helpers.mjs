// Shared set-up for the browser tests: Debian's Chromium through
// playwright-core (no browser download), with the flags this network needs.
import { chromium } from 'playwright-core';
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
