/**
 * The library as one learning batch sees it. The strategies the batch's plans name
 * are read from the store in one query (by id: a plan's signature is its strategy's
 * id, so a novelty check is a key lookup, whatever the library's size); the batch's
 * own updates are laid on top, so a trajectory later in the batch sees what an
 * earlier one added, exactly as if they were learned one at a time.
 *
 * With the model, the judge is also shown the nearest strategies by text, from the
 * store's full-text index: one indexed query per trajectory, beside a model call
 * that costs far more.
 *
 * @module
 */
import type { Library, MemoryUpdate } from "./hindsight.ts";
import type { Plan } from "./plan/mod.ts";
import { reinforced, type Strategy, strategyIdOf } from "./strategy.ts";
import type { Trajectory } from "./trajectory.ts";

/** The store's side: strategies by id, and by text for the model. */
export interface LibraryStore {
  byIds(ids: readonly string[]): Promise<Map<string, Strategy>>;
  /** The strategy with `id` (if any) and the active ones nearest to `text`. */
  similar(id: string, text: string): Promise<Strategy[]>;
}

export class BatchLibrary implements Library {
  private constructor(
    private readonly known: Map<string, Strategy>,
    private readonly store: LibraryStore,
    private readonly byText: boolean,
  ) {}

  /** The library for a batch whose trajectories have these plans; `byText` when the model judges. */
  static async load(store: LibraryStore, plans: Iterable<Plan>, byText: boolean): Promise<BatchLibrary> {
    const ids = [...plans].map(strategyIdOf);
    return new BatchLibrary(await store.byIds(ids), store, byText);
  }

  async similar(trajectory: Trajectory, plan: Plan): Promise<Strategy[]> {
    const id = strategyIdOf(plan);
    const own = this.known.get(id);
    if (!this.byText) return own ? [own] : [];
    const text = trajectory.task?.description ?? plan.steps.map((s) => s.example).join(" ");
    const near = (await this.store.similar(id, text)).filter((s) => s.id !== id).map((s) => this.known.get(s.id) ?? s);
    return own ? [own, ...near] : near;
  }

  /** The strategy `id` as the batch sees it now. */
  get(id: string): Strategy | undefined {
    return this.known.get(id);
  }

  /** Lays a trajectory's update on the batch's view. */
  apply(update: MemoryUpdate): void {
    if (update.kind === "create" && !this.known.has(update.strategy.id)) {
      this.known.set(update.strategy.id, update.strategy);
    } else if (update.kind === "create" || update.kind === "reinforce") {
      const id = update.kind === "create" ? update.strategy.id : update.strategyId;
      const trajectoryId = update.kind === "create" ? update.strategy.sourceTrajectories[0]! : update.trajectoryId;
      const task = update.kind === "create" ? update.strategy.tasks[0] ?? update.strategy.title : update.task;
      this.known.set(id, reinforced(this.known.get(id)!, trajectoryId, task));
    }
  }
}
