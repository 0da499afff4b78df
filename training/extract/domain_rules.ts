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
 * about bugs, tests and repositories, or using an editor counts fully.
 *
 * The same rule places the agents that work through a shell. A repository-fixing
 * agent edits code and runs tests: its world is a code base, the shell only its
 * hands, so it is `coding`. An agent whose task is the machine itself (find these
 * files, count those lines, check a disk, a process, a permission: NL2Bash, OS
 * interaction) is `shell`: there the command line is the world, not a route to
 * another. Capture-the-flag challenges are `security` (crack, decrypt, exploit,
 * recover a flag), whatever they are done with. A tool-calling agent serving a
 * customer (orders, refunds, accounts, bills, phone lines, a handoff to a person) is
 * `customer-service`, whether the business is a shop or a telecom.
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
  "customer-service",
  // Before `shell`: a challenge solved in a terminal is still a challenge, so a tie
  // goes to the world, not to the medium.
  "security",
  "shell",
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
      // A repository-fixing agent's task: make tests pass, close an issue, in a code base.
      rule(
        "tests and issues",
        /\b(failing tests?|test suite|tests? (pass|fail)\w*|pytest|regressions?|code ?base|pull request|issue #?\d+|patch)\b/i,
        3,
      ),
      rule("source file", /\b[\w/.-]+\.(py|js|ts|tsx|jsx|go|rs|java|rb|c|cc|cpp|h|hpp|cs|kt|swift|php)\b/, 2),
    ],
    tools: [
      // Software work's own tools: an editor, a patch, version control, a test runner.
      rule(
        "code tool",
        /^(editor|str_replace\w*|write_file|read_file|edit_file|apply_patch|git|npm|pytest)$/i,
        4,
      ),
      // A code runner is a medium, as the shell is (and the shell is `shell`'s): an
      // analyst's pandas and a repository fix both run Python, so it counts lightly.
      rule(
        "code runner",
        /^(python|python_repl|execute_code|execute_python|run_code|code_interpreter)$/i,
        2,
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
      // Voyager's skills described in words: the bot's hands and the creatures around it.
      rule(
        "hands",
        /\b(equip(s|ping|ped)?|sword|bucket|hunger|sapling|water block|eat(s|ing)? (a |the )?cooked)\b/i,
        2,
      ),
      rule(
        "creatures",
        /\b(sheep|pigs?|cows?|chickens?|zombies?|skeletons?|spiders?|creepers?|enderm[ae]n|mobs?|villagers?)\b/i,
        2,
      ),
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
  "customer-service": {
    text: [
      // The customer's own voice, as support tasks and simulated users state them.
      rule(
        "customer request",
        /\b(you|i)\b[^.\n]{0,40}\b(want|wish|would like|need|'d like)\s+to\s+(cancel|return|exchange|refund|modify|change|update|upgrade|downgrade|track|get a refund)\b/i,
        3,
      ),
      // `return` the verb only (not `returns`), and about something bought.
      rule(
        "order changes",
        /\b(cancel|return|exchange|refund|modify|change)\b[^.\n]{0,80}\b(orders?|items?|purchases?|subscriptions?|bookings?|reservations?|flights?|deliver(y|ies)|shipments?)\b/i,
        3,
      ),
      rule(
        "support words",
        /\b(customer (service|support|care)|support (agent|team|ticket)|help ?desk|tickets?|human agent|representative|escalat\w*|complain\w*)\b/i,
        2,
      ),
      rule(
        "phone line",
        /\b(phone|mobile data|cellular|roaming|sim card|no service|mms|sms|data plan|phone line|airplane mode)\b/i,
        2,
      ),
      rule(
        "orders and accounts",
        /\b(order (number|id|total)|#W\d+|tracking number|shipped|delivery address|payments?|payment method|gift card|credit card|billing|bills?|invoice|overcharged|refund)\b/i,
        2,
      ),
      rule(
        "their order",
        /\b(your|my|the|this|that) (recent |most recent |last |current )?(order|purchase)s?\b|\bplaced (an|the|your|my) order\b/i,
        1,
      ),
      rule(
        "trouble",
        /\b(not working|stopped working|stops working|unable to|isn't working|doesn't work|very slow|damaged|broken)\b/i,
        1,
      ),
    ],
    tools: [
      rule(
        "account and order tool",
        /^((cancel|modify|return|exchange|refund|update)_(pending_|delivered_)?(orders?|user|customer|booking|reservation|flight|subscription|plan|address|payment|items?)\w*|find_(user|customer)\w*|get_(user|customer|order|account|bills?|booking|reservation|ticket|subscription|invoice)\w*|get_details_by_id|list_(orders|bookings|reservations|tickets)\w*|(create|close|escalate)_(ticket|case)\w*|send_payment_request|(suspend|resume)_line|refuel_data|(enable|disable)_roaming)$/i,
        4,
      ),
      rule(
        "handoff to a person",
        /^(transfer_to_human\w*|escalate_to_human\w*|handoff_to_human\w*|contact_support)$/i,
        4,
      ),
    ],
    labels: ["customer", "support", "helpdesk", "retail", "telecom", "airline", "tau", "tau2", "crm", "ticketing"],
  },
  security: {
    text: [
      rule(
        "flag",
        /\b(picoCTF|CTF|capture the flag)\b|\b(the|a|find|get|capture|recover|retrieve|submit)\s+(the\s+)?flag\b/i,
        4,
      ),
      rule(
        "cryptography",
        /\b(decrypt\w*|encrypt\w*|cipher\w*|plaintext|RSA|XOR|ROT13|caesar|vigen[eè]re|one[- ]time pad|private key)\b/i,
        3,
      ),
      // Lighter: a customer also forgets a password.
      rule("cracking", /\b(crack\w*|passwords?)\b/i, 2),
      rule(
        "exploits and forensics",
        /\b(exploit\w*|vulnerab\w*|buffer overflow|overflow the|shellcode|reverse engineer\w*|disassembl\w*|assembly dump|forensics?|packet capture|pcap|disk image|steganograph\w*|malware|attackers?|netcat|redacted)\b/i,
        2,
      ),
      rule(
        "secrets",
        /\b(secrets?|keygen\w*|certificates?|encod(e|ed|es|ing)|decod(e|ed|es|ing)|obfuscat\w*|hash(es|ed|ing)?)\b/i,
        2,
      ),
      rule("encodings", /\b(base ?64|base \d+|bases|hexadecimal|ascii|0x[0-9a-f]+|binary)\b/i, 1),
    ],
    tools: [
      rule(
        "security tool",
        /^(nmap|gdb|radare2|r2|ghidra|binwalk|john|hashcat|sqlmap|metasploit|msfconsole|checksec|submit_flag)$/i,
        4,
      ),
    ],
    labels: ["security", "ctf", "picoctf", "pentest", "infosec", "cybersecurity", "forensics", "crypto"],
  },
  shell: {
    text: [
      // An absolute path of two parts or more, not inside a URL.
      rule("file system path", /(^|[\s'"`(=])(~|\/[\w.-]+)\/[\w.*-]+/, 2),
      rule(
        "file system words",
        /\b(files?|director(y|ies)|subdirector(y|ies)|folders?|permissions?|symbolic links?|symlinks?|disk|partition|mounted|processes|hidden files|file ?names?)\b/i,
        1,
      ),
      rule(
        "commands",
        /\b(grep|awk|sed|xargs|chmod|chown|gzip|gunzip|md5sum|sha\d+sum|crontab|rsync|uname|ln -s|du -\w+|df -\w+|ps aux)\b/,
        2,
      ),
      rule("command line", /\b(bash|shell|terminal|command[- ]line|unix|linux)\b/i, 2),
    ],
    // Less than a world's own tool: a shell is also how agents fix repositories and
    // solve challenges, so the task's words decide those.
    tools: [
      rule(
        "shell tool",
        /^(bash|sh|zsh|shell|terminal|run_command|execute_command|exec_command|run_shell\w*|execute_bash|cmd|powershell)$/i,
        3,
      ),
    ],
    labels: ["shell", "bash", "terminal", "linux", "unix", "os", "nl2bash", "sysadmin"],
  },
};

/** A hint's weight: it settles close calls, and loses to clear evidence in the example. */
export const labelWeight = 3;

/** Below this score no domain is claimed and the example is `general`. */
export const minimumScore = 3;
