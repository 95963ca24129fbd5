import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import ImportView from '../src/console/views/ImportView.vue';
import { setCurrentOrg } from '../src/stores/currentOrg';

type Call = { url: string; method: string; body: unknown };

let calls: Call[];
let answers: Record<string, () => Response>;
let saved: string[];

const json = (b: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(b), { status, headers: { 'Content-Type': type } });
const xlsx = (name: string) =>
  new Response('PK', {
    status: 200,
    headers: { 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}` },
  });

// The organization report as the server sends it today: Go's capitalized error keys, no id, no mode.
const orgReport = {
  total: 4,
  created: 1,
  updated: 1,
  unchanged: 0,
  refused: 2,
  committed: true,
  errors: [
    { Sheet: '组织', Row: 3, Column: '组织类别', Message: '无法识别的组织类别“支委”' },
    { Sheet: '组织', Row: 5, Column: '上级组织编码', Message: '找不到上级组织编码 X9' },
  ],
};

beforeEach(() => {
  calls = [];
  saved = [];
  answers = {
    'GET /api/v1/orgs/import-template': () => xlsx('组织导入模板.xlsx'),
    'GET /api/v1/members/import-template': () => xlsx('党员导入模板.xlsx'),
    'POST /api/v1/orgs/o1/import': () => json(orgReport),
    'POST /api/v1/orgs/o1/import-report': () => xlsx('组织导入错误报告.xlsx'),
    'POST /api/v1/orgs/o1/members/import': () =>
      json({ id: 'imp-9', total: 1, created: 1, updated: 0, unchanged: 0, refused: 0, mode: 'good_rows', committed: true, errors: [] }),
  };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://localhost');
      const method = (init.method || 'GET').toUpperCase();
      calls.push({ url: url.pathname + url.search, method, body: init.body });
      const a = answers[`${method} ${url.pathname}`];
      return a ? a() : json({ code: 'not_found', detail: '记录不存在或无权访问' }, 404, 'application/problem+json');
    }),
  );
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }));
  vi.spyOn(HTMLElement.prototype, 'click').mockImplementation(function (this: HTMLElement) {
    if (this instanceof HTMLAnchorElement) saved.push(this.download);
  });
  setCurrentOrg({ id: 'o1', name: '清源市财政局机关党总支' });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  setCurrentOrg(null);
});

async function settle() {
  for (let i = 0; i < 5; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}

async function chooseFile(w: VueWrapper, file: File) {
  const input = w.get('[data-testid=import-file]');
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
  await input.trigger('change');
}

function mountView() {
  return mount(ImportView, { global: { plugins: [ElementPlus] }, attachTo: document.body });
}

describe('ImportView: 导入党组织', () => {
  it('downloads the organization template, imports, shows the capitalized errors and re-sends the file for the error report', async () => {
    const w = mountView();
    expect(w.get('[data-testid=import-intro]').text()).toContain('党员将导入到');

    await w.get('[data-testid=import-kind-orgs] input').setValue(true);
    await settle();
    expect(w.get('[data-testid=import-intro]').text()).toContain('下级党组织');

    // Step 1: the organization template.
    await w.get('[data-testid=import-template]').trigger('click');
    await settle();
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v1/orgs/import-template']);
    expect(saved).toEqual(['组织导入模板.xlsx']);

    // Step 2: the file, all-or-nothing.
    await w.get('[data-testid=import-next]').trigger('click');
    await settle();
    expect(w.get('[data-testid=import-kind-label]').text()).toBe('导入党组织');
    expect(w.get('[data-testid=import-org-name]').text()).toBe('清源市财政局机关党总支');
    const file = new File(['组织编码,组织名称,组织类别'], '下级组织.csv', { type: 'text/csv' });
    await chooseFile(w, file);
    await w.get('[data-testid=import-mode-all] input').setValue(true);
    await w.get('[data-testid=import-submit]').trigger('click');
    await settle();

    const upload = calls[1];
    expect(`${upload.method} ${upload.url}`).toBe('POST /api/v1/orgs/o1/import');
    const form = upload.body as FormData;
    expect(form.get('mode')).toBe('all_or_nothing');
    expect((form.get('file') as File).name).toBe('下级组织.csv');

    // Step 3: the shared report component, with the errors normalized.
    expect(w.get('[data-testid=import-summary]').text()).toBe('共 4 行，新增 1，更新 1，未变 0，拒绝 2');
    expect(w.text()).toContain('全部成功才导入');
    const rows = w.get('[data-testid=import-errors]').findAll('.el-table__body tr');
    expect(rows.map((r) => r.findAll('td').map((td) => td.text()))).toEqual([
      ['组织', '3', '组织类别', '无法识别的组织类别“支委”'],
      ['组织', '5', '上级组织编码', '找不到上级组织编码 X9'],
    ]);

    // 下载错误报告: the same file goes to /orgs/{id}/import-report, the answer is saved.
    await w.get('[data-testid=import-report-download]').trigger('click');
    await settle();
    const again = calls[2];
    expect(`${again.method} ${again.url}`).toBe('POST /api/v1/orgs/o1/import-report');
    const resent = (again.body as FormData).get('file') as File;
    expect(resent.name).toBe('下级组织.csv');
    expect(await resent.text()).toBe('组织编码,组织名称,组织类别');
    expect(saved).toEqual(['组织导入模板.xlsx', '组织导入错误报告.xlsx']);
    expect(calls.some((c) => c.url.startsWith('/api/v1/imports/'))).toBe(false);
    w.unmount();
  });

  it("shows the server's detail when the organization may not be managed", async () => {
    answers['POST /api/v1/orgs/o1/import'] = () =>
      json({ code: 'not_found', detail: '记录不存在或无权访问' }, 404, 'application/problem+json');
    const w = mountView();
    await w.get('[data-testid=import-kind-orgs] input').setValue(true);
    await w.get('[data-testid=import-next]').trigger('click');
    await settle();
    await chooseFile(w, new File(['x'], 'orgs.xlsx'));
    await w.get('[data-testid=import-submit]').trigger('click');
    await settle();
    expect(w.get('[data-testid=import-error]').text()).toContain('记录不存在或无权访问');
    expect(w.find('[data-testid=import-summary]').exists()).toBe(false);
    w.unmount();
  });

  it('still imports members by default, to /orgs/{id}/members/import', async () => {
    const w = mountView();
    await w.get('[data-testid=import-template]').trigger('click');
    await w.get('[data-testid=import-next]').trigger('click');
    await settle();
    await chooseFile(w, new File(['x'], '党员.csv'));
    await w.get('[data-testid=import-submit]').trigger('click');
    await settle();
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/v1/members/import-template',
      'POST /api/v1/orgs/o1/members/import',
    ]);
    expect(((calls[1].body as FormData).get('mode'))).toBe('good_rows');
    expect(w.get('[data-testid=import-summary]').text()).toBe('共 1 行，新增 1，更新 0，未变 0，拒绝 0');
    w.unmount();
  });
});
