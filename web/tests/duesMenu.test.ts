// 党费管理 in the console: the pages sit in section "dues", open to whoever
// holds dues.read; the receipt prints outside the console's frame.
import { afterEach, describe, expect, it } from 'vitest';
import type { RouteRecordRaw } from 'vue-router';
import { consoleRoutes } from '../src/router';
import { canSee, clearSession } from '../src/stores/session';
import type { Me, RoleName } from '../src/api/types';

const me = (role: RoleName): Me => ({
  id: 'a', username: 'u', display_name: 'U', must_change_password: false, totp_enabled: true, member_id: null,
  roles: [{ id: 'r', role, org_id: 'o', org_name: '' }], csrf_token: 'c', demo: false,
});

afterEach(() => clearSession());

describe('dues section', () => {
  it('is seen by the roles holding dues.read only', () => {
    expect((['org_admin', 'party_worker', 'viewer'] as RoleName[]).every((r) => canSee(me(r), 'dues'))).toBe(true);
    expect((['member', 'sysadmin', 'auditor', 'secadmin'] as RoleName[]).some((r) => canSee(me(r), 'dues'))).toBe(false);
  });

  it('has its pages in the console and the receipt outside the frame', () => {
    const layout = consoleRoutes.find((r) => r.path === '/')!;
    const inside = (layout.children || []).filter((r: RouteRecordRaw) => r.meta?.section === 'dues').map((r) => [r.path, r.meta!.title]);
    expect(inside).toEqual([
      ['dues/ledger', '党费台账'],
      ['dues/bases', '缴费基数与减免'],
      ['dues/collection', '党费收缴与上缴'],
      ['dues/report', '党费统计'],
      ['dues/settings', '党费设置'],
    ]);
    const receipt = consoleRoutes.find((r) => r.path === '/dues/receipts/:id')!;
    expect(receipt.meta).toEqual({ section: 'dues', title: '党费收据' });
  });
});
