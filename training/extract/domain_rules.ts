/**
 * The domain taxonomy and the evidence for each domain: weighted patterns over the
 * example's text, over the names of the tools it used, and the words of upstream
 * labels (a task's family or declared domain) that point at it. Data only, so the
 * classifier stays a few lines and a wrong call is traced to a rule by reading.
 *
 * A domain is the world the work is done in, not the medium it is done through.
 * Voyager's skills are JavaScript, but what they do is mine, craft and smelt in
 * Minecraft: they are `embodied`, and someone building a coding dataset does not want
 * them. So code on its own counts lightly for `coding`; asking for code, talking
 * about bugs and tests, or using a shell or an editor counts fully.
 *
 * @module
 */

/** Every domain an example can have; `general` when no domain has enough evidence. */
export const domains = [
  "question-answering",
  "web-navigation",
  "coding",
  "embodied",
  "math",
  "data-analysis",
  "writing",
  "general",
] as const;
export type Domain = (typeof domains)[number];

/**
 * A named piece of evidence: it adds `weight` to its domain when `pattern` matches.
 * No `g` flag: a global pattern's `test` keeps state between calls.
 */
export interface Rule {
  name: string;
  pattern: RegExp;
  weight: number;
}

export interface DomainEvidence {
  /** Matched against the text (task, output); each rule counts once, however often it matches. */
  text: Rule[];
  /** Matched against each distinct tool name, case-insensitively; each rule counts once. */
  tools: Rule[];
  /** Words of a family or declared domain (`fact-verification`, `webshop`) that point here. */
  labels: string[];
}

const rule = (name: string, pattern: RegExp, weight: number): Rule => ({ name, pattern, weight });

/**
 * Tools weigh most: what an agent could do says more about the work than the words
 * around it (a FEVER claim can be about a programming language; it is still a
 * lookup). Generic words weigh 1, telling ones 2–4.
 */
export const evidence: Record<Exclude<Domain, "general">, DomainEvidence> = {
  "question-answering": {
    text: [
      rule("fever label", /\b(SUPPORTS|REFUTES|NOT ENOUGH INFO)\b/, 4),
      rule("claim", /\bclaims?\b/i, 2),
      rule("wh-question", /\b(who|what|when|where|which|whom|whose)\b[^.?!\n]{0,200}\?/i, 2),
      rule("wikipedia", /\bwikipedia\b/i, 2),
      rule("verification", /\b(fact[- ]?check\w*|verif(y|ied|ication)|true or false|evidence)\b/i, 1),
      rule("answer", /\b(answer|question)\b/i, 1),
      rule("react lookup", /\b(Search|Lookup|Finish)\[/, 2),
    ],
    tools: [
      rule("lookup tool", /^(lookup|wikipedia|wiki|retrieve|retriever|knowledge_base|kb_search|finish|answer)$/i, 4),
      rule("search tool", /^(search|web_search|google|bing|serpapi|tavily)$/i, 2),
    ],
    labels: [
      "qa",
      "question",
      "questions",
      "answering",
      "fact",
      "verification",
      "fever",
      "hotpotqa",
      "wikipedia",
      "trivia",
    ],
  },
  "web-navigation": {
    text: [
      rule("click", /\bclick(ed|ing)?\b/i, 2),
      rule("buy", /\b(buy( now)?|add to cart|checkout|purchase)\b/i, 2),
      rule("price", /\bprice\b|\$\d|\bdollars\b/i, 2),
      rule("page controls", /\[(Back to Search|Next >|< Prev|Buy Now)\]/, 3),
      rule("shop words", /\b(shop(ping)?|store|product|cart|item)\b/i, 1),
      rule("browser words", /\b(https?:\/\/|url|web ?page|website|browser|navigate|button|link)\b/i, 1),
    ],
    tools: [
      rule(
        "browser tool",
        /^(click|type|type_text|scroll|goto|go_to_url|navigate|browser\w*|open_url|select|select_option|hover|press|fill|go_back)$/i,
        4,
      ),
      rule("search box", /^search$/i, 1),
    ],
    labels: ["web", "webshop", "shopping", "shop", "browser", "browsing", "navigation", "webarena", "mind2web"],
  },
  coding: {
    text: [
      // Software work itself: asked for, or talked about.
      rule(
        "code request",
        /\b(write|implement|fix|debug|refactor|optimi[sz]e)\b[^.\n]{0,60}\b(functions?|code|scripts?|programs?|class(es)?|methods?|bugs?|api|endpoints?)\b/i,
        3,
      ),
      rule(
        "engineering words",
        /\b(bug|compiler?|compil(es|ed|ing)|traceback|stack trace|unit tests?|refactor|repository|git|npm|pip)\b/i,
        2,
      ),
      // Code as the medium: light, because agents also act through code in other
      // domains (Voyager's Minecraft skills are JavaScript; analysts write pandas).
      rule(
        "language",
        // Not a fence's info string: that says how to show the code, not what the task is.
        /(?<!```)\b(python|javascript|typescript|java|rust|golang|ruby|kotlin|c\+\+|c#|bash|shell script)\b/i,
        2,
      ),
      rule(
        "code",
        /```|\bdef \w+\s*\(|\bfunction\*? ?\w*\s*\([^)\n]*\)\s*\{|\bclass [A-Z]\w*\s*(\(|\{|:|extends\b)/,
        2,
      ),
      rule("syntax", /=>|\)\s*\{|\b(return|import|const|let|var|async|await)\b/, 1),
    ],
    tools: [
      rule(
        "code tool",
        /^(bash|shell|terminal|python|python_repl|execute\w*|run_code|code_interpreter|editor|str_replace\w*|write_file|read_file|git|npm|pytest)$/i,
        4,
      ),
    ],
    labels: ["code", "coding", "programming", "software", "swe", "swebench", "humaneval", "mbpp"],
  },
  embodied: {
    text: [
      rule("minecraft", /\b(minecraft|mineflayer)\b/i, 4),
      // Voyager's control primitives: the agent's hands in the world.
      rule(
        "bot primitives",
        /\b(mineBlock|craftItem|placeItem|smeltItem|killMob|exploreUntil|useChest|getItemFromChest|depositItemIntoChest)\b/,
        4,
      ),
      rule("bot api", /\bbot\.\w+|\bmcData\b|\bVec3\b/, 3),
      rule("crafting", /\b(craft\w*|smelt\w*|pickaxe|furnace|crafting table|inventory)\b/i, 2),
      rule("game items", /\b(\w+_(log|planks|ore|ingot|pickaxe|sword|axe|shovel)|cobblestone|crafting_table)\b/i, 2),
      rule("mining", /\b(mine|mined|mining|ore|logs?|planks?)\b/i, 1),
      rule("robot", /\b(robot\w*|gripper|grasp|manipulat\w+|household)\b/i, 2),
      rule("household", /\b(pick up|put down|go to the|countertop|fridge|drawer|cabinet|sink|kitchen)\b/i, 1),
    ],
    tools: [
      rule(
        "body tool",
        /^(move\w*|goto|go_to|pickup|pick_up|put|place\w*|craft\w*|mine\w*|attack|open|close|toggle|navigate_to)$/i,
        4,
      ),
    ],
    labels: ["embodied", "minecraft", "voyager", "robot", "robotics", "alfworld", "household"],
  },
  math: {
    text: [
      rule("math words", /\b(math\w*|algebra|geometry|calculus|probability|arithmetic)\b/i, 2),
      rule(
        "problem words",
        /\b(solve|equation|integral|derivative|theorem|prove|remainder|how many|calculate|compute)\b/i,
        2,
      ),
      rule("arithmetic", /\d\s*[-+*/^×÷]\s*\d|\d\s*=\s*\d/, 2),
      rule("latex", /\\(frac|sqrt|sum|int)\b|\$\$/, 3),
    ],
    tools: [rule("math tool", /^(calculator|calc|wolfram\w*|sympy|math|evaluate_expression)$/i, 4)],
    labels: ["math", "mathematics", "arithmetic", "gsm8k", "algebra"],
  },
  "data-analysis": {
    text: [
      rule("sql", /\b(SELECT\b[\s\S]{1,200}\bFROM|GROUP BY|ORDER BY|JOIN)\b/, 4),
      rule("data formats", /\b(csv|tsv|parquet|dataframe|pandas|spreadsheet|excel)\b/i, 3),
      rule("analysis words", /\b(dataset|column|rows|aggregate|median|average|mean|trend|chart|plot|histogram)\b/i, 1),
    ],
    tools: [rule("data tool", /^(sql\w*|query\w*|run_sql|pandas|duckdb|bigquery|sheets?|spreadsheet|plot\w*)$/i, 4)],
    labels: ["data", "analysis", "analytics", "sql", "spider", "bird", "tabular"],
  },
  writing: {
    text: [
      rule(
        "writing request",
        // Not when what is to be written is code: that is a code request.
        /^\s*(please\s+)?(write|draft|compose|summari[sz]e|translate|rewrite|proofread|paraphrase|edit)\b(?![^.\n]*\b(functions?|code|scripts?|programs?|class(es)?|methods?|quer(y|ies)|sql|tests?)\b)/im,
        3,
      ),
      rule(
        "genre",
        /\b(essay|e-?mail|letter|poem|story|blog post|cover letter|summary|translation|paragraph|article|tone)\b/i,
        1,
      ),
    ],
    tools: [rule("writing tool", /^(translate|grammar\w*|spell\w*|summari[sz]e)$/i, 4)],
    labels: ["writing", "summarization", "summarisation", "translation", "email", "creative"],
  },
};

/** A hint's weight: it settles close calls, and loses to clear evidence in the example. */
export const labelWeight = 3;

/** Below this score no domain is claimed and the example is `general`. */
export const minimumScore = 3;
