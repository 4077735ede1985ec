// The gateway: middleware order, the routes, and the single error boundary.
import { Hono } from "hono";
import { configOf } from "../env.js";
import { requestAnalytics } from "./analytics.js";
import { authentication } from "./auth.js";
import { BindingCluster } from "./cluster.js";
import type { AppEnv } from "./context.js";
import { apiCors } from "./cors.js";
import { notFound, onError } from "./errors.js";
import { adminRoutes } from "./routes/admin.js";
import { classicGroupRoutes } from "./routes/classic-groups.js";
import { consoleRoutes } from "./routes/console.js";
import { groupRoutes } from "./routes/groups.js";
import { metricsRoutes } from "./routes/metrics.js";
import { offsetRoutes } from "./routes/offsets.js";
import { producerRoutes } from "./routes/producers.js";
import { queryRoutes } from "./routes/queries.js";
import { recordRoutes } from "./routes/records.js";
import { shareGroupRoutes } from "./routes/share-groups.js";
import { subscriptionRoutes } from "./routes/subscriptions.js";
import { tokenRoutes } from "./routes/tokens.js";
import { topicRoutes } from "./routes/topics.js";
import { trackRoutes } from "./routes/track.js";
import { webhookRoutes } from "./routes/webhooks.js";

export const app = new Hono<AppEnv>();

app.use(async (c, next) => {
  const requestId = c.req.header("x-request-id") ?? crypto.randomUUID();
  c.set("requestId", requestId);
  configOf(c.env);
  c.set("cluster", new BindingCluster(c));
  await next();
  c.header("x-request-id", requestId);
});
// Every request is measured, refused ones too (when the Analytics Engine binding is there).
app.use(requestAnalytics);
// Before authentication: a browser's preflight carries no token.
app.use(apiCors);
// Before authentication too: the console's pages and scripts hold no data, and a browser
// navigating to them sends no token (the pages ask for one and send it with their API calls).
app.route("/", consoleRoutes);
app.use(authentication);

app.route("/", topicRoutes);
app.route("/", recordRoutes);
app.route("/", offsetRoutes);
app.route("/", adminRoutes);
app.route("/", groupRoutes);
app.route("/", classicGroupRoutes);
app.route("/", shareGroupRoutes);
app.route("/", producerRoutes);
app.route("/", webhookRoutes);
app.route("/", subscriptionRoutes);
app.route("/", trackRoutes);
app.route("/", tokenRoutes);
app.route("/", queryRoutes);
app.route("/", metricsRoutes);

app.notFound(notFound);
app.onError(onError);
