// What the public page shows as the cover: the public address of the
// image, and, when its backend makes resized versions (Cloudinary), a srcset.
// A backend that fails to answer costs the srcset, never the page.
import type { Db } from "@/lib/db/client";
import { findFile } from "@/lib/files/records";
import { imageVariants } from "@/lib/integrations/storage/links";
import { log } from "@/lib/log";
import type { Keyring } from "@/lib/vault";
import type { CoverImageProps } from "@/components/events/cover-image";

const WIDTHS = [480, 768, 1200] as const;


async function storedCover(db: Db, event: { org_id: string; cover_file_id: string | null }) {
  if (!event.cover_file_id) return null;
  const file = await findFile(db, event.org_id, event.cover_file_id);
  return file && file.status === "stored" ? file : null;
}

/** The cover's address alone, for link previews (Open Graph, JSON-LD): no provider is asked for variants. */
export async function coverPath(db: Db, event: { org_id: string; cover_file_id: string | null }): Promise<string | null> {
  const file = await storedCover(db, event);
  return file ? `/api/public/files/${file.id}` : null;
}

export async function coverImage(db: Db, keyring: Keyring, event: { org_id: string; cover_file_id: string | null; title: string }): Promise<CoverImageProps | null> {
  const file = await storedCover(db, event);
  if (!file) return null;
  const variants = await imageVariants(db, keyring, file, WIDTHS).catch((err: Error) => {
    log.warn({ fileId: file.id, err: err.message }, "cover variants unavailable; showing the original");
    return [];
  });
  return {
    src: `/api/public/files/${file.id}`,
    srcSet: variants.length ? variants.map((v) => `${v.url} ${v.width}w`).join(", ") : undefined,
    alt: `Cover image of ${event.title}`,
  };
}
