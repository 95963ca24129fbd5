// Answers of a fake dashboard API for the 数据分析 page tests: an upper
// organization (机关党委, the caller's scope root, under 市委 which is not
// theirs) with two branches, and the panels' figures.

export const ORGS = {
  top: { id: 'top', name: '市委' },
  root: { id: 'root', name: '机关党委' },
  b1: { id: 'b1', name: '机关第一党支部' },
  b2: { id: 'b2', name: '机关第二党支部' },
};

export const orgAnswer = (o: { id: string; name: string }, path: { id: string; name: string }[]) => ({ ...o, path });

export const bucket = (b: string, label: string, n: number) => ({ bucket: b, label, n });

export const membersPanel = (orgId: string, name: string, total: number, female: number, male: number) => ({
  org: { id: orgId, name, kind: 'committee' },
  as_of: '2026-12-03',
  panel: 'members',
  headline: [
    { key: 'total', label: '党员总数', n: total, metric: 'members.total', bucket: 'all' },
    { key: 'probationary', label: '预备党员', n: 3, metric: 'members.status', bucket: 'probationary' },
  ],
  figures: [
    { metric: 'members.gender', label: '性别', buckets: [bucket('female', '女', female), bucket('male', '男', male)] },
    { metric: 'members.ethnicity', label: '民族', buckets: [bucket('汉族', '汉族', 20), bucket('other', '其他', 3)] },
    {
      metric: 'members.age_band',
      label: '年龄',
      buckets: [bucket('u30', '30岁及以下', 4), bucket('31_40', '31—40岁', 10), bucket('41_50', '41—50岁', 0), bucket('51_60', '51—60岁', 6), bucket('61_70', '61—70岁', 2), bucket('o70', '70岁以上', 1)],
    },
  ],
});

export const membersChildren = {
  rows: [
    { org: { id: 'b1', name: '机关第一党支部', kind: 'branch' }, headline: [{ key: 'total', label: '党员总数', n: 14, metric: 'members.total', bucket: 'all' }, { key: 'probationary', label: '预备党员', n: 2, metric: 'members.status', bucket: 'probationary' }] },
    { org: { id: 'b2', name: '机关第二党支部', kind: 'branch' }, headline: [{ key: 'total', label: '党员总数', n: 9, metric: 'members.total', bucket: 'all' }] },
  ],
};

/** A panel whose figures have no list behind them (meetings by month). */
export const orglifePanel = {
  org: { id: 'root', name: '机关党委', kind: 'committee' },
  as_of: '2026-12-03',
  panel: 'orglife',
  headline: [{ key: 'meetings', label: '本年会议', n: 42 }],
  figures: [{ metric: 'meetings.held', label: '每月召开会议', buckets: [bucket('2026-10', '10月', 12), bucket('2026-11', '11月', 15)] }],
};

/** Money: n in whole 元, the exact amount as text. */
export const duesPanel = {
  org: { id: 'root', name: '机关党委', kind: 'committee' },
  as_of: '2026-12-03',
  panel: 'dues',
  headline: [
    { key: 'rate_last_month', label: '上月党费收缴率', n: 87, unit: '%' },
    { key: 'amount_year', label: '本年缴纳金额', n: 1235, unit: '元', text: '1234.50' },
  ],
  figures: [{ metric: 'dues.paid_fen', label: '每月缴纳党费金额', unit: '元', buckets: [{ bucket: '2026-11', label: '11月', n: 101, text: '100.50' }] }],
};

const COLOR_LABEL: Record<string, string> = { green: '绿', yellow: '黄', red: '红' };

export const branch = (id: string, name: string, score: number, color: string, reasons: { code: string; text: string }[] = []) => ({
  org_id: id,
  org_path: `/top/root/${id}/`,
  name,
  members: 12,
  full_members: 10,
  score,
  color,
  color_label: COLOR_LABEL[color],
  components: { orglife: 60, attendance: 75, dues: 45, term: 0, activity: 100 },
  component_labels: { orglife: '组织生活', attendance: '参会率', dues: '党费收缴', term: '按期换届', activity: '活跃度' },
  reasons,
  last_activity_on: '2026-11-20',
  last_meeting_on: '2026-11-18',
  as_of: '2026-12-03',
});

export const REASONS = [
  { code: 'no_meetings_quarter', text: '上一季度（2026年第3季度）未召开任何会议' },
  { code: 'term_overdue', text: '任期已于 2025-06-30 届满，未按期换届' },
  { code: 'dues_low', text: '上月（2026-11）党费收缴率 45%，低于 80%' },
  { code: 'inactive_90d', text: '已 120 天无任何记录（最近一次 2026-08-05）' },
];
