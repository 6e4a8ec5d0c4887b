import { describe, expect, it } from "vitest";
import { parseOrThrow, ValidationError } from "@/lib/domain/errors";
import { eventInput, ticketTypeInput } from "@/lib/domain/events/input";
import { registrationInput } from "@/lib/domain/registrations/input";

function fieldErrors(fn: () => unknown): Record<string, string[]> {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.fieldErrors;
    throw err;
  }
  throw new Error("expected a validation error");
}

const good = {
  title: "Launch",
  startsAt: "2030-01-01T10:00",
  endsAt: "2030-01-01T12:00",
  timeZone: "Europe/Zurich",
  capacity: "50",
};

describe("event input", () => {
  it("accepts a complete event and coerces capacity from a form string", () => {
    const v = parseOrThrow(eventInput, good);
    expect(v.capacity).toBe(50);
    expect(v.description).toBe("");
  });

  it("names each bad field with a message a person can act on", () => {
    const errors = fieldErrors(() =>
      parseOrThrow(eventInput, { ...good, title: "  ", timeZone: "Mars/Olympus", capacity: "0" }),
    );
    expect(errors.title).toEqual(["Give the event a title"]);
    expect(errors.timeZone).toEqual(["Choose a valid time zone, such as Europe/Zurich"]);
    expect(errors.capacity).toEqual(["Capacity must be at least 1"]);
  });

  it("refuses an event that ends before it starts, on the end field", () => {
    const errors = fieldErrors(() => parseOrThrow(eventInput, { ...good, endsAt: "2030-01-01T09:00" }));
    expect(errors.endsAt).toEqual(["The event must end after it starts"]);
  });

  it("refuses a malformed date", () => {
    const errors = fieldErrors(() => parseOrThrow(eventInput, { ...good, startsAt: "tomorrow" }));
    expect(errors.startsAt).toEqual(["Enter a date and time"]);
  });
});

describe("ticket type input", () => {
  it("upper-cases the currency and checks the price format", () => {
    expect(parseOrThrow(ticketTypeInput, { name: "VIP", price: "25.50", currency: "eur", quantity: "5" }).currency).toBe("EUR");
    const errors = fieldErrors(() => parseOrThrow(ticketTypeInput, { name: "VIP", price: "25,50", currency: "EURO", quantity: "x" }));
    expect(Object.keys(errors).sort()).toEqual(["currency", "price", "quantity"]);
  });
});

describe("registration input", () => {
  it("normalizes e-mail and turns an empty phone into null", () => {
    const v = parseOrThrow(registrationInput, {
      ticketTypeId: "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
      quantity: "2",
      name: "Ana",
      email: " Ana@Example.COM ",
      phone: "",
    });
    expect(v.email).toBe("ana@example.com");
    expect(v.phone).toBeNull();
    expect(v.quantity).toBe(2);
  });

  it("says which field is wrong", () => {
    const errors = fieldErrors(() =>
      parseOrThrow(registrationInput, { ticketTypeId: "nope", quantity: 11, name: "", email: "ana@", phone: "call me" }),
    );
    expect(errors.email).toEqual(["Enter a valid e-mail address, such as ana@example.com"]);
    expect(errors.quantity).toEqual(["At most 10 tickets per registration"]);
    expect(errors.name).toEqual(["Enter your name"]);
    expect(errors.ticketTypeId).toEqual(["Choose a ticket type"]);
    expect(errors.phone).toBeDefined();
  });
});
