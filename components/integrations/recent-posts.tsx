// The posts a social network connection made lately, with what failed and why.
import type { SocialPostingView } from "@/lib/social-posting/view";

const KIND: Record<string, string> = { published: "Announcement", cancelled: "Cancellation", moved: "New date" };
const STATUS: Record<string, string> = { posting: "Posting…", posted: "Posted", duplicate: "Already there (same text)", failed: "Failed", refused: "Refused" };

export function RecentPosts({ posts }: { posts: SocialPostingView["posts"] }) {
  if (!posts.length) return <p className="text-sm text-slate-500">Nothing posted yet: publish an event and it is posted here.</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="recent-posts">
      {posts.map((p) => (
        <li key={p.id} className="py-3 text-sm">
          <p className="font-medium">
            {KIND[p.kind] ?? p.kind} · {p.event_title} · <span className={p.status === "failed" || p.status === "refused" ? "text-red-700" : "text-slate-600"}>{STATUS[p.status] ?? p.status}</span>
            {p.url ? (
              <>
                {" · "}
                <a className="text-brand-700 underline" href={p.url} target="_blank" rel="noreferrer">View post</a>
              </>
            ) : null}
          </p>
          <p className="mt-1 whitespace-pre-wrap text-slate-700">{p.text}</p>
          {p.error ? <p className="mt-1 text-red-700">{p.error}</p> : null}
        </li>
      ))}
    </ul>
  );
}
