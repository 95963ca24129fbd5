// 组织关系转接 end to end (issue #6). The secretary of the finance bureau's
// first branch registers a member (the member to transfer, so the demo's
// members stay where other tests expect them), then starts a transfer to
// the third branch — a branch outside the secretary's scope, found by the
// search of receiving branches across the platform. The transfer shows its
// numbered 介绍信 with its validity (3 months, the default), and the
// printable letter and its PDF say the same. The organization department's
// administrator, above the third branch, accepts it on the receiving side
// (转入); the member is then in the third branch's list and no longer in the
// first's, and the member's history shows the transfer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addMonths, base, beijingToday, chineseDate, chooseAndClose, described, fillDate, idNumber, input, launch, openMenu, pickMember,
  pickOrgIn, shots, signInAs, uniq,
} from './helpers.mjs';

const T = 15000;
const PW = 'Demo@2026';
// internal/demo/city.go: the demo secretary's branch, and another branch
// of the same general branch the secretary has no permission at.
const FROM = '清源市财政局机关第一党支部';
const TO = '清源市财政局机关第三党支部';
const REASON = '工作调动至市财政局预算科';
const deskOptions = { viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

const text = async (loc) => (await loc.first().textContent()).replace(/\s+/g, ' ').trim();
const digits = (n) => String(n).split('').map((d) => '零一二三四五六七八九'[d]).join('');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// memberRows are the rows of 党员管理 of org searched by name.
async function memberRows(page, org, name) {
  await page.getByTestId('menu-members').click();
  await page.waitForURL(/\/members/);
  await pickOrgIn(page, 'member-org', org);
  const search = page.waitForResponse((r) => r.url().includes('/api/v1/members?') && r.url().includes(encodeURIComponent(name)));
  await input(page, 'member-search').fill(name);
  await search;
  await page.getByTestId('member-table').locator('.el-loading-mask').waitFor({ state: 'hidden' });
  return page.getByTestId('member-table').locator('.el-table__body-wrapper .el-table__row').filter({ hasText: name });
}

// addMember: 党员管理 → 新增党员, a full member of the branch.
async function addMember(s, name, n) {
  await s.getByTestId('menu-members').click();
  await s.waitForURL(/\/members/);
  await pickOrgIn(s, 'member-org', FROM);
  await s.getByTestId('member-add').click();
  const id = idNumber('19870611', 100 + (n % 800));
  await input(s, 'member-form-name').fill(name);
  await input(s, 'member-form-id_number').fill(id);
  await input(s, 'member-form-phone').fill('136' + String(10000000 + (n % 89999999)).slice(0, 8));
  await fillDate(s, 'member-form-birth_date', '1987-06-11');
  await s.getByTestId(Number(id[16]) % 2 ? 'member-form-gender-male' : 'member-form-gender-female').click();
  await chooseAndClose(s, 'member-form-education', '大学本科');
  await chooseAndClose(s, 'member-form-category', '党政机关工作人员');
  await s.getByTestId('member-form-status-full').click();
  await fillDate(s, 'member-form-joined_on', '2011-06-20');
  await fillDate(s, 'member-form-full_member_on', '2012-06-20');
  await s.getByTestId('member-form-submit').click();
  const error = s.getByTestId('member-form-error');
  await Promise.race([s.getByTestId('member-form-submit').waitFor({ state: 'hidden' }), error.waitFor()]);
  if (await error.isVisible()) assert.fail('adding the member failed: ' + (await error.textContent()));
}

test('组织关系转接: started by the branch to a branch elsewhere, letter numbered and valid 3 months, accepted by the receiving side', async () => {
  const browser = await launch();
  const pages = {};
  const open = async (who) => {
    const p = (pages[who] = await (await browser.newContext(deskOptions)).newPage());
    p.setDefaultTimeout(T);
    return p;
  };
  const n = uniq();
  const name = `试转${digits(n % 10000)}`;
  const today = beijingToday();
  const validUntil = addMonths(today, 3);
  try {
    const s = await open('secretary');
    const a = await open('admin');
    await signInAs(s, '/', 'secretary', PW, '[data-testid=main-menu]');
    await addMember(s, name, n);
    assert.equal(await (await memberRows(s, FROM, name)).count(), 1, 'the member is in the first branch');

    // 组织关系 → 转接 → 发起转出: the member, the receiving branch found by name.
    await openMenu(s, 'transfers', 'transfers');
    await s.getByTestId('transfers-page').waitFor();
    await pickOrgIn(s, 'page-org', FROM);
    await s.getByTestId('transfer-start').click();
    await s.getByTestId('transfer-start-dialog').waitFor();
    await pickMember(s, 'transfer-member', name);
    await s.getByTestId('transfer-kind').getByText('系统内党组织', { exact: true }).click();
    await input(s, 'transfer-to-org-input').fill('财政局机关第三');
    await s.getByTestId('transfer-to-org-option').filter({ hasText: TO }).first().click();
    await s.getByTestId('transfer-to-org-selected').filter({ hasText: TO }).waitFor();
    await s.getByTestId('transfer-reason').fill(REASON);
    await s.screenshot({ path: `${shots}/12-transfers-start.png`, fullPage: true });
    await s.getByTestId('transfer-start-submit').click();

    // The transfer: pending at the receiving branch, with its letter.
    await s.waitForURL(/\/transfers\/[^/?]+\?side=out/);
    await s.getByTestId('transfer-page').waitFor();
    assert.equal(await text(s.getByTestId('transfer-state')), '待接收');
    const letterNo = await text(s.getByTestId('transfer-letter-no'));
    assert.match(letterNo, new RegExp(`^${today.slice(0, 4)}-\\d{4}$`), 'numbered per branch and year');
    assert.equal(await text(s.getByTestId('transfer-validity')), `${today} / ${validUntil}`, 'issued today, valid 3 months');
    const facts = s.getByTestId('transfer-facts');
    assert.equal(await described(facts, '类型'), '系统内转接');
    assert.equal(await described(facts, '转出党组织'), FROM);
    assert.equal(await described(facts, '接收党组织'), TO);
    assert.equal(await described(facts, '转接原因'), REASON);
    assert.equal(await s.getByTestId('transfer-accept').count(), 0, 'the sender cannot accept');
    assert.match(await text(s.getByTestId('transfer-history')), /开具介绍信 · 财政局第一支部书记/);
    await s.screenshot({ path: `${shots}/12-transfers-started.png`, fullPage: true });

    // The printable letter (a new tab) and its PDF.
    const [letter] = await Promise.all([s.context().waitForEvent('page'), s.getByTestId('transfer-letter').click()]);
    await letter.getByTestId('letter').waitFor();
    assert.equal(await text(letter.getByTestId('letter-number')), letterNo);
    const lines = (await letter.getByTestId('letter-line').allTextContents()).join('\n');
    assert.match(lines, new RegExp(`${name}同志（正式党员），身份证号码 110105\\*+\\d{3}[\\dX]，`), 'the ID number is masked');
    assert.match(lines, new RegExp(`其党员组织关系由「${FROM}」转到「${TO}」，请予接转`));
    assert.match(lines, new RegExp(`（有效期至 ${chineseDate(validUntil)}）`));
    assert.equal(await text(letter.getByTestId('letter-issued-on')), chineseDate(today));
    assert.match(await text(letter.getByTestId('letter-stub')), new RegExp(`第 ${letterNo} 号介绍信`));
    await letter.screenshot({ path: `${shots}/12-transfers-letter.png`, fullPage: true });
    const pdf = await s.request.get(base + (await letter.getByTestId('letter-pdf').getAttribute('href')));
    assert.equal(pdf.status(), 200);
    assert.match(pdf.headers()['content-type'], /application\/pdf/);
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    await letter.close();

    // The receiving side: 转入 of the third branch, 接收.
    await signInAs(a, '/', 'admin', PW, '[data-testid=main-menu]');
    await openMenu(a, 'transfers', 'transfers');
    await a.getByTestId('transfers-page').waitFor();
    await pickOrgIn(a, 'page-org', TO);
    await a.getByRole('tab', { name: '转入' }).click();
    await a.waitForURL(/tab=in/);
    const row = a.getByTestId('transfers-table').locator('.el-table__body-wrapper .el-table__row').filter({ hasText: name });
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    const cells = (await row.locator('td').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    assert.match(cells[1], new RegExp(`^${escape(FROM)} → ${escape(TO)}\\s*系统内转接 · ${REASON}$`));
    assert.match(cells[2], new RegExp(`^${letterNo}\\s*有效期至 ${validUntil}$`));
    assert.equal(await text(row.getByTestId('transfer-state')), '待接收');
    await a.screenshot({ path: `${shots}/12-transfers-incoming.png`, fullPage: true });
    await row.getByTestId('transfer-open').click();
    await a.getByTestId('transfer-page').waitFor();
    await a.getByTestId('transfer-accept').click();
    await a.locator('.el-message-box').filter({ hasText: `接收${name}的组织关系？接收后该党员编入「${TO}」` }).waitFor();
    await a.locator('.transfer-accept-ok').click();
    await a.locator('.el-message').filter({ hasText: '已接收，党员已编入本组织' }).waitFor();
    await a.getByTestId('transfer-state').filter({ hasText: '已接收' }).waitFor();
    assert.equal(await a.getByTestId('transfer-accept').count(), 0, 'accepted once');
    const steps = await a.getByTestId('transfer-step').allTextContents();
    assert.equal(steps.length, 2, `started and accepted: ${steps}`);
    assert.match(steps[1].replace(/\s+/g, ' '), /接收 · 组织部管理员/);
    await a.screenshot({ path: `${shots}/12-transfers-accepted.png`, fullPage: true });

    // The member is in the third branch now, and no longer in the first.
    const there = await memberRows(a, TO, name);
    assert.equal(await there.count(), 1, 'in the receiving branch');
    assert.match(await text(there), new RegExp(escape(TO)));
    assert.equal(await (await memberRows(s, FROM, name)).count(), 0, 'not in the old branch');
    assert.match(await text(s.getByTestId('member-empty')), /暂无党员/);

    // The member's history: the transfer started, then the move it made.
    await there.first().locator('a').click();
    await a.getByTestId('member-name').filter({ hasText: name }).waitFor();
    await a.getByTestId('member-history').locator('.el-timeline-item').filter({ hasText: '组织调整' }).waitFor();
    const history = (await a.getByTestId('member-history').locator('.el-timeline-item').allTextContents()).map((t) => t.replace(/\s+/g, ' '));
    const started = history.find((h) => h.includes('转接发起'));
    assert.ok(started, `the history has the transfer's start: ${history}`);
    assert.match(started, new RegExp(`转接发起：开具组织关系介绍信（${letterNo}），转往「${TO}」\\s*原因：${REASON}\\s*经办：财政局第一支部书记`));
    const moved = history.find((h) => h.includes('组织调整'));
    assert.ok(moved, `the history has the move: ${history}`);
    assert.match(moved, new RegExp(`组织调整：从「${FROM}」转至「${TO}」\\s*原因：组织关系转接（介绍信 ${letterNo}）：由「${FROM}」转入「${TO}」\\s*经办：组织部管理员`));
    assert.ok(history.indexOf(moved) < history.indexOf(started), 'the move comes after (above) the start');
    await a.screenshot({ path: `${shots}/12-transfers-member-history.png`, fullPage: true });
  } catch (e) {
    for (const [who, p] of Object.entries(pages)) {
      await p.screenshot({ path: `${shots}/12-transfers-failed-${who}.png`, fullPage: true }).catch(() => {});
    }
    throw e;
  } finally {
    await browser.close();
  }
});
