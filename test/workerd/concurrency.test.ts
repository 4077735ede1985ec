import { concurrencySuite } from "../protocol/concurrency.suite.js";
import { api } from "../support/workerd-api.js";

concurrencySuite(api);
