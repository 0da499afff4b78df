/**
 * Supervised fine-tuning, small but real: a next-word language model of the
 * assistant's answers, conditioned on the previous two words and the user's words,
 * trained by minibatch SGD on the cross-entropy.
 *
 * The model is low-rank like a LoRA adapter: the context's hashed features x map to
 * a `rank`-dimensional h = Aᵀx (with dropout `lora.dropout` on h while training),
 * and the logits are (alpha / rank) · Bᵀh + bias over the answers' vocabulary. B
 * starts at zero as LoRA's does, so the first loss is ln(vocabulary size).
 *
 * @module
 */
import { fnv1a } from "../../../learning/fnv1a.ts";
import { logSumExp, random, shuffled, tokens } from "./features.ts";
import { readJsonl, type Run } from "./run.ts";

interface Example {
  prompt: string;
  completion: string;
}

/** Context slots. */
const dimensions = 4096;
/** The most words the vocabulary holds; the rest are `<unk>`. */
const maxVocabulary = 2000;

/** A position: the context's features, and the index of the word that follows. */
interface Position {
  context: [number, number][];
  target: number;
}

/** Reads a chat, anthropic or prompt-completion file as prompts and completions. */
export async function readExamples(path: string, format: string): Promise<Example[]> {
  const lines = await readJsonl(path);
  if (format === "prompt-completion") {
    return lines.map((l) => ({ prompt: `${l.prompt}`, completion: `${l.completion}` }));
  }
  if (format !== "chat" && format !== "anthropic") {
    throw new Error(`sft reads chat, anthropic or prompt-completion, not ${format}`);
  }
  return lines.map((line) => {
    const messages = line.messages as { role: string; content: string }[];
    const users = messages.filter((m) => m.role === "user").map((m) => m.content);
    return { prompt: users.join("\n"), completion: messages.findLast((m) => m.role === "assistant")?.content ?? "" };
  });
}

/** Trains on `train`, reports val loss each epoch, and writes `adapter_model.json`. */
export async function trainSft(run: Run, train: Example[], val: Example[], test: Example[]): Promise<void> {
  const { learningRate, batchSize, epochs, seed, lora } = run.config.config;
  const vocabulary = buildVocabulary(train);
  const index = new Map(vocabulary.map((word, i) => [word, i]));
  const model = new LowRankModel(vocabulary.length, lora.rank, lora.alpha / lora.rank, seed);
  const encode = (examples: Example[]) => examples.map((example) => positions(example, index));
  const [trainSet, valSet, testSet] = [encode(train), encode(val), encode(test)];
  const rand = random(seed);
  let step = 0;
  let epochLoss = NaN;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = shuffled(trainSet, rand);
    let [lossSum, count] = [0, 0];
    for (let start = 0; start < order.length; start += batchSize) {
      const batch = order.slice(start, start + batchSize).flat();
      const loss = model.trainBatch(batch, learningRate, lora.dropout, rand);
      [lossSum, count] = [lossSum + loss * batch.length, count + batch.length];
      await run.stepDone(++step, epoch, { loss, learning_rate: learningRate });
    }
    epochLoss = lossSum / count;
    const valLoss = valSet.length > 0 ? model.meanLoss(valSet.flat()) : undefined;
    run.report({ epoch, train_loss: epochLoss, ...(valLoss === undefined ? {} : { val_loss: valLoss }) });
  }
  await run.writeArtifact("adapter_model.json", model.toJson(vocabulary));
  const metrics: Record<string, number> = { train_loss: epochLoss, steps: step, vocabulary: vocabulary.length };
  if (valSet.length > 0) metrics.val_loss = model.meanLoss(valSet.flat());
  if (testSet.length > 0) metrics.test_loss = model.meanLoss(testSet.flat());
  run.done(metrics);
}

function buildVocabulary(train: Example[]): string[] {
  const counts = new Map<string, number>();
  for (const { completion } of train) {
    for (const word of tokens(completion)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const words = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([word]) => word);
  return ["</s>", "<unk>", ...words.slice(0, maxVocabulary)];
}

function positions({ prompt, completion }: Example, index: Map<string, number>): Position[] {
  const promptWords = tokens(prompt);
  const words = [...tokens(completion), "</s>"];
  return words.map((word, t) => {
    const [prev1, prev2] = [words[t - 1] ?? "<s>", words[t - 2] ?? "<s>"];
    const context: [number, number][] = [[slot(`p1:${prev1}`), 1], [slot(`p2:${prev2} ${prev1}`), 1]];
    for (const w of promptWords) context.push([slot(`u:${w}`), 1 / Math.sqrt(promptWords.length)]);
    return { context, target: index.get(word) ?? 1 };
  });
}

const slot = (key: string) => fnv1a(key) % dimensions;

class LowRankModel {
  readonly #rows = new Map<number, Float64Array>();
  readonly #b: Float64Array;
  readonly #bias: Float64Array;

  constructor(readonly size: number, readonly rank: number, readonly scale: number, readonly seed: number) {
    this.#b = new Float64Array(rank * size);
    this.#bias = new Float64Array(size);
  }

  /** One SGD step on the mean cross-entropy of `batch`; returns that loss, measured before the step. */
  trainBatch(batch: Position[], learningRate: number, dropout: number, rand: () => number): number {
    const { rank, size, scale } = this;
    const gB = new Float64Array(rank * size);
    const gBias = new Float64Array(size);
    const gRows = new Map<number, Float64Array>();
    let loss = 0;
    for (const position of batch) {
      const h = this.#hidden(position);
      const mask = Float64Array.from({ length: rank }, () => rand() < dropout ? 0 : 1 / (1 - dropout));
      for (let k = 0; k < rank; k++) h[k]! *= mask[k]!;
      const logits = this.#logits(h);
      const logZ = logSumExp(logits);
      loss += logZ - logits[position.target]!;
      // d loss / d logits = softmax − one-hot.
      const g = logits.map((logit) => Math.exp(logit - logZ));
      g[position.target]! -= 1;
      const dh = new Float64Array(rank);
      for (let k = 0; k < rank; k++) {
        for (let v = 0; v < size; v++) {
          gB[k * size + v]! += scale * h[k]! * g[v]!;
          dh[k]! += scale * this.#b[k * size + v]! * g[v]!;
        }
        dh[k]! *= mask[k]!;
      }
      for (let v = 0; v < size; v++) gBias[v]! += g[v]!;
      for (const [s, x] of position.context) {
        const row = gRows.get(s) ?? gRows.set(s, new Float64Array(rank)).get(s)!;
        for (let k = 0; k < rank; k++) row[k]! += x * dh[k]!;
      }
    }
    const rate = learningRate / batch.length;
    for (let i = 0; i < gB.length; i++) this.#b[i]! -= rate * gB[i]!;
    for (let v = 0; v < size; v++) this.#bias[v]! -= rate * gBias[v]!;
    for (const [s, g] of gRows) {
      const row = this.#row(s);
      for (let k = 0; k < rank; k++) row[k]! -= rate * g[k]!;
    }
    return loss / batch.length;
  }

  /** Mean cross-entropy, no dropout. */
  meanLoss(set: Position[]): number {
    let loss = 0;
    for (const position of set) {
      const logits = this.#logits(this.#hidden(position));
      loss += logSumExp(logits) - logits[position.target]!;
    }
    return loss / set.length;
  }

  toJson(vocabulary: string[]) {
    const slots = [...this.#rows.keys()].sort((a, b) => a - b);
    return {
      format: "tiny-trainer-lm/1",
      dimensions,
      rank: this.rank,
      scale: this.scale,
      vocabulary,
      a: { index: slots, rows: slots.map((s) => [...this.#rows.get(s)!]) },
      b: [...this.#b],
      bias: [...this.#bias],
    };
  }

  #hidden({ context }: Position): Float64Array {
    const h = new Float64Array(this.rank);
    for (const [s, x] of context) {
      const row = this.#row(s);
      for (let k = 0; k < this.rank; k++) h[k]! += x * row[k]!;
    }
    return h;
  }

  #logits(h: Float64Array): Float64Array {
    const logits = Float64Array.from(this.#bias);
    for (let k = 0; k < this.rank; k++) {
      if (h[k] === 0) continue;
      for (let v = 0; v < this.size; v++) logits[v]! += this.scale * h[k]! * this.#b[k * this.size + v]!;
    }
    return logits;
  }

  /** Row `s` of A, drawn from the seed the first time it is needed: untouched rows are never stored. */
  #row(s: number): Float64Array {
    let row = this.#rows.get(s);
    if (!row) {
      const rand = random(this.seed ^ Math.imul(s + 1, 0x9e3779b1));
      row = Float64Array.from({ length: this.rank }, () => (rand() * 2 - 1) / Math.sqrt(this.rank));
      this.#rows.set(s, row);
    }
    return row;
  }
}
