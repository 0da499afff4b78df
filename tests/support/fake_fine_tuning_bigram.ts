/**
 * What the fake fine-tuning service really trains, so every loss it reports was
 * computed: a word bigram model of the assistant's replies, learned online.
 *
 * Each reply is lower-cased, split on white space and framed as `<s> w1 … wn </s>`;
 * the model predicts each word from the one before with add-one smoothing over the
 * vocabulary of the uploaded files, `P(w | v) = (c(v,w) + 1) / (c(v) + V)`. A step
 * takes the next `batchSize` examples (file order, epoch after epoch): its training
 * loss is their mean cross-entropy in nats per word *before* the step learns them
 * (so the first step's is exactly `ln V`), then their bigrams are counted with weight
 * `learningRateMultiplier`. The validation loss is the validation file's mean
 * cross-entropy after the step.
 *
 * @module
 */

/** A sequence of words to predict, after `<s>`. */
type Sentence = string[];

/** One training step's figures, named as the OpenAI API names them. */
export interface BigramStep {
  step: number;
  total_steps: number;
  train_loss: number;
  valid_loss?: number;
}

/**
 * The assistant replies of a JSONL training file (chat or anthropic `messages`, or
 * prompt-completion), as word sequences; throws naming the first line without one.
 */
export function sentencesOf(jsonl: string): Sentence[] {
  const lines = jsonl.split("\n").map((line) => line.trim());
  const sentences: Sentence[] = [];
  lines.forEach((line, index) => {
    if (line === "") return;
    const reply = replyOf(line);
    if (reply === undefined) throw new Error(`line ${index + 1} has no assistant message or completion`);
    sentences.push([...reply.toLowerCase().split(/\s+/).filter(Boolean), "</s>"]);
  });
  if (sentences.length === 0) throw new Error("the file has no examples");
  return sentences;
}

function replyOf(line: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const record = value as { messages?: Array<{ role?: unknown; content?: unknown }>; completion?: unknown };
  if (typeof record?.completion === "string") return record.completion;
  const replies = (Array.isArray(record?.messages) ? record.messages : [])
    .filter((m) => m?.role === "assistant" && typeof m.content === "string")
    .map((m) => m.content as string);
  return replies.length > 0 ? replies.join(" ") : undefined;
}

/** An online bigram model being trained on one file, one step at a time. */
export class BigramTrainer {
  readonly totalSteps: number;
  readonly trainedTokens: number;
  #step = 0;
  readonly #pairs = new Map<string, Map<string, number>>();
  readonly #totals = new Map<string, number>();
  readonly #vocabulary: number;

  constructor(
    private readonly train: Sentence[],
    private readonly validation: Sentence[] | null,
    private readonly options: { batchSize: number; epochs: number; learningRateMultiplier: number },
  ) {
    this.#vocabulary = new Set([...train, ...validation ?? []].flat()).size;
    const stepsPerEpoch = Math.ceil(train.length / options.batchSize);
    this.totalSteps = stepsPerEpoch * options.epochs;
    this.trainedTokens = train.reduce((sum, sentence) => sum + sentence.length, 0) * options.epochs;
  }

  get done(): boolean {
    return this.#step >= this.totalSteps;
  }

  /** Trains on the next batch and reports the step's losses. */
  step(): BigramStep {
    const stepsPerEpoch = this.totalSteps / this.options.epochs;
    const start = (this.#step % stepsPerEpoch) * this.options.batchSize;
    const batch = this.train.slice(start, start + this.options.batchSize);
    const trainLoss = this.#crossEntropy(batch);
    for (const sentence of batch) this.#learn(sentence);
    this.#step += 1;
    const figures: BigramStep = { step: this.#step, total_steps: this.totalSteps, train_loss: trainLoss };
    if (this.validation) figures.valid_loss = this.#crossEntropy(this.validation);
    return figures;
  }

  /** Mean −ln P per predicted word. */
  #crossEntropy(sentences: Sentence[]): number {
    let nats = 0;
    let words = 0;
    for (const sentence of sentences) {
      bigrams(sentence, (previous, word) => {
        const count = this.#pairs.get(previous)?.get(word) ?? 0;
        nats -= Math.log((count + 1) / ((this.#totals.get(previous) ?? 0) + this.#vocabulary));
        words += 1;
      });
    }
    return nats / words;
  }

  #learn(sentence: Sentence): void {
    const weight = this.options.learningRateMultiplier;
    bigrams(sentence, (previous, word) => {
      const row = this.#pairs.get(previous) ?? new Map<string, number>();
      row.set(word, (row.get(word) ?? 0) + weight);
      this.#pairs.set(previous, row);
      this.#totals.set(previous, (this.#totals.get(previous) ?? 0) + weight);
    });
  }
}

function bigrams(sentence: Sentence, visit: (previous: string, word: string) => void): void {
  let previous = "<s>";
  for (const word of sentence) {
    visit(previous, word);
    previous = word;
  }
}
