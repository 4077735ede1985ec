// What a beacon's records say about the sender: the edge's request.cf location fields, user agent
// and origin; in a development run the location fields are left out, since miniflare makes up
// request.cf (US, Austin, DFW) whoever the visitor is.
import { describe, expect, it } from "vitest";
import { beaconHeaders } from "../../src/beacons/beacon-events.js";

/** miniflare's stand-in request.cf, as wrangler dev and workerd tests see it. */
const MINIFLARE_CF = {
  asn: 395747,
  colo: "DFW",
  country: "US",
  city: "Austin",
  region: "Texas",
  timezone: "America/Chicago",
  continent: "NA",
};

describe("beacon headers", () => {
  it("carries the edge's location fields, user agent and origin", () => {
    const cf = { ...MINIFLARE_CF, country: "DE", city: "Berlin", colo: "FRA", asn: 3320 };
    expect(
      beaconHeaders({
        cf,
        cfSimulated: false,
        userAgent: "TestBrowser/1.0",
        origin: "https://shop.example",
      }),
    ).toEqual({
      country: "DE",
      city: "Berlin",
      region: "Texas",
      colo: "FRA",
      asn: "3320",
      timezone: "America/Chicago",
      "user-agent": "TestBrowser/1.0",
      origin: "https://shop.example",
    });
  });

  it("leaves out a simulated request.cf in a development run, keeping the rest", () => {
    expect(
      beaconHeaders({
        cf: MINIFLARE_CF,
        cfSimulated: true,
        userAgent: "TestBrowser/1.0",
        origin: "http://localhost:5173",
      }),
    ).toEqual({ "user-agent": "TestBrowser/1.0", origin: "http://localhost:5173" });
  });
});
