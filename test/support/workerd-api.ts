// The Api bound to the worker under test, inside workerd.
import { exports } from "cloudflare:workers";
import { Api } from "./api.js";

export const api = new Api((request) => exports.default.fetch(request));
