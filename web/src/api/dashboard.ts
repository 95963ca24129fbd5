// 党建数据分析 (dashboard.read to see, dashboard.manage for the warning
// settings): figures of an organization's subtree, the children behind them,
// the list behind one number, the 红黄绿 health of branches, the big screen and
// the member portrait. Every figure comes from the rollups; every bucket's
// Chinese label comes from the API (the UI keeps no copy of its own).
import { api, request } from './client';
import type { SettingItem } from './orglife';

export type PanelKey = 'members' | 'orgs' | 'orglife' | 'dues' | 'development' | 'points' | 'health' | 'notices';

export interface OrgBrief {
  id: string;
  name: string;
  kind: string;
  kind_label?: string;
}

/** One bucket of a figure: e.g. members.gender / female / 女 / 12. */
export interface FigureBucket {
  bucket: string;
  label: string;
  n: number;
  /** The value as shown when n alone does not say it (money: n in whole 元, text "1234.50"). */
  text?: string;
}

/** A distribution, e.g. 性别 over its buckets. */
export interface Figure {
  metric: string;
  label: string;
  buckets: FigureBucket[] | null;
  /** The figure's unit when it is not a head count (e.g. "%", "元"). */
  unit?: string;
}

/** A headline number of a panel, e.g. total / 党员总数 / 123. The list behind it uses metric/bucket when given. */
export interface Headline {
  key: string;
  label: string;
  n: number;
  unit?: string;
  /** As FigureBucket.text. */
  text?: string;
  metric?: string;
  bucket?: string;
}

/** GET /dashboard/orgs/{id}/panels/{panel}. */
export interface Panel {
  org: OrgBrief;
  /** The day the figures stand on (YYYY-MM-DD). */
  as_of: string;
  panel: PanelKey;
  figures: Figure[] | null;
  headline: Headline[] | null;
}

export interface ChildRow {
  org: OrgBrief;
  headline: Headline[] | null;
}

/** GET /dashboard/orgs/{id}/panels/{panel}/children. */
export interface PanelChildren {
  rows: ChildRow[] | null;
}

/** A member behind a members.* figure: what the members list shows, no ID number or phone. */
export interface MemberItem {
  id: string;
  name: string;
  org_id: string;
  org_name: string;
  gender: string;
  gender_label: string;
  /** Stored as its Chinese name (汉族). */
  ethnicity: string;
  birth_date: string;
  education: string;
  education_label: string;
  category: string;
  category_label: string;
  status: string;
  status_label: string;
  full_member_on: string;
  age_band: string;
  age_band_label: string;
  party_age_band: string;
  party_age_band_label: string;
}

/** An organization behind an orgs.* figure. */
export interface OrgItem {
  id: string;
  parent_id: string;
  name: string;
  kind: string;
  kind_label: string;
  unit_type: string;
  unit_type_label: string;
  term_end: string;
  term_state: string;
  term_state_label: string;
  longitude: number | null;
  latitude: number | null;
}

export type HealthColor = 'green' | 'yellow' | 'red';

/** A 软弱涣散 risk reason, with the Chinese text naming the facts. */
export interface Reason {
  code: string;
  text: string;
}

/** A branch's health: score 0–100, colour, the components it is made of and any risk reasons. */
export interface BranchHealth {
  org_id: string;
  org_path: string;
  name: string;
  members: number;
  full_members: number;
  score: number;
  color: HealthColor;
  color_label: string;
  /** orglife, attendance, dues, term, activity → 0–100. */
  components: Record<string, number> | null;
  /** The components' Chinese names. */
  component_labels: Record<string, string> | null;
  reasons: Reason[] | null;
  last_activity_on: string;
  last_meeting_on: string;
  /** The day the health was last worked out. */
  as_of?: string;
}

export interface Page<T> {
  items: T[] | null;
  next_cursor: string;
  /** The figure's names, when the API gives them (the list page's title). */
  metric_label?: string;
  bucket_label?: string;
}

export type ListItem = MemberItem | OrgItem | BranchHealth;

/** GET /dashboard/orgs/{id}/health: branches, plus the colour counts of the subtree. */
export interface HealthPage extends Page<BranchHealth> {
  counts?: Partial<Record<HealthColor, number>>;
}

export interface DashboardSettings {
  org_id: string;
  items: SettingItem[] | null;
}

/** A month of the big screen's trends. */
export interface ScreenTrend {
  /** YYYY-MM. */
  month: string;
  meetings_held: number;
  /** Present / (present + leave + absent) × 100; 0 when no meeting. */
  attendance_rate: number;
  dues_paid_members: number;
  members_joined: number;
}

/** An organization on the big screen's map. */
export interface ScreenMapPoint {
  id: string;
  name: string;
  kind: string;
  lng: number;
  lat: number;
  members: number;
}

/** A meeting in progress now under the organization. */
export interface LiveMeeting {
  meeting_id: string;
  topic: string;
  org_id?: string;
  org_name: string;
  /** RFC 3339. */
  starts_at?: string;
  expected: number;
  checked_in: number;
}

export interface ScreenLive {
  as_of?: string;
  meetings: LiveMeeting[] | null;
}

/** GET /dashboard/orgs/{id}/screen. */
export interface Screen {
  org: OrgBrief;
  as_of: string;
  headline: Headline[] | null;
  trends: ScreenTrend[] | null;
  map: ScreenMapPoint[] | null;
  health: Partial<Record<HealthColor, number>>;
  live: ScreenLive;
}

/** A labelled line of the portrait, e.g. 党龄 / 12 年. */
export interface PortraitItem {
  key: string;
  label: string;
  value: string;
}

/** A titled block of the portrait (基本信息, 组织生活, 党费, 积分, ...). */
export interface PortraitSection {
  key: string;
  title: string;
  items: PortraitItem[] | null;
}

/** GET /members/{id}/portrait and /my/portrait: a one-page summary of a member. */
export interface Portrait {
  member_id: string;
  name: string;
  org_id: string;
  org_name: string;
  as_of: string;
  sections: PortraitSection[] | null;
}

const o = (id: string) => `/dashboard/orgs/${encodeURIComponent(id)}`;

export const dashboardApi = {
  panel: (orgId: string, panel: PanelKey) => api.get<Panel>(`${o(orgId)}/panels/${panel}`),
  children: (orgId: string, panel: PanelKey) => api.get<PanelChildren>(`${o(orgId)}/panels/${panel}/children`),
  /** Keyset pages: pass next_cursor back as cursor; "" is the first page (and, answered, the last). */
  list: (orgId: string, metric: string, bucket: string, cursor = '', limit = 50) =>
    api.get<Page<ListItem>>(`${o(orgId)}/list`, { metric, bucket, cursor, limit }),
  health: (orgId: string, color = '', cursor = '', limit = 50) =>
    api.get<HealthPage>(`${o(orgId)}/health`, { color, cursor, limit }),
  risks: (orgId: string, cursor = '', limit = 50) =>
    api.get<Page<BranchHealth>>(`${o(orgId)}/risks`, { cursor, limit }),
  settings: (orgId: string) => api.get<DashboardSettings>(`${o(orgId)}/settings`),
  /** Only the changed values; null drops the organization's own value (恢复继承). */
  saveSettings: (orgId: string, values: Record<string, string | null>) =>
    request<DashboardSettings>('PUT', `${o(orgId)}/settings`, { body: { values } }),
  screen: (orgId: string) => api.get<Screen>(`${o(orgId)}/screen`),
  screenLive: (orgId: string) => api.get<ScreenLive>(`${o(orgId)}/screen/live`),
};

export const getPortrait = (memberId: string) => api.get<Portrait>(`/members/${encodeURIComponent(memberId)}/portrait`);
export const getMyPortrait = () => api.get<Portrait>('/my/portrait');

/** The bucket of a ranked figure that sums the buckets left out (其他): no list behind it. */
const OTHER = 'other';

/**
 * listable says whether a number has a list behind it: members, organizations
 * and branches (by colour, at risk, or at risk for one reason) do; activity counts and rates do
 * not, nor points (points.bucket: upper levels see distributions, never names).
 */
export function listable(metric: string | undefined, bucket = ''): metric is string {
  if (!metric || bucket === OTHER) return false;
  return metric.startsWith('members.') || metric.startsWith('orgs.') || metric.startsWith('health.');
}

/** shown is a number as the page writes it: the API's text when it gives one, then the unit. */
export function shown(v: { n: number; text?: string }, unit = ''): string {
  return `${v.text || v.n}${unit}`;
}

/** listLink is where a number leads: the list of members, organizations or branches behind it. */
export function listLink(orgId: string, metric: string, bucket: string) {
  return { path: '/dashboard/list', query: { org: orgId, metric, bucket } };
}
