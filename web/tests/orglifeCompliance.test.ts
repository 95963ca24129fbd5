import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import ElementPlus from 'element-plus';
import ComplianceView from '../src/console/views/ComplianceView.vue';
import { component, json, mockApi, settle, type Call } from './orglifeMock';

// The test DOM has no canvas: the chart records its options instead of drawing.
const setOption = vi.hoisted(() => vi.fn());
vi.mock('echarts/core', () => ({ use: vi.fn(), init: vi.fn((el: HTMLElement) => ({ setOption, dispose: vi.fn(), getDom: () => el })) }));

const rootAnswer = {
  org_id: 'root', org_name: '市直机关工委', period: '2026-11', period_label: '2026年11月',
  summary: { branches: 12, green: 7, amber: 3, red: 2 },
  kinds: [],
  children: [
    { org_id: 'jg', name: '财政局机关党委', kind: 'committee', branches: 8, green: 5, amber: 2, red: 1 },
    { org_id: 'lt', name: '离退休干部党总支', kind: 'general_branch', branches: 4, green: 2, amber: 1, red: 1 },
  ],
};

const branchAnswer = {
  org_id: 'b1', org_name: '机关第一党支部', period: '2026-11', period_label: '2026年11月',
  summary: { branches: 1, green: 0, amber: 0, red: 1 },
  kinds: [
    { kind: 'committee', kind_label: '支委会', required: 1, held: 0, status: 'red', period_label: '2026年11月' },
    { kind: 'member_assembly', kind_label: '支部党员大会', required: 1, held: 0, status: 'amber', period_label: '2026年第四季度' },
  ],
  children: [],
};

function answers() {
  return {
    'GET /orgs/root': () => json({ id: 'root', name: '市直机关工委', path: [] }),
    'GET /orgs/root/orglife/compliance': () => json(rootAnswer),
    'GET /orgs/jg/orglife/compliance': () => json({ ...rootAnswer, org_id: 'jg', org_name: '财政局机关党委', children: [] }),
    'GET /orgs/b1/orglife/compliance': () => json(branchAnswer),
    'GET /orgs/root/orglife/compliance/branches': () =>
      json({ items: [{ org_id: 'b1', name: '机关第一党支部', path_names: '市直机关工委/财政局机关党委', status: 'red', missing: ['支委会'] }], total: 1, page: 1, page_size: 20 }),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
  document.body.innerHTML = '';
});

async function mountPage(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/orglife/compliance', component: ComplianceView },
      { path: '/:p(.*)', component: { render: () => null } },
    ],
  });
  await router.push(path);
  await router.isReady();
  const App = defineComponent({ render: () => h(RouterView) });
  const w = mount(App, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await settle();
  return { w, router };
}

const compliance = (calls: Call[]) => calls.filter((c) => c.path.endsWith('/orglife/compliance')).map((c) => `${c.path} ${c.query.toString()}`);

describe('ComplianceView', () => {
  it('shows the counts in the agreed colours and drills down into a child', async () => {
    const calls = mockApi(answers());
    const { w, router } = await mountPage('/orglife/compliance?org=root&period=2026-11');
    expect(w.get('[data-testid=compliance-total]').text()).toContain('12');
    const red = w.get('[data-testid=compliance-red] .num');
    expect(red.text()).toBe('2');
    expect(red.attributes('style')).toContain('color: rgb(245, 108, 108)');
    expect(w.get('[data-testid=compliance-green] .num').attributes('style')).toContain('color: rgb(103, 194, 58)');
    const pie = setOption.mock.lastCall![0].series[0].data;
    expect(pie).toEqual([
      { name: '已落实', value: 7, itemStyle: { color: '#67C23A' } },
      { name: '待落实', value: 3, itemStyle: { color: '#E6A23C' } },
      { name: '未落实', value: 2, itemStyle: { color: '#F56C6C' } },
    ]);

    await w.findAll('[data-testid=compliance-child]')[0].trigger('click');
    await settle();
    expect(router.currentRoute.value.query).toMatchObject({ org: 'jg', period: '2026-11' });
    expect(compliance(calls)).toEqual(['/orgs/root/orglife/compliance period=2026-11', '/orgs/jg/orglife/compliance period=2026-11']);
    expect(w.text()).toContain('财政局机关党委 · 2026年11月');

    // Back up the tree with the browser's back button.
    router.back();
    await settle();
    expect(router.currentRoute.value.query.org).toBe('root');
    expect(w.text()).toContain('市直机关工委 · 2026年11月');
    w.unmount();
  });

  it('steps through periods and switches to quarters', async () => {
    const calls = mockApi(answers());
    const { w, router } = await mountPage('/orglife/compliance?org=root&period=2026-01');
    await w.get('[data-testid=compliance-prev]').trigger('click');
    await settle();
    expect(router.currentRoute.value.query.period).toBe('2025-12');
    component(w, '[data-testid=compliance-period-kind]').vm.$emit('update:modelValue', 'quarter');
    await settle();
    expect(router.currentRoute.value.query.period).toMatch(/^\d{4}-Q[1-4]$/);
    expect(compliance(calls).slice(0, 2)).toEqual(['/orgs/root/orglife/compliance period=2026-01', '/orgs/root/orglife/compliance period=2025-12']);
    w.unmount();
  });

  it('lists the red branches behind the number and opens one, showing its meeting kinds', async () => {
    const calls = mockApi(answers());
    const { w, router } = await mountPage('/orglife/compliance?org=root&period=2026-11');
    await w.get('[data-testid=compliance-red]').trigger('click');
    await settle();
    const list = calls.find((c) => c.path === '/orgs/root/orglife/compliance/branches')!;
    expect(Object.fromEntries(list.query)).toMatchObject({ period: '2026-11', status: 'red', page: '1' });
    const table = document.querySelector('[data-testid=compliance-branch-table]')!;
    expect(table.textContent).toContain('机关第一党支部');
    expect(table.textContent).toContain('支委会');
    document.querySelector<HTMLElement>('[data-testid=compliance-branch-link]')!.click();
    await settle();
    expect(router.currentRoute.value.query.org).toBe('b1');
    const kinds = w.get('[data-testid=compliance-kinds]').text();
    expect(kinds).toContain('支委会');
    expect(kinds).toContain('未落实');
    expect(kinds).toContain('2026年第四季度');
    w.unmount();
  });
});
