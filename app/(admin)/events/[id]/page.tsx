import Link from "next/link";
import { notFound } from "next/navigation";
import { requireMember } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listAttendees } from "@/lib/domain/attendees/service";
import { findManifest } from "@/lib/integrations/registry";
import { isAdmin } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/domain/errors";
import { getEvent, listTicketTypes } from "@/lib/domain/events/queries";
import { formatMoney } from "@/lib/domain/money";
import { formatInZone, instantToLocal } from "@/lib/domain/time";
import { timeZoneList } from "@/lib/domain/time-zones";
import { ActionButton } from "@/components/ui/action-button";
import { EventForm } from "@/components/events/event-form";
import { TicketTypeForm } from "@/components/events/ticket-type-form";
import { ReminderForm } from "@/components/events/reminder-form";
import { formatOffset, offsetInput } from "@/lib/domain/reminders/offsets";
import { reminderOverview } from "@/lib/domain/reminders/settings";
import { Badge } from "@/components/ui/badge";
import { AttendeeSmsThread } from "@/components/events/attendee-sms";
import { AttendeeCalls } from "@/components/events/attendee-calls";
import { AttendeeSuppression } from "@/components/events/attendee-suppression";
import { suppressionsFor } from "@/lib/email/suppressions";
import { smsForAttendees } from "@/lib/sms/store";
import { callsForAttendees } from "@/lib/voice/store";
import { broadcastForm, pastBroadcasts } from "@/lib/broadcasting/view";
import { BroadcastForm } from "@/components/broadcasts/broadcast-form";
import { EVENT_LANGUAGES } from "@/lib/domain/events/input";
import { startBroadcastAction } from "./broadcasts/actions";
import { meetingsForEvent } from "@/lib/meetings/store";
import { MeetingLinks } from "@/components/events/meeting-links";
import { EventQuestions } from "@/components/events/event-questions";
import { AttendeeAnswers } from "@/components/events/attendee-answers";
import { answerFileLinks } from "@/lib/integrations/storage/answer-links";
import { appKeyring } from "@/lib/vault/app-keyring";
import { listQuestions } from "@/lib/domain/questions/service";
import { connectorQuestionKinds } from "@/lib/integrations/question-kinds";
import { addQuestionAction, deleteQuestionAction, moveQuestionAction, updateQuestionAction } from "./questions/actions";
import { connectionEventViews } from "@/lib/integrations/event-views";
import { ConnectionPanels } from "@/components/events/connection-panels";
import { customerDashboardLinks } from "@/lib/checkout/customer-links";
import { AttendeeConnectionStatus } from "@/components/events/attendee-connection-status";
import { OrderNotes } from "@/components/events/order-notes";
import { openNotesForEvent } from "@/lib/order-notes/store";
import { MaterialsUpload } from "@/components/events/materials-upload";
import { describeTypes } from "@/lib/files/content-type";
import { findFile, listEventFiles } from "@/lib/files/records";
import { formatBytes, PURPOSE_LIMITS } from "@/lib/files/limits";
import { fileLink } from "@/lib/integrations/storage/links";
import { deleteEventAction, removeMaterialAction } from "./files/actions";
import { randomUUID } from "node:crypto";
import { invoicesForEvent } from "@/lib/invoices/store";
import { invoicingProvider } from "@/lib/checkout/invoice-company";
import { DEFAULT_DAYS_UNTIL_DUE } from "@/lib/invoices/input";
import { CompanyInvoices } from "@/components/invoices/company-invoices";
import { InvoiceCompanyForm } from "@/components/invoices/invoice-company-form";
import { invoiceCompanyAction, voidInvoiceAction } from "./invoices/actions";
import {
  addTicketTypeAction,
  cancelEventAction,
  cancelRegistrationAction,
  checkInAction,
  publishEventAction,
  refundAction,
  updateEventAction,
  updateRemindersAction,
} from "../actions";

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const member = await requireMember();
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const event = await getEvent(db(), member.orgId, id).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  // Invoices are read before the attendees: an invoice is marked paid only after its order's tickets are
  // (lib/invoices/state.ts), so the page never shows an invoice paid beside its tickets still pending.
  const [companyInvoices, invoicer] = isAdmin(member) ? await Promise.all([invoicesForEvent(db(), member.orgId, id), invoicingProvider(db(), member.orgId)]) : [[], null];
  const [ticketTypes, attendees, reminders] = await Promise.all([listTicketTypes(db(), id), listAttendees(db(), member.orgId, id), reminderOverview(db(), event)]);
  const customerLinks = isAdmin(member) ? await customerDashboardLinks(db(), member.orgId, attendees.map((a) => a.payment_customer_id)) : new Map<string, string>();
  const meetings = event.online ? await meetingsForEvent(db(), member.orgId, id) : [];
  const [questions, connectionViews, orderNotes, answerLinks] = await Promise.all([
    listQuestions(db(), id),
    connectionEventViews(db(), member.orgId, id, attendees.map((a) => a.id)),
    openNotesForEvent(db(), member.orgId, id),
    answerFileLinks(db(), appKeyring(), member.orgId, attendees),
  ]);
  const [sms, calls, suppressions, messaging, broadcasts] = await Promise.all([
    smsForAttendees(db(), member.orgId, attendees.map((a) => a.id)),
    callsForAttendees(db(), member.orgId, attendees.map((a) => a.id)),
    suppressionsFor(db(), member.orgId, attendees.map((a) => a.email)),
    isAdmin(member) && event.status !== "draft" ? broadcastForm(db(), event) : undefined,
    isAdmin(member) ? pastBroadcasts(db(), member.orgId, id) : [],
  ]);

  const [materials, coverUrl] = await Promise.all([
    listEventFiles(db(), member.orgId, id, "material"),
    event.cover_file_id
      ? findFile(db(), member.orgId, event.cover_file_id).then((f) => (f?.status === "stored" ? fileLink(db(), appKeyring(), f, { expiresInSeconds: 3600, download: false }) : null)).catch(() => null)
      : null,
  ]);
  const invoiceableTypes = ticketTypes.filter((t) => t.price_minor > 0).map((t) => ({ id: t.id, label: `${t.name} (${formatMoney(t.price_minor, t.currency)})` }));
  const limitsText = (l: { types: readonly string[]; maxBytes: number }) => `${describeTypes(l.types)}, up to ${formatBytes(l.maxBytes)}.`;

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{event.title}</h1>
        <Badge value={event.status} />
        <div className="ml-auto flex gap-2">
          {event.status === "published" ? (
            <Link href={`/events/${id}/check-in`} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm hover:bg-slate-50">
              Check-in
            </Link>
          ) : null}
          {event.status !== "draft" ? (
            <Link href={`/e/${event.slug}`} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm hover:bg-slate-50">
              Public page
            </Link>
          ) : null}
          {event.status === "draft" ? <ActionButton action={publishEventAction.bind(null, id)} label="Publish" /> : null}
          {event.status !== "cancelled" ? (
            <ActionButton action={cancelEventAction.bind(null, id)} label="Cancel event" variant="danger" confirm="Cancel this event? Registration closes and this cannot be undone." />
          ) : null}
          {event.status !== "published" && isAdmin(member) ? (
            <ActionButton action={deleteEventAction.bind(null, id)} label="Delete event" variant="danger" confirm={`Delete "${event.title}" for good, with its registrations, cover and materials? This cannot be undone.`} />
          ) : null}
        </div>
      </div>
      <p className="text-sm text-slate-600">
        {formatInZone(event.starts_at, event.time_zone)} – {formatInZone(event.ends_at, event.time_zone)} ({event.time_zone})
        {event.venue ? ` · ${event.venue}` : ""}
      </p>
      {event.online ? <MeetingLinks meetings={meetings} /> : null}
      <ConnectionPanels panels={connectionViews.panels} />
      <OrderNotes notes={orderNotes} timeZone={event.time_zone} format={formatInZone} />

      <section aria-labelledby="attendees-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="attendees-heading" className="text-lg font-semibold">Attendees ({attendees.filter((a) => a.status === "pending" || a.status === "paid").length} / {event.capacity})</h2>
        {isAdmin(member) && event.status !== "draft" ? <Link href={`/reports/events/${id}`} className="mr-4 text-sm text-brand-700 underline">Sales and attendance report</Link> : null}
        {isAdmin(member) && attendees.length ? <a href={`/events/${id}/attendees-csv`} className="text-sm text-brand-700 underline" download>Download attendees and answers (CSV)</a> : null}
        {attendees.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">Nobody has registered yet.</p>
        ) : (
          <table className="mt-4 w-full text-sm">
            <thead className="text-left text-slate-600">
              <tr><th className="py-1 pr-4">Name</th><th className="pr-4">E-mail</th><th className="pr-4">Ticket</th><th className="pr-4">Status</th><th className="pr-4">Check-in</th><th className="pr-4">Payment</th><th><span className="sr-only">Cancel</span></th></tr>
            </thead>
            <tbody>
              {attendees.map((a) => (
                <tr key={a.id} className="border-t border-slate-100" data-testid="attendee-row">
                  <td className="py-2 pr-4">{a.name}<AttendeeAnswers answers={a.answers} fileLinks={answerLinks} /><AttendeeConnectionStatus lines={connectionViews.attendees.get(a.id)} /></td>
                  <td className="pr-4">
                    {a.email}
                    <AttendeeSuppression suppression={suppressions.get(a.email.toLowerCase())} timeZone={event.time_zone} format={formatInZone} />
                    <AttendeeSmsThread phone={a.sms_phone} consentAt={a.sms_consent_at} messages={sms.get(a.id) ?? []} timeZone={event.time_zone} format={formatInZone} />
                    <AttendeeCalls calls={calls.get(a.id) ?? []} timeZone={event.time_zone} format={formatInZone} />
                  </td>
                  <td className="pr-4">{a.ticket_type_name}</td>
                  <td className="pr-4"><Badge value={a.status} /></td>
                  <td>
                    {a.checked_in_at ? (
                      <span className="text-emerald-700">Checked in {formatInZone(a.checked_in_at, event.time_zone)}</span>
                    ) : a.status === "paid" ? (
                      <ActionButton action={checkInAction.bind(null, id, a.id)} label="Check in" variant="secondary" />
                    ) : (
                      <span className="text-slate-600">—</span>
                    )}
                  </td>
                  <td>
                    {a.status === "paid" && a.payment_intent_id && isAdmin(member) ? (
                      <ActionButton action={refundAction.bind(null, id, a.order_id, a.id, ticketTypes.find((t) => t.id === a.ticket_type_id)?.currency.trim() ?? "EUR")} label="Refund" variant="secondary" confirm={`Refund ${a.name}'s ${a.ticket_type_name} ticket through ${findManifest(a.payment_provider ?? "")?.name ?? "the payment provider"}?`} />
                    ) : a.disputed_at ? (
                      <span className="text-red-700">disputed</span>
                    ) : (
                      <span className="text-slate-600">{a.price_minor === 0 ? "free" : a.order_status}</span>
                    )}
                    {a.payment_mismatch ? <p className="mt-1 max-w-xs text-xs text-red-700" data-testid="payment-mismatch">{a.payment_mismatch}</p> : null}
                    {a.payment_customer_id && customerLinks.get(a.payment_customer_id) ? (
                      <a className="mt-1 block text-xs text-blue-700 underline" href={customerLinks.get(a.payment_customer_id)} target="_blank" rel="noreferrer">Customer in {findManifest(a.payment_provider ?? "")?.name ?? "the provider"}</a>
                    ) : null}
                  </td>
                  <td>
                    {/* Free tickets only: a paid one is refunded, which frees its place too. */}
                    {a.status === "paid" && a.order_total_minor === 0 && !a.checked_in_at && isAdmin(member) ? (
                      <ActionButton action={cancelRegistrationAction.bind(null, id, a.id)} label="Cancel registration" variant="secondary" confirm={`Cancel ${a.name}'s ${a.ticket_type_name} registration? The place is freed and this cannot be undone.`} />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {isAdmin(member) && event.status !== "draft" && (companyInvoices.length || (event.status === "published" && invoiceableTypes.length)) ? (
        <section aria-labelledby="invoices-heading" className="rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="invoices-heading" className="text-lg font-semibold">Invoice a company</h2>
          <p className="mt-1 text-sm text-slate-600">
            For a group order: the places are held until the company pays the invoice, and released if it is voided or not paid by its due date. The tickets carry the company&apos;s name until it names each holder (transfer a ticket to do so).
          </p>
          <CompanyInvoices invoices={companyInvoices} voidAction={(orderId) => voidInvoiceAction.bind(null, id, orderId)} format={(d) => formatInZone(d, event.time_zone)} />
          {event.status === "published" && invoiceableTypes.length ? (
            invoicer ? (
              <div className="mt-4">
                <InvoiceCompanyForm action={invoiceCompanyAction.bind(null, id)} ticketTypes={invoiceableTypes} attempt={randomUUID()} defaultDays={DEFAULT_DAYS_UNTIL_DUE} />
              </div>
            ) : (
              <p className="mt-4 text-sm text-slate-600">To send invoices, connect a payment provider that sends them (Settings → Integrations).</p>
            )
          ) : null}
        </section>
      ) : null}

      {messaging || broadcasts.length ? (
        <section aria-labelledby="broadcast-heading" className="rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="broadcast-heading" className="text-lg font-semibold">Message attendees</h2>
          {messaging ? <BroadcastForm action={startBroadcastAction.bind(null, id)} data={messaging} /> : null}
          {broadcasts.length ? (
            <>
              <h3 className="mt-6 text-sm font-semibold text-slate-700">Sent before</h3>
              <ul className="mt-2 divide-y divide-slate-100 text-sm" data-testid="past-broadcasts">
                {broadcasts.map((b) => (
                  <li key={b.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                    <span>
                      <Link href={`/events/${id}/broadcasts/${b.id}`} className="text-brand-700 underline">{b.what}</Link>
                      <span className="text-slate-600"> · {b.label} · {b.audience} · {formatInZone(b.createdAt, event.time_zone)}</span>
                    </span>
                    <span className="flex items-center gap-2 text-slate-700"><Badge value={b.status} /> {b.summary}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      {isAdmin(member) ? (
        <section aria-labelledby="materials-heading" className="rounded-lg border border-slate-200 bg-white p-6" data-testid="materials-section">
          <h2 id="materials-heading" className="text-lg font-semibold">Materials</h2>
          <p className="mt-1 text-sm text-slate-600">Files for attendees with a paid ticket: each one gets an e-mail with a personal link, valid until 30 days after the event.</p>
          {materials.length ? (
            <table className="mt-3 w-full text-sm">
              <thead className="text-left text-slate-600">
                <tr><th className="py-1 pr-4">Name</th><th className="pr-4">Type</th><th className="pr-4">Size</th><th className="pr-4">Added</th><th><span className="sr-only">Remove</span></th></tr>
              </thead>
              <tbody>
                {materials.map((m) => (
                  <tr key={m.id} className="border-t border-slate-100" data-testid="material-row">
                    <td className="py-2 pr-4 break-all">{m.filename}</td>
                    <td className="pr-4">{describeTypes([m.content_type])}</td>
                    <td className="pr-4">{formatBytes(Number(m.size_bytes))}</td>
                    <td className="pr-4">{formatInZone(m.created_at, event.time_zone)}</td>
                    <td><ActionButton action={removeMaterialAction.bind(null, id, m.id)} label="Remove" variant="secondary" confirm={`Remove ${m.filename}? Attendees' links stop listing it.`} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="mt-2 text-sm text-slate-600">No materials yet.</p>
          )}
          {event.status !== "cancelled" ? <MaterialsUpload eventId={id} accept={PURPOSE_LIMITS.material.types.join(",")} limitsText={limitsText(PURPOSE_LIMITS.material)} /> : null}
        </section>
      ) : null}

      <section aria-labelledby="tickets-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="tickets-heading" className="text-lg font-semibold">Ticket types</h2>
        {ticketTypes.length ? (
          <ul className="mt-3 divide-y divide-slate-100 text-sm">
            {ticketTypes.map((t) => (
              <li key={t.id} className="flex justify-between py-2">
                <span>{t.name}</span>
                <span>{formatMoney(t.price_minor, t.currency)} · {Number(t.taken ?? 0)} / {t.quantity} taken</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-slate-600">No ticket types yet: add one so people can register.</p>
        )}
        {event.status !== "cancelled" ? (
          <div className="mt-4">
            <TicketTypeForm action={addTicketTypeAction.bind(null, id)} defaultCurrency={ticketTypes[0]?.currency ?? "EUR"} />
          </div>
        ) : null}
      </section>

      {event.status !== "cancelled" || questions.length ? (
        <EventQuestions eventId={id} questions={questions} ticketTypes={ticketTypes} connectorKinds={connectorQuestionKinds()} canEdit={isAdmin(member) && event.status !== "cancelled"} actions={{ add: addQuestionAction, update: updateQuestionAction, remove: deleteQuestionAction, move: moveQuestionAction }} />
      ) : null}

      <section aria-labelledby="reminders-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="reminders-heading" className="text-lg font-semibold">Reminders</h2>
        {reminders.length ? (
          <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="reminder-list">
            {reminders.map((r) => (
              <li key={r.offsetMinutes} className="flex justify-between py-2">
                <span>{formatOffset(r.offsetMinutes)} before the start: {formatInZone(r.dueAt, event.time_zone)} ({event.time_zone})</span>
                <span>{r.sent} sent</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-slate-600">No reminders: attendees hear nothing before the event.</p>
        )}
        {event.status !== "cancelled" ? (
          <div className="mt-4">
            <ReminderForm action={updateRemindersAction.bind(null, id)} initial={event.reminder_offsets.map(offsetInput).join(", ")} />
          </div>
        ) : null}
      </section>

      {event.status !== "cancelled" ? (
        <section aria-labelledby="edit-heading" className="rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="edit-heading" className="text-lg font-semibold">Details</h2>
          <div className="mt-4">
            <EventForm
              action={updateEventAction.bind(null, id)}
              eventId={id}
              submitLabel="Save changes"
              timeZones={timeZoneList()}
              languages={EVENT_LANGUAGES}
              cover={{ currentUrl: coverUrl, accept: PURPOSE_LIMITS.cover.types.join(","), limitsText: limitsText(PURPOSE_LIMITS.cover) }}
              initial={{
                language: event.language,
                title: event.title,
                description: event.description,
                venue: event.venue,
                startsAt: instantToLocal(event.starts_at, event.time_zone),
                endsAt: instantToLocal(event.ends_at, event.time_zone),
                timeZone: event.time_zone,
                capacity: String(event.capacity),
                online: event.online ? "on" : "",
                hackathon: event.hackathon ? "on" : "",
                version: String(event.version),
              }}
            />
          </div>
        </section>
      ) : null}
    </div>
  );
}
