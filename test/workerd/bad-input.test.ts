import { badInputSuite } from "../protocol/bad-input.suite.js";
import { api } from "../support/workerd-api.js";

badInputSuite(api);
