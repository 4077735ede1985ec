import { shareGroupsSuite } from "../protocol/share-groups.suite.js";
import { api } from "../support/workerd-api.js";

shareGroupsSuite(api);
