import { describe, expect, it } from 'vitest';
import type { Receipts } from '../src/api/notices';
import {
  audienceChoice,
  beijingToUTC,
  buildAudience,
  checkAttachment,
  choiceOf,
  counts,
  deliveryFailures,
  displayState,
  fieldError,
  findChild,
  formatSize,
  percent,
  progressText,
  receiptRows,
  sumCounts,
  utcToBeijing,
  validateNotice,
  type NoticeFormValues,
} from '../src/utils/notices';

describe('percent', () => {
  it('is a whole percentage', () => {
    expect(percent(1, 4)).toBe(25);
    expect(percent(2, 3)).toBe(67);
    expect(percent(1, 3)).toBe(33);
  });

  it('shows 0 only for none and 100 only for all', () => {
    expect(percent(0, 10)).toBe(0);
    expect(percent(10, 10)).toBe(100);
    expect(percent(999, 1000)).toBe(99);
    expect(percent(1, 1000)).toBe(1);
    expect(percent(1, 100000)).toBe(1);
  });

  it('copes with no recipients and bad figures', () => {
    expect(percent(0, 0)).toBe(0);
    expect(percent(5, 0)).toBe(0);
    expect(percent(-1, 10)).toBe(0);
    expect(percent(12, 10)).toBe(100);
  });
});

describe('receipt rows', () => {
  const answer: Receipts = {
    org: { id: 'root', name: '市委组织部' },
    whole: { total: 60, read: 31, unread: 29, acked: 12 },
    direct: { total: 2, read: 1, unread: 1, acked: 0 },
    children: [
      { org_id: 'a', org_name: '市直机关工委', total: 50, read: 30, unread: 20, acked: 12 },
      { org_id: 'b', org_name: '江北区委', total: 8, read: 0, unread: 8, acked: 0 },
      { org_id: 'c', org_name: '空组织', total: 0, read: 0, unread: 0, acked: 0 },
    ],
  };

  it("puts the organization's own members first, then each child with percentages", () => {
    const rows = receiptRows(answer);
    expect(rows.map((r) => [r.org_id, r.direct, r.total, r.read, r.unread, r.acked, r.readPct, r.ackedPct])).toEqual([
      ['root', true, 2, 1, 1, 0, 50, 0],
      ['a', false, 50, 30, 20, 12, 60, 24],
      ['b', false, 8, 0, 8, 0, 0, 0],
    ]);
    expect(rows[0].org_name).toBe('市委组织部（本级）');
  });

  it('leaves out children nobody in which was told', () => {
    expect(receiptRows(answer).some((r) => r.org_id === 'c')).toBe(false);
  });

  it('adds up to the whole', () => {
    expect(sumCounts(receiptRows(answer))).toEqual(answer.whole);
  });

  it('works without a direct part, and with nothing', () => {
    expect(receiptRows({ ...answer, direct: null }).map((r) => r.org_id)).toEqual(['a', 'b']);
    expect(receiptRows(null)).toEqual([]);
    expect(sumCounts([])).toEqual({ total: 0, read: 0, unread: 0, acked: 0 });
  });

  it('fills in unread when missing and cleans bad figures', () => {
    expect(counts({ total: 10, read: 4, acked: 1 })).toEqual({ total: 10, read: 4, unread: 6, acked: 1 });
    expect(counts({ total: -1, read: Number.NaN })).toEqual({ total: 0, read: 0, unread: 0, acked: 0 });
    expect(counts(null)).toEqual({ total: 0, read: 0, unread: 0, acked: 0 });
  });

  it('finds a child by ID', () => {
    expect(findChild(answer, 'a')?.read).toBe(30);
    expect(findChild(answer, 'zz')).toBeUndefined();
  });
});

describe('the state a notice shows', () => {
  const now = new Date('2026-05-01T00:00:00Z');
  it('is the API state, or 已过期 for a published notice past its deadline', () => {
    expect(displayState({ state: 'published', expires_at: '' }, now)).toBe('published');
    expect(displayState({ state: 'published', expires_at: '2026-06-01T00:00:00Z' }, now)).toBe('published');
    expect(displayState({ state: 'published', expires_at: '2026-04-30T23:59:59Z' }, now)).toBe('expired');
    expect(displayState({ state: 'withdrawn', expires_at: '2026-04-01T00:00:00Z' }, now)).toBe('withdrawn');
    expect(displayState({ state: 'draft', expires_at: '2026-04-01T00:00:00Z' }, now)).toBe('draft');
  });

  it('writes the read progress', () => {
    expect(progressText({ state: 'published', total: 120, read: 37, acked: 20, ack_required: true })).toBe('已读 37/120，回执 20');
    expect(progressText({ state: 'published', total: 120, read: 37, acked: 0, ack_required: false })).toBe('已读 37/120');
    expect(progressText({ state: 'draft', total: 0, read: 0, acked: 0, ack_required: true })).toBe('—');
  });

  it('counts failed deliveries only', () => {
    expect(deliveryFailures({ sent: 10, queued: 5, failed: 2, not_sent: 3, deferred: 4 })).toBe(5);
    expect(deliveryFailures(null)).toBe(0);
  });
});

describe('Beijing time for the pickers', () => {
  it('reads a picker value as Beijing time', () => {
    expect(beijingToUTC('2026-05-01 09:30')).toBe('2026-05-01T01:30:00Z');
    expect(beijingToUTC('2026-05-01 06:00')).toBe('2026-04-30T22:00:00Z');
    expect(beijingToUTC('2026-01-01 00:00:15')).toBe('2025-12-31T16:00:15Z');
  });

  it('gives "" for empty or impossible values', () => {
    expect(beijingToUTC('')).toBe('');
    expect(beijingToUTC(null)).toBe('');
    expect(beijingToUTC('2026-02-30 10:00')).toBe('');
    expect(beijingToUTC('2026-05-01 24:00')).toBe('');
    expect(beijingToUTC('明天上午')).toBe('');
  });

  it('shows an API time in the picker', () => {
    expect(utcToBeijing('2026-04-30T22:00:00Z')).toBe('2026-05-01 06:00');
    expect(utcToBeijing('')).toBe('');
    expect(utcToBeijing(beijingToUTC('2026-12-31 23:59'))).toBe('2026-12-31 23:59');
  });
});

describe('audience', () => {
  it('builds each kind of audience', () => {
    const c = { orgIds: ['o1', 'o1', 'o2'], positions: ['书记', '委员'], memberIds: ['m1'] };
    expect(buildAudience('root', { mode: 'subtree', ...c })).toEqual({ subtrees: ['root'], positions: [], members: [] });
    expect(buildAudience('root', { mode: 'orgs', ...c })).toEqual({ subtrees: ['o1', 'o2'], positions: [], members: [] });
    expect(buildAudience('root', { mode: 'positions', ...c })).toEqual({ subtrees: [], positions: ['书记', '委员'], members: [] });
    expect(buildAudience('root', { mode: 'members', ...c })).toEqual({ subtrees: [], positions: [], members: ['m1'] });
  });

  it('reads a saved audience back', () => {
    expect(audienceChoice('root', { subtrees: ['root'], positions: [], members: [] }).mode).toBe('subtree');
    expect(audienceChoice('root', { subtrees: ['a', 'b'] })).toMatchObject({ mode: 'orgs', orgIds: ['a', 'b'] });
    expect(audienceChoice('root', { positions: ['书记'] })).toMatchObject({ mode: 'positions', positions: ['书记'] });
    expect(audienceChoice('root', { members: ['m'] })).toMatchObject({ mode: 'members', memberIds: ['m'] });
    expect(audienceChoice('root', null).mode).toBe('subtree');
  });

  it('round-trips through the picker', () => {
    const pick = { mode: 'orgs' as const, orgs: [{ id: 'a', name: '甲' }], positions: [], members: [] };
    expect(buildAudience('root', choiceOf(pick))).toEqual({ subtrees: ['a'], positions: [], members: [] });
  });
});

describe('validateNotice', () => {
  const now = new Date('2026-05-01T00:00:00Z'); // 08:00 in Beijing
  const ok: NoticeFormValues = {
    org_id: 'root',
    title: '关于召开组织生活会的通知',
    body_html: '<p>请准时参加。</p>',
    audience: { subtrees: ['root'], positions: [], members: [] },
    publish_at: '',
    expires_at: '',
    scheduled: false,
  };

  it('passes a complete notice', () => {
    expect(validateNotice(ok, false, now)).toEqual({});
  });

  it('asks for title, body and audience before publishing', () => {
    const e = validateNotice({ ...ok, title: ' ', body_html: '<p><br></p>', audience: { subtrees: [], positions: [], members: [] } }, false, now);
    expect(e).toEqual({ title: '请填写标题', body_html: '请填写通知内容', audience: '请选择接收范围' });
  });

  it('needs only a title for a draft', () => {
    expect(validateNotice({ ...ok, body_html: '', audience: { subtrees: [], positions: [], members: [] } }, true, now)).toEqual({});
    expect(validateNotice({ ...ok, title: '' }, true, now)).toEqual({ title: '请填写标题' });
  });

  it('limits the title', () => {
    expect(validateNotice({ ...ok, title: '字'.repeat(101) }, false, now).title).toBe('标题不能超过 100 字');
  });

  it('wants a scheduled time in the future', () => {
    expect(validateNotice({ ...ok, scheduled: true }, false, now).publish_at).toBe('请选择定时发布的时间');
    expect(validateNotice({ ...ok, scheduled: true, publish_at: '2026-05-01 07:00' }, false, now).publish_at).toBe('定时发布时间须晚于当前时间');
    expect(validateNotice({ ...ok, scheduled: true, publish_at: '2026-05-01 09:00' }, false, now)).toEqual({});
  });

  it('wants the deadline after the publishing time', () => {
    expect(validateNotice({ ...ok, expires_at: '2026-05-01 07:00' }, false, now).expires_at).toBe('截止时间须晚于当前时间');
    expect(validateNotice({ ...ok, scheduled: true, publish_at: '2026-05-02 09:00', expires_at: '2026-05-02 08:00' }, false, now).expires_at).toBe('截止时间须晚于发布时间');
    expect(validateNotice({ ...ok, expires_at: '2026-05-03 18:00' }, false, now)).toEqual({});
  });
});

describe('fieldError', () => {
  it("finds the server's message for a field or a part of it", () => {
    const e = { title: '标题重复', 'audience.subtrees': '组织不存在', 'attachment_ids[1]': '附件已失效' };
    expect(fieldError(e, 'title')).toBe('标题重复');
    expect(fieldError(e, 'audience')).toBe('组织不存在');
    expect(fieldError(e, 'attachment_ids')).toBe('附件已失效');
    expect(fieldError(e, 'body_html')).toBe('');
    expect(fieldError(e, 'audienc')).toBe('');
  });
});

describe('attachments', () => {
  it('accepts office documents and images within the size limit', () => {
    expect(checkAttachment({ name: '会议议程.docx', size: 12345 })).toBe('');
    expect(checkAttachment({ name: 'SCAN.PDF', size: 5 * 1024 * 1024 })).toBe('');
  });

  it('refuses other types, empty and oversized files', () => {
    expect(checkAttachment({ name: 'setup.exe', size: 100 })).toMatch(/^不支持的文件类型/);
    expect(checkAttachment({ name: 'noext', size: 100 })).toMatch(/^不支持的文件类型/);
    expect(checkAttachment({ name: 'a.pdf', size: 0 })).toBe('文件为空');
    expect(checkAttachment({ name: 'a.pdf', size: 20 * 1024 * 1024 + 1 })).toBe('文件不能超过 20MB');
  });

  it('writes sizes', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(2 * 1024 * 1024)).toBe('2 MB');
  });
});
