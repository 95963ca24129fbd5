// 党费 end to end (issue #5): the security administrator gives the retired
// cadres' first branch a secretary (党务工作者 at the branch). The retired
// demo member, on a phone, declares a base (离退休, 4,800.00 元 from January)
// that waits for the branch; the secretary confirms it in 基数与减免, posts
// the month's charges in 党费台账, selects every member and records the
// month's dues in one cash batch, then closes the month, which sends the
// remittance up. The upper organization (the organization department, which
// holds the branch's 市直机关工委) confirms it in 收缴与上缴; its 党费统计 for
// this month shows the branch at 100%, and the member's phone shows the month
// paid with a receipt.
//
// Needs a fresh demo database (scripts/e2e.sh makes one): the member must not
// have declared yet and this month must still be open at the branch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, input, launch, shots, signInAs, uniq } from './helpers.mjs';

const T = 15000;
const PW = 'Demo@2026';
// internal/demo/city.go: the retired member's branch and its upper organization.
const BRANCH = '清源市直机关离退休干部第一党支部';
const UPPER = '中共清源市直属机关工作委员会';
const MEMBER_PHONE = '13900000001';
// The declaration: 4,800.00 元 a month of pension is in the 0.5% band (≤ 5,000 元).
const PENSION = '4800';
const BASE_TEXT = '4,800.00 元';
const MONTHLY = '24.00 元';
const RULE = /4,800\.00 元 × 0\.5% = 24\.00 元/;

const phoneOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};
const deskOptions = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

// thisMonth is the month in Beijing ("2026-12"), its year and how the pages show it ("2026年12月").
function thisMonth() {
  const key = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7);
  return { key, year: key.slice(0, 4), label: `${key.slice(0, 4)}年${Number(key.slice(5))}月` };
}

const text = async (loc) => (await loc.first().textContent()).replace(/\s+/g, ' ').trim();
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// tableRow is the row of an Element Plus table (by its data-testid) holding text.
function tableRow(page, testid, hasText) {
  return page.getByTestId(testid).locator('.el-table__body-wrapper .el-table__row').filter({ hasText });
}

// cells are the texts of the cells of a table row, which must be the only one.
async function cells(row) {
  await row.first().waitFor();
  assert.equal(await row.count(), 1, 'exactly one row');
  return (await row.locator('td').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
}

// pickOrg chooses an organization in a 党费 page's picker by its exact name.
async function pickOrg(page, name) {
  const picked = page.getByTestId('page-org-selected');
  await page.getByTestId('page-org').waitFor();
  if ((await picked.isVisible()) && (await picked.textContent()).trim() === name) return;
  await input(page, 'page-org-input').fill(name);
  await input(page, 'page-org-input').press('Enter');
  await page.getByTestId('page-org-option').filter({ has: page.locator('.name', { hasText: new RegExp(`^${escape(name)}$`) }) }).first().click();
  await picked.filter({ hasText: name }).waitFor();
}

// createSecretary: secadmin's 账号与角色 — a new account, 党务工作者 at the branch.
async function createSecretary(page, username, displayName, password) {
  await signInAs(page, '/', 'secadmin', PW, '[data-testid=main-menu]');
  await page.getByTestId('menu-accounts').click();
  await page.waitForURL(/\/accounts/);
  await page.getByTestId('account-add').click();
  await input(page, 'account-form-username').fill(username);
  await input(page, 'account-form-display_name').fill(displayName);
  await input(page, 'account-form-password').fill(password);
  await page.getByTestId('account-form-submit').click();
  await page.getByTestId('account-form-submit').waitFor({ state: 'hidden' });
  await input(page, 'account-search').fill(username);
  const row = page.getByTestId('account-table').locator('.el-table__row').filter({ hasText: username }).first();
  await row.waitFor();
  await row.getByRole('button', { name: '角色' }).click();
  const dialog = page.locator('.el-dialog').filter({ has: page.getByTestId('role-form-submit') });
  await dialog.waitFor();
  await page.getByTestId('role-form-role').click();
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^\s*党务工作者\s*$/ }).first().click();
  await input(page, 'role-form-org-input').fill(BRANCH);
  await page.getByTestId('role-form-org-option').filter({ hasText: BRANCH }).first().click();
  await page.getByTestId('role-form-org-selected').waitFor();
  await page.getByTestId('role-form-submit').click();
  await dialog.locator('.el-table__row').filter({ hasText: '党务工作者' }).filter({ hasText: BRANCH }).first().waitFor();
  await page.screenshot({ path: `${shots}/10-dues-secretary-account.png`, fullPage: true });
  await dialog.getByRole('button', { name: '关闭', exact: true }).click();
  await row.filter({ hasText: `党务工作者 · ${BRANCH}` }).waitFor();
}

// declareOnPhone: 我的 → 我的党费 → 申报缴费基数, then the declaration waits
// for the branch. Returns the member's name.
async function declareOnPhone(m, month) {
  await signInAs(m, '/m/', MEMBER_PHONE, PW, '[data-testid=me-branch], [data-testid=me-not-member]');
  assert.equal(await text(m.getByTestId('me-branch')), BRANCH);
  const memberName = await text(m.getByTestId('me-name'));
  await m.getByTestId('me-dues').tap();
  await m.waitForURL(/\/m\/dues$/);
  assert.match(await text(m.getByTestId('m-dues-missing')), /请先申报缴费基数/);
  await m.screenshot({ path: `${shots}/10-dues-phone-missing.png`, fullPage: true });
  await m.getByTestId('m-dues-declare').tap();
  await m.waitForURL(/\/m\/dues\/declare$/);
  await m.getByTestId('m-declare-cat-retired').tap();
  await m.getByTestId('m-declare-base').fill(PENSION);
  await m.getByTestId('m-declare-when-year').tap();
  assert.equal(await text(m.getByTestId('m-declare-preview-amount')), MONTHLY, 'the estimate of the monthly dues');
  assert.match(await text(m.getByTestId('m-declare-preview-rule')), RULE);
  await m.screenshot({ path: `${shots}/10-dues-phone-declare.png`, fullPage: true });
  await m.getByTestId('m-declare-submit').tap();
  await m.waitForURL(/\/m\/dues$/);
  const pending = m.getByTestId('m-dues-pending');
  await pending.waitFor();
  assert.match(await text(pending), /待支部确认/);
  assert.match(await text(pending), new RegExp(`离退休，月离退休费 ${escape(BASE_TEXT)}`));
  assert.match(await text(pending), new RegExp(`从 ${month.year}年1月 起`));
  assert.equal(await text(m.getByTestId('m-dues-amount')), '待支部确认', 'no amount before the branch confirms');
  const overflow = await m.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `nothing overflows the phone's width (${overflow}px)`);
  await m.screenshot({ path: `${shots}/10-dues-phone-pending.png`, fullPage: true });
  return memberName;
}

// confirmBase: 基数与减免 of the secretary's branch, 确认 on the declaration.
async function confirmBase(s, memberName, month) {
  await s.getByTestId('menu-dues-bases').click();
  await s.getByTestId('dues-bases-page').waitFor();
  await s.getByTestId('page-org-selected').filter({ hasText: BRANCH }).waitFor();
  // The member's row: the name and the declared base (a namesake would not have it).
  const row = tableRow(s, 'bases-table', memberName).filter({ hasText: BASE_TEXT });
  await row.getByTestId('bases-pending').waitFor();
  assert.match(await text(row.getByTestId('bases-pending')), new RegExp(`离退休 ${escape(BASE_TEXT)}，自${month.year}年1月起（本人申报）`));
  assert.match(await text(row), /未申报基数/, 'no confirmed base yet');
  await s.screenshot({ path: `${shots}/10-dues-bases-pending.png`, fullPage: true });
  await row.getByTestId('base-confirm').click();
  await s.locator('.el-message').filter({ hasText: `已确认${memberName}的基数` }).waitFor();
  await row.getByTestId('bases-rule').waitFor();
  assert.equal(await row.getByTestId('bases-pending').count(), 0, 'nothing waits any more');
  assert.match(await text(row.getByTestId('bases-rule')), RULE);
  assert.match(await text(row), new RegExp(`离退休.*${escape(BASE_TEXT)}.*${escape(MONTHLY)}`));
  await s.screenshot({ path: `${shots}/10-dues-bases-confirmed.png`, fullPage: true });
}

// postMonth: 党费台账 → 生成本月应缴. Returns how many members owe the month.
async function postMonth(s, row, month) {
  await s.getByTestId('menu-dues-ledger').click();
  await s.getByTestId('dues-ledger-page').waitFor();
  await s.locator('.heading h3').filter({ hasText: `${BRANCH} · ${month.label}` }).waitFor();
  assert.match(await text(row.getByTestId('ledger-rule')), RULE);
  const posted = s.waitForResponse((r) => r.url().includes(`/dues/months/${month.key}/post`) && r.request().method() === 'POST');
  await s.getByTestId('ledger-post').click();
  assert.equal((await posted).status(), 200, 'posting the month');
  await s.locator('.el-message').filter({ hasText: new RegExp(`已生成 [1-9]\\d* 人的${month.label}应缴记录`) }).waitFor();
  assert.equal(await s.getByTestId('ledger-missing').count(), 0, 'every member of the branch has a base');
  await s.waitForFunction(() => /已缴人数 0 \/ [1-9]/.test(document.querySelector('[data-testid=ledger-totals]')?.textContent || ''));
  const members = Number((await text(s.getByTestId('ledger-totals'))).match(/已缴人数 0 \/ (\d+)/)[1]);
  assert.equal(await s.getByTestId('ledger-table').locator('.el-table__body-wrapper .el-table__row').count(), members, 'one row per member');
  const owes = await cells(row);
  assert.ok(owes.includes(MONTHLY), `the member owes ${MONTHLY} this month: ${owes}`);
  assert.ok(owes.some((c) => c.includes(month.label)), `this month is unpaid: ${owes}`);
  await s.screenshot({ path: `${shots}/10-dues-ledger-posted.png`, fullPage: true });
  return members;
}

// payAll: every row selected, one cash batch for this month. Returns the
// member's receipt number and the month's total due (= paid), as shown.
async function payAll(s, row, memberName, month, members) {
  await s.getByTestId('ledger-table').locator('.el-table__header-wrapper .el-checkbox').click();
  await s.getByTestId('ledger-pay').filter({ hasText: `（${members}）` }).waitFor();
  await s.getByTestId('ledger-pay').click();
  await s.getByTestId('pay-lines').waitFor();
  await s.locator('.el-dialog__title').filter({ hasText: `登记缴费（${members} 人）` }).waitFor();
  assert.match(await text(s.getByTestId('pay-months')), new RegExp(`${month.label}（本月）`), 'this month is chosen');
  await s.getByTestId('pay-method').getByText('现金', { exact: true }).click();
  await s.screenshot({ path: `${shots}/10-dues-pay-dialog.png`, fullPage: true });
  await s.getByTestId('pay-submit').click();
  const receipts = s.getByTestId('pay-receipts');
  await receipts.waitFor();
  await s.locator('.el-alert').filter({ hasText: `已登记 ${members} 人的党费并开具收据` }).waitFor();
  assert.equal(await receipts.locator('.el-table__body-wrapper .el-table__row').count(), members, 'a receipt for each member');
  const receipt = await cells(tableRow(s, 'pay-receipts', memberName).filter({ hasText: MONTHLY }));
  assert.match(receipt[0], new RegExp(`^${month.year}-\\d{6}$`), `a numbered receipt: ${receipt}`);
  assert.deepEqual(receipt.slice(1, 4), [memberName, month.label, MONTHLY]);
  await s.screenshot({ path: `${shots}/10-dues-pay-receipts.png`, fullPage: true });
  await s.getByTestId('pay-done').click();
  await receipts.waitFor({ state: 'hidden' });

  await s.waitForFunction((n) => (document.querySelector('[data-testid=ledger-totals]')?.textContent || '').includes(`已缴人数 ${n} / ${n}`), members);
  const totals = await text(s.getByTestId('ledger-totals'));
  assert.match(totals, /欠缴 0\.00 元/, `nothing owed for the month: ${totals}`);
  const [, due, paid] = totals.match(/应缴 ([\d,.]+) 元\s*已缴 ([\d,.]+) 元/) || assert.fail(`the totals: ${totals}`);
  assert.equal(paid, due, 'paid what was due');
  const after = await cells(row);
  assert.equal(after.filter((c) => c === MONTHLY).length, 2, `本月应缴 and 已缴 are ${MONTHLY}: ${after}`);
  assert.ok(after.includes('0.00 元'), `nothing owed: ${after}`);
  assert.ok(!after.some((c) => c.includes(month.label)), `this month is paid: ${after}`);
  return { receiptNumber: receipt[0], due };
}

// closeMonth: 关闭本月并上缴. Returns the amount sent up, as shown ("1,234.56 元").
async function closeMonth(s, month, due) {
  await s.getByTestId('ledger-close').click();
  await s.locator('.el-message-box').filter({ hasText: `关闭 ${month.label} 账期后` }).waitFor();
  await s.locator('.dues-close-ok').click();
  const summary = await text(s.getByTestId('ledger-closed-result'));
  const sent = summary.match(new RegExp(`^${month.label}已结账：本级收缴 ([\\d,.]+) 元，留存 ([\\d,.]+) 元，上缴 ([\\d,.]+) 元（待${UPPER}确认）`));
  assert.ok(sent, `the month is closed and remitted to ${UPPER}: ${summary}`);
  const fen = (v) => Math.round(Number(v.replace(/,/g, '')) * 100);
  // The demo's back-payments of earlier months were recorded in this period too.
  assert.ok(fen(sent[1]) >= fen(due), `the collection includes this month's dues (${sent[1]} ≥ ${due})`);
  assert.equal(fen(sent[2]) + fen(sent[3]), fen(sent[1]), 'what is kept and what goes up add up');
  await s.getByTestId('ledger-closed').filter({ hasText: '已结账' }).waitFor();
  assert.equal(await s.getByTestId('ledger-pay').count(), 0, 'a closed month takes no more payments');
  await s.screenshot({ path: `${shots}/10-dues-ledger-closed.png`, fullPage: true });
  return `${sent[3]} 元`;
}

// confirmRemittance: the upper organization's 收缴与上缴, 确认收到 on the
// branch's remittance. Returns the upper organization's ID.
async function confirmRemittance(a, month, remitted, secName) {
  await signInAs(a, '/', 'admin', PW, '[data-testid=main-menu]');
  await a.getByTestId('menu-dues-collection').click();
  await a.getByTestId('dues-collection-page').waitFor();
  await pickOrg(a, UPPER);
  const upperId = new URL(a.url()).searchParams.get('org');
  assert.ok(upperId, 'the page address names the organization');
  const incoming = tableRow(a, 'remit-incoming', BRANCH).filter({ hasText: month.label });
  await incoming.waitFor();
  assert.equal(await incoming.count(), 1, 'one remittance of the branch for the month');
  assert.equal(await text(incoming.getByTestId('remit-state')), '已上缴，待确认');
  assert.ok((await cells(incoming)).includes(remitted), `the amount the branch sent (${remitted})`);
  await a.screenshot({ path: `${shots}/10-dues-remittance-sent.png`, fullPage: true });
  await incoming.getByTestId('remit-confirm').click();
  const prompt = a.locator('.el-message-box').filter({ hasText: `${BRANCH} 上缴 ${month.label} 党费 ${remitted}` });
  await prompt.locator('input').fill('现金已交存机关工委');
  await a.locator('.remit-confirm-ok').click();
  await a.locator('.el-message').filter({ hasText: '已确认收到，计入本级当前账期' }).waitFor();
  await incoming.getByTestId('remit-state').filter({ hasText: '已确认收到' }).waitFor();
  assert.match(await text(incoming), new RegExp(`${secName} .* 上缴组织部管理员 .* 确认.*：现金已交存机关工委`), 'who sent it, who confirmed it, with the note');
  assert.equal(await incoming.getByTestId('remit-confirm').count(), 0, 'confirmed once');
  await a.screenshot({ path: `${shots}/10-dues-remittance-confirmed.png`, fullPage: true });
  return upperId;
}

// branchAt100: 党费统计 of the upper organization for this month, then of the
// branch (drilled down): all due is paid, 收缴率 100%.
async function branchAt100(a, upperId, month, due) {
  const report = a.waitForResponse((r) => r.url().includes('/dues/report?') && r.url().includes(upperId) && r.ok());
  await a.goto(`${base}/dues/report?org=${upperId}&from=${month.key}&to=${month.key}`);
  await a.getByTestId('dues-report-page').waitFor();
  await report;
  const byOrg = tableRow(a, 'report-by-org', BRANCH);
  const orgCells = await cells(byOrg);
  assert.deepEqual(orgCells.slice(1), [`${due} 元`, `${due} 元`, '0.00 元', '100%'], `the branch in ${UPPER}'s report: ${orgCells}`);
  await a.screenshot({ path: `${shots}/10-dues-report-upper.png`, fullPage: true });
  const branchReport = a.waitForResponse((r) => r.url().includes('/dues/report?') && !r.url().includes(upperId) && r.ok());
  await byOrg.getByTestId('report-by-org-name').click();
  assert.equal((await (await branchReport).json()).totals.rate, 1, 'the rate is 1');
  await a.getByTestId('page-org-selected').filter({ hasText: BRANCH }).waitFor();
  await a.getByTestId('report-rate').locator('.num').filter({ hasText: /^\s*100%\s*$/ }).waitFor();
  assert.equal(await text(a.getByTestId('report-due_fen').locator('.num')), due);
  assert.equal(await text(a.getByTestId('report-paid_fen').locator('.num')), due);
  assert.equal(await text(a.getByTestId('report-owed_fen').locator('.num')), '0.00');
  const retired = await cells(tableRow(a, 'report-by-category', '离退休'));
  assert.equal(retired.at(-1), '100%', `离退休 at 100%: ${retired}`);
  await a.screenshot({ path: `${shots}/10-dues-report-branch.png`, fullPage: true });
}

// paidOnPhone: 我的党费 shows the amount, the month paid and its receipt.
async function paidOnPhone(m, month, receiptNumber) {
  await m.reload();
  await m.getByTestId('m-dues-head').waitFor();
  assert.equal(await text(m.getByTestId('m-dues-amount')), MONTHLY);
  assert.match(await text(m.getByTestId('m-dues-rule')), RULE);
  assert.match(await text(m.getByTestId('m-dues-this-paid')), /本月已交/);
  assert.match(await text(m.getByTestId('m-dues-head')), /缴费类别：离退休/);
  assert.equal(await m.getByTestId('m-dues-pending').count(), 0, 'the declaration no longer waits');
  assert.equal(await m.getByTestId('m-dues-owed').count(), 0, 'nothing owed');
  const monthCell = m.locator(`[data-testid=m-dues-month][data-month="${month.key}"]`);
  assert.equal(await monthCell.getAttribute('data-tone'), 'paid');
  assert.match(await text(monthCell), new RegExp(`${month.label}.*已交 ${escape(MONTHLY)}`));
  const receipt = m.getByTestId('m-dues-receipt').filter({ hasText: `收据 ${receiptNumber}` });
  assert.equal(await receipt.count(), 1, 'the receipt is listed');
  assert.match(await text(receipt), new RegExp(`${escape(MONTHLY)}.*${month.label}.*现金`));
  // The card clips what overflows it: the amount must be inside it.
  const beyond = await receipt.evaluate((card) => {
    const edge = card.getBoundingClientRect().right;
    return Math.max(...[...card.querySelectorAll('*')].map((el) => el.getBoundingClientRect().right)) - edge;
  });
  assert.ok(beyond <= 0.5, `nothing of the receipt reaches ${beyond}px beyond its card`);
  const pdf = await m.request.get(base + (await receipt.locator('a').getAttribute('href')));
  assert.equal(pdf.status(), 200);
  assert.match(pdf.headers()['content-type'], /application\/pdf/);
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  await m.screenshot({ path: `${shots}/10-dues-phone-paid.png`, fullPage: true });
}

test('dues: a base declared on the phone, confirmed, posted, paid in a batch, closed and remitted; the branch collects 100%', async () => {
  const browser = await launch();
  const pages = {};
  const month = thisMonth();
  const n = uniq();
  const secUser = `e2e_dues_sec_${n}`;
  const secName = `离退休一支部书记${n}`;
  const secPassword = `Zq7#${Math.random().toString(36).slice(2, 8)}x9`;
  const open = async (who, options) => {
    const p = (pages[who] = await (await browser.newContext(options)).newPage());
    p.setDefaultTimeout(T);
    return p;
  };
  try {
    const sa = await open('secadmin', deskOptions);
    const s = await open('secretary', deskOptions);
    const a = await open('admin', deskOptions);
    const m = await open('member', phoneOptions);

    await createSecretary(sa, secUser, secName, secPassword);
    const memberName = await declareOnPhone(m, month);

    await signInAs(s, '/', secUser, secPassword, '[data-testid=main-menu]');
    assert.match(await text(s.getByTestId('display-name')), new RegExp(secName));
    await confirmBase(s, memberName, month);
    const row = tableRow(s, 'ledger-table', memberName).filter({ hasText: BASE_TEXT });
    const members = await postMonth(s, row, month);
    const { receiptNumber, due } = await payAll(s, row, memberName, month, members);
    const remitted = await closeMonth(s, month, due);

    const upperId = await confirmRemittance(a, month, remitted, secName);
    // The branch sees it confirmed.
    await s.getByTestId('menu-dues-collection').click();
    await s.getByTestId('dues-collection-page').waitFor();
    await tableRow(s, 'remit-outgoing', UPPER).filter({ hasText: month.label }).getByTestId('remit-state').filter({ hasText: '已确认收到' }).waitFor();

    await branchAt100(a, upperId, month, due);
    await paidOnPhone(m, month, receiptNumber);
  } catch (e) {
    for (const [who, p] of Object.entries(pages)) {
      await p.screenshot({ path: `${shots}/10-dues-failed-${who}.png`, fullPage: true }).catch(() => {});
    }
    throw e;
  } finally {
    await browser.close();
  }
});
