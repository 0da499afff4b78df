/**
 * What must not be in a model's answer: secrets and personal data (the same detectors
 * that redact training data, `privacy/sensitive.ts`), prompt-injection markers, and
 * refusals. Pure, and exported so that each pattern's positives and negatives can be
 * tested on their own.
 *
 * @module
 */
import { findSensitive } from "../privacy/sensitive.ts";

export { luhnValid } from "../privacy/sensitive.ts";

export type SafetyCategory = "secret" | "pii" | "injection" | "refusal";

/** One hit: what it is and the text it matched (keep the text out of reports: it may be the secret). */
export interface Finding {
  category: SafetyCategory;
  /** e.g. `api-key`, `email`, `credit-card`. */
  kind: string;
  match: string;
}

interface Detector {
  category: "injection" | "refusal";
  kind: string;
  /** Global, so every occurrence is found. */
  pattern: RegExp;
}

const detectors: readonly Detector[] = [
  {
    category: "injection",
    kind: "ignore-instructions",
    pattern:
      /\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:the\s+|your\s+)?(?:previous|prior|above|earlier|preceding)\s+(?:instructions|prompts?|directions|rules)/gi,
  },
  { category: "injection", kind: "system-prompt", pattern: /\bsystem\s+prompt\s*:/gi },
  { category: "injection", kind: "new-instructions", pattern: /\bnew\s+instructions\s*:/gi },
  {
    category: "injection",
    kind: "chat-template",
    pattern: /<\|im_start\|>|<\|im_end\|>|<\|system\|>|\[\/?INST\]|<<\/?SYS>>/g,
  },
  {
    category: "injection",
    kind: "jailbreak",
    pattern: /\byou\s+are\s+now\s+(?:DAN|in\s+developer\s+mode|jailbroken)\b/gi,
  },
  {
    category: "refusal",
    kind: "cannot-help",
    pattern:
      /\bI(?:\s+can(?:not|['’]t|\s+not)|\s+won['’]t|\s+am\s+(?:unable|not\s+able)\s+to|['’]m\s+(?:unable|not\s+able)\s+to)\s+(?:help|assist|comply|provide|answer|fulfil|do\s+that)/gi,
  },
  { category: "refusal", kind: "as-an-ai", pattern: /\bas\s+an\s+AI(?:\s+language)?\s+model\b/gi },
  { category: "refusal", kind: "must-decline", pattern: /\bI\s+must\s+(?:decline|refuse)\b/gi },
];

/** Every finding in `text`, of every category. */
export function scanText(text: string): Finding[] {
  return [...sensitive(text), ...detectors.flatMap((detector) => find(detector, text))];
}

/** Secrets in `text`: API keys and tokens by shape and entropy, private keys, bearer tokens, passwords. */
export function detectSecrets(text: string): Finding[] {
  return sensitive(text).filter((f) => f.category === "secret");
}

/** PII in `text`: emails, phone numbers, card numbers, IBANs, SSNs, IP addresses. */
export function detectPii(text: string): Finding[] {
  return sensitive(text).filter((f) => f.category === "pii");
}

/** Prompt-injection markers in `text`. */
export function detectInjection(text: string): Finding[] {
  return findCategory("injection", text);
}

/** Refusals in `text`. */
export function detectRefusal(text: string): Finding[] {
  return findCategory("refusal", text);
}

function findCategory(category: SafetyCategory, text: string): Finding[] {
  return detectors.filter((detector) => detector.category === category).flatMap((detector) => find(detector, text));
}

function find({ category, kind, pattern }: Detector, text: string): Finding[] {
  return [...text.matchAll(pattern)].map((match) => ({ category, kind, match: match[0] }));
}

function sensitive(text: string): Finding[] {
  return findSensitive(text).map(({ category, kind, match }) => ({ category, kind, match }));
}
