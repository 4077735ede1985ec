// Time-series charts drawn by uPlot (bundled from npm and served by edgelog itself): one line per
// series over a shared time axis, redrawn in place when new numbers arrive.
import uPlot from "uplot";
import { h } from "./dom.js";
import type { ChartSeries } from "./history.js";

const COLORS = ["#1d4ed8", "#c2410c", "#047857", "#7c3aed", "#be123c", "#0e7490"];
const HEIGHT_PX = 220;

export class TimeChart {
  readonly element: HTMLElement;
  private readonly canvas: HTMLElement;
  private plot: uPlot | null = null;
  private labels = "";

  constructor(
    readonly title: string,
    /** What the y axis counts, for its label. */
    private readonly unit: string,
  ) {
    this.canvas = h("div");
    this.element = h("figure", { class: "chart" }, h("figcaption", {}, title), this.canvas);
  }

  /** Draws `series` over `seconds` (unix seconds, ascending); a new set of series redraws. */
  update(seconds: number[], series: ChartSeries[]): void {
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
        scales: { y: { range: (_u, min, max) => [0, Math.max(1, max, min)] } },
      },
      data,
      this.canvas,
    );
  }
}
