import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-md p-10 text-center">
      <h1 className="text-2xl font-semibold">Owners and admins only</h1>
      <p className="mt-2 text-slate-600">
        Settings are managed by your organization&apos;s owners and admins. Ask one of them for access.
      </p>
      <Link href="/events" className="mt-6 inline-block text-brand-600 underline">Back to events</Link>
    </main>
  );
}
