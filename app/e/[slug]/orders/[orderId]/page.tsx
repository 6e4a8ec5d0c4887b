// Where the payment provider's checkout sends the buyer back. It shows the order's
// real state: paid, or "being confirmed" while the provider's callback has not
// arrived yet.
import Link from "next/link";
import { notFound } from "next/navigation";
import { db } from "@/lib/db/client";
import { formatMoney } from "@/lib/domain/money";
import { ActionButton } from "@/components/ui/action-button";
import { RefreshWhilePending } from "@/components/events/refresh-while-pending";
import { paidFor } from "@/lib/domain/registrations/cancel";
import { cancelOwnTicketAction } from "./actions";

export const metadata = { title: "Your order" };

export default async function OrderPage({ params, searchParams }: { params: Promise<{ slug: string; orderId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug, orderId } = await params;
  // The on-page form's provider sends the buyer back here after 3-D Secure, saying how it went.
  const authenticationFailed = (await searchParams).redirect_status === "failed";
  if (!/^[0-9a-f-]{36}$/i.test(orderId)) notFound();
  const order = await db()
    .selectFrom("orders")
    .innerJoin("events", "events.id", "orders.event_id")
    .select(["orders.id", "orders.status", "orders.total_minor", "orders.currency", "orders.buyer_name", "orders.buyer_email", "orders.checkout_form", "events.title", "events.slug"])
    .where("orders.id", "=", orderId)
    .where("events.slug", "=", slug)
    .executeTakeFirst();
  if (!order) notFound();
  const tickets = await db()
    .selectFrom("attendees")
    .innerJoin("ticket_types", "ticket_types.id", "attendees.ticket_type_id")
    .select((eb) => ["attendees.id", "ticket_types.name", "attendees.status", "attendees.checked_in_at", eb.fn.coalesce("attendees.price_paid_minor", "ticket_types.price_minor").as("price_minor")])
    .where("attendees.order_id", "=", orderId)
    .execute();

  return (
    <main className="mx-auto max-w-xl px-6 py-12">
      {order.status === "pending" && !authenticationFailed ? <RefreshWhilePending /> : null}
      <p className="text-sm text-slate-500"><Link href={`/e/${order.slug}`} className="underline">{order.title}</Link></p>
      {order.status === "paid" && order.total_minor === 0 ? (
        <>
          <h1 className="mt-2 text-2xl font-semibold" data-testid="order-status">You&apos;re registered!</h1>
          <p className="mt-2 text-slate-700">A confirmation goes to {order.buyer_email}. Keep this page&apos;s address to see or cancel your registration.</p>
        </>
      ) : order.status === "paid" ? (
        <>
          <h1 className="mt-2 text-2xl font-semibold" data-testid="order-status">Payment received: you&apos;re in!</h1>
          <p className="mt-2 text-slate-700">A confirmation goes to {order.buyer_email}.</p>
        </>
      ) : order.status === "pending" && order.checkout_form === "on_page" && authenticationFailed ? (
        <>
          <h1 className="mt-2 text-2xl font-semibold" data-testid="order-status">Your bank did not confirm the payment.</h1>
          <p className="mt-2 text-slate-700">Nothing was charged and your places are still held. <Link href={`/e/${order.slug}/orders/${order.id}/pay`} className="underline">Try again</Link> with this or another card.</p>
        </>
      ) : order.status === "pending" ? (
        <>
          <h1 className="mt-2 text-2xl font-semibold" data-testid="order-status">Your payment is being confirmed…</h1>
          <p className="mt-2 text-slate-700">This page updates by itself as soon as the payment provider confirms it.</p>
          {order.checkout_form === "on_page" ? (
            <p className="mt-2 text-sm text-slate-600">Not paid yet? <Link href={`/e/${order.slug}/orders/${order.id}/pay`} className="underline">Go to the payment form</Link>.</p>
          ) : null}
        </>
      ) : order.status === "cancelled" && order.total_minor === 0 ? (
        <h1 className="mt-2 text-2xl font-semibold" data-testid="order-status">Your registration was cancelled.</h1>
      ) : order.status === "refunded" ? (
        <h1 className="mt-2 text-2xl font-semibold" data-testid="order-status">This order was refunded.</h1>
      ) : (
        <>
          <h1 className="mt-2 text-2xl font-semibold" data-testid="order-status">This checkout did not complete.</h1>
          <p className="mt-2 text-slate-700">Nothing was charged and the places were released. <Link href={`/e/${order.slug}`} className="underline">Try again</Link>.</p>
        </>
      )}
      <ul className="mt-6 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
        {tickets.map((t) => (
          <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2">
            <span>{t.name}</span>
            <span className="flex items-center gap-3">
              <span className="text-slate-600">{t.status}</span>
              {/* A free ticket can be given back here, in a paid order too; a paid one is refunded by the organizer. */}
              {!paidFor(order.total_minor, t.price_minor) && t.status === "paid" && !t.checked_in_at ? (
                <ActionButton action={cancelOwnTicketAction.bind(null, order.slug, order.id, t.id)} label="Cancel this ticket" variant="secondary" confirm={`Cancel your ${t.name} ticket for ${order.title}? Your place goes to someone else.`} />
              ) : null}
            </span>
          </li>
        ))}
        <li className="flex justify-between px-4 py-2 font-medium"><span>Total</span><span>{formatMoney(order.total_minor, order.currency.trim())}</span></li>
      </ul>
      {tickets.some((t) => t.status === "paid") ? (
        <p className="mt-4">
          {/* A plain link: the PDF is a download, not a page the client router could render. */}
          <a href={`/e/${order.slug}/orders/${order.id}/tickets.pdf`} className="inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700" data-testid="download-tickets" download>
            Download your tickets (PDF)
          </a>
          <span className="ml-2 text-sm text-slate-600">Show the QR code at the entrance, on paper or on your phone.</span>
        </p>
      ) : null}
    </main>
  );
}
