/**
 * A small Prometheus metrics registry: counters, gauges and histograms, rendered in
 * the text exposition format.
 *
 * @module
 */

type Labels = Record<string, string>;

const labelKey = (labels: Labels) => Object.keys(labels).sort().map((k) => `${k}="${escape(labels[k]!)}"`).join(",");
const escape = (value: string) => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const line = (name: string, key: string, value: number) => `${name}${key ? `{${key}}` : ""} ${value}`;

interface Metric {
  render(): string[];
}

export class Counter implements Metric {
  readonly #values = new Map<string, number>();
  constructor(readonly name: string, readonly help: string) {}

  inc(n = 1, labels: Labels = {}): void {
    const key = labelKey(labels);
    this.#values.set(key, (this.#values.get(key) ?? 0) + n);
  }

  /** The current value for these labels (for tests and stats). */
  value(labels: Labels = {}): number {
    return this.#values.get(labelKey(labels)) ?? 0;
  }

  render(): string[] {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} counter`,
      ...(this.#values.size ? [...this.#values].map(([k, v]) => line(this.name, k, v)) : [line(this.name, "", 0)]),
    ];
  }
}

export class Gauge implements Metric {
  readonly #values = new Map<string, number>();
  constructor(readonly name: string, readonly help: string) {}

  set(value: number, labels: Labels = {}): void {
    this.#values.set(labelKey(labels), value);
  }

  value(labels: Labels = {}): number {
    return this.#values.get(labelKey(labels)) ?? 0;
  }

  render(): string[] {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} gauge`,
      ...[...this.#values].map(([k, v]) => line(this.name, k, v)),
    ];
  }
}

export class Histogram implements Metric {
  readonly #counts: number[];
  #sum = 0;
  #count = 0;
  constructor(readonly name: string, readonly help: string, readonly buckets: readonly number[]) {
    this.#counts = buckets.map(() => 0);
  }

  observe(value: number): void {
    this.#sum += value;
    this.#count++;
    this.buckets.forEach((bound, i) => {
      if (value <= bound) this.#counts[i]!++;
    });
  }

  get count(): number {
    return this.#count;
  }

  render(): string[] {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} histogram`,
      ...this.buckets.map((bound, i) => line(`${this.name}_bucket`, `le="${bound}"`, this.#counts[i]!)),
      line(`${this.name}_bucket`, `le="+Inf"`, this.#count),
      line(`${this.name}_sum`, "", this.#sum),
      line(`${this.name}_count`, "", this.#count),
    ];
  }
}

/** Holds every metric of the process, in registration order. */
export class Registry {
  readonly #metrics: Metric[] = [];

  counter(name: string, help: string): Counter {
    return this.#register(new Counter(name, help));
  }

  gauge(name: string, help: string): Gauge {
    return this.#register(new Gauge(name, help));
  }

  histogram(name: string, help: string, buckets: readonly number[]): Histogram {
    return this.#register(new Histogram(name, help, buckets));
  }

  /** The Prometheus text exposition of every metric. */
  render(): string {
    return this.#metrics.flatMap((m) => m.render()).join("\n") + "\n";
  }

  #register<M extends Metric>(metric: M): M {
    this.#metrics.push(metric);
    return metric;
  }
}
