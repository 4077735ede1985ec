// Addressing objects woken by appends (src/replication/append-watches.ts): a watcher names its
// kind, the Durable Object namespace it lives in, and its name there. A kind is added here with
// its namespace; an unknown kind is refused when a watch is armed, never silently dropped.
import type { AppendWatcherRpc } from "../../src/replication/append-watcher-rpc.js";
import type { Env } from "../env.js";

/** A namespace whose objects take wakes; its stubs are cast to AppendWatcherRpc below. */
type WatcherNamespace = { getByName(name: string): unknown };

/** The namespace of each watcher kind. */
const WATCHER_NAMESPACES: Record<string, (env: Env) => WatcherNamespace | undefined> = {
  // Push subscriptions (src/delivery/subscription-node.ts), named `<topic>/<name>`.
  subscription: (env) => env.SUBSCRIPTIONS,
  // Test-only: bound in the workerd test projects (test/workerd/wake-probe.ts), never deployed.
  probe: (env) => env.WAKE_PROBES,
  // Stream SQL query processors (src/sql/processor-runner.ts).
  query: (env) => env.PROCESSORS,
};

/** True when `kind` names a watcher namespace this worker has bound. */
export function isWatcherKind(env: Env, kind: string): boolean {
  return Object.hasOwn(WATCHER_NAMESPACES, kind) && WATCHER_NAMESPACES[kind]?.(env) !== undefined;
}

export function watcherStub(env: Env, kind: string, name: string): AppendWatcherRpc {
  const namespace = Object.hasOwn(WATCHER_NAMESPACES, kind)
    ? WATCHER_NAMESPACES[kind]?.(env)
    : undefined;
  if (namespace === undefined) throw new Error(`no watcher kind ${JSON.stringify(kind)}`);
  // Every namespace listed holds a class implementing AppendWatcherRpc.
  return namespace.getByName(name) as AppendWatcherRpc;
}
