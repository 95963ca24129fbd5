// Dates and times are shown in Asia/Shanghai, whatever the browser's zone.

export const TIME_ZONE = 'Asia/Shanghai';

function parts(d: Date): Record<string, string> {
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** formatDateTime renders an RFC 3339 timestamp as "YYYY-MM-DD HH:mm:ss" in Beijing time. */
export function formatDateTime(ts: string | null | undefined): string {
  if (!ts) return '—';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** formatDate renders a YYYY-MM-DD date (or a timestamp's Beijing date) as "YYYY-MM-DD". */
export function formatDate(v: string | null | undefined): string {
  if (!v) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day}`;
}

/** formatDateCN renders a date as "YYYY年M月D日". */
export function formatDateCN(v: string | null | undefined): string {
  const s = formatDate(v);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return s;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** today is the current date in Beijing, YYYY-MM-DD. */
export function today(now: Date = new Date()): string {
  const p = parts(now);
  return `${p.year}-${p.month}-${p.day}`;
}
