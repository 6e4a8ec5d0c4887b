// Files. Switchboard keeps every file it holds (cover images, event materials,
// attendees' uploads) as one row in `files` and its bytes in one place: the local
// disk under .data by default, or the organization's enabled storage connection
// (S3-compatible, Cloudinary for images). A connector that holds bytes has the
// `storage` capability below; the generic code in lib/integrations/storage picks
// the backend, falls back to the local disk while a provider is down and moves
// the file later, and hands out signed links. Object keys are always generated
// by us (org/<org id>/<purpose>/<file id>), never from a name a person typed, so
// no name can reach outside its organization's prefix.

/** What a file is for; a backend may take only some purposes (Cloudinary: covers). */
import type { FilePurpose } from "@/lib/db/schema";
export type { FilePurpose };

export const FILE_PURPOSES: readonly FilePurpose[] = ["cover", "material", "answer"];

/** What is known about a stored object without its bytes. */
export interface StoredObjectMeta {
  contentType: string;
  size: number;
  /** The name the file was uploaded with, for the download's Content-Disposition (never part of the key). */
  filename: string;
}

/**
 * A request the browser sends straight to the provider (a presigned S3 PUT): the
 * provider itself refuses a body of another size or type, because both are signed.
 */
export interface UploadTarget {
  method: "PUT" | "POST";
  url: string;
  /** Headers the browser must send exactly as given (they are part of the signature). */
  headers: Record<string, string>;
  /** Form fields to send before the file, for a POST upload. */
  fields?: Record<string, string>;
  /** The form field that carries the file, for a POST upload. */
  fileField?: string;
}

/** One responsive size of an image, for a srcset. */
export interface ImageVariant {
  width: number;
  url: string;
}

/**
 * Bytes kept by a provider. Every operation runs through ctx.call (the one policy),
 * except signing URLs, which is local computation. Deleting what is not there
 * succeeds, so a repeated removal job is harmless.
 */
export interface StorageCapability<Ctx> {
  /** The purposes this backend keeps; absent means every purpose. Others stay with the next backend (the local disk). */
  purposes?: readonly FilePurpose[];
  put(ctx: Ctx, key: string, body: Uint8Array, meta: StoredObjectMeta): Promise<void>;
  /** The whole object, or its first `maxBytes` (to check an upload's content). */
  get(ctx: Ctx, key: string, opts?: { maxBytes?: number }): Promise<Uint8Array>;
  /** Null when no object has the key. */
  head(ctx: Ctx, key: string): Promise<{ size: number; contentType: string } | null>;
  delete(ctx: Ctx, key: string): Promise<void>;
  list(ctx: Ctx, prefix: string): Promise<Array<{ key: string; size: number }>>;
  /** A link anyone holding it may GET until it expires; `download` asks for an attachment rather than inline display. */
  readUrl(ctx: Ctx, key: string, opts: StoredObjectMeta & { expiresInSeconds: number; download: boolean }): Promise<string>;
  /** A direct browser upload of exactly `size` bytes of `contentType`; absent when uploads go through Switchboard. */
  uploadTarget?(ctx: Ctx, key: string, opts: { contentType: string; size: number; expiresInSeconds: number }): Promise<UploadTarget>;
  /** Resized versions of an image for a srcset (Cloudinary's transformations); absent: pages use the original. */
  imageVariants?(ctx: Ctx, key: string, widths: readonly number[]): ImageVariant[];
}

/** A stored file as connectors see it (a material to copy into a shared folder). */
export interface StoredFile extends StoredObjectMeta {
  id: string;
  bytes: Uint8Array;
}

/**
 * Reading the organization's own files from wherever they are kept, handed to
 * every connector in its context: a connector never needs to know which backend
 * holds a file (Google Drive copies a material that S3 or the local disk keeps).
 */
export interface FileAccess {
  /** The file's bytes and what it is; throws NotFound for a file of another organization or a removed one. */
  read(fileId: string): Promise<StoredFile>;
}
