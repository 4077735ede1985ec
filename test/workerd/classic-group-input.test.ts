import { classicGroupInputSuite } from "../protocol/classic-group-input.suite.js";
import { api } from "../support/workerd-api.js";

classicGroupInputSuite(api);
