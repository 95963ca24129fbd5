// Shared fixtures of the transfers*.test.ts files: a transfer and a mobile
// record as the API sends them, changed by over.
import type { Mobile, Transfer } from '../src/api/transfers';

export function transfer(over: Partial<Transfer> = {}): Transfer {
  return {
    id: 't1', kind: 'internal', kind_label: '系统内转接', state: 'pending', state_label: '待接收',
    member_id: 'm1', member_name: '张三', member_status: 'full',
    from_org_id: 'b1', from_org_name: '机关第一党支部', to_org_id: 'b2', to_org_name: '城关社区党支部',
    reason: '工作调动', dues_paid_until: '2026-11', letter_no: '2026-0007', issued_on: '2026-11-15', valid_until: '2027-02-15',
    lapsing: false, lapsed: false, return_reason: '', created_at: '2026-11-15T01:30:00Z', decided_at: '', actor_name: '王书记', decided_by: '',
    ...over,
  };
}

export function mobile(over: Partial<Mobile> = {}): Mobile {
  return {
    id: 'mm1', member_id: 'm1', member_name: '张三', org_id: 'b1', org_name: '机关第一党支部',
    whereabouts: '广东省深圳市南山区', reason: '外出务工', certificate_no: 'LD-2026-031', local_org_id: 'b9', local_org_name: '南山街道流动党员党支部',
    contact: '138****0001', since: '2026-03-01', until: '2026-08-31', ended_on: '', end_note: '', state: 'active', state_label: '流动中',
    local_rights: '无表决权、不能参加选举（在流入地）', created_by: '王书记', created_at: '2026-03-01T02:00:00Z',
    ...over,
  };
}
