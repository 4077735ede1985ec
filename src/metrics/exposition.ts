// The Prometheus text exposition format 0.0.4: families with HELP and TYPE, samples with
// escaped label values, numbers as Prometheus reads them. Pure.

export type MetricType = "gauge" | "counter" | "histogram";

export type Labels = Readonly<Record<string, string | number>>;

interface Family {
  help: string;
  type: MetricType;
  lines: string[];
}

/** A label value with `\`, `"` and line feeds escaped, as the format requires. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(
    ([name, value]) => `${name}="${escapeLabelValue(String(value))}"`,
  );
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

export class Exposition {
  private readonly families = new Map<string, Family>();

  /** Declares a family; families are written in the order declared. */
  family(name: string, type: MetricType, help: string): this {
    this.families.set(name, { help, type, lines: [] });
    return this;
  }

  /** One sample of family `name`; `suffix` names a histogram's `_bucket`, `_sum` or `_count`. */
  sample(name: string, labels: Labels, value: number, suffix = ""): void {
    const family = this.families.get(name);
    if (family === undefined) throw new Error(`metric family ${name} was not declared`);
    family.lines.push(`${name}${suffix}${formatLabels(labels)} ${formatValue(value)}`);
  }

  /** A histogram's samples from per-bucket counts (not cumulative) over `bounds`. */
  histogram(
    name: string,
    labels: Labels,
    bounds: readonly number[],
    h: { counts: number[]; sum: number; count: number },
  ): void {
    let cumulative = 0;
    bounds.forEach((bound, i) => {
      cumulative += h.counts[i] ?? 0;
      this.sample(name, { ...labels, le: formatValue(bound) }, cumulative, "_bucket");
    });
    this.sample(name, { ...labels, le: "+Inf" }, h.count, "_bucket");
    this.sample(name, labels, h.sum, "_sum");
    this.sample(name, labels, h.count, "_count");
  }

  /** The exposition: every family with samples, each with its HELP and TYPE lines. */
  text(): string {
    const out: string[] = [];
    for (const [name, family] of this.families) {
      if (family.lines.length === 0) continue;
      out.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`, ...family.lines);
    }
    return `${out.join("\n")}\n`;
  }
}
