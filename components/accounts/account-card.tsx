// The frame of the sign-in, sign-up and password pages: one card, centred, readable on a phone.
import type { ReactNode } from "react";

export function AccountCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="mx-auto mt-12 max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:mt-24 sm:p-8">
      <h1 className="text-xl font-semibold">{title}</h1>
      {children}
    </main>
  );
}

export const primaryButton = "w-full rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60";
export const secondaryButton = "w-full rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-50 disabled:opacity-60";
export const textLink = "text-brand-700 underline hover:no-underline";
