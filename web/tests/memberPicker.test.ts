// MemberPicker: searches the members of an organization's subtree, or only
// its full members (正式党员) where a rule requires one, and hands back the
// one chosen.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import MemberPicker from '../src/console/components/MemberPicker.vue';
import { json, mockApi, settle, type Call } from './orglifeMock';

let calls: Call[];
beforeEach(() => {
  calls = mockApi({
    'GET /members': () => json({ items: [{ id: 'm1', name: '张三', org_name: '机关第一党支部', phone: '138****0001' }], total: 1, page: 1, page_size: 20 }),
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function open(props: Record<string, unknown>) {
  const w = mount(MemberPicker, { props: { org: 'b1', testid: 'p', ...props }, global: { plugins: [ElementPlus] }, attachTo: document.body });
  await settle();
  (w.get('input[data-testid=p-input]').element as HTMLInputElement).focus();
  await settle();
  return w;
}

const query = () => Object.fromEntries(calls.at(-1)!.query);

describe('MemberPicker', () => {
  it('searches every active member of the subtree by default', async () => {
    const w = await open({});
    expect(query()).toEqual({ org: 'b1', state: 'active', page: '1', page_size: '20' });
    expect(w.get('input').attributes('placeholder')).toBe('输入姓名、手机号或身份证号搜索本组织党员');
    w.unmount();
  });

  it('searches only full members when asked, by the typed name, and hands back the one chosen', async () => {
    const w = await open({ fullOnly: true });
    expect(query()).toEqual({ org: 'b1', status: 'full', state: 'active', page: '1', page_size: '20' });
    expect(w.get('input').attributes('placeholder')).toBe('输入姓名、手机号或身份证号搜索本组织正式党员');
    await w.get('input').setValue(' 张 ');
    await new Promise((r) => setTimeout(r, 350));
    await settle();
    expect(query()).toMatchObject({ q: '张', status: 'full' });
    await w.get('[data-testid=p-option]').trigger('click');
    expect(w.emitted('update:modelValue')).toEqual([[{ id: 'm1', name: '张三' }]]);
    w.unmount();
  });
});
