"use client";
// Submits a form to a server action without React's automatic form reset, so
// whatever the person typed stays in the fields when the server says no.
import { useState, useTransition } from "react";
import type { FormState } from "@/lib/http/errors";

export function useSubmit(action: (fd: FormData) => Promise<FormState>) {
  const [state, setState] = useState<FormState>({ ok: true });
  const [pending, startTransition] = useTransition();
  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    startTransition(async () => setState(await action(fd)));
  }
  return { state, pending, onSubmit };
}
