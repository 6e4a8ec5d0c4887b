// What the emulated Cloudinary remembers: product environments ("clouds"), each
// with its API key and secret, the images uploaded to them with their bytes, and
// every delivery URL asked for (with its transformation), so the inbox can show
// what the app requested. Resizing is not emulated: a delivery answers with the
// stored bytes whatever the transformation says.
import { stateSlot } from "../core/state-slot";
import type { KeyBook } from "../core/key-credentials";

export interface Cloud {
  name: string;
  apiKey: string;
  apiSecret: string;
  /** Admin API calls in the current hour, for Cloudinary's hourly limit and its X-FeatureRateLimit-* headers. */
  adminWindow: { startMs: number; calls: number };
}

export interface Delivery {
  at: string;
  /** The transformation part of the URL ("c_limit,f_auto,q_auto,w_480"), "" for the original. */
  transformation: string;
  signed: boolean;
}

export interface Asset {
  assetId: string;
  cloud: string;
  publicId: string;
  bytes: Buffer;
  /** As Cloudinary names formats: jpg, png, gif, webp. */
  format: string;
  version: number;
  createdAt: string;
  originalFilename: string;
  deliveries: Delivery[];
}

export interface CloudinaryState extends KeyBook {
  clouds: Map<string, Cloud>;
  /** By `${cloud}/${public id}`. */
  assets: Map<string, Asset>;
  /** Every image removed, newest last, so the inbox shows what the app deleted. */
  destroyed: Array<{ cloud: string; publicId: string; at: string }>;
}

/** Cloudinary allows 500 Admin API calls an hour on its free plan. */
export const ADMIN_CALLS_PER_HOUR = 500;

/** The seeded environment: fake, public on purpose (it only opens the local emulator). */
export const DEMO_CLOUD = { name: "switchboard-demo", apiKey: "100000000000001", apiSecret: "cloudinary-sandbox-secret-fake" } as const;

export const assetKey = (cloud: string, publicId: string) => `${cloud}/${publicId}`;

export function newCloud(name: string, apiKey: string, apiSecret: string, nowMs: number): Cloud {
  return { name, apiKey, apiSecret, adminWindow: { startMs: nowMs, calls: 0 } };
}

export const CLOUDINARY_STATE = stateSlot<"cloudinary", CloudinaryState>("cloudinary", (nowMs) => ({
  clouds: new Map([[DEMO_CLOUD.name, newCloud(DEMO_CLOUD.name, DEMO_CLOUD.apiKey, DEMO_CLOUD.apiSecret, nowMs)]]),
  assets: new Map(),
  destroyed: [],
  seenKeys: new Set(),
  revokedKeys: new Set(),
}));
