/** The outcome of acting on one stored callback, kept on its row. */
export interface Processed {
  status: "processed" | "ignored";
  outcome: string;
}

export const processed = (outcome: string): Processed => ({ status: "processed", outcome });
export const ignored = (outcome: string): Processed => ({ status: "ignored", outcome });
