import { limitsSuite } from "../protocol/limits.suite.js";
import { api } from "../support/workerd-api.js";

limitsSuite(api);
