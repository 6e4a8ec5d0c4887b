// A button, not an automatic sign-in: mail scanners that open links must not use up the one-time link.
export const metadata = { title: "Member sign-in" };

export default async function MemberSignInPage({ params, searchParams }: { params: Promise<{ org: string; token: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const [{ org, token }, q] = await Promise.all([params, searchParams]);
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <h1 className="text-2xl font-semibold">Show member prices</h1>
      <p className="mt-2 text-sm text-slate-600">This signs this browser in as a member for 30 days. The link works once.</p>
      <form method="post" action={`/api/public/members/${encodeURIComponent(org)}/sign-in`} className="mt-6">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="next" value={q.next ?? "/"} />
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">Continue as a member</button>
      </form>
    </main>
  );
}
