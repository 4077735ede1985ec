// Time-series charts drawn by uPlot (bundled from npm and served by edgelog itself): one line per
// series over a shared time axis, redrawn in place when new numbers arrive, with a line of text
// that says what the canvas shows (a screen reader cannot read a canvas).
import uPlot from "uplot";
import { h } from "./dom.js";
import type { ChartSeries } from "./history.js";

const COLORS = ["#1d4ed8", "#c2410c", "#047857", "#7c3aed", "#be123c", "#0e7490"];
const HEIGHT_PX = 220;

export class TimeChart {
  readonly element: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly summary: HTMLElement;
  private plot: uPlot | null = null;
  private labels = "";
  /** The x axis always spans the chart's whole window, however few points it has. */
  private window: [number, number] = [0, 1];

  constructor(
    readonly title: string,
    /** What the y axis counts, for its label. */
    private readonly unit: string,
    /** The span of time the chart shows, ending now. */
    private readonly spanSeconds: number,
  ) {
    this.canvas = h("div");
    this.summary = h("p", { class: "muted" });
    this.element = h(
      "figure",
      { class: "chart" },
      h("figcaption", {}, title),
      this.canvas,
      this.summary,
    );
  }

  /**
   * Draws `series` over `seconds` (unix seconds, ascending), with `summary` as its text; a new
   * set of series redraws.
   */
  update(seconds: number[], series: ChartSeries[], summary: string): void {
    this.summary.textContent = summary;
    const nowSeconds = Date.now() / 1000;
    this.window = [nowSeconds - this.spanSeconds, nowSeconds];
    const data: uPlot.AlignedData = [seconds, ...series.map((s) => s.values)];
    const labels = series.map((s) => s.label).join("\n");
    if (this.plot !== null && labels === this.labels) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.labels = labels;
    const width = Math.max(320, Math.min(this.element.clientWidth || 800, 1000));
    this.plot = new uPlot(
      {
        width,
        height: HEIGHT_PX,
        series: [
          {},
          ...series.map((s, i) => ({
            label: s.label,
            stroke: COLORS[i % COLORS.length] ?? "#1d4ed8",
            width: 2,
            spanGaps: false,
          })),
        ],
        axes: [{}, { label: this.unit }],
        scales: {
          x: { time: true, range: () => this.window },
          y: { range: (_u, min, max) => [0, Math.max(1, max, min)] },
        },
      },
      data,
      this.canvas,
    );
  }
}
