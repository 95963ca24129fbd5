// 积分、年度考核与党员档案 end to end (issue #7). The organization
// department (admin, who sees the whole city) calls a 支部党员大会 of the
// retired cadres' first branch, the branch of the demo member on the phone
// (13900000001): it began a few minutes ago, the member alone is marked
// present, the minutes are written and the meeting is archived (归档; the
// others become absent). The outbox is dispatched by the server's job tick,
// so the pages are reloaded until its effects show: on the phone 我的积分
// has a +2 line whose source is the meeting and 我的档案 the meeting line
// (出席); in the console the member's archive shows it and the branch's 年度考核
// card counts one more meeting expected and attended than before.
// A second test: 积分概况 of the 工委 above shows figures only, never a
// member's name (the named list exists only for one branch), and the
// archive's PDF and .xlsx links answer real files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  base, beijingToday, callMeeting, described, deskOptions, finalizeMeeting, input, launch, phoneOptions, pickOrgIn, shots, signInAs, uniq,
} from './helpers.mjs';

const T = 15000;
const PW = 'Demo@2026';
// internal/demo/city.go and load.go: the demo member's branch and the 工委 above it.
const BRANCH = '清源市直机关离退休干部第一党支部';
const COMMITTEE = '中共清源市直属机关工作委员会';
const MEMBER_PHONE = '13900000001';
// The default rule of points.meeting_attended (internal/points/rules.go).
const ATTENDED_POINTS = 2;
// How long the outbox may take to reach the records (one batch a second).
const SETTLE = 60000;

const text = async (loc) => (await loc.first().textContent()).replace(/\s+/g, ' ').trim();

// The admin's console page, signed in once for both tests (a second TOTP
// sign-in within the same 30 s would have to wait for a fresh code).
let browser;
let admin;
const pages = {};

before(async () => {
  browser = await launch();
  const ctx = await browser.newContext(deskOptions);
  admin = pages.admin = await ctx.newPage();
  admin.setDefaultTimeout(T);
});

after(async () => {
  await browser?.close();
});

async function signedInAdmin() {
  if (!(await admin.getByTestId('main-menu').isVisible().catch(() => false))) {
    await signInAs(admin, '/', 'admin', PW, '[data-testid=main-menu]');
  }
  return admin;
}

async function shootAll(name) {
  for (const [who, p] of Object.entries(pages)) {
    await p.screenshot({ path: `${shots}/14-records-${name}-failed-${who}.png`, fullPage: true }).catch(() => {});
  }
}

// openArchiveOf finds the member by phone number on 党员档案 (the branch as
// the page's organization) and opens the archive; returns the member's ID.
async function openArchiveOf(a, phone) {
  await a.goto(`${base}/archive`);
  await a.getByTestId('archive-index').waitFor();
  await pickOrgIn(a, 'page-org', BRANCH);
  await input(a, 'archive-search').fill(phone);
  await input(a, 'archive-search').press('Enter');
  // The branch's first page of members, then the one the number finds.
  await a.waitForFunction(() => document.querySelectorAll('[data-testid=archive-members] .el-table__body-wrapper .el-table__row').length === 1);
  await a.getByTestId('archive-open').click();
  await a.waitForURL(/\/archive\/members\/[^/]+$/);
  await a.getByTestId('archive-member').waitFor();
  return decodeURIComponent(new URL(a.url()).pathname.split('/').pop());
}

// cardOf opens 年度考核 of the branch for year and returns the member's
// attendance figures as the card shows them, and the card's points.
async function cardOf(a, memberId, year) {
  await a.goto(`${base}/assessment/cards?year=${year}`);
  await a.getByTestId('assessment-cards-page').waitFor();
  await pickOrgIn(a, 'page-org', BRANCH);
  const row = a.locator(`[data-testid=assessment-card-row][data-member="${memberId}"]`);
  await row.waitFor();
  const att = await text(row.getByTestId('card-attendance'));
  const m = att.match(/应参加 (\d+) · 出席 (\d+) · 请假 (\d+) · 缺席 (\d+)/);
  assert.ok(m, `the card shows the attendance figures: "${att}"`);
  const [expected, attended, leave, absent] = m.slice(1).map(Number);
  return { expected, attended, leave, absent, points: Number(await text(row.getByTestId('card-points'))), text: att };
}

// reloadUntil reloads page until found() sees what the outbox brings (after
// ready shows the page loaded), failing after SETTLE ms.
async function reloadUntil(page, ready, found, what) {
  const deadline = Date.now() + SETTLE;
  for (;;) {
    await page.locator(ready).first().waitFor();
    if (await found()) return;
    if (Date.now() > deadline) assert.fail(`${what} did not appear within ${SETTLE / 1000} s`);
    await page.waitForTimeout(1000);
    await page.reload();
  }
}

test('records: a member attends a meeting → points with their source on the phone → the archive → the branch’s annual card', async () => {
  const topic = `学习党章党规专题党员大会（${uniq()}）`;
  const source = `支部党员大会：${topic}`;
  const year = Number(beijingToday().slice(0, 4));
  try {
    const phoneCtx = await browser.newContext(phoneOptions);
    const m = (pages.phone = await phoneCtx.newPage());
    m.setDefaultTimeout(T);

    // --- The member on the phone: who and where ---------------------------------
    await signInAs(m, '/m/', MEMBER_PHONE, PW, '[data-testid=me-branch], [data-testid=me-not-member]');
    assert.equal(await text(m.getByTestId('me-branch')), BRANCH);
    const name = await text(m.getByTestId('me-name'));

    // --- The console before the meeting: the member's archive and card ---------
    const a = await signedInAdmin();
    const memberId = await openArchiveOf(a, MEMBER_PHONE);
    assert.equal(await text(a.getByTestId('archive-member-name')), `${name}的党员档案`);
    assert.equal(await a.getByTestId('archive-item').filter({ hasText: source }).count(), 0, 'the archive does not know the meeting yet');
    const cardBefore = await cardOf(a, memberId, year);

    // --- The meeting: called, the member marked present, minutes, 归档 ---------
    await callMeeting(a, BRANCH, 'member_assembly', topic, '市直机关老干部活动中心');

    const row = a.getByTestId('attendance-table').locator('.el-table__row').filter({ has: a.locator(`[data-testid=att-name][data-member-id="${memberId}"]`) });
    await row.waitFor();
    await row.locator('.el-checkbox').first().click();
    await a.getByTestId('att-mark-present').click();
    await a.getByTestId('att-mark-submit').click();
    await row.getByTestId('att-status').filter({ hasText: '到会' }).waitFor();
    await a.getByTestId('att-present').filter({ hasText: /^1$/ }).waitFor();

    await a.locator('#tab-minutes').click();
    await input(a, 'minutes-recorder').fill('组织委员');
    await a.locator('textarea[data-testid=minutes-content], [data-testid=minutes-content] textarea').first().fill('一、学习《中国共产党章程》。\n二、交流学习体会。');
    await a.getByTestId('minutes-save').click();
    await a.locator('.el-message').filter({ hasText: '会议记录已保存' }).waitFor();

    await finalizeMeeting(a);
    await a.screenshot({ path: `${shots}/14-records-meeting.png`, fullPage: true });

    // --- 我的积分 on the phone: the line, its source and its points -----------
    await m.getByTestId('me-points').tap();
    await m.waitForURL(/\/m\/points/);
    const entry = m.getByTestId('points-entry').filter({ has: m.getByTestId('points-entry-source').filter({ hasText: source }) });
    await reloadUntil(m, '[data-testid=points-total], [data-testid=m-points-error]', async () => (await entry.count()) > 0, `the points line of "${source}"`);
    assert.equal(await entry.count(), 1, 'one line for the meeting, not more');
    assert.equal(await text(entry.getByTestId('points-entry-source')), source);
    assert.equal(await text(entry.getByTestId('points-entry-points')), `+${ATTENDED_POINTS}`);
    assert.match(await text(entry), /参加组织生活/, 'the rule is named');
    // The total is the sum of the year's lines, the meeting's among them.
    const lines = (await m.getByTestId('points-entry-points').allTextContents()).map((t) => Number(t.trim()));
    const total = Number(await text(m.getByTestId('points-total')));
    assert.equal(total, lines.reduce((s, n) => s + n, 0), `the total ${total} adds up the lines ${lines.join(' ')}`);
    const orgLife = m.getByTestId('points-category').filter({ hasText: '组织生活' });
    assert.ok(Number((await text(orgLife)).match(/(-?\d+) 分/)[1]) >= ATTENDED_POINTS, 'the category 组织生活 counts it');
    await m.screenshot({ path: `${shots}/14-records-phone-points.png`, fullPage: true });

    // --- 我的档案 on the phone: the meeting line, attended ---------------------
    await m.goto(`${base}/m/archive`);
    const yearPanel = m.locator(`[data-testid=m-archive-year][data-year="${year}"]`);
    const phoneItem = yearPanel.getByTestId('m-archive-item').filter({ hasText: source });
    await reloadUntil(m, '[data-testid=m-archive-member], [data-testid=m-archive-error]', async () => (await phoneItem.count()) > 0, 'the archive line of the meeting');
    assert.equal(await phoneItem.count(), 1);
    assert.match(await text(phoneItem), /出席/);
    assert.match(await text(phoneItem), /支部党员大会/);
    await m.screenshot({ path: `${shots}/14-records-phone-archive.png`, fullPage: true });

    // --- The console: the member's archive and the branch's annual card --------
    await a.goto(`${base}/archive/members/${encodeURIComponent(memberId)}`);
    await a.getByTestId('archive-member').waitFor();
    const deskYear = a.locator(`[data-testid=archive-year][data-year="${year}"]`);
    const deskItem = deskYear.getByTestId('archive-item').filter({ hasText: source });
    await deskItem.waitFor();
    assert.equal(await deskItem.count(), 1);
    assert.match(await text(deskItem), /出席/);
    assert.equal(await described(a.getByTestId('archive-member'), '所在党组织'), BRANCH);
    await a.screenshot({ path: `${shots}/14-records-archive.png`, fullPage: true });

    const cardAfter = await cardOf(a, memberId, year);
    assert.equal(cardAfter.expected, cardBefore.expected + 1, `one more meeting expected (${cardBefore.text} → ${cardAfter.text})`);
    assert.equal(cardAfter.attended, cardBefore.attended + 1, `one more meeting attended (${cardBefore.text} → ${cardAfter.text})`);
    assert.equal(cardAfter.absent, cardBefore.absent, 'no absence added');
    assert.equal(cardAfter.points, total, 'the card carries the points the phone shows');
    await a.screenshot({ path: `${shots}/14-records-card.png`, fullPage: true });
  } catch (e) {
    await shootAll('flow');
    throw e;
  }
});

// namedKeys lists the paths of keys that would name a person in a JSON value.
function namedKeys(v, path = '') {
  if (Array.isArray(v)) return v.flatMap((x, i) => namedKeys(x, `${path}[${i}]`));
  if (v && typeof v === 'object') {
    return Object.entries(v).flatMap(([k, x]) => [...(/^(name|member_id|member_name)$/.test(k) ? [`${path}.${k}`] : []), ...namedKeys(x, `${path}.${k}`)]);
  }
  return [];
}

test('records: 积分概况 above the branch shows figures only; the archive exports a PDF and an .xlsx', async () => {
  try {
    const a = await signedInAdmin();

    // --- The branch: the named list (ranking off by default) ------------------
    await a.goto(`${base}/points`);
    await a.getByTestId('points-overview-page').waitFor();
    await pickOrgIn(a, 'page-org', BRANCH);
    await a.getByTestId('points-ranking-note').filter({ hasText: '积分排名未开启' }).waitFor();
    await a.getByTestId('points-member-name').first().waitFor();
    const names = (await a.getByTestId('points-member-name').allTextContents()).map((t) => t.trim()).filter(Boolean);
    assert.ok(names.length >= 20, `the branch lists its members by name (${names.length})`);
    assert.equal(await a.getByTestId('points-rank').count(), 0, 'no ranks while ranking is off');

    // --- The 工委 above: a distribution, no names ----------------------------
    const answer = a.waitForResponse((r) => r.url().includes('/points/distribution') && r.request().method() === 'GET');
    await pickOrgIn(a, 'page-org', COMMITTEE);
    const dist = await (await answer).json();
    assert.equal(dist.org_name, COMMITTEE);
    assert.deepEqual(namedKeys(dist), [], 'the distribution carries no names');
    assert.ok(dist.members > 0 && dist.children?.some((c) => c.org_name === BRANCH), 'the branch is among the children');

    await a.getByTestId('points-not-branch').waitFor();
    await a.locator('h3').filter({ hasText: `${COMMITTEE} ` }).waitFor();
    assert.equal(await a.getByTestId('points-members-table').count(), 0, 'no named list above a branch');
    const members = Number((await text(a.getByTestId('points-members').locator('.el-statistic__content'))).replace(/[^\d]/g, ''));
    assert.equal(members, dist.members, 'the page shows the number of members');
    const buckets = await a.getByTestId('points-bucket').allTextContents();
    assert.ok(buckets.length > 0, 'the histogram has buckets');
    const counted = buckets.map((b) => Number(b.match(/：(\d+) 人/)[1])).reduce((s, n) => s + n, 0);
    assert.equal(counted, members, `the buckets (${buckets.join('、')}) count every member`);
    await a.getByTestId('points-children').locator('.el-table__row').filter({ hasText: BRANCH }).waitFor();
    const page = await a.getByTestId('points-overview-page').textContent();
    const shown = names.filter((n) => page.includes(n));
    assert.deepEqual(shown, [], 'no member of the branch is named at the 工委');
    await a.screenshot({ path: `${shots}/14-records-distribution.png`, fullPage: true });

    // --- The archive's exports ------------------------------------------------
    await openArchiveOf(a, MEMBER_PHONE);
    const pdfHref = await a.getByTestId('archive-pdf').getAttribute('href');
    const pdf = await a.request.get(new URL(pdfHref, base).href);
    assert.equal(pdf.status(), 200, `GET ${pdfHref}`);
    assert.match(pdf.headers()['content-type'] || '', /application\/pdf/);
    const pdfBody = await pdf.body();
    assert.equal(pdfBody.subarray(0, 4).toString('latin1'), '%PDF', 'the PDF link answers a PDF');
    assert.ok(pdfBody.length > 1000, `a PDF with content (${pdfBody.length} bytes)`);
    const xlsxHref = await a.getByTestId('archive-xlsx').getAttribute('href');
    const xlsx = await a.request.get(new URL(xlsxHref, base).href);
    assert.equal(xlsx.status(), 200, `GET ${xlsxHref}`);
    assert.equal((await xlsx.body()).subarray(0, 2).toString('latin1'), 'PK', 'the .xlsx link answers a workbook');
  } catch (e) {
    await shootAll('exports');
    throw e;
  }
});
