// What the kernel knows about the processes under test: their CPU time, and which child
// process listens on a given port (how a worker's workerd is found among wrangler's children).
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** Clock ticks per second of /proc's CPU times (USER_HZ): 100 on every Linux build we run on. */
const TICKS_PER_SEC = 100;

/** CPU time a process has used so far (user + system, all its threads), in milliseconds. */
export function cpuMsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces; the fields after its ")" are space-separated.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]); // field 14 of proc(5)
  const stime = Number(fields[12]); // field 15
  return ((utime + stime) * 1000) / TICKS_PER_SEC;
}

/** Whole-machine CPU counters from /proc/stat: busy and total jiffies over all cores. */
export function machineTicks() {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0];
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = values[3] + (values[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/** Busy share of the machine between two machineTicks() samples, in percent. */
export function machineBusyPercent(start, end) {
  const total = end.total - start.total;
  return total > 0 ? (100 * (end.busy - start.busy)) / total : 0;
}

/** Socket inodes listening on `port` (any loopback or wildcard address) per /proc/net/tcp{,6}. */
function listeningInodes(port) {
  const inodes = new Set();
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue; // no IPv6 on this machine
    }
    for (const row of text.split("\n").slice(1)) {
      const columns = row.trim().split(/\s+/);
      // local_address is "ADDR:PORT"; state 0A is LISTEN; column 9 is the inode.
      if (columns[1]?.endsWith(`:${hexPort}`) && columns[3] === "0A") inodes.add(columns[9]);
    }
  }
  return inodes;
}

/** Pids whose parent is `parentPid`. */
function childrenOf(parentPid) {
  const children = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === parentPid) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

/**
 * The child of `parentPid` (this process, which runs wrangler) holding the socket that listens on
 * `port`: the workerd serving that worker. wrangler also starts a proxy workerd per worker, so
 * "the workerd child" alone would be ambiguous.
 */
export function childListeningOn(parentPid, port) {
  const inodes = listeningInodes(port);
  for (const pid of childrenOf(parentPid)) {
    let fds;
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match !== null && inodes.has(match[1])) return pid;
      } catch {
        // The descriptor closed while we looked.
      }
    }
  }
  throw new Error(`no child of ${parentPid} listens on port ${port}`);
}
