// The one session-id rule, without zod (so a page can check an id without shipping a schema
// library): our UUIDs, and any other short URL-safe id the record may hold.
export const SESSION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
export const SESSION_ID_MESSAGE = "must be 1-128 letters, digits, _ . : -";

export function isValidSessionId(id: string): boolean {
  return SESSION_ID_PATTERN.test(id);
}
