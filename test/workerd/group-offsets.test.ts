import { groupOffsetsSuite } from "../protocol/group-offsets.suite.js";
import { api } from "../support/workerd-api.js";

groupOffsetsSuite(api);
