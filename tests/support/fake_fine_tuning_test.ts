import assert from "node:assert/strict";
import { startFakeFineTuning } from "./fake_fine_tuning.ts";
import { BigramTrainer, sentencesOf } from "./fake_fine_tuning_bigram.ts";

const line = (reply: string) => JSON.stringify({ messages: [{ role: "assistant", content: reply }] });

Deno.test("fake fine-tuning's losses are its bigram model's cross-entropy, computed by hand here", () => {
  // Words to predict: a b </s> and a c </s>, so V = 4 (a, b, c, </s>).
  const trainer = new BigramTrainer(sentencesOf([line("a b"), line("A  c")].join("\n")), null, {
    batchSize: 1,
    epochs: 2,
    learningRateMultiplier: 1,
  });

  assert.equal(trainer.totalSteps, 4);
  assert.equal(trainer.step().train_loss, Math.log(4)); // nothing learned yet: every word is 1/V
  // After "a b": P(a|<s>) = 2/5, P(c|a) = 1/5, P(</s>|c) = 1/4.
  assert.equal(trainer.step().train_loss, -(Math.log(2 / 5) + Math.log(1 / 5) + Math.log(1 / 4)) / 3);
  assert.throws(() => sentencesOf(`${line("ok")}\n{"messages":[]}`), /line 2 has no assistant message/);
});

Deno.test("fake fine-tuning lists events newest first, `after` paging to older ones, behind its key", async () => {
  await using fake = await startFakeFineTuning({ advanceOnPoll: false });
  const call = (path: string, init: RequestInit = {}, key = fake.apiKey) =>
    fetch(`${fake.url}${path}`, { ...init, headers: { authorization: `Bearer ${key}` } }).then((r) => r.json());
  const form = new FormData();
  form.append("purpose", "fine-tune");
  form.append("file", new Blob([[line("one two"), line("two three")].join("\n")]), "train.jsonl");
  const file = await call("/files", { method: "POST", body: form });
  const job = await call("/fine_tuning/jobs", {
    method: "POST",
    body: JSON.stringify({ model: "m", training_file: file.id, hyperparameters: { n_epochs: 1, batch_size: 1 } }),
  });
  fake.advance(job.id, 3);

  const events = fake.state.jobs.get(job.id)!.events.map((e) => e.id).reverse();
  const first = await call(`/fine_tuning/jobs/${job.id}/events?limit=2`);
  const second = await call(`/fine_tuning/jobs/${job.id}/events?limit=2&after=${first.data[1].id}`);
  const denied = await call(`/fine_tuning/jobs/${job.id}`, {}, "sk-nope");

  assert.equal(fake.state.jobs.get(job.id)!.job.status, "succeeded");
  assert.deepEqual([...first.data, ...second.data].map((e: { id: string }) => e.id), events.slice(0, 4));
  assert.equal(first.has_more, true);
  assert.equal(denied.error.message, "Incorrect API key provided: sk-nope.");
});
