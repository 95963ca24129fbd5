// A fake API for the 组织生活 page tests: answers by "METHOD /path" and a
// record of every request (path, query, decoded JSON body).
import { vi } from 'vitest';
import { flushPromises, type VueWrapper } from '@vue/test-utils';

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export type Answer = (c: Call) => Response;

export const json = (b: unknown, status = 200) =>
  new Response(JSON.stringify(b), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });

export const problem = (status: number, code: string, detail: string) => json({ status, code, detail }, status);

/** mockApi replaces fetch; unknown requests answer 404. Returns the list the calls are recorded in. */
export function mockApi(answers: Record<string, Answer>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://localhost');
      const method = (init.method || 'GET').toUpperCase();
      const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
      const call = { method, path: url.pathname.replace(/^\/api\/v1/, ''), query: url.searchParams, body };
      calls.push(call);
      const a = answers[`${method} ${call.path}`];
      return a ? a(call) : problem(404, 'not_found', '记录不存在或无权访问');
    }),
  );
  return calls;
}

/** settle lets requests, watchers and Element Plus' transitions finish. */
export async function settle(rounds = 8) {
  for (let i = 0; i < rounds; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}

export const writes = (calls: Call[]) => calls.filter((c) => c.method !== 'GET');

/** Element Plus shows a form item's error after a short debounce. */
export async function errorsShown() {
  await new Promise((r) => setTimeout(r, 250));
  await settle();
}

/** component is the Vue component found by a selector (for emitting its events as the user would). */
export const component = (w: VueWrapper, selector: string) => w.getComponent(selector) as unknown as VueWrapper;
