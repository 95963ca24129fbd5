import { describe, expect, it, vi, afterEach } from 'vitest';
import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import ImportReport from '../src/console/components/ImportReport.vue';
import type { ImportReport as Report } from '../src/api/types';

const report: Report = {
  id: 'imp-1',
  total: 4,
  created: 2,
  updated: 0,
  unchanged: 0,
  refused: 2,
  mode: 'good_rows',
  committed: true,
  errors: [
    { sheet: '一支部', row: 4, column: '身份证号', message: '身份证号校验位不正确' },
    { sheet: '', row: 5, column: '入党时间', message: '入党时间不是有效日期' },
  ],
};

afterEach(() => vi.unstubAllGlobals());

describe('ImportReport', () => {
  it('shows the totals and one table row per error with sheet, row, column and reason', async () => {
    const w = mount(ImportReport, { props: { report }, global: { plugins: [ElementPlus] } });
    await new Promise((r) => setTimeout(r, 0));
    expect(w.get('[data-testid=import-summary]').text()).toBe('共 4 行，新增 2，更新 0，未变 0，拒绝 2');
    const table = w.get('[data-testid=import-errors]');
    const rows = table.findAll('.el-table__body tr');
    expect(rows).toHaveLength(2);
    const cells = rows.map((r) => r.findAll('td').map((td) => td.text()));
    expect(cells[0]).toEqual(['一支部', '4', '身份证号', '身份证号校验位不正确']);
    expect(cells[1]).toEqual(['—', '5', '入党时间', '入党时间不是有效日期']);
    expect(table.text()).toContain('原因');
    expect(w.text()).toContain('正确的行已导入');
  });

  it('says nothing was imported when all-or-nothing refused the file', () => {
    const w = mount(ImportReport, {
      props: { report: { ...report, mode: 'all_or_nothing', committed: false, created: 0 } },
      global: { plugins: [ElementPlus] },
    });
    expect(w.text()).toContain('未导入任何数据');
    expect(w.text()).toContain('全部成功才导入');
  });

  it('has no error table when every row was imported', () => {
    const w = mount(ImportReport, {
      props: { report: { ...report, refused: 0, created: 4, errors: [] } },
      global: { plugins: [ElementPlus] },
    });
    expect(w.find('[data-testid=import-errors]').exists()).toBe(false);
    expect(w.text()).toContain('全部导入成功');
  });

  it('downloads the annotated report from /imports/{id}/report', async () => {
    const fetchMock = vi.fn(async () => new Response(new Blob(['x']), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const createObjectURL = vi.fn(() => 'blob:x');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const w = mount(ImportReport, { props: { report }, global: { plugins: [ElementPlus] } });
    await w.get('[data-testid=import-report-download]').trigger('click');
    await new Promise((r) => setTimeout(r, 0));
    expect(fetchMock).toHaveBeenCalled();
    expect((fetchMock.mock.calls[0] as unknown as [string])[0]).toBe('/api/v1/imports/imp-1/report');
  });
});
