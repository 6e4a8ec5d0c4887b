export function timeZoneList(): string[] {
  return Intl.supportedValuesOf("timeZone");
}
