import { historySuite } from "../protocol/history.suite.js";
import { api } from "../support/workerd-api.js";

historySuite(api);
