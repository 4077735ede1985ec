import { groupsSuite } from "../protocol/groups.suite.js";
import { api } from "../support/workerd-api.js";

groupsSuite(api);
