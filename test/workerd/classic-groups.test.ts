import { classicGroupsSuite } from "../protocol/classic-groups.suite.js";
import { api } from "../support/workerd-api.js";

classicGroupsSuite(api);
