import { produceCompactSuite } from "../protocol/produce-compact.suite.js";
import { api } from "../support/workerd-api.js";

produceCompactSuite(api);
