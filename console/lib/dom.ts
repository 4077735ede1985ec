// A few DOM helpers the pages build their views with: elements, tables and links, all from
// text nodes (never HTML strings), so record keys and values can never inject markup.

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | boolean | undefined>;

/** `<tag attributes>children</tag>`; `false`/`undefined` attributes and children are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** A cell: numbers right-aligned (class `number`), anything else as text or a node. */
export interface Cell {
  content: Child;
  numeric?: boolean;
}

/**
 * A table with a caption (its accessible name, for screen readers: the section heading above
 * already says it on screen), column headers and rows of cells.
 */
export function table(caption: string, headers: Cell[], rows: Cell[][]): HTMLTableElement {
  const cell = (tag: "th" | "td", c: Cell) =>
    h(
      tag,
      { class: c.numeric === true ? "number" : undefined, scope: tag === "th" ? "col" : undefined },
      c.content,
    );
  return h(
    "table",
    {},
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, ...headers.map((c) => cell("th", c)))),
    h("tbody", {}, ...rows.map((row) => h("tr", {}, ...row.map((c) => cell("td", c))))),
  );
}

/** A number cell. */
export function num(content: Child): Cell {
  return { content, numeric: true };
}

/** A text cell. */
export function text(content: Child): Cell {
  return { content };
}

/** A link to another console view, by its path segments (each one URI-encoded). */
export function consoleLink(label: string, ...segments: Array<string | number>): HTMLAnchorElement {
  return h("a", { href: consolePath(...segments) }, label);
}

/** `/console/<segment>/…` with each segment URI-encoded. */
export function consolePath(...segments: Array<string | number>): string {
  return ["/console", ...segments.map((s) => encodeURIComponent(String(s)))].join("/");
}

/** Replaces an element's children. */
export function fill(element: Element, ...children: Child[]): void {
  element.replaceChildren();
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}
