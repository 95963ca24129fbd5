// Chinese labels of every enum of the API (docs/api.md), in one place.

export type LabelMap = Readonly<Record<string, string>>;

export const ORG_KIND: LabelMap = {
  leading_body: '组织部/党工委',
  committee: '党委',
  general_branch: '党总支',
  branch: '党支部',
  group: '党小组',
};

export const UNIT_TYPE: LabelMap = {
  government: '机关',
  institution: '事业单位',
  enterprise: '企业',
  village: '农村',
  community: '社区',
  school: '学校',
  retired: '离退休',
  social: '社会组织',
  other: '其他',
};

export const ORG_STATUS: LabelMap = {
  active: '正常',
  dissolved: '已撤销',
};

export const POSITION_TITLE: LabelMap = {
  secretary: '书记',
  deputy_secretary: '副书记',
  organization: '组织委员',
  publicity: '宣传委员',
  discipline: '纪检委员',
  committee_member: '委员',
  group_leader: '党小组长',
  youth: '青年委员',
  other: '其他',
};

export const GENDER: LabelMap = {
  male: '男',
  female: '女',
};

export const EDUCATION: LabelMap = {
  doctorate: '博士研究生',
  master: '硕士研究生',
  bachelor: '大学本科',
  college: '大学专科',
  secondary: '高中/中专',
  junior: '初中',
  primary: '小学及以下',
};

export const CATEGORY: LabelMap = {
  civil_servant: '党政机关工作人员',
  institution: '事业单位人员',
  enterprise: '企业人员',
  farmer: '农牧渔民',
  student: '学生',
  retired: '离退休人员',
  self_employed: '个体/自由职业者',
  unemployed: '待业/失业人员',
  military: '军人/武警',
  other: '其他',
};

export const MEMBER_STATUS: LabelMap = {
  full: '正式党员',
  probationary: '预备党员',
};

export const MEMBER_STATE: LabelMap = {
  active: '在册',
  ended: '已出党',
};

export const AGE_BAND: LabelMap = {
  u30: '30岁及以下',
  '31_40': '31—40岁',
  '41_50': '41—50岁',
  '51_60': '51—60岁',
  '61_70': '61—70岁',
  o70: '70岁以上',
};

export const END_KIND: LabelMap = {
  suspended: '停止党籍',
  lapsed: '自行脱党',
  removed: '除名',
  expelled: '开除党籍',
  withdrew: '退党',
  deceased: '去世',
  probation_cancelled: '取消预备党员资格',
};

/** How a record left the register without an 出党: shown, never chosen in the 出党 form. */
export const LEFT_REGISTER_KIND: LabelMap = { ...END_KIND, transferred_out: '组织关系转出' };

export const MEMBER_HISTORY_KIND: LabelMap = {
  created: '建档',
  admitted: '入党',
  became_full: '转为正式党员',
  updated: '信息修改',
  status_changed: '状态变更',
  moved: '组织调整',
  position_started: '任职',
  position_ended: '免职',
  left: '出党',
  appraised: '民主评议',
  transfer_started: '转接发起',
  transfer_returned: '转接退回',
  transfer_cancelled: '转接撤销',
  transfer_in: '组织关系转入',
  transfer_out: '组织关系转出',
  mobile_started: '外出流动',
  mobile_ended: '流动结束',
  probation_extended: '延长预备期',
  development: '发展党员',
};

export const ROLE: LabelMap = {
  org_admin: '组织管理员',
  party_worker: '党务工作者',
  viewer: '查看者',
  member: '党员',
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditor: '审计管理员',
};

export const IMPORT_MODE: LabelMap = {
  good_rows: '导入正确的行',
  all_or_nothing: '全部成功才导入',
};

/** What the 数据导入 wizard imports (UI only, not an API enum). */
export const IMPORT_KIND: LabelMap = {
  members: '导入党员',
  orgs: '导入党组织',
};

/** A post on the member page: still held or ended (Position.active). */
export const POSITION_STATE: LabelMap = {
  active: '在任',
  ended: '已离任',
};

export const AUDIT_RESULT: LabelMap = {
  ok: '成功',
  success: '成功',
  denied: '拒绝',
  failed: '失败',
  failure: '失败',
  error: '失败',
};

/** What a member may ask to correct (Correction.field), in the order of the record. */
export const CORRECTION_FIELD: LabelMap = {
  name: '姓名',
  gender: '性别',
  ethnicity: '民族',
  birth_date: '出生日期',
  id_number: '身份证号',
  phone: '手机号',
  address: '住址',
  education: '学历',
  category: '人员类别',
  joined_on: '入党时间',
  full_member_on: '转正时间',
  other: '其他',
};

/** Correction.status: the branch's answer to a correction request. */
export const CORRECTION_STATUS: LabelMap = {
  open: '待处理',
  accepted: '已更正',
  rejected: '不予更正',
};

/** Notice.state, plus "expired" (已发布 past its 截止时间), as the list shows it. */
export const NOTICE_STATE: LabelMap = {
  draft: '草稿',
  scheduled: '定时',
  published: '已发布',
  expired: '已过期',
  withdrawn: '已撤回',
};

/** InboxItem.kind: what a message of the message center is about. */
export const INBOX_KIND: LabelMap = {
  notice: '通知公告',
  'notice.reminder': '通知提醒',
  term_end: '换届提醒',
  political_birthday: '政治生日',
};

/** The people lists of a notice's receipts (GET /notices/{id}/receipts/people?state=). */
export const RECEIPT_STATE: LabelMap = {
  unread: '未读',
  read: '已读',
  acked: '已回执',
  not_acked: '未回执',
};

/** Delivery.channel. */
export const DELIVERY_CHANNEL: LabelMap = {
  sms: '短信',
  email: '电子邮件',
};

/** Delivery.state (the server also sends state_label, which wins when present). */
export const DELIVERY_STATE: LabelMap = {
  queued: '排队中',
  sending: '发送中',
  sent: '已发送',
  deferred: '已推迟',
  failed: '发送失败',
  not_sent: '未发送',
};

/** Delivery.reason: why an SMS or e-mail was not sent or failed. */
export const DELIVERY_REASON: LabelMap = {
  opted_out: '本人已关闭该渠道',
  no_channel: '系统未开通该渠道',
  no_template: '缺少短信模板',
  budget: '超出每日短信额度',
  no_contact: '无手机号或邮箱',
  withdrawn: '通知已撤回',
  bad_params: '内容不符合模板',
  unknown_outcome: '结果未知（未重复发送）',
  rejected: '服务商拒绝发送',
  retries_exhausted: '多次重试仍失败',
};

/** The history of a notice (GET /notices/{id}/history kind). */
export const NOTICE_HISTORY_KIND: LabelMap = {
  created: '创建',
  edited: '修改',
  updated: '修改',
  expiry_changed: '修改截止时间',
  scheduled: '定时发布',
  published: '发布',
  pinned: '置顶',
  unpinned: '取消置顶',
  reminded: '提醒未读',
  withdrawn: '撤回',
  expired: '到期',
  fanout_finished: '发送完成',
};

/** The 56 ethnic groups, 汉族 first, for the ethnicity select. */
export const ETHNICITIES: readonly string[] = [
  '汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族',
  '满族', '侗族', '瑶族', '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族',
  '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族',
  '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族',
  '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族', '塔塔尔族',
  '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族',
];

/** label returns the Chinese label of value in map, the value itself when unknown, and "—" when empty. */
export function label(map: LabelMap, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return Object.prototype.hasOwnProperty.call(map, value) ? map[value] : value;
}

/** options turns a label map into select options, in declaration order. */
export function options(map: LabelMap): { value: string; label: string }[] {
  return Object.entries(map).map(([value, l]) => ({ value, label: l }));
}
