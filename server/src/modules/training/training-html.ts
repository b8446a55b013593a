// A small allow-list HTML sanitiser for lesson texts: known tags only, attributes dropped except a link's http(s)
// href and an image's src from the platform's own files; scripts, styles and frames removed with their content.

const allowedTags = new Set([
  'p',
  'br',
  'h3',
  'h4',
  'ol',
  'ul',
  'li',
  'strong',
  'b',
  'em',
  'i',
  'u',
  'blockquote',
  'a',
  'img',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);
const voidTags = new Set(['br', 'img']);

const escapeText = (text: string) =>
  text
    .replace(/&(?!(?:[a-z]+|#\d+|#x[0-9a-f]+);)/gi, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

const escapeAttr = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** The allowed subset of `html`; text is kept (escaped), everything else is dropped. */
export function sanitizeLessonHtml(html: string): string {
  const withoutBlocks = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|iframe|object|embed|template|noscript|svg|math)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<(script|style|iframe|object|embed|template|noscript|svg|math)\b[^>]*>/gi, '');
  const out: string[] = [];
  const open: string[] = [];
  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|<|>/g;
  let last = 0;
  for (let m = re.exec(withoutBlocks); m; m = re.exec(withoutBlocks)) {
    out.push(escapeText(withoutBlocks.slice(last, m.index)));
    last = re.lastIndex;
    if (!m[2]) {
      out.push(m[0] === '<' ? '&lt;' : '&gt;');
      continue;
    }
    const tag = m[2].toLowerCase();
    if (!allowedTags.has(tag)) {
      continue;
    }
    if (m[1]) {
      const at = open.lastIndexOf(tag);
      if (at >= 0) {
        for (const t of open.splice(at).reverse()) {
          out.push(`</${t}>`);
        }
      }
      continue;
    }
    if (tag === 'a') {
      const href = attr(m[3], 'href')?.trim();
      out.push(
        href && /^https?:\/\//i.test(href)
          ? `<a href="${escapeAttr(href)}" rel="noopener noreferrer" target="_blank">`
          : '<a>',
      );
    } else if (tag === 'img') {
      const src = attr(m[3], 'src')?.trim();
      const alt = attr(m[3], 'alt') ?? '';
      if (src && /^\/api\/files\/[0-9a-f-]{36}(\/content)?$/i.test(src)) {
        out.push(`<img src="${escapeAttr(src)}" alt="${escapeAttr(alt)}">`);
      }
      continue;
    } else {
      out.push(`<${tag}>`);
    }
    if (!voidTags.has(tag)) {
      open.push(tag);
    }
  }
  out.push(escapeText(withoutBlocks.slice(last)));
  for (const t of open.reverse()) {
    out.push(`</${t}>`);
  }
  return out.join('');
}
