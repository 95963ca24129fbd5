import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import ReceiptsPanel from '../src/console/components/ReceiptsPanel.vue';

const json = (b: unknown, status = 200) => new Response(JSON.stringify(b), { status, headers: { 'Content-Type': 'application/json' } });

const rootAnswer = {
  org: { id: 'root', name: '市委组织部' },
  whole: { total: 60, read: 31, unread: 29, acked: 12 },
  direct: null,
  children: [
    { org_id: 'jg', org_name: '市直机关工委', total: 52, read: 31, unread: 21, acked: 12 },
    { org_id: 'jb', org_name: '江北区委', total: 8, read: 0, unread: 8, acked: 0 },
  ],
};
const jgAnswer = {
  org: { id: 'jg', name: '市直机关工委' },
  whole: { total: 52, read: 31, unread: 21, acked: 12 },
  direct: { total: 2, read: 2, unread: 0, acked: 1 },
  children: [{ org_id: 'lt', org_name: '离退休干部第一党支部', total: 50, read: 29, unread: 21, acked: 11 }],
};

let urls: string[];

beforeEach(() => {
  urls = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string) => {
      const url = new URL(input, 'http://localhost');
      urls.push(url.pathname + url.search);
      if (url.pathname === '/api/v1/notices/n1/receipts') return json(url.searchParams.get('org_id') === 'jg' ? jgAnswer : rootAnswer);
      if (url.pathname === '/api/v1/notices/n1/receipts/people') {
        return json({
          items: [{ recipient_id: 'm1', name: '王建国', org_id: 'lt', org_name: '离退休干部第一党支部', read_at: '2026-05-01T02:00:00Z', acked_at: '2026-05-01T02:01:00Z' }],
          total: 1, page: 1, page_size: 20,
        });
      }
      return json({ code: 'not_found', detail: '记录不存在' }, 404);
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function settle() {
  for (let i = 0; i < 6; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}

function row(w: ReturnType<typeof mount>, orgId: string) {
  return w.findAll('[data-testid=receipts-row]').find((r) => r.attributes('data-org-id') === orgId)!;
}

describe('ReceiptsPanel', () => {
  it('shows the totals and each child with percentages, drills down and back up', async () => {
    const w = mount(ReceiptsPanel, {
      props: { noticeId: 'n1', org: { id: 'root', name: '市委组织部' }, ackRequired: true },
      global: { plugins: [ElementPlus] },
      attachTo: document.body,
    });
    await settle();
    expect(urls[0]).toBe('/api/v1/notices/n1/receipts?org_id=root');
    const whole = w.get('[data-testid=receipts-whole]');
    expect(whole.get('[data-testid=receipts-total]').text()).toBe('60');
    expect(whole.get('[data-testid=receipts-acked]').text()).toBe('12');
    const jg = row(w, 'jg');
    expect(jg.get('[data-testid=receipts-read]').text()).toBe('31');
    expect(jg.get('[data-testid=receipts-unread]').text()).toBe('21');
    expect(jg.text()).toContain('60%');
    expect(jg.text()).toContain('23%');

    await jg.get('[data-testid=receipts-drill]').trigger('click');
    await settle();
    expect(urls.at(-1)).toBe('/api/v1/notices/n1/receipts?org_id=jg');
    expect(w.get('[data-testid=receipts-current]').text()).toBe('市直机关工委');
    // The committee's own members come first and cannot be drilled into.
    const rows = w.findAll('[data-testid=receipts-row]');
    expect(rows[0].attributes('data-direct')).toBe('1');
    expect(rows[0].find('[data-testid=receipts-drill]').exists()).toBe(false);
    expect(row(w, 'lt').get('[data-testid=receipts-acked]').text()).toBe('11');

    await w.get('[data-testid=receipts-crumb]').trigger('click');
    await settle();
    expect(urls.at(-1)).toBe('/api/v1/notices/n1/receipts?org_id=root');
    expect(w.get('[data-testid=receipts-current]').text()).toBe('市委组织部');
    w.unmount();
  });

  it('lists the people behind a number, by state', async () => {
    const w = mount(ReceiptsPanel, {
      props: { noticeId: 'n1', org: { id: 'root', name: '市委组织部' }, ackRequired: true },
      global: { plugins: [ElementPlus] },
      attachTo: document.body,
    });
    await settle();
    await row(w, 'jg').get('[data-testid=receipts-acked]').trigger('click');
    await settle();
    expect(urls.at(-1)).toBe('/api/v1/notices/n1/receipts/people?org_id=jg&state=acked&page=1&page_size=20');
    const dialog = document.querySelector('[data-testid=receipts-people]');
    expect(dialog?.textContent).toContain('王建国');
    expect(dialog?.textContent).toContain('2026-05-01 10:01:00');
    w.unmount();
  });

  it('offers no 回执 column when the notice asks for none', async () => {
    const w = mount(ReceiptsPanel, {
      props: { noticeId: 'n1', org: { id: 'root', name: '市委组织部' }, ackRequired: false },
      global: { plugins: [ElementPlus] },
      attachTo: document.body,
    });
    await settle();
    expect(w.find('[data-testid=receipts-acked]').exists()).toBe(false);
    expect(w.get('[data-testid=receipts-table]').text()).not.toContain('已回执');
    w.unmount();
  });
});
