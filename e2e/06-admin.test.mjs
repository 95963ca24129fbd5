// Separation of duties: the security administrator creates an account and
// grants it a role, the new account must change the password set for it and
// then reads the organization tree, the auditor finds the account creation in
// the audit log and verifies the hash chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, shots, signInAs, input, uniq, chooseAndClose } from './helpers.mjs';

const T = 15000;
const ROOT = '中共清源市委组织部';
const DEMO_PW = 'Demo@2026';
const ctxOptions = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

async function step(browser, name, fn) {
  const context = await browser.newContext(ctxOptions);
  const page = await context.newPage();
  page.setDefaultTimeout(T);
  try {
    await fn(page);
  } catch (e) {
    await page.screenshot({ path: `${shots}/06-${name}-failed.png`, fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
}

test('admin: secadmin creates an account and grants a role, it changes its password, the auditor verifies the log', async () => {
  const browser = await launch();
  const n = uniq();
  const username = `e2e_viewer_${n}`;
  const displayName = `测试查看者${n}`;
  const initial = `Zq7#${Math.random().toString(36).slice(2, 8)}x9`;
  try {
    // 1. secadmin: 账号与角色 → create the account, grant 查看者 at the root.
    await step(browser, 'secadmin', async (page) => {
      await signInAs(page, '/', 'secadmin', DEMO_PW, '[data-testid=main-menu]');
      await page.getByTestId('menu-accounts').click();
      await page.waitForURL(/\/accounts/, { timeout: T });
      const table = page.getByTestId('account-table');
      await table.locator('.el-table__row').filter({ hasText: /^\s*admin\b/ }).first().waitFor({ timeout: T });
      await page.screenshot({ path: `${shots}/06-accounts.png`, fullPage: true });

      await page.getByTestId('account-add').click();
      await input(page, 'account-form-username').fill(username);
      await input(page, 'account-form-display_name').fill(displayName);
      await input(page, 'account-form-password').fill(initial);
      await page.getByTestId('account-form-submit').click();
      await page.getByTestId('account-form-submit').waitFor({ state: 'hidden', timeout: T });

      await input(page, 'account-search').fill(username);
      const row = table.locator('.el-table__row').filter({ hasText: username });
      await row.first().waitFor({ timeout: T });
      assert.equal(await row.count(), 1, 'the search finds exactly the new account');
      assert.match(await row.first().textContent(), /待改密/, 'the new account must change its password');

      await row.first().getByRole('button', { name: '角色' }).click();
      const dialog = page.locator('.el-dialog').filter({ has: page.getByTestId('role-form-submit') });
      await dialog.waitFor({ timeout: T });
      // Waits for the choice to show: a click while the dropdown is still
      // opening was once lost.
      await chooseAndClose(page, 'role-form-role', '查看者');
      // The security administrator looks organizations up by name or code
      // only (三员分立: no member counts, secretaries or warnings).
      await input(page, 'role-form-org-input').fill(ROOT);
      await page.getByTestId('role-form-org-option').filter({ hasText: ROOT }).first().click();
      await page.getByTestId('role-form-org-selected').waitFor({ timeout: T });
      await page.getByTestId('role-form-submit').click();
      // The dialog's table lists the granted role.
      await dialog.locator('.el-table__row').filter({ hasText: '查看者' }).filter({ hasText: ROOT }).first().waitFor({ timeout: T });
      await page.screenshot({ path: `${shots}/06-account-roles.png`, fullPage: true });
      await dialog.getByRole('button', { name: '关闭', exact: true }).click();
      await dialog.waitFor({ state: 'hidden', timeout: T });
      // And so does the account list.
      await row.first().filter({ hasText: `查看者 · ${ROOT}` }).waitFor({ timeout: T });
    });

    // 2. The new account: forced password change, then the read-only console.
    await step(browser, 'new-account', async (page) => {
      await page.goto(base + '/');
      await input(page, 'login-username').fill(username);
      await input(page, 'login-password').fill(initial);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('password-old').waitFor({ timeout: T });
      assert.match(page.url(), /\/password/, 'sent to the password page first');
      await page.screenshot({ path: `${shots}/06-password.png`, fullPage: true });
      const next = initial + '!N';
      await input(page, 'password-old').fill(initial);
      await input(page, 'password-new').fill(next);
      await input(page, 'password-confirm').fill(next);
      await page.getByTestId('password-submit').click();
      await page.getByTestId('password-old').waitFor({ state: 'detached', timeout: T });
      // Either straight into the console or back to the sign-in form.
      const tree = '[data-testid=org-tree] .el-tree-node';
      await page.locator(`${tree}, [data-testid=login-username]`).first().waitFor({ timeout: T });
      if (!(await page.locator(tree).first().isVisible())) {
        await signInAs(page, '/', username, next, tree);
      }
      const root = page.getByTestId('org-tree').locator('.el-tree-node').filter({ hasText: ROOT }).first();
      await root.waitFor({ timeout: T });
      assert.match(await page.getByTestId('display-name').textContent(), new RegExp(displayName));
      // A viewer reads, but neither manages accounts nor reads the audit log.
      assert.equal(await page.getByTestId('menu-accounts').count(), 0);
      assert.equal(await page.getByTestId('menu-audit').count(), 0);
      await page.screenshot({ path: `${shots}/06-viewer-console.png`, fullPage: true });
    });

    // 3. auditor: the account creation is in the log and the chain is intact.
    await step(browser, 'auditor', async (page) => {
      await signInAs(page, '/', 'auditor', DEMO_PW, '[data-testid=main-menu]');
      await page.getByTestId('menu-audit').click();
      await page.waitForURL(/\/audit/, { timeout: T });
      const table = page.getByTestId('audit-table');
      await table.locator('.el-table__row').first().waitFor({ timeout: T });

      // The log's filters: actor (account ID or name) and action prefix.
      await input(page, 'audit-actor').fill('secadmin');
      await input(page, 'audit-action').fill('account.');
      await input(page, 'audit-action').press('Enter');
      const rows = table.locator('.el-table__row:not(.el-table__expanded-row)');
      const created = rows.filter({ hasText: 'account.create' });
      await created.first().waitFor({ timeout: T });
      await rows.filter({ hasText: 'account.grant_role' }).first().waitFor({ timeout: T });
      await page.waitForFunction(() => !document.querySelector('[data-testid=audit-table] .el-loading-mask:not([style*="display: none"])'), null, { timeout: T });
      for (const text of await rows.allTextContents()) {
        assert.match(text, /secadmin/, `only secadmin's records after filtering: ${text}`);
        assert.match(text, /account\./, `only account actions after filtering: ${text}`);
      }
      // Newest first: the first account.create is this run's; its details name the account.
      await created.first().locator('.el-table__expand-icon').click();
      await table.locator('.el-table__expanded-cell').filter({ hasText: username }).first().waitFor({ timeout: T });

      await page.getByTestId('audit-verify').click();
      const result = page.getByTestId('audit-verify-result');
      await result.waitFor({ timeout: T });
      const text = await result.textContent();
      assert.match(text, /审计日志完整/, `the chain is intact: ${text}`);
      assert.match(text, /已校验 [1-9]\d* 条/);
      await page.screenshot({ path: `${shots}/06-audit.png`, fullPage: true });
    });
  } finally {
    await browser.close();
  }
});
