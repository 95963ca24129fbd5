// The table of the 25 steps as GET /development/steps sends it
// (internal/development/rules.Steps), for the 发展党员 tests.
import type { Need, StepDef } from '../src/api/development';

const LABELS = ['', '入党申请人', '入党积极分子', '发展对象', '预备党员的接收', '预备党员考察'];

const rows: [number, string, 'branch' | 'upper', Need[]][] = [
  [1, '递交入党申请书', 'branch', []],
  [1, '党组织派人谈话', 'branch', ['talkers']],
  [2, '确定入党积极分子', 'branch', []],
  [2, '报上级党委备案', 'branch', []],
  [2, '指定培养联系人', 'branch', ['contacts']],
  [2, '培养教育考察', 'branch', []],
  [3, '确定发展对象', 'branch', []],
  [3, '报上级党委备案', 'branch', []],
  [3, '确定入党介绍人', 'branch', ['sponsors']],
  [3, '进行政治审查', 'branch', []],
  [3, '开展集中培训', 'branch', ['training']],
  [4, '支部委员会审查', 'branch', []],
  [4, '上级党委预审', 'upper', []],
  [4, '填写入党志愿书', 'branch', []],
  [4, '支部大会讨论接收预备党员', 'branch', ['publicity', 'vote']],
  [4, '上级党委派人谈话', 'upper', []],
  [4, '上级党委审批', 'upper', ['approval']],
  [4, '报再上一级党委组织部门备案', 'upper', []],
  [5, '编入党支部和党小组', 'branch', []],
  [5, '入党宣誓', 'branch', []],
  [5, '继续教育考察', 'branch', []],
  [5, '提出转正申请', 'branch', []],
  [5, '支部大会讨论转正', 'branch', ['publicity', 'vote']],
  [5, '上级党委审批转正', 'upper', ['approval']],
  [5, '材料归档', 'branch', []],
];

export const STEP_TABLE: StepDef[] = rows.map(([stage, name, actor, needs], i) => ({
  no: i + 1,
  stage: stage as StepDef['stage'],
  stage_label: LABELS[stage],
  name,
  actor,
  needs,
}));

/** needsOf is what step no needs, as the file's "next" list carries it. */
export const needsOf = (no: number): Need[] => [...(STEP_TABLE[no - 1].needs || [])];
