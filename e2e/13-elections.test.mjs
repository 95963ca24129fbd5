// 换届选举 end to end (issue #6), at the finance bureau's first branch (more
// than 7 full members: a branch committee, 《中国共产党支部工作条例》). The
// secretary drafts the plan (3 committee seats, a deputy, the branch's
// 3-year term) and submits it; the organization department's administrator,
// above the branch, approves it. The secretary names 4 candidates (差额:
// at least 3 + ⌈3/5⌉), records the meeting's vote with every full member
// present and ballots issued = returned, three are elected; the committee's
// first meeting chooses the secretary, the deputy and the organization
// member, and the administrator approves them. Completing the election
// records the new term (第N届, from the day of the vote for 3 years), which
// 任期与换届 shows, and the branch's positions and its 书记 in 组织架构 are the
// new ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addMonths, beijingToday, chooseAndClose, described, fillDate, input, launch, openMenu, pickOrgIn, shots, signInAs,
} from './helpers.mjs';

const T = 15000;
const PW = 'Demo@2026';
// internal/demo/city.go: the demo secretary's branch.
const BRANCH = '清源市财政局机关第一党支部';
const deskOptions = { viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

const text = async (loc) => (await loc.first().textContent()).replace(/\s+/g, ' ').trim();
const rowsOf = (page, testid) => page.getByTestId(testid).locator('.el-table__body-wrapper .el-table__row');
const cellsOf = async (row) => (await row.locator('td').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());

// openTerms: 换届选举 → 任期与换届 of the branch.
async function openTerms(page) {
  await openMenu(page, 'elections', 'elections-terms');
  await page.getByTestId('terms-page').waitFor();
  await pickOrgIn(page, 'page-org', BRANCH);
  await page.locator('[data-testid=terms-page] h3.title').filter({ hasText: BRANCH }).waitFor();
  await page.getByTestId('term-current').waitFor();
}

// showElection reloads the election page (the other account acted) and
// waits for its state.
async function showElection(page, state) {
  await page.reload();
  await page.getByTestId('election-state').filter({ hasText: state }).waitFor();
}

// memberIdOf is the member id in the test id of the role select next to name.
async function memberIdOf(page, name) {
  const row = page.getByTestId('officers-role-row').filter({ has: page.locator('.who', { hasText: new RegExp(`^${name}$`) }) });
  const id = await row.locator('[data-testid^=officers-role-]').first().getAttribute('data-testid');
  return id.replace('officers-role-', '');
}

// approveAs answers an ElMessageBox.prompt with a note and its OK button class.
async function approveAs(page, button, okClass, note) {
  await page.getByTestId(button).click();
  const box = page.locator('.el-message-box');
  await box.waitFor();
  await box.locator('input').fill(note);
  await page.locator(`.${okClass}`).click();
}

test('换届选举: plan, upper approval, candidates, the vote, officers approved above, the new term and positions', async () => {
  const browser = await launch();
  const pages = {};
  const open = async (who) => {
    const p = (pages[who] = await (await browser.newContext(deskOptions)).newPage());
    p.setDefaultTimeout(T);
    return p;
  };
  const today = beijingToday();
  const termEnd = addMonths(today, 36);
  try {
    const s = await open('secretary');
    const a = await open('admin');
    await signInAs(s, '/', 'secretary', PW, '[data-testid=main-menu]');
    await openTerms(s);
    // The number of the new term follows the last one on record.
    const before = (await rowsOf(s, 'term-history').locator('td:first-child').allTextContents()).map((t) => Number(t.match(/第 (\d+) 届/)?.[1] || 0));
    const number = Math.max(0, ...before) + 1;

    // --- The plan, drafted by the branch and submitted.
    await s.getByTestId('election-new').click();
    await s.getByTestId('election-new-dialog').waitFor();
    await fillDate(s, 'plan-date', today);
    await input(s, 'plan-seats-committee').fill('3');
    await input(s, 'plan-seats-committee').press('Tab');
    await input(s, 'plan-seats-deputy').fill('1');
    await input(s, 'plan-seats-deputy').press('Tab');
    await s.getByTestId('plan-candidates-hint').filter({ hasText: '20%' }).waitFor();
    await s.getByTestId('plan-note').fill('支部委员会任期届满，召开党员大会直接选举新一届支部委员会。');
    await s.screenshot({ path: `${shots}/13-elections-plan.png`, fullPage: true });
    await s.getByTestId('election-create').click();
    await s.waitForURL((u) => /^\/elections\/(?!terms$|overdue$|settings$)[^/]+$/.test(u.pathname));
    const electionUrl = s.url();
    await s.getByTestId('election-state').filter({ hasText: '拟订方案' }).waitFor();
    const plan = s.getByTestId('plan-view');
    assert.equal(await described(plan, '选举日期'), today);
    assert.equal(await described(plan, '选举方式'), '直接选举');
    assert.equal(await described(plan, '应选名额'), '委员 3 名（书记 1 名、副书记 1 名由委员会选举）');
    assert.equal(await described(plan, '任期'), '每届 3 年', 'a branch is elected for 3 years');
    const rule = '委员候选人应多于应选人数20%（差额选举），应选 3 名，至少 4 人';
    assert.equal(await text(s.getByTestId('plan-candidates-min')), rule);
    assert.equal(await s.getByTestId('election-approve').count(), 0, 'the branch does not approve its own plan');
    await s.getByTestId('election-submit').click();
    await s.getByTestId('election-state').filter({ hasText: '待上级审批' }).waitFor();

    // --- The upper organization approves the plan.
    await signInAs(a, '/', 'admin', PW, '[data-testid=main-menu]');
    await openTerms(a);
    const listed = rowsOf(a, 'election-list').filter({ hasText: '待上级审批' });
    assert.equal(await listed.count(), 1, 'the election waits for the upper organization');
    await listed.getByTestId('election-open').click();
    await a.waitForURL(electionUrl);
    await a.getByTestId('election-state').filter({ hasText: '待上级审批' }).waitFor();
    await approveAs(a, 'election-approve', 'plan-approve-ok', '同意按方案进行换届选举。');
    await a.getByTestId('election-state').filter({ hasText: '上级已批复' }).waitFor();
    // The page moves on to the candidates; the plan shows the approval.
    await a.getByTestId('step-candidates').waitFor();
    await a.getByTestId('election-step-plan').click();
    assert.equal(await described(a.getByTestId('plan-view'), '上级批复'), `${today} 批复同意`);

    // --- Candidates: 4 full members for 3 seats.
    await showElection(s, '上级已批复');
    await s.getByTestId('step-candidates').waitFor();
    assert.equal(await text(s.getByTestId('candidates-rule')), rule);
    await s.getByTestId('candidates-committee').locator('.el-select').click();
    const options = s.locator('.el-select-dropdown__item:visible');
    await options.nth(3).waitFor();
    const candidates = [];
    for (let i = 0; i < 4; i++) {
      candidates.push((await options.nth(i).textContent()).trim());
      await options.nth(i).click();
    }
    await s.keyboard.press('Escape');
    assert.equal(new Set(candidates).size, 4, `four different people: ${candidates}`);
    assert.equal(await text(s.getByTestId('candidates-count-committee')), '4');
    await s.getByTestId('election-candidates-save').click();
    await s.locator('.el-message').filter({ hasText: '候选人已保存' }).waitFor();

    // --- The meeting: everyone present, 3 elected by more than half of 应到会.
    await s.getByTestId('round-form').waitFor();
    const voters = await text(s.getByTestId('round-voters'));
    const [, full, expected] = voters.match(/本组织在册正式党员 (\d+) 人，不计入 0 人，应到会 (\d+) 人/) || assert.fail(voters);
    assert.equal(full, expected);
    const n = Number(expected);
    assert.ok(n >= 7, `a branch with a committee has 7 or more full members (${n})`);
    assert.equal(await input(s, 'round-date').inputValue(), today, 'held on the planned day');
    for (const [field, v] of [['round-present', n], ['round-issued', n], ['round-returned', n], ['round-invalid', 0]]) {
      await input(s, field).fill(String(v));
      await input(s, field).press('Tab');
    }
    const votes = [n, n - 1, n - 2, 2];
    for (const [i, name] of candidates.entries()) {
      const row = s.getByTestId('round-vote-row').filter({ has: s.locator('.who', { hasText: new RegExp(`^${name}$`) }) });
      await row.locator('input').fill(String(votes[i]));
      await row.locator('input').press('Tab');
    }
    await s.screenshot({ path: `${shots}/13-elections-round.png`, fullPage: true });
    await s.getByTestId('election-round-submit').click();
    await s.locator('.el-message').filter({ hasText: '本轮选举结果已记录' }).waitFor();
    // The committee is full: the page moves on to the officers; the meeting's
    // step shows who was elected, by votes.
    await s.getByTestId('step-officers').waitFor();
    await s.getByTestId('election-step-rounds').click();
    const elected = candidates.slice(0, 3);
    assert.equal(await text(s.getByTestId('elected-committee')), elected.join('、'));
    assert.match(await text(s.getByTestId('round-outcome')), new RegExp(`第 1 轮（委员.*）：当选 ${elected.join('、')}`));
    assert.match(await text(s.getByTestId('round-explanation')), new RegExp(`${n}`), 'the explanation counts who should attend');
    await s.screenshot({ path: `${shots}/13-elections-elected.png`, fullPage: true });

    // --- The committee's first meeting: secretary, deputy, organization member.
    await s.getByTestId('election-step-officers').click();
    await s.getByTestId('step-officers').waitFor();
    await chooseAndClose(s, 'officers-secretary', elected[0]);
    await chooseAndClose(s, 'officers-deputy', elected[1]);
    await chooseAndClose(s, `officers-role-${await memberIdOf(s, elected[2])}`, '组织委员');
    await s.getByTestId('election-officers-save').click();
    await s.locator('.el-message').filter({ hasText: '已保存，待上级党组织批准' }).waitFor();
    await s.getByTestId('election-state').filter({ hasText: '待上级批准书记、副书记' }).waitFor();
    assert.equal(await s.getByTestId('election-officers-approve').count(), 0, 'the branch does not approve its own officers');

    // --- The upper organization approves the secretary and deputy.
    await showElection(a, '待上级批准书记、副书记');
    await a.getByTestId('step-officers').waitFor();
    // (Holding election.manage above the branch, the page shows the branch's
    // choice in its form.)
    await a.getByTestId('officers-secretary').filter({ hasText: elected[0] }).waitFor();
    assert.equal(await text(a.getByTestId('officers-secretary')), elected[0]);
    assert.equal(await text(a.getByTestId('officers-deputy')), elected[1]);
    assert.equal(await text(a.getByTestId(`officers-role-${await memberIdOf(a, elected[2])}`)), '组织委员');
    await approveAs(a, 'election-officers-approve', 'officers-approve-ok', '同意。');
    await a.locator('.el-message').filter({ hasText: '已批准书记、副书记' }).waitFor();
    await a.getByTestId('step-complete').waitFor();
    await a.getByTestId('election-step-officers').click();
    assert.equal(await text(a.getByTestId('officers-approved')), `上级党组织已于 ${today} 批准`);
    const officers = (await rowsOf(a, 'officers-view').allTextContents()).map((t) => t.replace(/\s+/g, ''));
    // (listed in the order of the members' ids, not by title)
    assert.deepEqual(officers.sort(), [`书记${elected[0]}`, `副书记${elected[1]}`, `组织委员${elected[2]}`].sort());

    // --- Completion: the new term and the new positions.
    await showElection(s, '待上级批准书记、副书记');
    await s.getByTestId('step-complete').waitFor();
    await s.getByTestId('election-complete').click();
    await s.locator('.el-message-box').filter({ hasText: '完成换届后' }).waitFor();
    await s.locator('.complete-ok').click();
    await s.getByTestId('election-state').filter({ hasText: '换届完成' }).waitFor();
    assert.match(await text(s.getByTestId('complete-term')), new RegExp(`第 ${number} 届，任期 ${today} 至 ${termEnd}`));
    const positions = s.getByTestId('step-complete').getByTestId('org-positions').locator('.el-table__body-wrapper .el-table__row');
    await positions.filter({ hasText: elected[0] }).first().waitFor();
    const posts = (await Promise.all((await positions.all()).map(cellsOf))).map((c) => c.slice(0, 4).join(' '));
    for (const [title, who] of [['书记', elected[0]], ['副书记', elected[1]], ['组织委员', elected[2]]]) {
      assert.ok(posts.includes(`${title} ${who} ${today} —`), `${who} is ${title} from today: ${posts}`);
    }
    await s.screenshot({ path: `${shots}/13-elections-complete.png`, fullPage: true });

    // 任期与换届: the new term, current and in the history.
    await openTerms(s);
    const current = await text(s.getByTestId('term-current'));
    assert.match(current, new RegExp(`^第 ${number} 届\\s*${today} 至 ${termEnd}`));
    assert.equal(await text(s.getByTestId('term-status')), '正常');
    const left = Math.round((Date.parse(termEnd) - Date.parse(today)) / 86400e3);
    assert.equal(await text(s.getByTestId('term-days')), `还有 ${left} 天届满`);
    const history = await Promise.all((await rowsOf(s, 'term-history').all()).map(cellsOf));
    assert.ok(history.some((c) => c[0] === `第 ${number} 届` && c[1] === today && c[2] === termEnd), `the term is on record: ${JSON.stringify(history)}`);
    const done = rowsOf(s, 'election-list').filter({ hasText: '换届完成' });
    assert.ok((await done.count()) >= 1, 'the election is listed as completed');
    await s.screenshot({ path: `${shots}/13-elections-terms.png`, fullPage: true });

    // 组织架构: the branch's secretary and term are the new ones.
    await s.getByTestId('menu-orgs').click();
    await input(s, 'org-search-input').fill(BRANCH);
    await s.getByTestId('org-search-option').filter({ has: s.locator('.name', { hasText: new RegExp(`^\\s*${BRANCH}\\s*$`) }) }).first().click();
    const detail = s.getByTestId('org-detail');
    await detail.getByTestId('org-name').filter({ hasText: BRANCH }).waitFor();
    assert.equal(await text(detail.getByTestId('org-secretary')), elected[0]);
    assert.match(await text(detail), new RegExp(`本届任期\\s*${today} 至 ${termEnd}`));
  } catch (e) {
    for (const [who, p] of Object.entries(pages)) {
      await p.screenshot({ path: `${shots}/13-elections-failed-${who}.png`, fullPage: true }).catch(() => {});
    }
    throw e;
  } finally {
    await browser.close();
  }
});
