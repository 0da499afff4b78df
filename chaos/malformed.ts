/**
 * Malformed inputs, seeded: what a broken producer, a fuzzer or an attacker sends.
 * Random bytes, truncated JSON, deep nesting, huge strings, wrong types, bad UTF-8,
 * wrong headers, empty and non-event values; as Kafka messages (each must be
 * dead-lettered with its code) and as HTTP requests (each must be answered with one).
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { seededRandom } from "../learning/seeded_random.ts";

export const malformedKinds = [
  "random-bytes",
  "truncated-json",
  "deep-nesting",
  "huge-string",
  "wrong-types",
  "bad-utf8",
  "wrong-headers",
  "empty",
  "not-an-event",
] as const;

export type MalformedKind = typeof malformedKinds[number];

export interface Malformed {
  kind: MalformedKind;
  value: Buffer;
  headers: Record<string, string>;
}

const event = (n: number, data: unknown, type = "atlas.trajectory.step") => ({
  specversion: "1.0",
  id: `malformed-${n}`,
  source: "chaos://malformed",
  type,
  data,
});

/** `count` malformed inputs, the kinds in turn; `hugeBytes` is the size of a huge string (Kafka's limit is ~1 MB). */
export function malformedInputs(count: number, seed: number, hugeBytes: number): Malformed[] {
  const random = seededRandom(seed);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
  const text = (value: string, headers: Record<string, string> = {}) => ({ value: Buffer.from(value), headers });
  return Array.from({ length: count }, (_, n): Malformed => {
    const kind = malformedKinds[n % malformedKinds.length]!;
    const valid = JSON.stringify(event(n, { trajectoryId: `malformed-${n}`, index: 0, kind: "action", content: "x" }));
    switch (kind) {
      case "random-bytes":
        return { kind, value: bytes(1 + Math.floor(random() * 2_000)), headers: {} };
      case "truncated-json":
        return { kind, ...text(valid.slice(0, 1 + Math.floor(random() * (valid.length - 2)))) };
      case "deep-nesting": {
        const depth = 2_000 + Math.floor(random() * 100_000);
        return { kind, ...text(`{"specversion":"1.0","data":${"[".repeat(depth)}${"]".repeat(depth)}}`) };
      }
      case "huge-string":
        // A step without its index: invalid whatever its size.
        return {
          kind,
          ...text(
            JSON.stringify(
              event(n, { trajectoryId: `malformed-${n}`, kind: "action", content: "x".repeat(hugeBytes) }),
            ),
          ),
        };
      case "wrong-types":
        return { kind, ...text(JSON.stringify(event(n, { trajectoryId: 42, index: "three", kind: ["action"] }))) };
      case "bad-utf8":
        return {
          kind,
          value: Buffer.concat([
            Buffer.from(valid.slice(0, 40)),
            Buffer.from([0xff, 0xfe, 0xc3]),
            Buffer.from(valid.slice(40)),
          ]),
          headers: {},
        };
      case "wrong-headers":
        // Binary mode that names no type, with an XML body.
        return {
          kind,
          ...text("<event/>", { ce_specversion: "1.0", ce_id: `malformed-${n}`, "content-type": "application/xml" }),
        };
      case "empty":
        return { kind, value: Buffer.alloc(0), headers: {} };
      case "not-an-event":
        return { kind, ...text(JSON.stringify(random() < 0.5 ? [1, 2, 3] : { hello: "world" })) };
    }
  });
}
