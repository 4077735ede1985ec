import { inputRulesSuite } from "../protocol/input-rules.suite.js";
import { api } from "../support/workerd-api.js";

inputRulesSuite(api);
