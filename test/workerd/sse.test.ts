import { sseSuite } from "../protocol/sse.suite.js";
import { api } from "../support/workerd-api.js";

sseSuite(api);
