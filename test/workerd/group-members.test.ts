import { groupMembersSuite } from "../protocol/group-members.suite.js";
import { api } from "../support/workerd-api.js";

groupMembersSuite(api);
