// Which URLs a push subscription may POST to: `https://` on a public host. A deployment must
// never be turned into a proxy into its own or a private network (SSRF), so loopback, private,
// link-local and single-label hosts are refused; a development run (EDGELOG_DEV=1) allows them
// and plain `http://`, for local receivers. The WHATWG URL parser has already normalised IPv4
// spellings such as `0x7f.1` to dotted decimal when the hostname is read.

/** Why `raw` is refused as an endpoint, or null when it is acceptable. */
export function endpointRefusal(raw: string, dev: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL";
  }
  if (url.protocol !== "https:" && !(dev && url.protocol === "http:")) {
    return dev ? "must be an https:// or http:// URL" : "must be an https:// URL";
  }
  if (url.username !== "" || url.password !== "") {
    return "must not hold credentials (sign deliveries with `secret` instead)";
  }
  if (!dev && !isPublicHost(url.hostname)) {
    return "must name a public host (loopback and private addresses only in a development run)";
  }
  return null;
}

function isPublicHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[")) return isPublicIpv6(host.slice(1, -1));
  const octets = ipv4Octets(host);
  if (octets !== null) return isPublicIpv4(octets);
  if (!host.includes(".")) return false; // localhost, intranet names
  return !/\.(localhost|local|internal|home\.arpa)$/.test(host);
}

function ipv4Octets(host: string): number[] | null {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return null;
  return host.split(".").map(Number);
}

function isPublicIpv4([a = 0, b = 0]: number[]): boolean {
  if (a === 0 || a === 10 || a === 127) return false; // this network, private, loopback
  if (a === 169 && b === 254) return false; // link-local, cloud metadata
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 100 && b >= 64 && b <= 127) return false; // carrier-grade NAT
  if (a >= 224) return false; // multicast and reserved
  return true;
}

function isPublicIpv6(host: string): boolean {
  if (host === "::" || host === "::1") return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped?.[1] !== undefined) {
    const octets = ipv4Octets(mapped[1]);
    return octets !== null && isPublicIpv4(octets);
  }
  // The URL parser writes a mapped IPv4 address in hex: ::ffff:7f00:1.
  if (host.startsWith("::ffff:")) return false;
  const first = Number.parseInt(host.split(":")[0] || "0", 16);
  if ((first & 0xfe00) === 0xfc00) return false; // unique local fc00::/7
  if ((first & 0xffc0) === 0xfe80) return false; // link-local fe80::/10
  if ((first & 0xff00) === 0xff00) return false; // multicast
  return true;
}
