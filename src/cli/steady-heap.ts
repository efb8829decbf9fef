import { setFlagsFromString } from 'node:v8';

/**
 * For a command that runs long at a steady pace (`parley batch`): V8's young generation stops
 * doubling. A batch's garbage is request state that lives a few hundred milliseconds; with 50
 * requests in flight, enough of it survives each scavenge that V8 doubles the young generation
 * again and again, up to 64 MB, all of it then resident. With a growth factor of 1 it moves by
 * small steps and shrinks back (a few MB); scavenges come more often but stay cheap (they copy only
 * what is live), and the process stays 10–15 MB smaller at the same throughput (bench/batch.ts).
 * The factor is read at each resize, so setting it now takes effect, unlike the young generation's
 * maximum, which is fixed when the heap is made.
 */
export function holdYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
