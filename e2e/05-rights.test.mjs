// A member's rights over their own data: on the phone (大字模式 on) the demo
// member downloads a copy of their record and asks to correct their phone
// number; in the console the administrator finds the member under the root
// organization, sees the open request and answers 已更正; back on the phone
// the request shows the answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, shots, signInAs, input } from './helpers.mjs';

const T = 15000;
const NEW_PHONE = '13512345678';
const MASKED = '135****5678';
const NOTE = '原手机号已停用';
const ANSWER = '已按申请更正手机号';

test('rights: a member downloads their data and asks for a correction; the console answers it', async () => {
  const browser = await launch();
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  const m = await phone.newPage();
  m.setDefaultTimeout(T);
  let c = null;
  try {
    // --- The member, on the phone -------------------------------------------------
    await signInAs(m, '/m/', '13900000001', 'Demo@2026', '[data-testid=me-branch], [data-testid=me-not-member]');
    assert.ok(!(await m.getByTestId('me-not-member').isVisible()), 'the demo member account is linked to a member');
    const name = (await m.getByTestId('me-name').textContent()).trim();
    const branch = (await m.getByTestId('me-branch').textContent()).trim();
    assert.ok(name.length >= 2, `the member's name is shown: "${name}"`);

    // 大字模式 on: the form must still fit and keep large touch targets.
    if (!(await m.evaluate(() => document.documentElement.classList.contains('large-font')))) {
      await m.getByTestId('large-font-toggle').click();
      await m.waitForFunction(() => document.documentElement.classList.contains('large-font'), null, { timeout: T });
    }

    const list = m.getByTestId('me-corrections');
    await list.locator('[data-testid=me-correction-item], [data-testid=me-corrections-empty]').first().waitFor({ timeout: T });
    const before = await list.getByTestId('me-correction-item').count();

    // 下载我的信息: a JSON copy of the whole record, unmasked, saved as 我的党员信息.json.
    const [download] = await Promise.all([m.waitForEvent('download', { timeout: T }), m.getByTestId('me-export').click()]);
    assert.equal(download.suggestedFilename(), '我的党员信息.json');
    const copy = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(copy.member?.name, name, 'the copy is the member’s own record');
    assert.match(String(copy.member?.phone || ''), /^1\d{10}$/, 'the copy holds the full phone number');
    assert.ok(Array.isArray(copy.history) && copy.exported_at, 'the copy has the history and the export time');

    // 申请更正信息: 手机号 → 13512345678.
    await m.getByTestId('me-correction-open').click();
    const popup = m.getByTestId('me-correction-popup');
    await popup.waitFor({ state: 'visible', timeout: T });
    await m.getByTestId('me-correction-field').selectOption({ label: '手机号' });
    await input(m, 'me-correction-proposed').fill(NEW_PHONE);
    await m.getByTestId('me-correction-note').fill(NOTE);
    const submit = m.getByTestId('me-correction-submit');
    const box = await submit.boundingBox();
    assert.ok(box && box.height >= 48, `the submit button is a large touch target in 大字模式 (${box?.height}px)`);
    const overflow = await m.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `nothing overflows the phone's width in 大字模式 (${overflow}px)`);
    await m.screenshot({ path: `${shots}/05-rights-form.png` });
    await submit.click();
    const formError = m.getByTestId('me-correction-error');
    await Promise.race([popup.waitFor({ state: 'hidden', timeout: T }), formError.waitFor({ state: 'visible', timeout: T })]);
    if (await formError.isVisible()) assert.fail('the correction request failed: ' + (await formError.textContent()));

    // Listed as 待处理 with the masked value.
    const mine = list.getByTestId('me-correction-item').filter({ hasText: '手机号' }).filter({ hasText: MASKED });
    await mine.first().waitFor({ timeout: T });
    assert.equal(await list.getByTestId('me-correction-item').count(), before + 1);
    assert.equal((await mine.first().getByTestId('me-correction-status').textContent()).trim(), '待处理');
    assert.ok(!(await list.textContent()).includes(NEW_PHONE), 'the full new number is not shown in the list');
    await mine.first().scrollIntoViewIfNeeded();
    await m.screenshot({ path: `${shots}/05-rights-mobile.png`, fullPage: true });

    // --- The branch, in the console --------------------------------------------------
    // (The demo secretary works for another branch: the administrator answers.)
    const desk = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    c = await desk.newPage();
    c.setDefaultTimeout(T);
    await signInAs(c, '/', 'admin', 'Demo@2026', '[data-testid=org-tree] .el-tree-node');

    // Select the root organization, then 党员管理 for it.
    const rootNode = c.getByTestId('org-tree').locator('.el-tree-node__content').first();
    const rootName = (await rootNode.locator('.name').first().textContent()).trim();
    await rootNode.click();
    await c.getByTestId('org-detail').getByTestId('org-name').filter({ hasText: rootName }).waitFor({ timeout: T });
    await c.getByTestId('org-detail').getByTestId('org-members').click();
    await c.waitForURL(/\/members\?org=/, { timeout: T });
    await c.getByTestId('member-org-selected').filter({ hasText: rootName }).waitFor({ timeout: T });

    // Search the member by the name read on the phone, in their branch.
    await input(c, 'member-search').fill(name);
    const row = c.getByTestId('member-table').locator('.el-table__row').filter({ hasText: name }).filter({ hasText: branch });
    await row.first().waitFor({ timeout: T });
    await row.first().getByRole('link', { name }).click();
    await c.waitForURL(/\/members\/[^/?]+$/, { timeout: T });
    await c.getByTestId('member-name').filter({ hasText: name }).waitFor({ timeout: T });

    // The open request, with the hint that the change itself is made with 编辑.
    const card = c.getByTestId('member-corrections');
    await card.waitFor({ timeout: T });
    assert.match(await card.getByTestId('member-corrections-hint').textContent(), /编辑/);
    const req = card.locator('.correction-row').filter({ hasText: MASKED }).filter({ hasText: '待处理' });
    await req.first().waitFor({ timeout: T });
    assert.ok((await req.first().textContent()).includes(NOTE), 'the member’s note is shown');

    // 已更正 (with an optional answer) → the status changes.
    await req.first().getByTestId('correction-accept').click();
    const dialog = c.locator('.correction-resolve-box');
    await dialog.waitFor({ state: 'visible', timeout: T });
    await dialog.locator('textarea').fill(ANSWER);
    await dialog.locator('.el-message-box__btns .el-button--primary').click();
    await dialog.waitFor({ state: 'hidden', timeout: T });
    const done = card.locator('.correction-row').filter({ hasText: MASKED }).filter({ hasText: ANSWER });
    await done.first().waitFor({ timeout: T });
    assert.equal((await done.first().getByTestId('correction-status').textContent()).trim(), '已更正');
    assert.equal(await done.first().getByTestId('correction-accept').count(), 0, 'an answered request has no answer buttons');
    await c.screenshot({ path: `${shots}/05-rights-console.png`, fullPage: true });

    // --- Back on the phone: the answer is shown ----------------------------------------
    await m.reload();
    const answered = m.getByTestId('me-corrections').getByTestId('me-correction-item').filter({ hasText: MASKED }).filter({ hasText: ANSWER });
    await answered.first().waitFor({ timeout: T });
    assert.equal((await answered.first().getByTestId('me-correction-status').textContent()).trim(), '已更正');
    await answered.first().scrollIntoViewIfNeeded();
    await m.screenshot({ path: `${shots}/05-rights-answered.png`, fullPage: true });
  } catch (e) {
    await m.screenshot({ path: `${shots}/05-rights-failed-mobile.png`, fullPage: true }).catch(() => {});
    if (c) await c.screenshot({ path: `${shots}/05-rights-failed-console.png`, fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
});
