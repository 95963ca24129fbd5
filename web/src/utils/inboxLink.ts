// Where a message of the inbox leads. A message's link is a console route
// ("/notices/<id>"); the phone shows only some pages, under "/m".

/** internalPath returns link when it is a path of this site (no scheme, no "//host"), else null. */
export function internalPath(link: string | null | undefined): string | null {
  const s = (link || '').trim();
  if (!s.startsWith('/') || s.startsWith('//') || s.includes('\\') || /[\s<>"]/.test(s)) return null;
  return s;
}

/**
 * The pages the phone has for a link, as patterns of its path. A 政治生日
 * greeting links to "/me": its text is the message itself, shown in place.
 */
const MOBILE_PAGES: RegExp[] = [
  /^\/notices\/(?!new(?:[/?#]|$)|deliveries(?:[/?#]|$))[^/?#]+(?:[?#].*)?$/,
  /^\/inbox(?:[?#].*)?$/,
  /^\/settings\/notify(?:[?#].*)?$/,
];

/**
 * The console's sections a link may lead to (anything else is shown in place).
 * Of the settings only 通知设置 exists in the console: 隐私与授权 is the phone's.
 */
const CONSOLE_PAGES = /^\/(?:orgs|members|notices|meetings|inbox|settings\/notify|import|accounts|audit|system)(?:[/?#]|$)/;

/**
 * mobileLink is the phone page for a message's link ("/notices/7" →
 * "/m/notices/7"), or null when the phone has no such page (the message is
 * then shown in place).
 */
export function mobileLink(link: string | null | undefined): string | null {
  const p = internalPath(link);
  if (!p) return null;
  if (p === '/m' || p.startsWith('/m/')) return p;
  return MOBILE_PAGES.some((re) => re.test(p)) ? '/m' + p : null;
}

/**
 * consoleLink is the console page for a message's link ("/m/notices/7" →
 * "/notices/7"), or null when the console has no such page ("/me").
 */
export function consoleLink(link: string | null | undefined): string | null {
  const p = internalPath(link);
  if (!p) return null;
  const q = p.startsWith('/m/') ? p.slice(2) : p;
  return CONSOLE_PAGES.test(q) ? q : null;
}

/** noticeIdOf is the notice a link points at ("/notices/<id>"), or "". */
export function noticeIdOf(link: string | null | undefined): string {
  const p = internalPath(link);
  const m = p ? /^(?:\/m)?\/notices\/([^/?#]+)/.exec(p) : null;
  if (!m || m[1] === 'new' || m[1] === 'deliveries') return '';
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return '';
  }
}

/** badgeText is what a badge shows for n unread messages ("" when none, "99+" past 99). */
export function badgeText(n: number): string {
  if (!n || n <= 0) return '';
  return n > 99 ? '99+' : String(Math.floor(n));
}
