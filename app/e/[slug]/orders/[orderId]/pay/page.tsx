// The on-page payment form of one order: the gateway's own form (card fields in
// its frames), confirmed in the browser; the order page it returns to reads the
// real state, which the provider's callback settles.
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { PaymentForm } from "@/components/checkout/payment-form";
import { orderPageUrl } from "@/lib/checkout/start";
import { payPage } from "@/lib/checkout/on-page";
import { db } from "@/lib/db/client";
import { formatMoney } from "@/lib/domain/money";

export const metadata = { title: "Pay for your order" };
// Read on every visit: the payment's state and its client secret come from the provider, never from a cache.
export const dynamic = "force-dynamic";

export default async function PayPage({ params }: { params: Promise<{ slug: string; orderId: string }> }) {
  const { slug, orderId } = await params;
  const page = await payPage(db(), slug, orderId);
  if (!page) notFound();
  if (page.kind === "done") redirect(`/e/${encodeURIComponent(slug)}/orders/${orderId}`);
  if (page.kind === "unavailable") {
    return (
      <main className="mx-auto max-w-xl px-6 py-12">
        <h1 className="text-2xl font-semibold">Payment</h1>
        <p className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-800" role="alert" data-testid="pay-unavailable">{page.message}</p>
      </main>
    );
  }
  const { order, eventTitle, form } = page;
  const amount = formatMoney(order.total_minor, order.currency.trim());
  const holdUntil = order.hold_expires_at ? new Date(order.hold_expires_at) : null;
  return (
    <main className="mx-auto max-w-xl px-6 py-12">
      <p className="text-sm text-slate-500"><Link href={`/e/${slug}`} className="underline">{eventTitle}</Link></p>
      <h1 className="mt-2 text-2xl font-semibold">Pay {amount}</h1>
      <p className="mt-2 text-sm text-slate-600">
        For {order.buyer_name} ({order.buyer_email}).
        {holdUntil ? <> Your places are held until <time dateTime={holdUntil.toISOString()}>{holdUntil.toISOString().slice(11, 16)} UTC</time>.</> : null}
      </p>
      <div className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <PaymentForm publishableKey={form.publishableKey} clientSecret={form.clientSecret} scriptUrl={form.scriptUrl} returnUrl={orderPageUrl(slug, order.id)} amount={amount} />
      </div>
      <p className="mt-4 text-xs text-slate-500">Card details go straight to the payment provider; 3-D Secure, where your bank asks for it, is theirs too.</p>
    </main>
  );
}
