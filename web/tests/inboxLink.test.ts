import { describe, expect, it } from 'vitest';
import { badgeText, consoleLink, internalPath, mobileLink, noticeIdOf } from '../src/utils/inboxLink';

describe('inbox links', () => {
  it('maps a notice link to its phone page', () => {
    expect(mobileLink('/notices/01J9ZX')).toBe('/m/notices/01J9ZX');
    expect(mobileLink('/notices/01J9ZX?from=sms')).toBe('/m/notices/01J9ZX?from=sms');
    expect(mobileLink('/inbox')).toBe('/m/inbox');
    expect(mobileLink('/m/notices/7')).toBe('/m/notices/7');
  });

  it('opens a meeting (组织生活) on the phone and in the console', () => {
    // The member's messages about a meeting link to its phone page.
    expect(mobileLink('/m/meetings/01MTG')).toBe('/m/meetings/01MTG');
    expect(consoleLink('/m/meetings/01MTG')).toBe('/meetings/01MTG');
    expect(consoleLink('/meetings/01MTG')).toBe('/meetings/01MTG');
    // A secretary's message about a meeting (e.g. a leave to approve) has no phone page: shown in place.
    expect(mobileLink('/meetings/01MTG')).toBeNull();
    // The check-in page and 隐私与授权 exist only on the phone.
    expect(consoleLink('/m/checkin/01MTG?t=abc')).toBeNull();
    expect(consoleLink('/m/settings/privacy')).toBeNull();
    expect(consoleLink('/m/settings/notify')).toBe('/settings/notify');
    expect(consoleLink('/m/meetingsx/1')).toBeNull();
  });

  it('has no phone page for console-only links', () => {
    expect(mobileLink('/orgs/01ABC')).toBeNull();
    expect(mobileLink('/orgs?id=01ABC')).toBeNull();
    expect(mobileLink('/member')).toBeNull();
    // 政治生日 greetings link to "/me": shown in place.
    expect(mobileLink('/me')).toBeNull();
    expect(mobileLink('/members/01ABC')).toBeNull();
    expect(mobileLink('/notices/new')).toBeNull();
    expect(mobileLink('/notices/deliveries')).toBeNull();
    expect(mobileLink('/notices/7/edit')).toBeNull();
    expect(mobileLink('')).toBeNull();
  });

  it('never leads off the site', () => {
    for (const bad of ['https://evil.example/notices/1', '//evil.example/notices/1', 'javascript:alert(1)', '/\\evil', 'notices/1']) {
      expect(internalPath(bad), bad).toBeNull();
      expect(mobileLink(bad), bad).toBeNull();
      expect(consoleLink(bad), bad).toBeNull();
    }
  });

  it('maps to the console, also from a phone link', () => {
    expect(consoleLink('/notices/7')).toBe('/notices/7');
    expect(consoleLink('/orgs?id=3')).toBe('/orgs?id=3');
    expect(consoleLink('/m/notices/7')).toBe('/notices/7');
    expect(consoleLink('/m')).toBeNull();
    // Pages the console does not have are shown in place.
    expect(consoleLink('/me')).toBeNull();
    expect(consoleLink('/m/me')).toBeNull();
    expect(consoleLink('/orgsx')).toBeNull();
  });

  it('finds the notice a link is about', () => {
    expect(noticeIdOf('/notices/01J9ZX')).toBe('01J9ZX');
    expect(noticeIdOf('/m/notices/a%20b')).toBe('a b');
    expect(noticeIdOf('/notices/new')).toBe('');
    expect(noticeIdOf('/orgs/1')).toBe('');
  });

  it('writes the badge', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(-3)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
  });
});
