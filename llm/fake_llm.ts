/**
 * A test double of the `Llm` port for unit tests: it answers a fixed tool
 * input, validates it against the request's schema as the real client does (E7912 on
 * a mismatch) and records the requests.
 *
 * @module
 */
import { AtlasError } from "../errors.ts";
import type { Llm, StructuredRequest } from "./llm.ts";

/** An Llm that always answers `answer`. */
export function fakeLlm(answer: unknown): Llm & { requests: StructuredRequest<unknown>[] } {
  const requests: StructuredRequest<unknown>[] = [];
  return {
    model: "fake",
    requests,
    structured<T>(request: StructuredRequest<T>): Promise<T> {
      requests.push(request as StructuredRequest<unknown>);
      const parsed = request.schema.safeParse(answer);
      if (!parsed.success) return Promise.reject(new AtlasError("E7912", parsed.error.message));
      return Promise.resolve(parsed.data);
    },
  };
}
