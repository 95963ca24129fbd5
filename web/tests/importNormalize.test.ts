import { describe, expect, it } from 'vitest';
import { normalizeImportError, normalizeImportReport } from '../src/api/importReport';

describe('normalizeImportError', () => {
  it('reads the member import spelling (snake_case)', () => {
    expect(normalizeImportError({ sheet: '一支部', row: 4, column: '身份证号', message: '身份证号校验位不正确' })).toEqual({
      sheet: '一支部',
      row: 4,
      column: '身份证号',
      message: '身份证号校验位不正确',
    });
  });

  it("reads the organization import spelling (Go's capitalized field names)", () => {
    expect(normalizeImportError({ Sheet: 'Sheet1', Row: 3, Column: '组织类别', Message: '组织类别不正确' })).toEqual({
      sheet: 'Sheet1',
      row: 3,
      column: '组织类别',
      message: '组织类别不正确',
    });
  });

  it('gives the same result for both spellings, and for a mix of them', () => {
    const lower = normalizeImportError({ sheet: 'S', row: 7, column: '组织编码', message: '组织编码重复' });
    const upper = normalizeImportError({ Sheet: 'S', Row: 7, Column: '组织编码', Message: '组织编码重复' });
    const mixed = normalizeImportError({ Sheet: 'S', row: 7, Column: '组织编码', message: '组织编码重复' });
    expect(upper).toEqual(lower);
    expect(mixed).toEqual(lower);
  });

  it('fills what is missing: an error about the whole file has no sheet, row or column', () => {
    expect(normalizeImportError({ Message: '文件没有表头' })).toEqual({ sheet: '', row: 0, column: '', message: '文件没有表头' });
    expect(normalizeImportError({ Sheet: null, Row: null, Column: null, Message: 'x' })).toEqual({ sheet: '', row: 0, column: '', message: 'x' });
    expect(normalizeImportError({ row: '12', message: 'y' }).row).toBe(12);
    expect(normalizeImportError({ row: 'abc', message: 'y' }).row).toBe(0);
    expect(normalizeImportError('出错了')).toEqual({ sheet: '', row: 0, column: '', message: '出错了' });
  });
});

describe('normalizeImportReport', () => {
  it('reads the organization report: no id, no mode (taken from the request), capitalized errors', () => {
    const r = normalizeImportReport(
      {
        total: 5,
        created: 2,
        updated: 1,
        unchanged: 0,
        refused: 2,
        committed: true,
        errors: [
          { Sheet: '', Row: 3, Column: '组织类别', Message: '无法识别的组织类别' },
          { Sheet: '', Row: 6, Column: '上级组织编码', Message: '找不到上级组织' },
        ],
      },
      'good_rows',
    );
    expect(r).toEqual({
      id: undefined,
      total: 5,
      created: 2,
      updated: 1,
      unchanged: 0,
      refused: 2,
      mode: 'good_rows',
      committed: true,
      errors: [
        { sheet: '', row: 3, column: '组织类别', message: '无法识别的组织类别' },
        { sheet: '', row: 6, column: '上级组织编码', message: '找不到上级组织' },
      ],
    });
  });

  it('reads the member report unchanged and keeps its id and mode', () => {
    const raw = {
      id: 'imp-1',
      total: 2,
      created: 1,
      updated: 0,
      unchanged: 0,
      refused: 1,
      mode: 'all_or_nothing',
      committed: false,
      errors: [{ sheet: '一支部', row: 2, column: '入党时间', message: '入党时间不是有效日期' }],
    };
    expect(normalizeImportReport(raw, 'good_rows')).toEqual(raw);
  });

  it('treats errors: null (an empty Go slice) as no errors, and committed only when true', () => {
    const r = normalizeImportReport({ total: 1, created: 1, committed: true, errors: null }, 'all_or_nothing');
    expect(r.errors).toEqual([]);
    expect(r.mode).toBe('all_or_nothing');
    expect(r.updated).toBe(0);
    expect(normalizeImportReport({ committed: 'yes' }).committed).toBe(false);
    expect(normalizeImportReport(null).total).toBe(0);
  });
});
