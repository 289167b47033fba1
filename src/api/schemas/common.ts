/**
 * Shared zod building blocks. Schemas accept what the real server sends: extra fields are kept
 * (`z.looseObject`), ids may be strings or integers, timestamps are any ISO-8601 text with or without an offset.
 *
 * @module
 */
import { z } from "zod";
import { UnexpectedResponseError } from "../errors.ts";

/** The text of an ISO-8601 timestamp, with or without a UTC offset. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO-8601 timestamp, with or without a UTC offset (a naive value means UTC). */
export const isoDate = z.string().refine((s) => ISO_DATE.test(s), { message: "expected an ISO-8601 date" });

/** An id the server sends as an integer in one endpoint and a string in another. */
export const flexibleId = z.union([z.number().int(), z.string()]);

/** `{"success": true, "message": "..."}`, the answer of most write endpoints. */
export const successMessage = z.looseObject({
  success: z.boolean().optional(),
  message: z.string().optional(),
});
/** The answer of most write endpoints. */
export type SuccessMessage = z.infer<typeof successMessage>;

/** Parses a response body, or throws an {@link UnexpectedResponseError} naming the endpoint and the first issues. */
export function parseResponse<T extends z.ZodType>(schema: T, data: unknown, endpoint: string): z.infer<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`)
    .join("; ");
  const got = data === undefined ? " (the body was empty)" : "";
  throw new UnexpectedResponseError(`Unexpected response from ${endpoint}${got}: ${issues}`, {
    code: "UnexpectedResponse",
    details: result.error.issues.slice(0, 10),
  });
}

/** Converts a timestamp from the server to a Date (naive values are taken as UTC). */
export function toDate(value: string): Date {
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value);
  return new Date(hasZone || !value.includes("T") ? value : `${value}Z`);
}
