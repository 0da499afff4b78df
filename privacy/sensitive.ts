/**
 * Secrets and personal data in text, found with their place: the patterns training
 * data is redacted with and a model's answers are checked against.
 *
 * - secrets: API keys and tokens by their known shapes (Anthropic and OpenAI keys, AWS
 *   access keys, GitHub, GitLab, Slack, Google, Stripe tokens, JWTs, private key blocks,
 *   bearer tokens, assigned passwords), and by their entropy: a long run of letters
 *   and digits that is random enough, the more readily after a word like `token`;
 * - PII: emails, phone numbers, card numbers (Luhn), IBANs (mod 97), US social security
 *   numbers, IP addresses (v4 and v6; loopback and unspecified ones are not anyone's).
 *
 * The patterns favour recall where a miss costs most (secrets) and precision where
 * ordinary text looks alike (a phone number needs separators or a `+`, a card number
 * its checksum, an IPv4 octet no leading zero, so dates and versions are not taken).
 *
 * @module
 */

export type SensitiveCategory = "secret" | "pii";

/** One hit, with its place in the text. */
export interface Sensitive {
  category: SensitiveCategory;
  /** e.g. `api-key`, `email`, `credit-card`. */
  kind: string;
  start: number;
  end: number;
  match: string;
}

interface Detector {
  category: SensitiveCategory;
  kind: string;
  /** Global, so every occurrence is found; with a `value` group (and the `d` flag) only that part is the hit. */
  pattern: RegExp;
  /** A second look the pattern cannot express (a checksum, a digit count, entropy). */
  accept?: (match: string, text: string, start: number) => boolean;
}

const secretWord = /(?:key|token|secret|passw(?:or)?d|pwd|credential|auth)\W{0,4}$/i;

const detectors: readonly Detector[] = [
  {
    category: "secret",
    kind: "private-key",
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)/g,
  },
  { category: "secret", kind: "api-key", pattern: /\bsk-(?:ant-(?:api\d\d-)?|proj-)?[A-Za-z0-9_-]{20,}/g },
  { category: "secret", kind: "aws-access-key", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  {
    category: "secret",
    kind: "github-token",
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/g,
  },
  { category: "secret", kind: "gitlab-token", pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/g },
  { category: "secret", kind: "slack-token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g },
  { category: "secret", kind: "google-api-key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { category: "secret", kind: "stripe-key", pattern: /\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{16,}\b/g },
  { category: "secret", kind: "jwt", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { category: "secret", kind: "bearer-token", pattern: /\bBearer\s+(?<value>[A-Za-z0-9\-._~+/]{16,}=*)/dgi },
  {
    category: "secret",
    kind: "password",
    // `password=hunter2` or `password: "hunter2"`; a bare colon is prose ("password: at least 8 characters").
    pattern:
      /\b(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?token)\s*(?:=\s*["']?|:\s*["'](?=[^"'\s]{4,}["']))(?<value>[^\s"'&;,]{4,})/dgi,
    // `secret = line.strip()` is code, not a password.
    accept: (value) => !/[()]/.test(value),
  },
  {
    category: "secret",
    kind: "high-entropy",
    // `=` only as base64's padding, so `token=<value>` is a word and a value.
    pattern: /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/=_-])/g,
    accept: (match, text, start) => randomLooking(match, secretWord.test(text.slice(Math.max(0, start - 30), start))),
  },
  { category: "pii", kind: "email", pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g },
  {
    category: "pii",
    kind: "iban",
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g,
    accept: (match) => ibanValid(match.replace(/ /g, "")),
  },
  {
    category: "pii",
    kind: "credit-card",
    pattern: /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g,
    accept: cardNumber,
  },
  { category: "pii", kind: "ssn", pattern: /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g },
  {
    category: "pii",
    kind: "phone",
    // North American with separators, e.g. (555) 123-4567, or international with a leading +.
    pattern:
      /(?<![\w+])(?:(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}|\+\d{1,3}(?:[ .-]?\d{1,4}){2,5})(?![\w-])/g,
    accept: (match) => between(digitsOf(match).length, 10, 15),
  },
  {
    category: "pii",
    kind: "ip-address",
    pattern: /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w.])/g,
    accept: (match) => !match.startsWith("127.") && match !== "0.0.0.0" && match !== "255.255.255.255",
  },
  {
    category: "pii",
    kind: "ip-address",
    pattern: /(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])/g,
    accept: ipv6Valid,
  },
];

/** Every secret and piece of personal data in `text`, in order, none overlapping another. */
export function findSensitive(text: string): Sensitive[] {
  const hits: Sensitive[] = [];
  for (const { category, kind, pattern, accept } of detectors) {
    for (const m of text.matchAll(pattern)) {
      const [start, end] = m.indices?.groups?.value ?? [m.index!, m.index! + m[0].length];
      const match = text.slice(start, end);
      if (accept && !accept(match, text, start)) continue;
      hits.push({ category, kind, start, end, match });
    }
  }
  // The earliest first, the longest of those; a hit inside one already taken is dropped.
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Sensitive[] = [];
  for (const hit of hits) if (hit.start >= (out.at(-1)?.end ?? 0)) out.push(hit);
  return out;
}

/**
 * A token that no one would type: mixed letters and digits with high entropy per
 * character. After a word like `token` or `password` a lower bar is enough.
 */
function randomLooking(candidate: string, afterSecretWord: boolean): boolean {
  // Keys and tokens run 32 to 64 characters; longer runs are data (certificates, encoded payloads).
  if (!afterSecretWord && (candidate.length < 32 || candidate.length > 64)) return false;
  if (/^[0-9a-f]+$/i.test(candidate.replace(/-/g, ""))) return false; // hashes and UUIDs
  if (!(/[a-z]/.test(candidate) && /[A-Z]/.test(candidate) && /\d/.test(candidate))) return false;
  // Identifiers are made of words (`craftIronPickaxeWithMaterials`); random text mostly is not.
  const inWords = [...candidate.matchAll(/[A-Z]?[a-z]{3,}/g)].reduce((n, m) => n + m[0].length, 0);
  if (inWords >= candidate.length / 2) return false;
  return shannonEntropy(candidate) >= (afterSecretWord ? 3.5 : 4.2);
}

/** Card networks' number prefixes and lengths. */
const cardRanges: [RegExp, number[]][] = [
  [/^4/, [13, 16, 19]], // Visa
  [/^(?:5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, [16]], // Mastercard
  [/^3[47]/, [15]], // American Express
  [/^(?:30[0-5]|36|38)/, [14, 15, 16, 17, 18, 19]], // Diners Club
  [/^(?:6011|65|64[4-9])/, [16, 17, 18, 19]], // Discover
  [/^35(?:2[89]|[3-8]\d)/, [16, 17, 18, 19]], // JCB
  [/^62/, [16, 17, 18, 19]], // UnionPay
];

/**
 * A card number: 13 to 19 digits from a card network's range (Visa, Mastercard, Amex,
 * Diners, Discover, JCB, UnionPay), written whole or in the groups printed on cards,
 * that passes the Luhn check. Ids that happen to pass it (one in ten) mostly fail the rest.
 */
function cardNumber(match: string): boolean {
  const digits = digitsOf(match);
  if (!cardRanges.some(([prefix, lengths]) => prefix.test(digits) && lengths.includes(digits.length))) return false;
  const grouped = /^\d+$/.test(match) || /^\d{4}(?:[ -]\d{4}){2,3}(?:[ -]?\d{1,3})?$/.test(match) ||
    /^\d{4}[ -]\d{6}[ -]\d{4,5}$/.test(match);
  return grouped && luhnValid(digits);
}

/** Bits per character of `text`'s own character distribution. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

/** The Luhn checksum of a string of digits: true for real card numbers (and one in ten random ones). */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** ISO 13616: the country and check digits moved to the end, letters as numbers, mod 97 is 1. */
export function ibanValid(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** A real IPv6 address (not a time like 12:30:45, not loopback or unspecified). */
function ipv6Valid(candidate: string): boolean {
  const halves = candidate.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half ? half.split(":") : []));
  if (groups.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const compressed = halves.length === 2;
  if (compressed ? groups.length > 7 : groups.length !== 8) return false;
  if (groups.every((g) => /^0+$/.test(g)) || candidate === "::1") return false;
  return compressed ? /\d/.test(candidate) : true;
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, "");
}

function between(value: number, min: number, max: number): boolean {
  return value >= min && value <= max;
}
