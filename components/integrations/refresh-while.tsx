"use client";
// Re-reads the page now and then while something runs in the background (a backfill), so its progress moves.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function RefreshWhile({ everyMs }: { everyMs: number }) {
  const router = useRouter();
  useEffect(() => {
    const t = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(t);
  }, [router, everyMs]);
  return <p className="text-xs text-slate-500">Updating while it runs…</p>;
}
