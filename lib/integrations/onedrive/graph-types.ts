// The parts of Graph's drive resources we read (names as in Graph's CSDL).

export interface DriveItem {
  id: string;
  name: string;
  webUrl?: string;
  size?: number;
  folder?: { childCount?: number };
  file?: { mimeType?: string };
}

interface Identity {
  user?: { email?: string; displayName?: string; id?: string };
}

export interface Permission {
  id: string;
  roles?: string[];
  link?: { type?: string; scope?: string; webUrl?: string };
  grantedToV2?: Identity;
  grantedTo?: Identity;
  grantedToIdentitiesV2?: Identity[];
  invitation?: { email?: string; signInRequired?: boolean };
}

export interface UploadSession {
  uploadUrl: string;
  expirationDateTime?: string;
  nextExpectedRanges?: string[];
}

export interface GraphUser {
  id: string;
  mail?: string | null;
  userPrincipalName?: string;
  displayName?: string;
}

export interface GraphDrive {
  id: string;
  driveType?: string;
  webUrl?: string;
  quota?: { total?: number; used?: number; remaining?: number; state?: string };
}

/** Every address a permission was granted to (Graph names the grantee in several places). */
export function granteesOf(p: Permission): string[] {
  const all = [p.grantedToV2?.user?.email, p.grantedTo?.user?.email, p.invitation?.email, ...(p.grantedToIdentitiesV2 ?? []).map((i) => i.user?.email)];
  return [...new Set(all.filter((e): e is string => Boolean(e)).map((e) => e.toLowerCase()))];
}
