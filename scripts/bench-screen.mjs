// The big screen's first load (issue #8, target ≤ 2 s on localhost): signs
// in once as a console account, then opens /screen/<org> at 1920×1080 in a
// fresh browser context (cold HTTP cache, the signed-in storage state) RUNS
// times and measures, in the page's own clock (from navigation start), when
// the 党员总数 headline shows the expected number and the two trend charts and
// the map have been drawn on their canvases.
//
// Run by scripts/bench.sh; by hand:
//   E2E_BASE=http://127.0.0.1:18181 E2E_SHOTS=/tmp/shots BENCH_ORG=<top id> BENCH_MEMBERS=<n> \
//   BENCH_SCREEN_USER=screen BENCH_SCREEN_PASSWORD=... node scripts/bench-screen.mjs
import { base, deskOptions, launch, signInAs } from '../e2e/helpers.mjs';

const org = process.env.BENCH_ORG;
const members = Number(process.env.BENCH_MEMBERS);
const user = process.env.BENCH_SCREEN_USER;
const password = process.env.BENCH_SCREEN_PASSWORD;
const runs = Number(process.env.BENCH_SCREEN_RUNS || 10);
if (!org || !members || !user || !password) {
  throw new Error('set BENCH_ORG, BENCH_MEMBERS, BENCH_SCREEN_USER and BENCH_SCREEN_PASSWORD');
}

const view = { ...deskOptions, viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 };
const CHARTS = ['[data-testid=screen-trend-orglife]', '[data-testid=screen-trend-dues]', '[data-testid=screen-map]'];
// A drawn chart has many colours (axes, labels, series, anti-aliasing); an
// empty canvas has one (as e2e/15-dashboard.test.mjs judges it).
const MIN_COLOURS = 20;

// shown runs in the page at every animation frame: the page's clock (ms since
// navigation start) once the headline and every chart are there, else false.
function shown([want, charts, minColours]) {
  const head = document.querySelector('[data-testid=screen-headline-total]');
  if (!head || Number(head.textContent.replace(/\D/g, '')) !== want) return false;
  for (const sel of charts) {
    const c = document.querySelector(`${sel} canvas`);
    if (!c || !c.width || !c.height) return false;
    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < px.length && seen.size < minColours; i += 4) seen.add((px[i] << 24) | (px[i + 1] << 16) | (px[i + 2] << 8) | px[i + 3]);
    if (seen.size < minColours) return false;
  }
  return performance.now();
}

// apiDone is when the answer of GET …/screen (not …/screen/live) had arrived.
function apiDone() {
  const e = performance.getEntriesByType('resource').find((r) => /\/dashboard\/orgs\/[^/]+\/screen(\?|$)/.test(r.name));
  return e ? e.responseEnd : NaN;
}

const browser = await launch();
try {
  const ctx = await browser.newContext(view);
  await signInAs(await ctx.newPage(), '/', user, password, '[data-testid=main-menu]');
  const state = await ctx.storageState();
  await ctx.close();

  const times = [];
  console.log('| run | screen API answered (ms) | headline and charts drawn (ms) |\n|---|---|---|');
  for (let i = 1; i <= runs; i++) {
    const c = await browser.newContext({ ...view, storageState: state });
    const page = await c.newPage();
    await page.goto(`${base}/screen/${encodeURIComponent(org)}`);
    const drawn = await (await page.waitForFunction(shown, [members, CHARTS, MIN_COLOURS], { polling: 'raf', timeout: 60000 })).jsonValue();
    const api = await page.evaluate(apiDone);
    times.push(drawn);
    console.log(`| ${i} | ${api.toFixed(0)} | ${drawn.toFixed(0)} |`);
    await c.close();
  }
  times.sort((a, b) => a - b);
  const median = (times[(runs - 1) >> 1] + times[runs >> 1]) / 2;
  console.log(`\nfirst load: median ${median.toFixed(0)} ms, max ${times[runs - 1].toFixed(0)} ms over ${runs} cold loads (target ≤ 2000 ms)`);
} finally {
  await browser.close();
}
