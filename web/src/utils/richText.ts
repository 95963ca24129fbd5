// The HTML of a notice: what the small editor produces and what the pages
// render with v-html. sanitizeHtml keeps a short list of elements —
// paragraphs, one heading level, lists, bold/italic/underline, line breaks
// and http(s)/mailto links — drops scripts, styles, images, forms and every
// attribute, and gives loose text a paragraph, so the server gets the same
// clean HTML whatever the browser's contenteditable or a paste from Word made.

type Block = 'p' | 'h3' | 'ul' | 'ol';

/** Elements dropped with everything inside them. */
const DROP = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'noscript', 'template', 'head', 'meta',
  'link', 'title', 'svg', 'math', 'img', 'video', 'audio', 'canvas', 'picture', 'source', 'input', 'button',
  'select', 'textarea', 'option', 'form', 'applet', 'base', 'xml',
]);

/** Elements that start a new paragraph (their inline content is kept). */
const BLOCKISH = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'blockquote', 'pre', 'address',
  'figure', 'figcaption', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'caption', 'dl', 'dt', 'dd', 'center',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'hr',
]);

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

const INLINE_TAG: Record<string, 'strong' | 'em' | 'u'> = { strong: 'strong', b: 'strong', em: 'em', i: 'em', u: 'u', ins: 'u' };

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

/**
 * normalizeLinkUrl checks a link typed into the editor: http(s) and mailto
 * links pass (a bare "www.example.cn" gets https://), anything else —
 * javascript:, data:, relative paths — gives "".
 */
export function normalizeLinkUrl(raw: string): string {
  const s = (raw || '').trim();
  if (!s || /[\s<>"]/.test(s)) return '';
  if (/^https?:\/\/[^/\s]+/i.test(s)) return s;
  if (/^mailto:[^@\s]+@[^@\s]+$/i.test(s)) return s;
  if (/^www\.[^/\s]+\.[a-z]{2,}/i.test(s)) return 'https://' + s;
  return '';
}

/** Inline styles that carry meaning in pasted HTML (Word, web pages). */
function styleWrap(el: Element): ('strong' | 'em' | 'u')[] {
  const style = (el.getAttribute('style') || '').toLowerCase();
  const out: ('strong' | 'em' | 'u')[] = [];
  if (/font-weight\s*:\s*(bold|bolder|[6-9]00)/.test(style)) out.push('strong');
  if (/font-style\s*:\s*italic/.test(style)) out.push('em');
  if (/text-decoration[^;]*underline/.test(style)) out.push('u');
  return out;
}

/** A block's inline content without leading/trailing breaks; "" when it shows nothing. */
function trimInline(html: string): string {
  let s = html.replace(/^(\s|<br>)+/, '').replace(/(\s|<br>)+$/, '');
  if (!s.replace(/<[^>]*>/g, '').replace(/&nbsp;|\u00a0/g, ' ').trim()) s = '';
  return s;
}

/** inline serializes the inline content of a node (blocks inside become line breaks). */
function inline(node: Node): string {
  let out = '';
  node.childNodes.forEach((child) => {
    out += inlineNode(child, out);
  });
  return out;
}

function inlineNode(node: Node, before: string): string {
  if (node.nodeType === 3) return escapeText((node.nodeValue || '').replace(/[\r\n\t]+/g, ' '));
  if (node.nodeType !== 1) return '';
  const el = node as Element;
  const tag = el.tagName.toLowerCase();
  if (DROP.has(tag)) return '';
  if (tag === 'br') return '<br>';
  if (BLOCKISH.has(tag)) {
    const inner = trimInline(inline(el));
    if (!inner) return '';
    return (before && !before.endsWith('<br>') ? '<br>' : '') + inner + '<br>';
  }
  let inner = inline(el);
  // Table cells of a paste: keep the words of one row apart.
  if (tag === 'td' || tag === 'th') return trimInline(inner) ? inner + ' ' : '';
  if (!trimInline(inner)) return inner.includes('<br>') ? '<br>' : inner.replace(/<[^>]*>/g, '');
  if (tag === 'a') {
    const href = normalizeLinkUrl(el.getAttribute('href') || '');
    return href ? `<a href="${escapeAttr(href)}" target="_blank" rel="noopener noreferrer">${inner}</a>` : inner;
  }
  const wraps: ('strong' | 'em' | 'u')[] = [];
  if (INLINE_TAG[tag]) wraps.push(INLINE_TAG[tag]);
  for (const w of styleWrap(el)) if (!wraps.includes(w)) wraps.push(w);
  for (const w of wraps.reverse()) inner = `<${w}>${inner}</${w}>`;
  return inner;
}

/** listItems serializes the children of a ul/ol as <li>s (nested lists kept). */
function listItems(list: Element): string {
  let out = '';
  let loose = '';
  const flushLoose = () => {
    const t = trimInline(loose);
    if (t) out += `<li>${t}</li>`;
    loose = '';
  };
  list.childNodes.forEach((child) => {
    if (child.nodeType === 1) {
      const el = child as Element;
      const tag = el.tagName.toLowerCase();
      if (tag === 'li') {
        flushLoose();
        out += listItem(el);
        return;
      }
      if (tag === 'ul' || tag === 'ol') {
        flushLoose();
        const nested = listItems(el);
        if (nested) out += `<li><${tag}>${nested}</${tag}></li>`;
        return;
      }
    }
    loose += inlineNode(child, loose);
  });
  flushLoose();
  return out;
}

function listItem(li: Element): string {
  let text = '';
  let nested = '';
  li.childNodes.forEach((child) => {
    if (child.nodeType === 1) {
      const tag = (child as Element).tagName.toLowerCase();
      if (tag === 'ul' || tag === 'ol') {
        const items = listItems(child as Element);
        if (items) nested += `<${tag}>${items}</${tag}>`;
        return;
      }
    }
    text += inlineNode(child, text);
  });
  const t = trimInline(text);
  if (!t && !nested) return '';
  return `<li>${t}${nested}</li>`;
}

/** blocks serializes a container's children as a sequence of top-level blocks. */
function blocks(node: Node, out: string[]): void {
  let run = '';
  const flush = () => {
    const t = trimInline(run);
    if (t) out.push(`<p>${t}</p>`);
    run = '';
  };
  node.childNodes.forEach((child) => {
    if (child.nodeType === 1) {
      const el = child as Element;
      const tag = el.tagName.toLowerCase();
      if (DROP.has(tag)) return;
      if (tag === 'br') {
        // Two breaks in a row end the paragraph; one is a line break within it.
        if (run.endsWith('<br>')) flush();
        else run += '<br>';
        return;
      }
      if (BLOCKISH.has(tag)) {
        flush();
        block(el, tag, out);
        return;
      }
    }
    run += inlineNode(child, run);
  });
  flush();
}

function block(el: Element, tag: string, out: string[]): void {
  let kind: Block | 'container' | 'skip' = 'container';
  if (tag === 'p') kind = 'p';
  else if (HEADINGS.has(tag)) kind = 'h3';
  else if (tag === 'ul' || tag === 'ol') kind = tag;
  else if (tag === 'li') kind = 'p';
  else if (tag === 'hr') kind = 'skip';
  if (kind === 'skip') return;
  if (kind === 'ul' || kind === 'ol') {
    const items = listItems(el);
    if (items) out.push(`<${kind}>${items}</${kind}>`);
    return;
  }
  if (kind === 'container') {
    // div, table, blockquote …: its own blocks, loose text as paragraphs.
    blocks(el, out);
    return;
  }
  // p, h3: when it holds blocks (invalid but common in pastes), split it.
  const hasBlock = Array.from(el.children).some((c) => BLOCKISH.has(c.tagName.toLowerCase()));
  if (hasBlock) {
    blocks(el, out);
    return;
  }
  const t = trimInline(inline(el));
  if (t) out.push(`<${kind}>${t}</${kind}>`);
}

function parse(html: string): HTMLElement {
  const doc = new DOMParser().parseFromString(`<!doctype html><html><body>${html || ''}</body></html>`, 'text/html');
  return doc.body;
}

/** sanitizeHtml returns the clean HTML of a notice body ("" when it shows no text). */
export function sanitizeHtml(html: string): string {
  if (!html) return '';
  const out: string[] = [];
  blocks(parse(html), out);
  return out.join('');
}

/** htmlToText is the plain text of a body, paragraphs on their own lines. */
export function htmlToText(html: string): string {
  const clean = sanitizeHtml(html)
    .replace(/<br>/g, '\n')
    .replace(/<\/(p|h3|li)>/g, '\n')
    .replace(/<[^>]*>/g, '');
  const body = parse(clean.replace(/\n/g, '&#10;'));
  return (body.textContent || '')
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
}

/** isBlankHtml tells whether a body shows no text at all. */
export function isBlankHtml(html: string): boolean {
  return sanitizeHtml(html) === '';
}
