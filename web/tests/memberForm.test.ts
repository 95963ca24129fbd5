import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import MemberFormDialog from '../src/console/components/MemberFormDialog.vue';
import { blankMemberForm, toInput, validateMemberForm, type MemberFormModel } from '../src/utils/memberForm';
import { idCheckDigit } from '../src/utils/validate';

const TODAY = '2026-06-01';
const ID = '11010519880517123' + idCheckDigit('11010519880517123'); // male (3 is odd)

function good(): MemberFormModel {
  return {
    ...blankMemberForm(),
    name: '张三',
    id_number: ID,
    phone: '13800138000',
    birth_date: '1988-05-17',
    gender: 'male',
    education: 'bachelor',
    category: 'enterprise',
    status: 'full',
    joined_on: '2012-06-20',
    full_member_on: '2013-06-20',
  };
}

describe('validateMemberForm', () => {
  it('accepts a complete, consistent member', () => {
    expect(validateMemberForm(good(), TODAY)).toEqual({});
  });

  it('checks the ID number check digit on the client', () => {
    const f = good();
    f.id_number = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
    expect(validateMemberForm(f, TODAY).id_number).toBe('身份证号校验位不正确');
  });

  it('wants 18 characters and an 11-digit phone', () => {
    const f = { ...good(), id_number: '1101051988', phone: '1380013800' };
    const e = validateMemberForm(f, TODAY);
    expect(e.id_number).toBe('身份证号应为18位');
    expect(e.phone).toBe('手机号应为11位数字');
  });

  it('cross-checks birth date and gender against the ID number', () => {
    const e = validateMemberForm({ ...good(), birth_date: '1988-05-18', gender: 'female' }, TODAY);
    expect(e.birth_date).toBe('出生日期与身份证号不一致');
    expect(e.gender).toBe('性别与身份证号不一致');
  });

  it('needs 转正时间 for full members only, not before 入党时间', () => {
    expect(validateMemberForm({ ...good(), full_member_on: '' }, TODAY).full_member_on).toBe('正式党员须填写转正时间');
    expect(validateMemberForm({ ...good(), full_member_on: '2011-01-01' }, TODAY).full_member_on).toBe('转正时间不能早于入党时间');
    expect(validateMemberForm({ ...good(), status: 'probationary', full_member_on: '' }, TODAY)).toEqual({});
  });

  it('rejects joining the party in the future or before birth', () => {
    expect(validateMemberForm({ ...good(), joined_on: '2027-01-01', full_member_on: '' , status: 'probationary' }, TODAY).joined_on).toBe('入党时间不能晚于今天');
    expect(validateMemberForm({ ...good(), joined_on: '1980-01-01' }, TODAY).joined_on).toBe('入党时间应晚于出生日期');
  });

  it('lets an edit leave the masked ID number and phone empty (unchanged)', () => {
    const f = { ...good(), id_number: '', phone: '' };
    expect(validateMemberForm(f, TODAY, true)).toEqual({});
    expect(validateMemberForm(f, TODAY, false).id_number).toBe('请输入身份证号');
    const body = toInput(f, true);
    expect(body).not.toHaveProperty('id_number');
    expect(body).not.toHaveProperty('phone');
  });

  it('normalizes what it sends', () => {
    const body = toInput({ ...good(), id_number: ID.toLowerCase(), phone: '138 0013 8000', status: 'probationary' });
    expect(body.id_number).toBe(ID.toUpperCase());
    expect(body.phone).toBe('13800138000');
    expect(body.full_member_on).toBeNull();
  });
});

describe('MemberFormDialog', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  function input(testid: string): HTMLInputElement {
    const el = document.querySelector(`[data-testid="${testid}"]`);
    const inp = el instanceof HTMLInputElement ? el : el?.querySelector('input');
    if (!inp) throw new Error(`no input ${testid}`);
    return inp as HTMLInputElement;
  }

  async function type(testid: string, value: string) {
    const el = input(testid);
    el.value = value;
    el.dispatchEvent(new Event('input'));
    await flushPromises();
  }

  function mountDialog() {
    return mount(MemberFormDialog, {
      props: { modelValue: true, org: { id: 'o4', name: '第一党支部' } },
      // Real transitions: Element Plus renders form-item errors inside one.
      global: { plugins: [ElementPlus], stubs: { transition: false, 'transition-group': false } },
      attachTo: document.body,
    });
  }

  it('shows field errors for a bad ID number and phone, and does not call the API', async () => {
    const w = mountDialog();
    await flushPromises();
    await type('member-form-name', '张三');
    await type('member-form-id_number', ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0'));
    await type('member-form-phone', '1380013');
    (document.querySelector('[data-testid=member-form-submit]') as HTMLElement).click();
    await flushPromises();
    await new Promise((r) => setTimeout(r, 150)); // Element Plus shows item errors after 100 ms
    const text = document.body.textContent || '';
    expect(text).toContain('身份证号校验位不正确');
    expect(text).toContain('手机号应为11位数字');
    expect(text).toContain('请检查标红的项目');
    expect(fetchMock).not.toHaveBeenCalled();
    w.unmount();
  });

  it('fills birth date and gender from a valid ID number, posts, and shows server field errors', async () => {
    fetchMock.mockResolvedValueOnce(
      new Response(
        JSON.stringify({
          code: 'validation_failed',
          detail: '提交的内容有误：该身份证号已登记',
          errors: [{ field: 'id_number', code: 'duplicate', message: '该身份证号已登记' }],
        }),
        { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
      ),
    );
    const w = mountDialog();
    await flushPromises();
    await type('member-form-name', '张三');
    await type('member-form-id_number', ID);
    await type('member-form-phone', '13800138000');
    expect(input('member-form-birth_date').value).toBe('1988-05-17');
    expect((document.querySelector('[data-testid=member-form-gender-male] input') as HTMLInputElement).checked).toBe(true);
    // The selects and date pickers are driven through the form model.
    Object.assign((w.vm as unknown as { form: MemberFormModel }).form, { education: 'bachelor', category: 'enterprise', joined_on: '2012-06-20', full_member_on: '2013-06-20' });
    await flushPromises();
    (document.querySelector('[data-testid=member-form-submit]') as HTMLElement).click();
    await flushPromises();
    await new Promise((r) => setTimeout(r, 150));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/v1/members');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toMatchObject({ org_id: 'o4', name: '张三', id_number: ID, gender: 'male', birth_date: '1988-05-17' });
    const text = document.body.textContent || '';
    expect(text).toContain('该身份证号已登记');
    expect(text).toContain('提交的内容有误：该身份证号已登记');
    w.unmount();
  });
});
