"use client";
// Becoming a member: choose a plan, give a name and e-mail, and go to the payment provider's checkout.
import { Field, FormMessage } from "@/components/ui/field";
import { usePublicPost } from "@/components/events/use-public-post";

export interface PlanOffer {
  id: string;
  name: string;
  price: string;
  grants: string;
}

export function SubscribeForm({ org, plans }: { org: string; plans: PlanOffer[] }) {
  const { errors, message, pending, post } = usePublicPost();
  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const created = await post(`/api/public/members/${encodeURIComponent(org)}/subscribe`, { planId: fd.get("planId"), name: fd.get("name"), email: fd.get("email") }, "The membership could not start; try again.");
    if (typeof created?.url === "string") window.location.assign(created.url);
  }
  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate aria-label="Become a member">
      <FormMessage message={message?.text} ok={message?.ok} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Plan</legend>
        {plans.map((p, i) => (
          <label key={p.id} className="flex items-start gap-3 rounded-md border border-slate-200 p-3 text-sm">
            <input type="radio" name="planId" value={p.id} defaultChecked={i === 0} className="mt-1" />
            <span>
              <span className="font-medium">{p.name}</span> · {p.price}
              <span className="block text-slate-600">{p.grants}</span>
            </span>
          </label>
        ))}
        {errors.planId ? <p role="alert" className="text-sm text-red-600">{errors.planId.join(" ")}</p> : null}
      </fieldset>
      <Field name="name" label="Your name" errors={errors.name}>
        {(p) => <input {...p} type="text" autoComplete="name" />}
      </Field>
      <Field name="email" label="E-mail" errors={errors.email} hint="Your membership is tied to this address: use it when you buy tickets.">
        {(p) => <input {...p} type="email" autoComplete="email" />}
      </Field>
      <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? "Opening checkout…" : "Subscribe"}
      </button>
    </form>
  );
}
