import { describe, expect, it } from 'vitest';
import { htmlToText, isBlankHtml, normalizeLinkUrl, sanitizeHtml } from '../src/utils/richText';

describe('sanitizeHtml: what the notice editor sends and the pages render', () => {
  it('keeps the allowed structure as it is', () => {
    const html = '<h3>会议安排</h3><p>请<strong>准时</strong>参加，<em>带好</em>笔记本。</p><ul><li>时间：周五</li><li>地点：三楼</li></ul><ol><li>一</li></ol>';
    expect(sanitizeHtml(html)).toBe(html);
  });

  it('is idempotent', () => {
    const dirty = '<div>甲<b>乙</b></div><div><br></div><h1 style="color:red">丙</h1><script>alert(1)</script>丁';
    const once = sanitizeHtml(dirty);
    expect(sanitizeHtml(once)).toBe(once);
  });

  it('drops scripts, styles, iframes, images and forms with their content', () => {
    const out = sanitizeHtml('<p>正文</p><script>alert("x")</script><style>p{color:red}</style><iframe src="https://evil"></iframe><img src=x onerror="alert(1)"><form><input value="v"><button>按钮</button></form>');
    expect(out).toBe('<p>正文</p>');
  });

  it('removes every attribute (event handlers, styles, classes)', () => {
    const out = sanitizeHtml('<p onclick="alert(1)" class="x" style="color:red">文字<strong onmouseover="x()">粗</strong></p>');
    expect(out).toBe('<p>文字<strong>粗</strong></p>');
  });

  it('maps b/i and headings of any level to the kept tags', () => {
    expect(sanitizeHtml('<p><b>粗</b><i>斜</i></p>')).toBe('<p><strong>粗</strong><em>斜</em></p>');
    expect(sanitizeHtml('<h1>一</h1><h2>二</h2><h5>五</h5>')).toBe('<h3>一</h3><h3>二</h3><h3>五</h3>');
  });

  it("turns contenteditable's divs and loose text into paragraphs", () => {
    expect(sanitizeHtml('第一行<div>第二行</div><div>第三行</div>')).toBe('<p>第一行</p><p>第二行</p><p>第三行</p>');
  });

  it('drops empty paragraphs and trailing breaks', () => {
    expect(sanitizeHtml('<p>内容<br></p><p><br></p><p>&nbsp;</p><div><br></div>')).toBe('<p>内容</p>');
  });

  it('keeps one line break inside a paragraph, splits on two', () => {
    expect(sanitizeHtml('一<br>二')).toBe('<p>一<br>二</p>');
    expect(sanitizeHtml('一<br><br>二')).toBe('<p>一</p><p>二</p>');
  });

  it('keeps http(s) and mailto links, opening in a new tab, and unwraps the others', () => {
    expect(sanitizeHtml('<p><a href="https://www.gov.cn/x?a=1&b=2" onclick="x()">链接</a></p>')).toBe(
      '<p><a href="https://www.gov.cn/x?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">链接</a></p>',
    );
    expect(sanitizeHtml('<p><a href="javascript:alert(1)">点我</a></p>')).toBe('<p>点我</p>');
    expect(sanitizeHtml('<p><a href="data:text/html,xx">点我</a></p>')).toBe('<p>点我</p>');
    expect(sanitizeHtml('<p><a href="mailto:dj@example.cn">写信</a></p>')).toContain('href="mailto:dj@example.cn"');
  });

  it('escapes text so that markup typed as text stays text', () => {
    expect(sanitizeHtml('<p>1 &lt; 2 &amp; &lt;b&gt;</p>')).toBe('<p>1 &lt; 2 &amp; &lt;b&gt;</p>');
  });

  it('reads bold, italic and underline from pasted inline styles (Word, web pages)', () => {
    expect(sanitizeHtml('<p><span style="font-weight: 700">粗</span><span style="font-style:italic">斜</span><span style="text-decoration: underline">下</span><span>普通</span></p>')).toBe(
      '<p><strong>粗</strong><em>斜</em><u>下</u>普通</p>',
    );
  });

  it('keeps list items together and nested lists inside their item', () => {
    expect(sanitizeHtml('<ul><li>一<ul><li>甲</li></ul></li><li></li>散落</ul>')).toBe('<ul><li>一<ul><li>甲</li></ul></li><li>散落</li></ul>');
  });

  it('flattens tables and quotes from pastes into paragraphs', () => {
    expect(sanitizeHtml('<table><tr><td>姓名</td></tr><tr><td>张三</td></tr></table><blockquote>引用</blockquote>')).toBe('<p>姓名</p><p>张三</p><p>引用</p>');
  });

  it('gives "" for nothing', () => {
    expect(sanitizeHtml('')).toBe('');
    expect(sanitizeHtml('<p> </p><br><div></div>')).toBe('');
  });
});

describe('isBlankHtml and htmlToText', () => {
  it('tells an editor left empty', () => {
    expect(isBlankHtml('<p><br></p>')).toBe(true);
    expect(isBlankHtml('<p>&nbsp;</p>')).toBe(true);
    expect(isBlankHtml('<p>有内容</p>')).toBe(false);
    expect(isBlankHtml('<img src="x">')).toBe(true);
  });

  it('reads the text, one block per line', () => {
    expect(htmlToText('<h3>标题</h3><p>第一段<br>换行</p><ul><li>甲 &amp; 乙</li></ul>')).toBe('标题\n第一段\n换行\n甲 & 乙');
  });
});

describe('normalizeLinkUrl', () => {
  it('accepts web and mail links', () => {
    expect(normalizeLinkUrl(' https://www.12371.cn/ ')).toBe('https://www.12371.cn/');
    expect(normalizeLinkUrl('http://example.cn/a')).toBe('http://example.cn/a');
    expect(normalizeLinkUrl('mailto:a@b.cn')).toBe('mailto:a@b.cn');
  });

  it('adds https:// to a bare www address', () => {
    expect(normalizeLinkUrl('www.12371.cn')).toBe('https://www.12371.cn');
  });

  it('refuses scripts, data, relative and malformed addresses', () => {
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,1', '/orgs', 'ftp://x', 'https://', 'https://a b', '', '"><script>']) {
      expect(normalizeLinkUrl(bad), bad).toBe('');
    }
  });
});
