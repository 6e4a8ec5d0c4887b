"use client";
// While an order waits for its payment, its page re-reads the order every few
// seconds in place. A timed <meta refresh> would reload the whole page under the
// reader (WCAG 2.2.1); this re-renders only what the server says changed, and
// stops as soon as the page no longer renders it.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function RefreshWhilePending({ everyMs = 2000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return null;
}
