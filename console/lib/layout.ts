// What every console page shares: the heading and breadcrumbs, the error line (an API error
// shows as its code and message, nothing else), and the refresh loop that keeps numbers live.
import { ApiError } from "./api.js";
import { consolePath, fill, h } from "./dom.js";

/** How often a page reads its numbers again while it is open. */
export const REFRESH_MS = 5_000;

export interface Page {
  main: HTMLElement;
  /** Shows an error (or clears it with null). */
  showError(error: unknown): void;
}

/** The page's path segments after /console, decoded (`/console/topics/a%2Eb` → topics, a.b). */
export function pathSegments(): string[] {
  const rest = location.pathname.replace(/^\/console\/?/, "");
  return rest === "" ? [] : rest.split("/").map((s) => decodeURIComponent(s));
}

/**
 * Sets the title, breadcrumbs (label and path segments; the last is the current page) and the
 * heading, and returns the page's main area with its error line.
 */
export function startPage(title: string, crumbs: Array<[string, Array<string | number>]>): Page {
  document.title = `${title} · edgelog console`;
  const main = document.getElementById("main") as HTMLElement;
  const alert = h("p", { class: "alert", role: "alert" });
  const trail = crumbs.map(([label, segments], i) =>
    i === crumbs.length - 1
      ? h("span", { "aria-current": "page" }, label)
      : h("a", { href: consolePath(...segments) }, label),
  );
  const nav = h("nav", { class: "crumbs", "aria-label": "Breadcrumbs" });
  trail.forEach((item, i) => {
    if (i > 0) nav.append(" / ");
    nav.append(item);
  });
  fill(main, nav, h("h1", {}, title), alert);
  return {
    main,
    showError(error) {
      if (error === null) return fill(alert);
      fill(
        alert,
        h("strong", {}, codeOf(error)),
        ` ${error instanceof Error ? error.message : String(error)}`,
      );
    },
  };
}

/** An error's code: the API's (ApiError, or the SDK's EdgelogClientError), else ERROR. */
function codeOf(error: unknown): string {
  if (error instanceof ApiError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "ERROR";
}

/** A section of the page with a heading and a body that `render` refills. */
export function section(page: Page, title: string): HTMLElement {
  const body = h("div");
  page.main.append(h("section", { "aria-label": title }, h("h2", {}, title), body));
  return body;
}

/**
 * Runs `load` now and every REFRESH_MS after it finishes (never two at once), showing its error
 * or clearing the last one. Returns a function that runs it again now (after a change the page
 * made itself), or as soon as the run in progress ends.
 */
export function keepFresh(page: Page, load: () => Promise<void>): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  const run = async () => {
    clearTimeout(timer);
    running = true;
    try {
      // A hidden tab asks nothing: it reads again once shown (the next tick after that).
      if (!document.hidden) await load();
      page.showError(null);
    } catch (error) {
      page.showError(error);
    }
    running = false;
    if (again) {
      again = false;
      void run();
    } else {
      timer = setTimeout(run, REFRESH_MS);
    }
  };
  void run();
  return () => {
    if (running) again = true;
    else void run();
  };
}
