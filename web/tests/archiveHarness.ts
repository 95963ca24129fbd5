// Shared fixtures of the archive*.test.ts and mobileArchive*.test.ts files:
// a member's archive as GET /members/{id}/archive sends it, three years out
// of order (the pages order them), changed by over.
import type { Archive, YearSummary } from '../src/api/archive';

export function summary(over: Partial<YearSummary> = {}): YearSummary {
  return {
    meetings_expected: 12, meetings_attended: 10, meetings_leave: 1, meetings_absent: 1, attendance_rate: 83,
    dues_months_paid: 12, dues_months_on_time: 11, dues_paid_fen: 28800, arrears_warnings: 0, points: 36,
    appraisal_grade_label: '优秀', assessment_grade_label: '优秀', commendations: ['优秀共产党员'],
    ...over,
  };
}

export function archive(over: Partial<Archive> = {}): Archive {
  return {
    member: {
      id: 'm1', name: '王建国', org_id: 'b1', org_name: '机关第一党支部', status: 'full', status_label: '正式党员',
      joined_on: '2024-06-20', full_member_on: '2025-06-20', active: true,
    },
    years: [
      {
        year: 2025,
        summary: summary({ meetings_expected: 10, meetings_attended: 8, meetings_leave: 0, meetings_absent: 2, attendance_rate: 80, dues_months_paid: 10, dues_months_on_time: 9, dues_paid_fen: 24000, arrears_warnings: 1, points: 20, appraisal_grade_label: '合格', assessment_grade_label: '', commendations: [] }),
        items: [
          { on: '2025-06-20', kind: 'became_full', kind_label: '转为正式党员', title: '转为正式党员', detail: '' },
          { on: '2025-09-03', kind: 'dues_arrears', kind_label: '党费', title: '欠缴党费提醒', detail: '已连续 3 个月未交纳' },
        ],
      },
      {
        year: 2026,
        summary: summary(),
        items: [
          { on: '2026-05-03', kind: 'meeting', kind_label: '组织生活', title: '支部党员大会：学习二十大精神', detail: '出席' },
          { on: '2026-07-01', kind: 'commendation', kind_label: '表彰', title: '优秀共产党员', detail: '2026年度“两优一先”评选表彰' },
        ],
      },
      {
        year: 2024,
        summary: summary({ meetings_expected: 0, meetings_attended: 0, meetings_leave: 0, meetings_absent: 0, attendance_rate: null, dues_months_paid: 0, dues_months_on_time: 0, dues_paid_fen: 0, points: 0, appraisal_grade_label: '', assessment_grade_label: '', commendations: null }),
        items: null,
      },
    ],
    ...over,
  };
}
