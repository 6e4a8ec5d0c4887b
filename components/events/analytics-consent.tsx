"use client";
// Asks the visitor before any analytics tag loads: nothing from the tag's vendor
// is requested until "Accept", "Decline" loads nothing, and the choice is kept in
// this browser (localStorage) so the banner asks once.
import { useEffect, useSyncExternalStore } from "react";
import type { PageTag } from "@/lib/integrations/contract";

const KEY = "switchboard.analytics-consent";
type Choice = "granted" | "denied";

// Where storage is blocked the choice holds for this page view only.
let unsaved: Choice | null = null;
const listeners = new Set<() => void>();

function readChoice(): Choice | null {
  try {
    const v = window.localStorage.getItem(KEY);
    return v === "granted" || v === "denied" ? v : unsaved;
  } catch {
    return unsaved;
  }
}

function keepChoice(choice: Choice): void {
  unsaved = choice;
  try {
    window.localStorage.setItem(KEY, choice);
  } catch {
    // Storage blocked: kept in `unsaved` instead.
  }
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // A choice made in another tab of the same site counts here too.
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/**
 * The visitor id the tag keeps in its first-party cookie, for the checkout to pass
 * on, and only when the visitor accepted the tag. The Google tag's cookie reads
 * GA1.<depth>.<random>.<seconds>; its last two parts are the client id.
 */
export function consentedVisitorId(cookie: string | undefined): string | undefined {
  if (!cookie || readChoice() !== "granted") return undefined;
  const entry = document.cookie.split("; ").find((c) => c.startsWith(`${cookie}=`));
  const parts = entry?.slice(cookie.length + 1).split(".") ?? [];
  return parts.length >= 4 ? parts.slice(-2).join(".") : undefined;
}

function loadTag(tag: PageTag): void {
  if (document.querySelector(`script[data-page-tag="${CSS.escape(tag.src)}"]`)) return;
  const w = window as unknown as Record<string, unknown[] | undefined>;
  const queue = (w[tag.queue] ??= []);
  // The tag reads each queued command as an arguments object, as its own snippet pushes them.
  function push(..._args: unknown[]) {
    // eslint-disable-next-line prefer-rest-params -- the tag expects the arguments object itself
    queue.push(arguments);
  }
  for (const command of tag.commands) push(...command.map((a) => (a === "@now" ? new Date() : a)));
  const script = document.createElement("script");
  script.async = true;
  script.src = tag.src;
  script.dataset.pageTag = tag.src;
  document.head.appendChild(script);
}

export function AnalyticsConsent({ tags }: { tags: PageTag[] }) {
  // undefined on the server, which cannot know the choice, so it renders no banner.
  const choice = useSyncExternalStore<Choice | null | undefined>(subscribe, readChoice, () => undefined);
  useEffect(() => {
    if (choice === "granted") tags.forEach(loadTag);
  }, [choice, tags]);
  if (tags.length === 0 || choice !== null) return null;
  const vendors = [...new Set(tags.map((t) => t.vendor))].join(" and ");
  const decide = keepChoice;
  return (
    <>
      {/* Room below the page's end, so the banner never covers its last lines (the checkout's button). */}
      <div aria-hidden="true" className="h-32" />
      <section role="region" aria-label="Analytics consent" className="fixed inset-x-0 bottom-0 z-50 border-t border-slate-200 bg-white px-6 py-4 shadow-lg">
        <div className="mx-auto flex max-w-2xl flex-wrap items-center gap-4">
          <p className="flex-1 text-sm text-slate-700">
            The organizer would like to measure visits to this page with {vendors}, which sets cookies. Nothing is loaded unless you accept.
          </p>
          <div className="flex gap-2">
            <button type="button" onClick={() => decide("denied")} className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
              Decline
            </button>
            <button type="button" onClick={() => decide("granted")} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
              Accept
            </button>
          </div>
        </div>
      </section>
    </>
  );
}
