// 数据导入: a CSV with two good and two bad rows, imported with
// "导入正确的行": the report counts two refused rows and lists them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, shots, signInAs, input, idNumber, uniq } from './helpers.mjs';

const T = 15000;
const BRANCH = '清源市财政局机关第一党支部';

function daysAgo(d) {
  return new Date(Date.now() - d * 86400000 + 8 * 3600000).toISOString().slice(0, 10);
}

function csv() {
  const n = uniq();
  const phone = (k) => '176' + String(10000000 + ((n * 7 + k) % 89999999)).slice(0, 8);
  const rows = [
    ['姓名', '性别', '民族', '出生日期', '身份证号', '手机号', '学历', '人员类别', '党员状态', '入党时间', '转正时间'],
    // Two good rows (odd sequence digit: male; even: female).
    ['导入甲', '男', '汉族', '1979-03-08', idNumber('19790308', 300 + (n % 300) * 2 + 1), phone(1), '大学本科', '企业人员', '正式党员', '2005-07-01', '2006-07-01'],
    ['导入乙', '女', '回族', '1992-11-23', idNumber('19921123', 300 + (n % 300) * 2), phone(2), '硕士研究生', '事业单位人员', '预备党员', daysAgo(90), ''],
    // Row 4: the ID number's check digit is wrong.
    ['导入丙', '男', '汉族', '1985-01-15', idNumber('19850115', 301 + (n % 300) * 2, true), phone(3), '大学专科', '企业人员', '正式党员', '2010-07-01', '2011-07-01'],
    // Row 5: 入党时间 is not a date.
    ['导入丁', '女', '汉族', '1990-05-05', idNumber('19900505', 302 + (n % 300) * 2), phone(4), '大学本科', '企业人员', '正式党员', '2019-13-45', '2020-07-01'],
  ];
  return Buffer.from('\ufeff' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n', 'utf8');
}

test('import: good rows are imported, bad rows are reported by row and column', async () => {
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(T);
  try {
    await signInAs(page, '/', 'admin', 'Demo@2026', '[data-testid=org-tree] .el-tree-node');
    await page.getByTestId('menu-import').click();
    await page.getByTestId('import-page').waitFor({ timeout: T });

    // Step 1: the organization.
    await input(page, 'import-org-input').fill(BRANCH);
    await page.getByTestId('import-org-option').filter({ hasText: BRANCH }).first().click({ timeout: T });
    await page.getByTestId('import-org-selected').filter({ hasText: BRANCH }).waitFor({ timeout: T });
    await page.getByTestId('import-next').click();

    // Step 2: the file and the mode.
    await page.getByTestId('import-file').setInputFiles({ name: '党员名册.csv', mimeType: 'text/csv', buffer: csv() });
    await page.getByTestId('import-mode-good').click();
    await page.getByTestId('import-submit').click();

    // Step 3: the report.
    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: T });
    const s = (await summary.textContent()).replace(/\s+/g, ' ');
    assert.match(s, /共 4 行/, s);
    assert.match(s, /新增 2/, s);
    assert.match(s, /拒绝 2/, s);

    const errors = page.getByTestId('import-errors');
    await errors.waitFor({ timeout: T });
    const rows = errors.locator('.el-table__body tr');
    assert.ok((await rows.count()) >= 2, 'at least one error per refused row');
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
    const byRow = new Map(cells.map((c) => [c[1], c]));
    assert.ok(byRow.has('4'), `row 4 is listed: ${JSON.stringify(cells)}`);
    assert.ok(byRow.has('5'), `row 5 is listed: ${JSON.stringify(cells)}`);
    for (const c of cells) {
      assert.ok(c[2], `every error names its column: ${JSON.stringify(c)}`);
      assert.ok(c[3], `every error gives a reason: ${JSON.stringify(c)}`);
    }
    assert.ok(cells.some((c) => c[1] === '4' && /身份/.test(c[2])), `row 4: the ID number column: ${JSON.stringify(cells)}`);
    assert.ok(cells.some((c) => c[1] === '5' && /入党/.test(c[2])), `row 5: the 入党时间 column: ${JSON.stringify(cells)}`);
    assert.ok(await page.getByTestId('import-report-download').isVisible(), 'the annotated report can be downloaded');
    await page.screenshot({ path: `${shots}/02-import.png`, fullPage: true });
  } catch (e) {
    await page.screenshot({ path: `${shots}/02-import-failed.png`, fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
});
