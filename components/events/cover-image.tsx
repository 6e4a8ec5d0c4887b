// The cover in a fixed 2:1 box, so the page does not jump while it loads.

export interface CoverImageProps {
  src: string;
  srcSet?: string;
  alt: string;
}

export function CoverImage({ cover, priority }: { cover: CoverImageProps; priority?: boolean }) {
  return (
    <div className="relative aspect-[2/1] w-full overflow-hidden rounded-lg bg-slate-100">
      {/* eslint-disable-next-line @next/next/no-img-element -- the bytes come from our own signed or public file routes, or the storage provider's resized versions */}
      <img
        src={cover.src}
        srcSet={cover.srcSet}
        sizes="(min-width: 672px) 672px, 100vw"
        alt={cover.alt}
        width={1200}
        height={600}
        loading={priority ? "eager" : "lazy"}
        className="absolute inset-0 h-full w-full object-cover"
        data-testid="event-cover"
      />
    </div>
  );
}
