// The gateway's per-request context: typed bindings, the request id and the cluster handle.
import type { Context } from "hono";
import type { Cluster } from "../../src/service/cluster.js";
import { MetadataCache } from "../../src/service/metadata-cache.js";
import type { Env } from "../env.js";

export interface AppEnv {
  Bindings: Env;
  Variables: { requestId: string; cluster: Cluster };
}

export type AppContext = Context<AppEnv>;

/** Topic metadata cached per isolate: the catalog stays off the hot path. */
export const metadataCache = new MetadataCache();
