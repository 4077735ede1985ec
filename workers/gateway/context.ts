// The gateway's per-request context: typed bindings, the request id and the cluster handle.
import type { Context } from "hono";
import type { Principal } from "../../src/auth/principal.js";
import { Authenticator } from "../../src/service/auth.js";
import type { Cluster } from "../../src/service/cluster.js";
import { MetadataCache } from "../../src/service/metadata-cache.js";
import { QuotaMeter } from "../../src/service/quotas.js";
import type { Env } from "../env.js";

export interface AppEnv {
  Bindings: Env;
  /** `principal` is null on routes with their own authentication (webhooks, beacons). */
  Variables: { requestId: string; cluster: Cluster; principal: Principal | null };
}

export type AppContext = Context<AppEnv>;

/** Topic metadata cached per isolate: the catalog stays off the hot path. */
export const metadataCache = new MetadataCache();

/** Access tokens known to this isolate, and its quota buckets. */
export const authenticator = new Authenticator();
export const quotaMeter = new QuotaMeter();
