/**
 * Redaction: secrets and personal data replaced by typed placeholders (`<EMAIL_1>`,
 * `<SECRET_2>`), the same value by the same placeholder across the texts of one
 * example, so what the example says about who did what still reads true.
 *
 * @module
 */
import { findSensitive, type Sensitive } from "./sensitive.ts";

/** What a dataset does with an example holding personal data (secrets are always redacted). */
export type PrivacyPolicy = "redact" | "drop" | "keep";

/** The placeholder's type for a kind of finding: secrets are all `SECRET`. */
export function placeholderType(hit: Pick<Sensitive, "category" | "kind">): string {
  if (hit.category === "secret") return "SECRET";
  return ({ "credit-card": "CARD", "ip-address": "IP" } as Record<string, string>)[hit.kind] ?? hit.kind.toUpperCase();
}

const placeholder = /<(SECRET|EMAIL|PHONE|CARD|IBAN|SSN|IP)_\d+>/g;

export interface Redacted<T extends readonly (string | null)[]> {
  texts: T;
  /** Findings replaced, by kind (`email`, `api-key`, …). */
  redacted: Record<string, number>;
  /** Findings left in place (personal data under `keep`), by kind. */
  kept: Record<string, number>;
}

/**
 * Redacts `texts` (the fields of one example) under `policy`: `redact` replaces
 * every finding, `keep` only secrets. (`drop` is the caller's: it needs the findings,
 * which `redacted` and `kept` give.)
 */
export function redactTexts<T extends readonly (string | null)[]>(texts: T, policy: PrivacyPolicy): Redacted<T> {
  const names = new Map<string, string>();
  const next = new Map<string, number>();
  const redacted: Record<string, number> = {};
  const kept: Record<string, number> = {};
  const out = texts.map((text) => {
    if (text === null) return null;
    let result = "";
    let at = 0;
    for (const hit of findSensitive(text)) {
      if (policy === "keep" && hit.category === "pii") {
        kept[hit.kind] = (kept[hit.kind] ?? 0) + 1;
        continue;
      }
      redacted[hit.kind] = (redacted[hit.kind] ?? 0) + 1;
      const type = placeholderType(hit);
      const key = `${type}\u0000${hit.match}`;
      let name = names.get(key);
      if (!name) {
        const n = (next.get(type) ?? 0) + 1;
        next.set(type, n);
        names.set(key, name = `<${type}_${n}>`);
      }
      result += text.slice(at, hit.start) + name;
      at = hit.end;
    }
    return result + text.slice(at);
  }) as unknown as T;
  return { texts: out, redacted, kept };
}

/** The placeholders in `text` by type, each distinct one once: what a redacted text hides. */
export function placeholdersIn(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of new Set(text.match(placeholder) ?? [])) {
    const type = name.slice(1, name.lastIndexOf("_"));
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}
