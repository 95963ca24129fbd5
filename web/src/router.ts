// One router for both front ends: the console at "/" and the mobile portal at "/m/".
import { createRouter, createWebHistory, type RouteRecordRaw, type Router, type RouteLocationNormalized } from 'vue-router';
import { isMobilePath, redirectTarget, setRedirectHandler, type RedirectReason } from './api/client';
import { canSee, clearSession, loadMe, session } from './stores/session';
import type { Me } from './api/types';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    mobile?: boolean;
    /** Pages reachable while the account must change its password or enrol TOTP. */
    gate?: 'password' | 'totp';
    section?: string;
    title?: string;
  }
}

export const consoleRoutes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./console/views/LoginView.vue'), meta: { public: true, title: '登录' } },
  { path: '/password', name: 'password', component: () => import('./console/views/PasswordView.vue'), meta: { gate: 'password', title: '修改密码' } },
  { path: '/totp', name: 'totp', component: () => import('./console/views/TotpView.vue'), meta: { gate: 'totp', title: '绑定动态口令' } },
  // Full screen, for the projector at the meeting: outside the console's frame.
  { path: '/meetings/:id/qr', name: 'meeting-qr', component: () => import('./console/views/MeetingQrView.vue'), meta: { section: 'orglife', title: '签到二维码' } },
  // Printable on its own page (A5), like the QR page.
  { path: '/dues/receipts/:id', name: 'dues-receipt', component: () => import('./console/views/DuesReceiptView.vue'), meta: { section: 'dues', title: '党费收据' } },
  { path: '/transfers/:id/letter', name: 'transfer-letter', component: () => import('./console/views/TransferLetterView.vue'), meta: { section: 'transfers', title: '组织关系介绍信' } },
  // The big screen (数据大屏) fills a 1920×1080 display: outside the console's frame.
  { path: '/screen/:orgId?', name: 'big-screen', component: () => import('./console/views/BigScreenView.vue'), meta: { section: 'dashboard', title: '数据大屏' } },
  { path: '/archive/members/:id/print', name: 'archive-print', component: () => import('./console/views/MemberArchivePrintView.vue'), meta: { section: 'archive', title: '党员档案' } },
  {
    path: '/',
    component: () => import('./console/ConsoleLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('./console/views/HomeView.vue') },
      { path: 'orgs', name: 'orgs', component: () => import('./console/views/OrgsView.vue'), meta: { section: 'orgs', title: '组织架构' } },
      { path: 'orgs/:id/chart', name: 'org-chart', component: () => import('./console/views/OrgChartView.vue'), meta: { section: 'orgs', title: '组织体系图' } },
      { path: 'members', name: 'members', component: () => import('./console/views/MembersView.vue'), meta: { section: 'members', title: '党员管理' } },
      { path: 'members/:id', name: 'member', component: () => import('./console/views/MemberDetailView.vue'), meta: { section: 'members', title: '党员信息' } },
      { path: 'import', name: 'import', component: () => import('./console/views/ImportView.vue'), meta: { section: 'import', title: '数据导入' } },
      { path: 'accounts', name: 'accounts', component: () => import('./console/views/AccountsView.vue'), meta: { section: 'accounts', title: '账号与角色' } },
      { path: 'audit', name: 'audit', component: () => import('./console/views/AuditView.vue'), meta: { section: 'audit', title: '审计日志' } },
      { path: 'notices', name: 'notices', component: () => import('./console/views/NoticesView.vue'), meta: { section: 'notices', title: '通知公告' } },
      { path: 'notices/new', name: 'notice-new', component: () => import('./console/views/NoticeEditView.vue'), meta: { section: 'notices', title: '发布通知' } },
      { path: 'notices/deliveries', name: 'notice-deliveries', component: () => import('./console/views/DeliveriesView.vue'), meta: { section: 'notices', title: '发送记录' } },
      { path: 'notices/:id/edit', name: 'notice-edit', component: () => import('./console/views/NoticeEditView.vue'), meta: { section: 'notices', title: '编辑通知' } },
      // No section: a recipient following a message's link reads the notice here (the page decides).
      { path: 'notices/:id', name: 'notice', component: () => import('./console/views/NoticeDetailView.vue'), meta: { title: '通知详情' } },
      { path: 'meetings', name: 'meetings', component: () => import('./console/views/MeetingsView.vue'), meta: { section: 'orglife', title: '会议' } },
      { path: 'meetings/new', name: 'meeting-new', component: () => import('./console/views/MeetingEditView.vue'), meta: { section: 'orglife', title: '新建会议' } },
      { path: 'meetings/:id', name: 'meeting', component: () => import('./console/views/MeetingDetailView.vue'), meta: { section: 'orglife', title: '会议详情' } },
      { path: 'meetings/:id/edit', name: 'meeting-edit', component: () => import('./console/views/MeetingEditView.vue'), meta: { section: 'orglife', title: '编辑会议' } },
      { path: 'orglife/compliance', name: 'orglife-compliance', component: () => import('./console/views/ComplianceView.vue'), meta: { section: 'orglife', title: '三会一课落实情况' } },
      { path: 'orglife/plan', name: 'orglife-plan', component: () => import('./console/views/OrgLifePlanView.vue'), meta: { section: 'orglife', title: '年度计划' } },
      { path: 'orglife/settings', name: 'orglife-settings', component: () => import('./console/views/OrgLifeSettingsView.vue'), meta: { section: 'orglife', title: '组织生活设置' } },
      { path: 'orglife/appraisal', name: 'orglife-appraisal', component: () => import('./console/views/AppraisalView.vue'), meta: { section: 'orglife', title: '民主评议' } },
      { path: 'dues/ledger', name: 'dues-ledger', component: () => import('./console/views/DuesLedgerView.vue'), meta: { section: 'dues', title: '党费台账' } },
      { path: 'dues/bases', name: 'dues-bases', component: () => import('./console/views/DuesBasesView.vue'), meta: { section: 'dues', title: '缴费基数与减免' } },
      { path: 'dues/collection', name: 'dues-collection', component: () => import('./console/views/DuesCollectionView.vue'), meta: { section: 'dues', title: '党费收缴与上缴' } },
      { path: 'dues/report', name: 'dues-report', component: () => import('./console/views/DuesReportView.vue'), meta: { section: 'dues', title: '党费统计' } },
      { path: 'dues/settings', name: 'dues-settings', component: () => import('./console/views/DuesSettingsView.vue'), meta: { section: 'dues', title: '党费设置' } },
      { path: 'development/pipeline', name: 'development-pipeline', component: () => import('./console/views/DevelopmentPipelineView.vue'), meta: { section: 'development', title: '发展党员概况' } },
      { path: 'development/files', name: 'development-files', component: () => import('./console/views/DevelopmentFilesView.vue'), meta: { section: 'development', title: '发展对象档案' } },
      { path: 'development/files/:id', name: 'development-file', component: () => import('./console/views/DevelopmentFileView.vue'), meta: { section: 'development', title: '发展党员档案' } },
      { path: 'development/plans', name: 'development-plans', component: () => import('./console/views/DevelopmentPlansView.vue'), meta: { section: 'development', title: '发展党员计划' } },
      { path: 'development/settings', name: 'development-settings', component: () => import('./console/views/DevelopmentSettingsView.vue'), meta: { section: 'development', title: '发展党员设置' } },
      { path: 'transfers', name: 'transfers', component: () => import('./console/views/TransfersView.vue'), meta: { section: 'transfers', title: '组织关系转接' } },
      { path: 'transfers/mobile', name: 'transfers-mobile', component: () => import('./console/views/MobileMembersView.vue'), meta: { section: 'transfers', title: '流动党员' } },
      { path: 'transfers/settings', name: 'transfers-settings', component: () => import('./console/views/TransferSettingsView.vue'), meta: { section: 'transfers', title: '转接设置' } },
      { path: 'transfers/:id', name: 'transfer', component: () => import('./console/views/TransferDetailView.vue'), meta: { section: 'transfers', title: '转接详情' } },
      { path: 'elections/terms', name: 'elections-terms', component: () => import('./console/views/TermsView.vue'), meta: { section: 'elections', title: '任期与换届' } },
      { path: 'elections/overdue', name: 'elections-overdue', component: () => import('./console/views/OverdueTermsView.vue'), meta: { section: 'elections', title: '到期未换届' } },
      { path: 'elections/settings', name: 'elections-settings', component: () => import('./console/views/ElectionSettingsView.vue'), meta: { section: 'elections', title: '换届设置' } },
      { path: 'elections/:id', name: 'election', component: () => import('./console/views/ElectionDetailView.vue'), meta: { section: 'elections', title: '换届选举' } },
      { path: 'points', name: 'points', component: () => import('./console/views/PointsOverviewView.vue'), meta: { section: 'points', title: '积分概况' } },
      { path: 'points/rules', name: 'points-rules', component: () => import('./console/views/PointsRulesView.vue'), meta: { section: 'points', title: '积分规则' } },
      { path: 'points/awards', name: 'points-awards', component: () => import('./console/views/PointsAwardsView.vue'), meta: { section: 'points', title: '积分奖扣' } },
      { path: 'points/members/:id', name: 'points-member', component: () => import('./console/views/MemberPointsView.vue'), meta: { section: 'points', title: '党员积分' } },
      { path: 'assessment/cards', name: 'assessment-cards', component: () => import('./console/views/AssessmentCardsView.vue'), meta: { section: 'assessment', title: '年度考核' } },
      { path: 'assessment/settings', name: 'assessment-settings', component: () => import('./console/views/AssessmentSettingsView.vue'), meta: { section: 'assessment', title: '考核设置' } },
      { path: 'commendations', name: 'commendations', component: () => import('./console/views/CommendationRoundsView.vue'), meta: { section: 'assessment', title: '两优一先' } },
      { path: 'commendations/golden', name: 'commendations-golden', component: () => import('./console/views/GoldenMembersView.vue'), meta: { section: 'assessment', title: '光荣在党50年' } },
      { path: 'commendations/:id', name: 'commendation', component: () => import('./console/views/CommendationRoundView.vue'), meta: { section: 'assessment', title: '表彰评选' } },
      { path: 'dashboard', name: 'dashboard', component: () => import('./console/views/DashboardView.vue'), meta: { section: 'dashboard', title: '党建概况' } },
      { path: 'dashboard/list', name: 'dashboard-list', component: () => import('./console/views/DashboardListView.vue'), meta: { section: 'dashboard', title: '数据明细' } },
      { path: 'dashboard/health', name: 'dashboard-health', component: () => import('./console/views/HealthView.vue'), meta: { section: 'dashboard', title: '红黄绿预警' } },
      { path: 'dashboard/settings', name: 'dashboard-settings', component: () => import('./console/views/HealthSettingsView.vue'), meta: { section: 'dashboard', title: '预警设置' } },
      { path: 'stats', name: 'stats', component: () => import('./console/views/StatsView.vue'), meta: { section: 'dashboard', title: '党内统计' } },
      { path: 'members/:id/portrait', name: 'member-portrait', component: () => import('./console/views/MemberPortraitView.vue'), meta: { section: 'members', title: '党员画像' } },
      { path: 'archive', name: 'archive', component: () => import('./console/views/ArchiveIndexView.vue'), meta: { section: 'archive', title: '党员档案' } },
      { path: 'archive/members/:id', name: 'archive-member', component: () => import('./console/views/MemberArchiveView.vue'), meta: { section: 'archive', title: '党员档案' } },
      { path: 'inbox', name: 'inbox', component: () => import('./console/views/InboxView.vue'), meta: { title: '消息中心' } },
      { path: 'settings/notify', name: 'notify-settings', component: () => import('./console/views/NotifySettingsView.vue'), meta: { title: '通知设置' } },
      { path: 'system', name: 'system', component: () => import('./console/views/SystemView.vue'), meta: { section: 'system', title: '系统信息' } },
      { path: ':rest(.*)*', name: 'not-found', component: () => import('./console/views/NotFoundView.vue'), meta: { title: '页面不存在' } },
    ],
  },
];

export const mobileRoutes: RouteRecordRaw[] = [
  { path: '/m/login', name: 'm-login', component: () => import('./mobile/MobileLogin.vue'), meta: { public: true, mobile: true, title: '登录' } },
  { path: '/m/password', name: 'm-password', component: () => import('./mobile/MobilePassword.vue'), meta: { mobile: true, gate: 'password', title: '修改密码' } },
  { path: '/m/totp', name: 'm-totp', component: () => import('./mobile/MobileTotp.vue'), meta: { mobile: true, gate: 'totp', title: '绑定动态口令' } },
  { path: '/m', redirect: '/m/me', meta: { mobile: true } },
  { path: '/m/me', name: 'm-me', component: () => import('./mobile/MobileMe.vue'), meta: { mobile: true, title: '我的' } },
  { path: '/m/inbox', name: 'm-inbox', component: () => import('./mobile/MobileInbox.vue'), meta: { mobile: true, title: '消息' } },
  { path: '/m/notices/:id', name: 'm-notice', component: () => import('./mobile/MobileNotice.vue'), meta: { mobile: true, title: '通知' } },
  { path: '/m/meetings', name: 'm-meetings', component: () => import('./mobile/MobileMeetings.vue'), meta: { mobile: true, title: '组织生活' } },
  { path: '/m/meetings/:id', name: 'm-meeting', component: () => import('./mobile/MobileMeeting.vue'), meta: { mobile: true, title: '会议详情' } },
  { path: '/m/dues', name: 'm-dues', component: () => import('./mobile/MobileDues.vue'), meta: { mobile: true, title: '我的党费' } },
  { path: '/m/dues/declare', name: 'm-dues-declare', component: () => import('./mobile/MobileDuesDeclare.vue'), meta: { mobile: true, title: '申报缴费基数' } },
  { path: '/m/points', name: 'm-points', component: () => import('./mobile/MobilePoints.vue'), meta: { mobile: true, title: '我的积分' } },
  { path: '/m/portrait', name: 'm-portrait', component: () => import('./mobile/MobilePortrait.vue'), meta: { mobile: true, title: '我的画像' } },
  { path: '/m/archive', name: 'm-archive', component: () => import('./mobile/MobileArchive.vue'), meta: { mobile: true, title: '我的档案' } },
  { path: '/m/assessment', name: 'm-assessment', component: () => import('./mobile/MobileAssessment.vue'), meta: { mobile: true, title: '年度考核' } },
  { path: '/m/flow', name: 'm-flow', component: () => import('./mobile/MobileFlow.vue'), meta: { mobile: true, title: '流动党员' } },
  { path: '/m/appraisals', name: 'm-appraisals', component: () => import('./mobile/MobileAppraisals.vue'), meta: { mobile: true, title: '民主评议' } },
  { path: '/m/appraisals/:id', name: 'm-appraisal', component: () => import('./mobile/MobileAppraisal.vue'), meta: { mobile: true, title: '民主评议' } },
  // Opened by the phone camera from the QR code on the secretary's screen: /m/checkin/<id>?t=<token>.
  { path: '/m/checkin/:id', name: 'm-checkin', component: () => import('./mobile/MobileCheckin.vue'), meta: { mobile: true, title: '会议签到' } },
  { path: '/m/settings/privacy', name: 'm-privacy', component: () => import('./mobile/MobilePrivacy.vue'), meta: { mobile: true, title: '隐私与授权' } },
  { path: '/m/settings/notify', name: 'm-notify-settings', component: () => import('./mobile/MobileNotifySettings.vue'), meta: { mobile: true, title: '通知设置' } },
  { path: '/m/:rest(.*)*', redirect: '/m/me', meta: { mobile: true } },
];

/** homeFor is the first console page the account may use. */
export function homeFor(me: Me | null): string {
  for (const [section, path] of [
    ['orgs', '/orgs'],
    ['accounts', '/accounts'],
    ['audit', '/audit'],
    ['system', '/system'],
  ] as const) {
    if (canSee(me, section)) return path;
  }
  return '/m/me';
}

function loginPath(mobile: boolean): string {
  return redirectTarget('unauthenticated', mobile);
}

export async function guard(to: RouteLocationNormalized) {
  const mobile = isMobilePath(to.path);
  if (to.meta.public) return true;
  let me: Me | null = null;
  try {
    me = await loadMe();
  } catch {
    // Network trouble: let the page render and show its own error.
    return true;
  }
  if (!me && !session.blocker) {
    return { path: loginPath(mobile), query: to.fullPath && to.fullPath !== '/' && to.fullPath !== '/m/me' ? { redirect: to.fullPath } : {} };
  }
  if (session.blocker === 'password_change_required' || me?.must_change_password) {
    return to.meta.gate === 'password' ? true : redirectTarget('password_change_required', mobile);
  }
  if (session.blocker === 'totp_enrollment_required') {
    return to.meta.gate === 'totp' ? true : redirectTarget('totp_enrollment_required', mobile);
  }
  if (to.meta.section && !canSee(me, to.meta.section)) {
    return homeFor(me) === to.path ? true : homeFor(me);
  }
  return true;
}

export function makeRouter(): Router {
  const router = createRouter({
    history: createWebHistory('/'),
    routes: [...mobileRoutes, ...consoleRoutes],
    scrollBehavior: () => ({ top: 0 }),
  });
  const startedMobile = typeof window !== 'undefined' && isMobilePath(window.location.pathname);
  router.beforeEach((to) => {
    // The console and the portal load different component libraries: crossing over reloads the page.
    if (isMobilePath(to.path) !== startedMobile && typeof window !== 'undefined') {
      window.location.assign(to.fullPath);
      return false;
    }
    return guard(to);
  });
  router.afterEach((to) => {
    if (typeof document !== 'undefined') document.title = to.meta.title ? `${to.meta.title} - 智慧党建平台` : '智慧党建平台';
  });
  setRedirectHandler((reason: RedirectReason) => {
    const current = router.currentRoute.value;
    const mobile = isMobilePath(current.path || window.location.pathname);
    if (reason === 'unauthenticated') {
      clearSession();
      if (!current.meta.public) {
        void router.replace({ path: loginPath(mobile), query: current.fullPath && current.fullPath !== '/' ? { redirect: current.fullPath } : {} });
      }
      return;
    }
    session.blocker = reason;
    const target = redirectTarget(reason, mobile);
    if (current.path !== target) void router.replace(target);
  });
  return router;
}
