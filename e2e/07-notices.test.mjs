// 通知公告 end to end: the organization department's administrator publishes
// a notice asking for a receipt to the whole city (the demo member's branch is
// not under the demo secretary's branch, so the notice goes out from the top
// organization) and reads the per-organization counts; the retired member, on
// a phone, sees the unread badge, opens 消息, reads the notice and taps
// 确认收到; back in the console the read and confirmed counts of the member's
// organization have each gone up by one, and drilling down lists the member
// under 已回执.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, shots, signInAs, input, uniq } from './helpers.mjs';

const T = 15000;
const PW = 'Demo@2026';
// internal/demo/city.go: the demo member (13900000001) is the first member of
// 清源市直机关离退休干部第一党支部, under the 市直机关工委, under the root.
const ROOT = '中共清源市委组织部';
const COMMITTEE = '中共清源市直属机关工作委员会';
const BRANCH = '清源市直机关离退休干部第一党支部';

// counts reads 应收/已读/未读/已回执 of one receipts row as numbers.
async function counts(row) {
  const n = async (id) => Number((await row.getByTestId(id).first().textContent()).trim());
  return { total: await n('receipts-total'), read: await n('receipts-read'), unread: await n('receipts-unread'), acked: await n('receipts-acked') };
}

function receiptsRow(page, orgName) {
  return page.locator(`[data-testid=receipts-row][data-org-name="${orgName}"]`);
}

test('notices: publish with 回执 to the whole city, a member confirms on the phone, the receipts count it', async () => {
  const browser = await launch();
  const desk = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const c = await desk.newPage();
  c.setDefaultTimeout(T);
  let m = null;
  const title = `关于开展“七一”主题党日活动的通知（${uniq()}）`;
  try {
    // --- The publisher, in the console -------------------------------------------
    await signInAs(c, '/', 'admin', PW, '[data-testid=main-menu]');
    await c.getByTestId('menu-notices').click();
    await c.getByTestId('notices-page').waitFor({ timeout: T });
    await c.getByTestId('notice-new').click();
    await c.getByTestId('notice-edit').waitFor({ timeout: T });

    // 发布组织: the city's organization department (the whole city below it).
    const picked = c.getByTestId('notice-form-org-selected');
    if (!(await picked.isVisible()) || !(await picked.textContent()).includes(ROOT)) {
      await input(c, 'notice-form-org-input').fill(ROOT);
      await c.getByTestId('notice-form-org-option').filter({ has: c.locator('.name', { hasText: new RegExp(`^${ROOT}$`) }) }).first().click();
    }
    await picked.filter({ hasText: ROOT }).waitFor({ timeout: T });

    await input(c, 'notice-form-title').fill(title);
    // The small editor: a paragraph, then a bold one through the toolbar.
    const body = c.getByTestId('notice-form-body');
    await body.click();
    await c.keyboard.type('请各支部组织党员参加主题党日活动。');
    await c.keyboard.press('Enter');
    await c.getByTestId('notice-form-body-bold').click();
    await c.keyboard.type('时间：7月1日上午9时');
    assert.match(await body.innerHTML(), /<(b|strong)>时间：7月1日上午9时<\/(b|strong)>/, 'the bold button formats the text');

    // 本组织及全部下级 (the default) and 需要回执.
    assert.match(await c.getByTestId('notice-form-audience-summary').textContent(), new RegExp(`${ROOT}及其全部下级`));
    await c.getByTestId('notice-form-ack').click();
    assert.ok(await c.getByTestId('notice-form-ack').evaluate((el) => el.classList.contains('is-checked')), '需要回执 is ticked');
    await c.screenshot({ path: `${shots}/07-notices-editor.png`, fullPage: true });

    await c.getByTestId('notice-publish').click();
    await c.locator('.notice-confirm-ok').click();
    const formError = c.getByTestId('notice-form-error');
    await Promise.race([
      c.waitForURL((u) => /^\/notices\/[^/]+$/.test(u.pathname) && u.pathname !== '/notices/new', { timeout: T }),
      formError.waitFor({ state: 'visible', timeout: T }),
    ]);
    if (await formError.isVisible()) assert.fail('publishing failed: ' + (await formError.textContent()));
    const noticeId = decodeURIComponent(new URL(c.url()).pathname.split('/').pop());
    await c.getByTestId('notice-title').filter({ hasText: title }).waitFor({ timeout: T });
    assert.equal((await c.getByTestId('notice-state').textContent()).trim(), '已发布');
    assert.ok((await c.getByTestId('notice-body').innerHTML()).includes('<strong>时间：7月1日上午9时</strong>'), 'the body keeps the bold text');

    // The fan-out runs in the background: the page follows it until it has finished.
    await c.getByTestId('notice-sent').waitFor({ timeout: 90000 });
    await c.getByTestId('receipts-refresh').click();
    const committeeRow = receiptsRow(c, COMMITTEE);
    await committeeRow.waitFor({ timeout: T });
    const before = await counts(committeeRow);
    assert.ok(before.total > 0, `the 市直机关工委 was sent the notice (${before.total})`);
    assert.equal(before.unread, before.total - before.read, 'unread = total - read');
    const wholeBefore = await counts(c.getByTestId('receipts-whole'));
    assert.ok(wholeBefore.total >= before.total, 'the whole city counts at least the committee');
    await c.screenshot({ path: `${shots}/07-notices-receipts-before.png`, fullPage: true });

    // --- The member, on the phone ------------------------------------------------
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    m = await phone.newPage();
    m.setDefaultTimeout(T);
    await signInAs(m, '/m/', '13900000001', PW, '[data-testid=me-branch], [data-testid=me-not-member]');
    assert.equal((await m.getByTestId('me-branch').textContent()).trim(), BRANCH, 'the demo member is in the expected branch');
    const memberName = (await m.getByTestId('me-name').textContent()).trim();

    // The 消息 tab shows the unread count.
    const badge = m.getByTestId('m-tab-inbox').locator('.van-badge');
    await badge.waitFor({ state: 'visible', timeout: T });
    const unreadBefore = Number((await badge.textContent()).replace('+', '').trim());
    assert.ok(unreadBefore >= 1, `the 消息 tab shows unread messages (${unreadBefore})`);
    const tab = await m.getByTestId('m-tab-inbox').boundingBox();
    assert.ok(tab && tab.height >= 48, `the 消息 tab is a large touch target (${tab?.height}px)`);
    await m.screenshot({ path: `${shots}/07-notices-phone-badge.png` });

    // Tap 1: 消息. Tap 2: the notice.
    await m.getByTestId('m-tab-inbox').tap();
    await m.waitForURL(/\/m\/inbox$/, { timeout: T });
    const item = m.getByTestId('m-inbox-item').filter({ hasText: title }).first();
    await item.waitFor({ timeout: T });
    assert.equal(await item.getAttribute('data-read'), '0', 'the notice is unread');
    assert.match(await item.textContent(), /待确认/);
    await m.screenshot({ path: `${shots}/07-notices-phone-inbox.png` });
    await item.locator('button').first().tap();
    await m.waitForURL(new RegExp(`/m/notices/${encodeURIComponent(noticeId)}$`), { timeout: T });
    await m.getByTestId('m-notice-title').filter({ hasText: title }).waitFor({ timeout: T });
    const text = await m.getByTestId('m-notice-body').textContent();
    assert.ok(text.includes('请各支部组织党员参加主题党日活动') && text.includes('时间：7月1日上午9时'), 'the phone shows the body');
    const fontSize = await m.getByTestId('m-notice-body').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(fontSize >= 18, `the notice is in a large font (${fontSize}px)`);

    // 确认收到: a big button; then 已确认 with the time.
    const ack = m.getByTestId('m-notice-ack');
    const box = await ack.boundingBox();
    assert.ok(box && box.height >= 56 && box.width >= 300, `确认收到 is a big button (${box?.width}x${box?.height})`);
    await m.screenshot({ path: `${shots}/07-notices-phone-notice.png` });
    await ack.tap();
    const acked = m.getByTestId('m-notice-acked');
    await acked.waitFor({ timeout: T });
    assert.match(await acked.textContent(), /已确认\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    assert.equal(await ack.count(), 0, 'the button is gone');
    const overflow = await m.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `nothing overflows the phone's width (${overflow}px)`);
    await m.screenshot({ path: `${shots}/07-notices-phone-acked.png`, fullPage: true });

    // Back in 消息 the notice is read and confirmed.
    await m.getByTestId('m-notice-back').locator('.van-nav-bar__left').tap();
    await m.waitForURL(/\/m\/inbox$/, { timeout: T });
    const again = m.getByTestId('m-inbox-item').filter({ hasText: title }).first();
    await m.waitForFunction((t) => {
      const el = Array.from(document.querySelectorAll('[data-testid=m-inbox-item]')).find((e) => e.textContent.includes(t));
      return el && el.getAttribute('data-read') === '1';
    }, title, { timeout: T });
    assert.match(await again.textContent(), /已确认/);

    // --- The publisher sees the receipt ------------------------------------------
    await c.getByTestId('receipts-refresh').click();
    await c.waitForFunction(
      ([name, read]) => {
        const row = document.querySelector(`[data-testid=receipts-row][data-org-name="${name}"]`);
        return row && Number(row.querySelector('[data-testid=receipts-read]').textContent.trim()) === read;
      },
      [COMMITTEE, before.read + 1],
      { timeout: T },
    );
    const after = await counts(committeeRow);
    assert.equal(after.total, before.total, 'the committee was sent as many as before');
    assert.equal(after.read, before.read + 1, '已读 went up by one');
    assert.equal(after.acked, before.acked + 1, '已回执 went up by one');
    assert.equal(after.unread, before.unread - 1, '未读 went down by one');
    const wholeAfter = await counts(c.getByTestId('receipts-whole'));
    assert.equal(wholeAfter.read, wholeBefore.read + 1);
    assert.equal(wholeAfter.acked, wholeBefore.acked + 1);

    // Drill down to the committee; its branch lists the member under 已回执.
    await committeeRow.getByTestId('receipts-drill').click();
    await c.getByTestId('receipts-current').filter({ hasText: COMMITTEE }).waitFor({ timeout: T });
    const branchRow = receiptsRow(c, BRANCH);
    await branchRow.waitFor({ timeout: T });
    const branch = await counts(branchRow);
    assert.ok(branch.acked >= 1 && branch.read >= 1, `the branch counts the receipt (${JSON.stringify(branch)})`);
    await branchRow.getByTestId('receipts-acked').click();
    const people = c.getByTestId('receipts-people');
    await people.waitFor({ timeout: T });
    await people.locator('.el-table__row').filter({ hasText: memberName }).first().waitFor({ timeout: T });
    assert.ok((await people.textContent()).includes(BRANCH), 'the list shows the member’s branch');
    await c.waitForTimeout(400); // let the dialog finish opening for the screenshot
    await c.screenshot({ path: `${shots}/07-notices-receipts-after.png`, fullPage: true });
    await c.keyboard.press('Escape');

    // The list shows the notice as published with its receipt.
    await c.getByTestId('menu-notices').click();
    await input(c, 'notice-search').fill(String(title.match(/（(\d+)）/)[1]));
    const listRow = c.getByTestId('notice-table').locator('.el-table__row').filter({ hasText: title }).first();
    await listRow.waitFor({ timeout: T });
    await c.waitForFunction((t) => {
      const r = Array.from(document.querySelectorAll('[data-testid=notice-table] .el-table__row')).find((e) => e.textContent.includes(t));
      return r && /回执 1(\D|$)/.test(r.textContent);
    }, title, { timeout: T });
    assert.match(await listRow.textContent(), /已发布/);
    await c.screenshot({ path: `${shots}/07-notices-list.png`, fullPage: true });
  } catch (e) {
    await c.screenshot({ path: `${shots}/07-notices-failed-console.png`, fullPage: true }).catch(() => {});
    if (m) await m.screenshot({ path: `${shots}/07-notices-failed-phone.png`, fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
});
