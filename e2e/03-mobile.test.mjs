// The mobile portal: a member signs in on a phone, sees their own record and
// switches on 大字模式.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, shots, signInAs } from './helpers.mjs';

const T = 15000;

test('mobile: 我的 shows the member and their branch; large font enlarges text', async () => {
  const browser = await launch();
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(T);
  try {
    await signInAs(page, '/m/', '13900000001', 'Demo@2026', '[data-testid=me-branch], [data-testid=me-not-member]');
    const me = page.getByTestId('me-page');
    await me.waitFor({ timeout: T });
    assert.ok(!(await page.getByTestId('me-not-member').isVisible()), 'the demo member account is linked to a member');

    const name = (await page.getByTestId('me-name').textContent()).trim();
    assert.ok(name.length >= 2, `the member's name is shown: "${name}"`);
    const branch = (await page.getByTestId('me-branch').textContent()).trim();
    assert.match(branch, /党支部|党总支|党委|党小组/, `the branch is shown: "${branch}"`);
    assert.ok((await page.textContent('body')).includes('演示数据，仅供体验'), 'the demo banner is shown');
    // Personal data is masked.
    const phone = (await page.getByTestId('me-phone').textContent()) || '';
    assert.ok(phone.includes('*'), `the phone number is masked: "${phone}"`);

    const size = () => page.getByTestId('me-branch').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const before = await size();
    assert.ok(before >= 16, `base font is at least 16px (got ${before})`);
    await page.getByTestId('large-font-toggle').click();
    await page.waitForFunction(() => document.documentElement.classList.contains('large-font'), null, { timeout: T });
    const after = await size();
    assert.ok(after > before, `large font enlarges text (${before}px → ${after}px)`);
    // The choice survives a reload.
    await page.reload();
    await page.getByTestId('me-branch').waitFor({ timeout: T });
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains('large-font')), 'large font is remembered');
    await page.screenshot({ path: `${shots}/03-mobile.png`, fullPage: true });
  } catch (e) {
    await page.screenshot({ path: `${shots}/03-mobile-failed.png`, fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
});
