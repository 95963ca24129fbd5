// The console: sign in as the demo organization administrator, walk the
// organization tree, open a branch and add a member to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, shots, signInAs, input, chooseOption, fillDate, idNumber, uniq } from './helpers.mjs';

const T = 15000;
const BRANCH = '清源市财政局机关第一党支部';

test('console: organization tree, a branch, add a member', async () => {
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(T);
  try {
    await signInAs(page, '/', 'admin', 'Demo@2026', '[data-testid=org-tree] .el-tree-node');
    assert.ok((await page.textContent('body')).includes('演示数据，仅供体验'), 'the demo banner is shown');

    // The tree starts at the city's organization department; expanding it loads its children.
    const tree = page.getByTestId('org-tree');
    const root = tree.locator('.el-tree-node').filter({ hasText: '清源市委组织部' }).first();
    await root.waitFor({ timeout: T });
    await root.locator('.el-tree-node__content').first().click();
    const children = root.locator('.el-tree-node__children .el-tree-node');
    await children.first().waitFor({ timeout: T });
    assert.ok((await children.count()) > 0, 'the root has children');
    await page.getByTestId('org-detail').getByTestId('org-name').filter({ hasText: '清源市委组织部' }).waitFor({ timeout: T });

    // Open a branch through the search box.
    await input(page, 'org-search-input').fill(BRANCH);
    await page.getByTestId('org-search-option').filter({ hasText: BRANCH }).first().click({ timeout: T });
    const detail = page.getByTestId('org-detail');
    await detail.getByTestId('org-name').filter({ hasText: BRANCH }).waitFor({ timeout: T });
    assert.match(await detail.textContent(), /党支部/);

    // 党员管理 for that branch: add a member with a valid ID number.
    await detail.getByTestId('org-members').click();
    await page.waitForURL(/\/members\?org=/, { timeout: T });
    await page.getByTestId('member-table').waitFor({ timeout: T });
    await page.getByTestId('member-add').click();

    const n = uniq();
    const name = '测试' + '甲乙丙丁戊己庚辛壬癸'[n % 10] + '东';
    const id = idNumber('19880517', 100 + (n % 800));
    const phone = '177' + String(10000000 + (n % 89999999)).slice(0, 8);
    await input(page, 'member-form-name').fill(name);
    await input(page, 'member-form-id_number').fill(id);
    await input(page, 'member-form-phone').fill(phone);
    // The birth date and gender are read from the ID number; set them anyway.
    await fillDate(page, 'member-form-birth_date', '1988-05-17');
    await page.getByTestId(Number(id[16]) % 2 ? 'member-form-gender-male' : 'member-form-gender-female').click();
    await chooseOption(page, 'member-form-education', '大学本科');
    await chooseOption(page, 'member-form-category', '党政机关工作人员');
    await page.getByTestId('member-form-status-full').click();
    await fillDate(page, 'member-form-joined_on', '2012-06-20');
    await fillDate(page, 'member-form-full_member_on', '2013-06-20');
    await page.getByTestId('member-form-submit').click();

    const submit = page.getByTestId('member-form-submit');
    const error = page.getByTestId('member-form-error');
    await Promise.race([
      submit.waitFor({ state: 'hidden', timeout: T }),
      error.waitFor({ state: 'visible', timeout: T }),
    ]);
    if (await error.isVisible()) assert.fail('adding the member failed: ' + (await error.textContent()));

    // The new member is in the list (searched by name: no ID numbers in URLs).
    await input(page, 'member-search').fill(name);
    const row = page.getByTestId('member-table').locator('.el-table__row').filter({ hasText: name });
    await row.first().waitFor({ timeout: T });
    const text = await row.first().textContent();
    assert.ok(text.includes(BRANCH), 'the row shows the branch');
    assert.ok(!text.includes(phone), 'the phone number is masked in the list');
    await page.screenshot({ path: `${shots}/01-console.png`, fullPage: true });
  } catch (e) {
    await page.screenshot({ path: `${shots}/01-console-failed.png`, fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
});
