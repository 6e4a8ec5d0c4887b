"use client";
import { useFormStatus } from "react-dom";

export function SubmitButton({ children, variant = "primary", pendingText }: { children: React.ReactNode; variant?: "primary" | "secondary" | "danger"; pendingText?: string }) {
  const { pending } = useFormStatus();
  const styles = {
    primary: "bg-brand-600 text-white hover:bg-brand-700",
    secondary: "bg-white text-slate-800 border border-slate-300 hover:bg-slate-50",
    danger: "bg-white text-red-700 border border-red-300 hover:bg-red-50",
  }[variant];
  return (
    <button
      type="submit"
      disabled={pending}
      className={`inline-flex items-center rounded-md px-4 py-2 text-sm font-medium shadow-sm disabled:opacity-60 ${styles}`}
    >
      {pending ? (pendingText ?? "Working…") : children}
    </button>
  );
}
