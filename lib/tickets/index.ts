// Tickets at the door: the code's forms, the PDF an attendee carries, and validation.
export { formatTicketCode, parseTicketCode } from "./code";
export { ticketQr, type QrMatrix } from "./qr";
export { ticketPdf, renderTicketPdf, eventWhen, type PrintedEvent, type PrintedTicket } from "./pdf";
export { checkInCounts, findTicketByCode } from "./lookup";
export { validateTicket, validateTicketLimited, TICKET_OUTCOMES, type TicketOutcome, type TicketValidation, type ValidateOptions } from "./validate";
export { validateAtDoor, type DoorAnswer, type DoorRequest } from "./door";
