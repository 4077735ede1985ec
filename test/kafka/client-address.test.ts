// The Kafka client's address as the gateway forwards it to edgelog (src/kafka/client-address.ts):
// IPv4 as itself, IPv4-mapped IPv6 (a dual-stack listener's view of IPv4 clients) as IPv4, IPv6
// as itself, and nothing for a socket without a remote address.
import { describe, expect, it } from "vitest";
import { forwardedAddressOf } from "../../src/kafka/client-address.js";

describe("forwardedAddressOf", () => {
  it("names the client's address as X-Forwarded-For carries it", () => {
    expect(forwardedAddressOf("127.0.0.2")).toBe("127.0.0.2");
    expect(forwardedAddressOf("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(forwardedAddressOf("::FFFF:192.0.2.7")).toBe("192.0.2.7");
    expect(forwardedAddressOf("2001:db8::1")).toBe("2001:db8::1");
    expect(forwardedAddressOf(undefined)).toBeNull();
    expect(forwardedAddressOf("")).toBeNull();
  });
});
