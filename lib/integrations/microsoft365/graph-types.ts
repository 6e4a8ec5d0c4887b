// The parts of Graph's resources we read and write (names as in Graph's CSDL).

export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

export interface GraphAttendee {
  emailAddress: { address: string; name?: string };
  type?: "required" | "optional" | "resource";
}

export interface GraphEvent {
  id: string;
  changeKey?: string;
  subject?: string;
  start?: DateTimeTimeZone;
  end?: DateTimeTimeZone;
  location?: { displayName?: string };
  isCancelled?: boolean;
  attendees?: GraphAttendee[];
  onlineMeeting?: { joinUrl?: string } | null;
  transactionId?: string;
  "@removed"?: { reason: string };
}

export interface GraphCalendar {
  id: string;
  name: string;
  isDefaultCalendar?: boolean;
  canEdit?: boolean;
}

export interface GraphUser {
  id: string;
  mail?: string | null;
  userPrincipalName?: string;
  displayName?: string;
}

export interface GraphPage<T> {
  value: T[];
  "@odata.nextLink"?: string;
  "@odata.deltaLink"?: string;
}
