// Bounded fan-out: a page asks about many topics or groups, a few requests at a time.

/** At most this many requests of one page in flight: a cluster of many topics is not flooded. */
export const REQUESTS_IN_FLIGHT_MAX = 6;

/** `work` over `items`, at most REQUESTS_IN_FLIGHT_MAX at once; results in the items' order. */
export async function mapLimited<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(REQUESTS_IN_FLIGHT_MAX, items.length) }, worker));
  return results;
}
