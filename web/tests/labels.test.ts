import { describe, expect, it } from 'vitest';
import {
  AGE_BAND,
  CATEGORY,
  EDUCATION,
  END_KIND,
  LEFT_REGISTER_KIND,
  ETHNICITIES,
  GENDER,
  MEMBER_STATUS,
  ORG_KIND,
  POSITION_TITLE,
  ROLE,
  UNIT_TYPE,
  label,
  options,
} from '../src/labels';

// The enums of docs/api.md, value → label, exactly.
describe('label maps follow docs/api.md', () => {
  it('organization kinds and unit types', () => {
    expect(ORG_KIND).toEqual({
      leading_body: '组织部/党工委',
      committee: '党委',
      general_branch: '党总支',
      branch: '党支部',
      group: '党小组',
    });
    expect(Object.keys(UNIT_TYPE)).toEqual(['government', 'institution', 'enterprise', 'village', 'community', 'school', 'retired', 'social', 'other']);
    expect(UNIT_TYPE.village).toBe('农村');
    expect(UNIT_TYPE.social).toBe('社会组织');
  });

  it('position titles', () => {
    expect(Object.keys(POSITION_TITLE)).toEqual([
      'secretary', 'deputy_secretary', 'organization', 'publicity', 'discipline', 'committee_member', 'group_leader', 'youth', 'other',
    ]);
    expect(POSITION_TITLE.secretary).toBe('书记');
    expect(POSITION_TITLE.group_leader).toBe('党小组长');
  });

  it('member enums', () => {
    expect(GENDER).toEqual({ male: '男', female: '女' });
    expect(MEMBER_STATUS).toEqual({ full: '正式党员', probationary: '预备党员' });
    expect(EDUCATION).toEqual({
      doctorate: '博士研究生',
      master: '硕士研究生',
      bachelor: '大学本科',
      college: '大学专科',
      secondary: '高中/中专',
      junior: '初中',
      primary: '小学及以下',
    });
    expect(Object.keys(CATEGORY)).toEqual([
      'civil_servant', 'institution', 'enterprise', 'farmer', 'student', 'retired', 'self_employed', 'unemployed', 'military', 'other',
    ]);
    expect(CATEGORY.civil_servant).toBe('党政机关工作人员');
    expect(CATEGORY.military).toBe('军人/武警');
    expect(Object.keys(AGE_BAND)).toEqual(['u30', '31_40', '41_50', '51_60', '61_70', 'o70']);
    expect(END_KIND).toEqual({
      suspended: '停止党籍',
      lapsed: '自行脱党',
      removed: '除名',
      expelled: '开除党籍',
      withdrew: '退党',
      deceased: '去世',
      probation_cancelled: '取消预备党员资格',
    });
    // A record transferred out of the platform is shown, never offered in the 出党 form.
    expect(LEFT_REGISTER_KIND.transferred_out).toBe('组织关系转出');
    expect(END_KIND.transferred_out).toBeUndefined();
  });

  it('roles', () => {
    expect(Object.keys(ROLE).sort()).toEqual(['auditor', 'member', 'org_admin', 'party_worker', 'secadmin', 'sysadmin', 'viewer']);
  });

  it('56 ethnic groups, 汉族 first, no duplicates', () => {
    expect(ETHNICITIES).toHaveLength(56);
    expect(ETHNICITIES[0]).toBe('汉族');
    expect(new Set(ETHNICITIES).size).toBe(56);
  });
});

describe('label()', () => {
  it('maps known values, passes unknown ones through, shows a dash for empty', () => {
    expect(label(ORG_KIND, 'branch')).toBe('党支部');
    expect(label(ORG_KIND, 'brand_new')).toBe('brand_new');
    expect(label(ORG_KIND, '')).toBe('—');
    expect(label(ORG_KIND, null)).toBe('—');
    expect(label(ORG_KIND, undefined)).toBe('—');
    expect(label(ORG_KIND, 'toString')).toBe('toString');
  });

  it('options() keeps declaration order', () => {
    expect(options(MEMBER_STATUS)).toEqual([
      { value: 'full', label: '正式党员' },
      { value: 'probationary', label: '预备党员' },
    ]);
  });
});
