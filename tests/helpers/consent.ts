// Plays the person on a sandbox consent screen: reads the form, ticks what it is
// told to, submits, and returns where the provider redirects back to.
function unescape(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

export async function consent(authorizeUrl: string, opts: { decision: "allow" | "deny"; dropScopes?: string[] } = { decision: "allow" }): Promise<URL> {
  const page = await fetch(authorizeUrl);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${await page.text()}`);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error("no consent form on the page");
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.append(unescape(m[1]!), unescape(m[2]!));
  for (const m of html.matchAll(/<input type="checkbox" name="scope" value="([^"]+)" checked>/g)) {
    const scope = unescape(m[1]!);
    if (!opts.dropScopes?.includes(scope)) form.append("scope", scope);
  }
  form.set("decision", opts.decision);
  const res = await fetch(new URL(unescape(action), authorizeUrl), { method: "POST", body: form, redirect: "manual" });
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`consent submit answered ${res.status}: ${await res.text()}`);
  return new URL(location);
}
