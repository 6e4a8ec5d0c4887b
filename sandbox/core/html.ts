// Server-rendered pages only: every value passes through escapeHtml, so a message body
// or an e-mail subject can never become markup in the sandbox's own pages.
export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Tagged template: interpolated values are escaped unless wrapped with raw(). */
export class Raw {
  constructor(readonly html: string) {}
}

export function raw(html: string): Raw {
  return new Raw(html);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    const items = Array.isArray(v) ? v : [v];
    for (const item of items) out += item instanceof Raw ? item.html : escapeHtml(item);
    out += strings[i + 1] ?? "";
  });
  return new Raw(out);
}

const BASE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f4f5f8}
a{color:#2952cc}
header.top{background:#1d2330;color:#fff;padding:14px 24px;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
header.top h1{font-size:17px;margin:0;font-weight:600}
header.top nav a{color:#cfd6ff;margin-right:14px;text-decoration:none}
header.top nav a:hover{text-decoration:underline}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:#e6e9f2;color:#394055}
.badge.ok{background:#daf5e3;color:#13653a}.badge.warn{background:#fff1cc;color:#7a5400}.badge.err{background:#ffe0e0;color:#8a1c1c}
main{max-width:1200px;margin:0 auto;padding:20px 24px 60px}
section{margin-bottom:36px}
section>h2{font-size:18px;margin:0 0 12px;display:flex;gap:10px;align-items:center}
.card{background:#fff;border:1px solid #dfe3ec;border-radius:8px;padding:14px 16px;margin-bottom:12px}
.muted{color:#596175}.small{font-size:12px}
.empty{color:#596175;font-style:italic;padding:8px 0}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eceef4;vertical-align:top}
th{font-size:12px;color:#596175;font-weight:600}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
pre{white-space:pre-wrap;background:#f7f8fb;border:1px solid #eceef4;padding:8px;border-radius:6px;margin:6px 0}
`;

export function page(title: string, body: Raw, extraCss = ""): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${BASE_CSS}${extraCss}</style></head><body>${body.html}</body></html>`;
}
