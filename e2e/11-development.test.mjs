// 发展党员 end to end (issue #6), the clock travelling through the years the
// 25 steps of 《中国共产党发展党员工作细则》 take. The secretary of the
// finance bureau's first branch opens a file for an applicant whose written
// application is dated today, records the talk; the next day confirms the
// activist, files it, names a contact — and is refused at the date field
// when trying to make the activist a candidate before a year has passed.
// Half a year later the activist is reviewed; a year after the confirmation
// the activist becomes a candidate with two sponsors, the political review
// and three days of training; the branch committee reviews; the upper
// committee (the organization department's administrator, above the branch)
// pre-reviews. A week of 公示 later the 支部大会 admits the applicant and the
// upper committee talks to them, approves (the member is created,
// probationary) and files it; the branch places them and they take the oath.
// Half a year on, the probationary member is reviewed. When the year of
// probation ends, they apply, a week of 公示, the 支部大会 votes for 转正,
// the upper committee approves and the branch archives the file: it shows
// 已转正, and the member's record shows a full member with 转正时间 = the end
// of probation.
//
// Both accounts sign in at least every 80 days on the way (the server
// disables accounts unused for 90 days and asks for a new password as
// often; signInAs changes it and remembers the new one, and the test puts
// the demo password back at the end). The clock is set back in the end,
// whatever happens. Needs the server of scripts/e2e.sh (a
// clock offset file) and, for the branch's roster, the demo city.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays, addMonths, beijingToday, chineseDate, chooseAndClose, described, fillDate, idNumber, input, launch, openMenu,
  pickMember, pickOrgIn, restorePassword, setClockOffset, shots, signInAs, travelTo, uniq,
} from './helpers.mjs';

const T = 15000;
const PW = 'Demo@2026';
// internal/demo/city.go: the demo secretary's branch.
const BRANCH = '清源市财政局机关第一党支部';
const RULE = '依据《中国共产党发展党员工作细则》';
const deskOptions = { viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

const text = async (loc) => (await loc.first().textContent()).replace(/\s+/g, ' ').trim();
const digits = (n) => String(n).split('').map((d) => '零一二三四五六七八九'[d]).join('');

// fullMemberNames reads the names of the branch's full members in 党员管理
// (the people a step names must be full members: 培养联系人, 入党介绍人).
async function fullMemberNames(s) {
  await s.getByTestId('menu-members').click();
  await s.waitForURL(/\/members/);
  await pickOrgIn(s, 'member-org', BRANCH);
  await chooseAndClose(s, 'member-filter-status', '正式党员');
  const rows = s.getByTestId('member-table').locator('.el-table__body-wrapper .el-table__row');
  await s.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid=member-table] .el-table__body-wrapper .el-table__row')];
    return rows.length >= 3 && rows.every((r) => r.textContent.includes('正式党员'));
  });
  const names = (await rows.locator('td:first-child').allTextContents()).map((t) => t.trim());
  // A name the branch has twice would make the picker ambiguous.
  return names.filter((n, i) => names.indexOf(n) === i && names.lastIndexOf(n) === i);
}

// openFile opens the applicant's file from 发展档案 (the page's organization
// box on the branch, searched by name); returns the texts of its row.
async function openFile(page, name) {
  await openMenu(page, 'development', 'development-files');
  await page.getByTestId('dev-files-page').waitFor();
  await pickOrgIn(page, 'page-org', BRANCH);
  await input(page, 'dev-filter-q').fill(name);
  await page.getByTestId('dev-filter-search').click();
  const row = page.getByTestId('dev-files-table').locator('.el-table__row').filter({ hasText: name });
  await row.first().waitFor();
  assert.equal(await row.count(), 1, 'one file of that name');
  const cells = (await row.locator('td').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
  await row.getByTestId('dev-file-link').click();
  await page.getByTestId('dev-file-title').filter({ hasText: name }).waitFor();
  return cells;
}

// reopen signs in again after a jump of the clock (the session ended on the
// server's time) and opens the file.
async function reopen(page, who, url, name) {
  await signInAs(page, '/', who, PW, '[data-testid=main-menu]');
  await page.goto(url);
  await page.getByTestId('dev-file-title').filter({ hasText: name }).waitFor();
}

// refresh shows the file as it is now (the other account recorded steps).
async function refresh(page, name) {
  await page.reload();
  await page.getByTestId('dev-file-title').filter({ hasText: name }).waitFor();
}

// The server refuses an account not used for 90 days (等保: unused accounts
// are disabled) and asks for a new password every 90 days: the clock moves
// at most HOP days at a time and both accounts sign in at every stop, as a
// secretary and an upper committee at work would.
const HOP = 80;

const records = (page, no) => page.getByTestId(`dev-step-${no}`).getByTestId('dev-step-record');

// submitStep presses 记录此步骤 and returns the form's error message, or
// null once the step has one more record in the timeline.
async function submitStep(page, no) {
  const before = await records(page, no).count();
  await page.getByTestId('dev-step-submit').click();
  await page.waitForFunction(
    ([no, before]) =>
      document.querySelector('[data-testid=dev-step-error]') ||
      document.querySelectorAll(`[data-testid=dev-step-${no}] [data-testid=dev-step-record]`).length > before,
    [no, before],
    { timeout: T },
  );
  if (await page.getByTestId('dev-step-error').isVisible()) return text(page.getByTestId('dev-step-error'));
  return null;
}

// fieldError is the error Element Plus shows under the form item holding testid.
function fieldError(page, testid) {
  return page.locator('.el-form-item').filter({ has: page.getByTestId(testid) }).locator('.el-form-item__error');
}

// step records step no on the date on, after fill() has filled what it needs.
async function step(page, no, on, fill) {
  await page.getByTestId(`dev-step-choice-${no}`).click();
  await page.locator(`[data-testid=dev-step-choice-${no}].is-active`).waitFor();
  await fillDate(page, 'dev-step-on', on);
  if (fill) await fill();
  const refused = await submitStep(page, no);
  if (refused) assert.fail(`step ${no} on ${on} was refused: ${refused}`);
  const last = records(page, no).last();
  assert.match(await text(last), new RegExp(`^${on}`), `step ${no} is recorded on ${on}`);
}

// publicity fills the 公示 dates of a vote's step.
async function publicity(page, start, end) {
  await fillDate(page, 'dev-step-publicity-start', start);
  await fillDate(page, 'dev-step-publicity-end', end);
}

// voteAllYes marks every full member present and all of them in favour.
async function voteAllYes(page) {
  await page.getByTestId('dev-vote-roster').locator('.el-table__row').first().waitFor();
  await page.getByTestId('dev-vote-all-present').click();
  const counts = await text(page.getByTestId('dev-vote-counts'));
  const [, expected, present] = counts.match(/应到会有表决权的党员 (\d+) 人，实到 (\d+) 人/) || assert.fail(counts);
  assert.equal(present, expected, 'everyone who should attend is there');
  await input(page, 'dev-vote-yes').fill(present);
  await input(page, 'dev-vote-yes').press('Tab');
  return Number(present);
}

test('发展党员: from the application to 转正 in two years and a half, each time limit kept, an early step refused', async () => {
  const browser = await launch();
  const n = uniq();
  const name = `试发${digits(n % 10000)}`;
  const birth = `199${n % 10}-0${1 + (n % 9)}-1${n % 10}`;
  const id = idNumber(birth.replace(/-/g, ''), (n % 500) * 2 + 1); // an odd sequence: male
  const phone = '139' + String(10000000 + (n % 89999999)).slice(0, 8);
  const pages = {};
  const contexts = [];
  let today = beijingToday();
  // advance moves the clock to date, signing both accounts in on the way.
  const advance = async (date, fileUrl) => {
    while (today < date) {
      today = addDays(today, HOP) < date ? addDays(today, HOP) : date;
      await travelTo(today, contexts);
      await reopen(pages.admin, 'admin', fileUrl, name);
      await reopen(pages.secretary, 'secretary', fileUrl, name);
    }
  };
  const open = async (who) => {
    const ctx = await browser.newContext(deskOptions);
    contexts.push(ctx);
    const p = (pages[who] = await ctx.newPage());
    p.setDefaultTimeout(T);
    return p;
  };
  // The dates of the file: the application today (A), the activist the next
  // day, candidate exactly a year later (C), 公示 of 5 working days (7
  // calendar days) before each vote (V: admission; the vote on 转正 a week
  // after probation ends at P = V + 1 year).
  const A = beijingToday();
  const activist = addDays(A, 1);
  const review = addMonths(activist, 6);
  const C = addMonths(activist, 12);
  const V = addDays(C, 7);
  const probationReview = addMonths(V, 6);
  const P = addMonths(V, 12);
  const fullVote = addDays(P, 7);
  try {
    const s = await open('secretary');
    const a = await open('admin');
    await signInAs(s, '/', 'secretary', PW, '[data-testid=main-menu]');
    const [talker, contact, sponsor2] = await fullMemberNames(s);
    assert.ok(talker && contact && sponsor2, 'three full members to name');

    // --- Today: the file, with the application dated today, and the talk.
    await openMenu(s, 'development', 'development-files');
    await s.getByTestId('dev-files-page').waitFor();
    await pickOrgIn(s, 'page-org', BRANCH);
    await s.getByTestId('dev-new-file').click();
    await s.getByTestId('dev-file-dialog').waitFor();
    await input(s, 'dev-file-name').fill(name);
    await input(s, 'dev-file-id_number').fill(id);
    await input(s, 'dev-file-phone').fill(phone);
    await chooseAndClose(s, 'dev-file-education', '大学本科');
    await chooseAndClose(s, 'dev-file-category', '事业单位人员');
    assert.equal(await input(s, 'dev-file-birth_date').inputValue(), birth, 'the birth date is read from the ID number');
    assert.equal(await input(s, 'dev-file-applied_on').inputValue(), A, 'the application is dated today');
    await s.screenshot({ path: `${shots}/11-development-new-file.png`, fullPage: true });
    await s.getByTestId('dev-file-submit').click();
    await s.getByTestId('dev-file-title').filter({ hasText: name }).waitFor();
    const fileUrl = s.url();
    assert.match(fileUrl, /\/development\/files\/[^/]+$/);
    assert.equal(await text(s.getByTestId('dev-file-state')), '培养中');
    assert.match(await text(records(s, 1)), new RegExp(`^${A}`), 'step 1 is the application');
    assert.match(await text(s.getByTestId('dev-step-2').getByTestId('dev-step-due')), new RegExp(`收到入党申请书后一个月内派人谈话：${addMonths(A, 1)}`));
    await step(s, 2, A, () => pickMember(s, 'dev-step-person-0', talker));
    assert.match(await text(records(s, 2)), new RegExp(`谈话人：${talker}`));

    // --- The next day: 入党积极分子, 备案, 培养联系人.
    await advance(activist, fileUrl);
    await step(s, 3, activist);
    await step(s, 4, activist);
    await step(s, 5, activist, () => pickMember(s, 'dev-step-person-0', contact));
    assert.equal(await text(s.getByTestId('dev-file-state')), '培养中');
    assert.match(await s.getByTestId('dev-file-page').locator('.title > .muted').first().textContent(), /第2阶段 入党积极分子/);

    // Too early: a candidate needs a year as an activist. The timeline warns,
    // the server refuses at the date with the rule.
    const earliest = chineseDate(C);
    assert.equal(await text(s.getByTestId('dev-step-7').getByTestId('dev-step-warning')), `须培养教育和考察满一年，最早可于${earliest}确定为发展对象`);
    await s.getByTestId('dev-step-choice-7').click();
    await fillDate(s, 'dev-step-on', activist);
    const refused = await submitStep(s, 7);
    const why = `${RULE}，入党积极分子须经过一年以上培养教育和考察方可确定为发展对象；${chineseDate(activist)}确定为入党积极分子，最早可于${earliest}确定为发展对象`;
    assert.ok(refused?.endsWith(why), `a candidate a day after the activist is refused: ${refused}`);
    // The rule is shown at the date it concerns (after Element Plus' transition).
    await fieldError(s, 'dev-step-on').filter({ hasText: why }).waitFor();
    assert.equal(await text(fieldError(s, 'dev-step-on')), why);
    assert.equal(await records(s, 7).count(), 0, 'nothing was recorded');
    assert.equal(await s.getByTestId('dev-step-7').getAttribute('data-status'), 'next');
    await s.screenshot({ path: `${shots}/11-development-too-early.png`, fullPage: true });

    // --- Half a year later: the activist's review.
    await advance(review, fileUrl);
    await step(s, 6, review);

    // --- A year after the confirmation (exactly: allowed): 发展对象 to 支部委员会审查.
    await advance(C, fileUrl);
    await step(s, 7, C);
    await step(s, 8, C);
    await step(s, 9, C, async () => {
      await pickMember(s, 'dev-step-person-0', contact);
      await pickMember(s, 'dev-step-person-1', sponsor2);
    });
    assert.match(await text(records(s, 9)), new RegExp(`入党介绍人：${contact}、${sponsor2}`));
    await step(s, 10, C);
    await step(s, 11, C, async () => {
      await input(s, 'dev-step-days').fill('3');
      await input(s, 'dev-step-days').press('Tab');
    });
    assert.match(await text(records(s, 11)), /集中培训 3 天/);
    await step(s, 12, C);
    assert.match(await s.getByTestId('dev-file-page').locator('.title > .muted').first().textContent(), /第4阶段 预备党员的接收/);

    // The upper committee's pre-review (上级党委预审): the administrator
    // finds the file in 发展档案 of the branch.
    const listed = await openFile(a, name);
    assert.equal(a.url(), fileUrl);
    assert.deepEqual(listed.slice(1, 4), [BRANCH, '预备党员的接收', '第 12 步 支部委员会审查'], `the file's row: ${listed}`);
    await a.getByTestId('dev-step-13').getByTestId('dev-step-upper').waitFor();
    await step(a, 13, C);
    await refresh(s, name);
    await step(s, 14, C);

    // --- A week of 公示, then the 支部大会 admits.
    await advance(V, fileUrl);
    let voters = 0;
    await step(s, 15, V, async () => {
      await publicity(s, C, addDays(C, 6));
      voters = await voteAllYes(s);
    });
    const vote = await text(s.getByTestId('dev-step-15').getByTestId('dev-step-vote'));
    assert.match(vote, new RegExp(`^表决通过 应到会有表决权的党员 ${voters} 人，实到 ${voters} 人；赞成 ${voters} 票，反对 0 票，弃权 0 票；`));
    assert.match(await text(records(s, 15)), new RegExp(`公示：${C} 至 ${addDays(C, 6)}`));
    await s.screenshot({ path: `${shots}/11-development-admission-vote.png`, fullPage: true });

    // The upper committee talks, approves (the member is created) and files it.
    await refresh(a, name);
    await step(a, 16, V);
    await step(a, 17, V);
    await a.getByTestId('dev-file-state').filter({ hasText: '预备党员' }).waitFor();
    await a.getByTestId('dev-file-member').waitFor();
    await step(a, 18, V);
    const details = a.getByTestId('dev-file-details');
    assert.equal(await described(details, '接收为预备党员'), V);
    assert.equal(await described(details, '预备期满'), P, 'probation is a year from the 支部大会');
    await refresh(s, name);
    await step(s, 19, V);
    await step(s, 20, V);
    assert.match(await s.getByTestId('dev-file-page').locator('.title > .muted').first().textContent(), /第5阶段 预备党员考察/);
    assert.equal(await s.getByTestId('dev-step-23').getAttribute('data-status'), 'todo', 'no 转正 vote before the application');

    // --- Probation ends: the application, a week of 公示, the vote on 转正.
    await advance(probationReview, fileUrl);
    await step(s, 21, probationReview);
    await advance(P, fileUrl);
    await step(s, 22, P);
    await advance(fullVote, fileUrl);
    await step(s, 23, fullVote, async () => {
      await publicity(s, P, addDays(P, 6));
      await voteAllYes(s);
    });
    assert.match(await text(s.getByTestId('dev-step-23').getByTestId('dev-step-vote')), /^表决通过 /);

    // The upper committee approves 转正; the branch archives the file.
    await refresh(a, name);
    await step(a, 24, fullVote);
    await a.getByTestId('dev-file-state').filter({ hasText: '已转正' }).waitFor();
    await refresh(s, name);
    await step(s, 25, fullVote);
    assert.equal(await text(s.getByTestId('dev-file-state')), '已转正');
    assert.match(await s.getByTestId('dev-file-page').locator('.title > .muted').first().textContent(), /已完成第 25 步/);
    assert.equal(await s.getByTestId('dev-step-form').locator('.el-empty').count(), 1, 'no step is left');
    await s.screenshot({ path: `${shots}/11-development-full.png`, fullPage: true });

    // The member's record: a full member since the end of probation.
    await s.getByTestId('dev-file-member').click();
    await s.getByTestId('member-name').filter({ hasText: name }).waitFor();
    const record = s.getByTestId('member-detail').locator('.el-descriptions').first();
    const item = (label) => described(record, label);
    assert.equal(await item('党员状态'), '正式党员（在册）');
    assert.equal(await item('入党时间'), V);
    assert.equal(await item('转正时间'), P);
    assert.match(await item('所在党组织'), new RegExp(BRANCH));
    await s.screenshot({ path: `${shots}/11-development-member.png`, fullPage: true });
    // … and in 党员管理 of the branch.
    await s.getByTestId('menu-members').click();
    await s.waitForURL(/\/members/);
    await pickOrgIn(s, 'member-org', BRANCH);
    await input(s, 'member-search').fill(name);
    const row = s.getByTestId('member-table').locator('.el-table__body-wrapper .el-table__row').filter({ hasText: name });
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    const cells = (await row.locator('td').allTextContents()).map((t) => t.trim());
    assert.ok(cells.includes('正式党员'), `the list shows a full member: ${cells}`);
    assert.ok(cells.includes(V), `joined on the day of the 支部大会: ${cells}`);

    // Back to today: the accounts get the demo password back.
    await setClockOffset(0);
    for (const who of ['secretary', 'admin']) {
      const p = await (await browser.newContext(deskOptions)).newPage();
      await signInAs(p, '/', who, PW, '[data-testid=main-menu]');
      await restorePassword(p, who, PW);
    }
  } catch (e) {
    for (const [who, p] of Object.entries(pages)) {
      await p.screenshot({ path: `${shots}/11-development-failed-${who}.png`, fullPage: true }).catch(() => {});
    }
    throw e;
  } finally {
    await setClockOffset(0);
    await browser.close();
  }
});
