// 组织架构: search a 党总支 (the tree opens down to it), add a branch under
// it, rename it, find it in the 组织体系图, dissolve it; a branch that still
// has members cannot be dissolved (the server's 409 is shown).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, shots, signInAs, input, chooseOption, fillDate, uniq } from './helpers.mjs';

const T = 15000;
const GENERAL = '清源市财政局机关党总支';
const BRANCH = '清源市财政局机关第一党支部';

// Today in Beijing, YYYY-MM-DD.
function today() {
  return new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10);
}

// reason is the 撤销原因 textarea (Element Plus puts the test id on the textarea itself).
function reason(page) {
  return page.locator('textarea[data-testid=org-dissolve-reason], [data-testid=org-dissolve-reason] textarea').first();
}

// searchAndOpen picks an organization in the 组织架构 search box and waits for its detail.
async function searchAndOpen(page, name) {
  await input(page, 'org-search-input').fill(name);
  const exact = new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  await page.getByTestId('org-search-option').filter({ has: page.locator('.name', { hasText: exact }) }).first().click({ timeout: T });
  await page.getByTestId('org-detail').getByTestId('org-name').filter({ hasText: exact }).waitFor({ timeout: T });
}

test('orgs: search opens the tree, add / rename / chart / dissolve a branch, 409 for a branch with members', async () => {
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(T);
  try {
    await signInAs(page, '/', 'admin', 'Demo@2026', '[data-testid=org-tree] .el-tree-node');
    const tree = page.getByTestId('org-tree');
    const detail = page.getByTestId('org-detail');

    // Search: the detail opens and the lazy tree is expanded down to the 党总支, which is highlighted.
    await searchAndOpen(page, GENERAL);
    await tree.locator('.el-tree-node.is-current > .el-tree-node__content').filter({ hasText: GENERAL }).waitFor({ timeout: T });
    assert.ok(await tree.getByText('中共清源市直属机关工作委员会').first().isVisible(), 'the ancestors are expanded');

    // 新增下级组织: a 党支部 with a run-unique name.
    const name = `测试党支部${uniq()}`;
    await detail.getByTestId('org-add-child').click();
    await input(page, 'org-form-name').fill(name);
    await chooseOption(page, 'org-form-kind', '党支部');
    await page.getByTestId('org-form-submit').click();
    const formError = page.getByTestId('org-form-error');
    await Promise.race([
      page.getByTestId('org-form-submit').waitFor({ state: 'hidden', timeout: T }),
      formError.waitFor({ state: 'visible', timeout: T }),
    ]);
    if (await formError.isVisible()) assert.fail('adding the branch failed: ' + (await formError.textContent()));

    // It appears in the tree under the 党总支; open it.
    const node = tree.locator('.el-tree-node__content').filter({ hasText: name });
    await node.first().waitFor({ timeout: T });
    await node.first().click();
    await detail.getByTestId('org-name').filter({ hasText: name }).waitFor({ timeout: T });
    assert.match(await detail.textContent(), /党支部/);

    // 编辑: rename it.
    const renamed = name + '（更名）';
    await detail.getByTestId('org-edit').click();
    await input(page, 'org-form-name').fill(renamed);
    await page.getByTestId('org-form-submit').click();
    await page.getByTestId('org-form-submit').waitFor({ state: 'hidden', timeout: T });
    await detail.getByTestId('org-name').filter({ hasText: renamed }).waitFor({ timeout: T });
    await tree.locator('.el-tree-node__content').filter({ hasText: renamed }).first().waitFor({ timeout: T });

    // 组织体系图 of the 党总支 (through the breadcrumb): the new branch is in the chart's node list.
    await detail.getByTestId('org-path').getByText(GENERAL, { exact: true }).click();
    await detail.getByTestId('org-name').filter({ hasText: GENERAL }).waitFor({ timeout: T });
    await detail.getByTestId('org-chart-open').click();
    await page.waitForURL(/\/orgs\/[^/]+\/chart/, { timeout: T });
    const chart = page.getByTestId('org-chart');
    await chart.locator('canvas').first().waitFor({ timeout: T });
    const nodes = chart.getByTestId('org-chart-nodes');
    await nodes.getByText(renamed, { exact: true }).waitFor({ state: 'attached', timeout: T });
    const listed = await nodes.textContent();
    assert.ok(listed.includes(GENERAL), 'the chart is rooted at the 党总支');
    assert.ok(listed.includes(BRANCH), 'the existing branches are in the chart');
    await page.getByTestId('org-chart-text-toggle').click();
    await nodes.getByText(renamed, { exact: true }).waitFor({ state: 'visible', timeout: T });
    await page.screenshot({ path: `${shots}/04-orgs-chart.png`, fullPage: true });

    // Back on 组织架构: 撤销 the new branch (date + reason).
    await page.getByRole('button', { name: '返回组织架构' }).click();
    await page.waitForURL(/\/orgs\?org=/, { timeout: T });
    await searchAndOpen(page, renamed);
    await detail.getByTestId('org-dissolve').click();
    await fillDate(page, 'org-dissolve-date', today());
    await reason(page).fill('端到端测试：撤销新建的党支部');
    await page.getByTestId('org-dissolve-submit').click();
    await detail.getByTestId('org-status').filter({ hasText: '已撤销' }).waitFor({ timeout: T });
    assert.ok(!(await detail.getByTestId('org-dissolve').isVisible()), 'a dissolved organization cannot be dissolved again');

    // A branch that still has members: the server refuses (409) and says why.
    await searchAndOpen(page, BRANCH);
    await detail.getByTestId('org-dissolve').click();
    await fillDate(page, 'org-dissolve-date', today());
    await reason(page).fill('端到端测试：尝试撤销有党员的支部');
    await page.getByTestId('org-dissolve-submit').click();
    const refused = page.getByTestId('org-dissolve-error');
    await refused.waitFor({ timeout: T });
    const why = (await refused.textContent()).trim();
    assert.match(why, /党员/, `the 409 detail names the members: "${why}"`);
    await page.screenshot({ path: `${shots}/04-orgs.png`, fullPage: true });
    await page.getByRole('button', { name: '取消' }).click();
    assert.ok(!(await detail.getByTestId('org-status').isVisible()), 'the branch with members is still active');
  } catch (e) {
    await page.screenshot({ path: `${shots}/04-orgs-failed.png`, fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
});
