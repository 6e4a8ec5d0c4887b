// The QR code on a ticket holds just the ticket code: short, so it scans from a
// phone screen or a poor print, and it means nothing without our check-in.
import QRCode from "qrcode";

export interface QrMatrix {
  size: number;
  /** Whether the module at row r, column c is dark. */
  dark(r: number, c: number): boolean;
}

export function ticketQr(code: string): QrMatrix {
  const { modules } = QRCode.create(code, { errorCorrectionLevel: "M" });
  return { size: modules.size, dark: (r, c) => Boolean(modules.get(r, c)) };
}
