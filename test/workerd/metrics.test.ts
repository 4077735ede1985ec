import { metricsSuite } from "../protocol/metrics.suite.js";
import { api } from "../support/workerd-api.js";

metricsSuite(api);
