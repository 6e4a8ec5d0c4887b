// GET /e/<slug>/orders/<order id>/tickets.pdf — the order's valid tickets as a PDF.
// The same key as the order page: whoever has the order's address (its id, with
// the event's slug) holds its tickets.
import { db } from "@/lib/db/client";
import { ticketPdf } from "@/lib/tickets/pdf";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function notFound(): Response {
  return new Response("No tickets to download for this order. Only paid tickets have a PDF.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

export async function GET(_req: Request, { params }: { params: Promise<{ slug: string; orderId: string }> }) {
  const { slug, orderId } = await params;
  if (!UUID.test(orderId)) return notFound();
  const order = await db()
    .selectFrom("orders")
    .innerJoin("events", "events.id", "orders.event_id")
    .select(["orders.id", "orders.org_id", "events.slug"])
    .where("orders.id", "=", orderId)
    .where("events.slug", "=", slug)
    .executeTakeFirst();
  if (!order) return notFound();
  const pdf = await ticketPdf(db(), order.org_id, order.id);
  if (!pdf) return notFound();
  return new Response(Buffer.from(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="tickets-${order.slug}.pdf"`,
      // The URL is the key to the tickets: no shared cache may keep them.
      "Cache-Control": "private, no-store",
    },
  });
}
