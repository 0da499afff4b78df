/**
 * A task's key terms: the words a new task of the same kind would share with it.
 * What a task names weighs most: paths and files (`/testbed/dir1`, `query.py`),
 * code identifiers (`QuerySet.bulk_create`, `parse_args()`, `CompoundModel`),
 * quoted strings, product and model names (`Wireless Earbud`, `IPX7`, `MMS`);
 * then its content words, the repeated ones first. Pure and corpus-free: it reads
 * one task, so a strategy's terms never depend on what else the library holds.
 *
 * @module
 */

/** A kind of term, its pattern, and its weight. Order matters: earlier kinds claim their text first. */
const kinds: { pattern: RegExp; weight: number }[] = [
  // `code_spans` that are one name (a snippet's names are found below).
  { pattern: /`([^`\s]{2,60})`/g, weight: 6 },
  // Paths: /testbed/dir2/subdir1, src/app/models.py, ~/.bashrc
  { pattern: /(?<![\w/])((?:~|\.{1,2})?\/?[\w.-]+(?:\/[\w.-]+)+\/?|\/[\w.-]{2,}\/?)(?![\w/])/g, weight: 5 },
  // File names with a known extension.
  {
    pattern:
      /\b([\w-]+\.(?:py|js|ts|tsx|jsx|mjs|go|rs|java|kt|rb|php|c|h|cc|cpp|hpp|cs|swift|json|ya?ml|toml|ini|cfg|md|txt|csv|tsv|sql|sh|html|css|xml|lock|log|db))\b/g,
    weight: 5,
  },
  // Dotted names and calls: QuerySet.bulk_create, os.path.join(), parse_args()
  { pattern: /\b([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?:\(\))?|[A-Za-z_]\w*\(\))/g, weight: 4 },
  // CamelCase and snake_case identifiers.
  {
    pattern: /\b([a-z]+(?:[A-Z][a-z0-9]*)+|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b/g,
    weight: 4,
  },
  // Quoted strings: "*.py", 'Hello', "c++".
  { pattern: /(?<![\w])["']([^"'\n]{1,40})["'](?![\w])/g, weight: 3 },
  // Acronyms and model codes: MMS, APN, IPX7, MD5.
  { pattern: /\b([A-Z]{2,}\d*|[A-Z]+\d+[A-Z\d]*)\b/g, weight: 3 },
  // Capitalised names not opening a sentence: Wireless Earbud, Turner Broadcasting.
  { pattern: /(?<=[a-z,;:]\s+)([A-Z][a-z]+(?:\s+[A-Z][a-z0-9]+)*)/g, weight: 3 },
];

const stopWords = new Set(
  `about above after again against also although always among another anyone anything are aren't around because been
  before being below between both but can can't cannot could couldn't did didn't does doesn't doing done don't down
  during each either else even ever every few first for from further get gets getting give given goes going got had
  has hasn't have haven't having her here hers herself him himself his how however i'd i'll i'm i've into isn't it's
  its itself just know last later least less let let's like likely made make makes many may maybe might mine more
  most much must need needs never next none nor not now off often once one only onto other others otherwise our
  ours ourselves out over own please rather really said same say says see seem seems several shall she should
  shouldn't since some something sometimes still such sure than that that's the their theirs them themselves then
  there there's these they they'd they'll they're they've thing things think this those though through thus till
  too toward towards try under unless until upon use used using very want wants was wasn't way well went were
  weren't what what's when where whether which while who whom whose why will with within without won't would
  wouldn't yet you you'd you'll you're you've your yours yourself yourselves able all and any can't tell also
  another actually already currently instead again only ask asked asking help the and for are was you not but has
  had our who why how any its can may two get got let put per via yes one off own new old too use`.split(/\s+/),
);

/** The `max` key terms of `text`, most telling first. */
export function keyTerms(text: string, max = 6): string[] {
  const found = new Map<string, { term: string; score: number; at: number }>();
  const add = (term: string, score: number, at: number) => {
    const key = term.toLowerCase();
    const seen = found.get(key);
    if (seen) seen.score += score / 2;
    else found.set(key, { term, score, at });
  };
  let rest = text;
  for (const { pattern, weight } of kinds) {
    for (const m of rest.matchAll(pattern)) {
      const term = m[1]!.trim().replace(/[.,;:]+$/, "");
      if (term.length < 2 || stopWords.has(term.toLowerCase())) continue;
      add(term, weight, m.index!);
    }
    // What a kind claimed is not read again as smaller terms (a path's segments are not words).
    rest = rest.replace(pattern, (whole) => " ".repeat(whole.length));
  }
  for (const m of rest.toLowerCase().matchAll(/[a-z][a-z0-9+#-]{2,}/g)) {
    if (!stopWords.has(m[0])) add(m[0], 1, m.index!);
  }
  const terms = [...found.values()].sort((a, b) => b.score - a.score || a.at - b.at).map((f) => f.term);
  // A term inside a kept one adds nothing ("earbud" beside "Wireless Earbud").
  const kept: string[] = [];
  for (const term of terms) {
    const lower = term.toLowerCase();
    if (kept.some((k) => k.toLowerCase().includes(lower) || lower.includes(k.toLowerCase()))) continue;
    kept.push(term);
    if (kept.length === max) break;
  }
  return kept;
}
