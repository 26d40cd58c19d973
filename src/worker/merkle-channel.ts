/**
 * The poll workers' channel for sharing one state's hashing (merkle/shared-root.ts): a
 * BroadcastChannel named per pool, so every other worker of the pool hears a job and
 * helps with it, and no other pool in the process does (round/pool.ts names it). The main
 * thread takes no part: the jobs are the workers' own, the claims go through shared memory.
 * The hashing code loads with the first job: a lean daemon's workers never get one.
 */
import { BroadcastChannel } from "node:worker_threads";
import type { SplitJob } from "../merkle/index.js";

export class MerkleChannel {
  readonly #channel: BroadcastChannel;
  /** Units this thread hashed for other threads' jobs. */
  helped = 0;

  constructor(name: string) {
    this.#channel = new BroadcastChannel(name);
    this.#channel.unref(); // an idle worker may still exit
    this.#channel.onmessage = (e) => {
      const job = (e as MessageEvent).data;
      void help(job).then((n) => (this.helped += n), () => {});
    };
  }

  /** Tell the other threads of the pool (never this one). */
  readonly announce = (job: SplitJob): void => {
    this.#channel.postMessage(job);
  };

  close(): void {
    this.#channel.close();
  }
}

async function help(job: unknown): Promise<number> {
  const [{ helpSplitJob, isSplitJob }, { useFastHasher }] = await Promise.all([import("../merkle/shared-root.js"), import("../lean/hasher.js")]);
  useFastHasher(); // the one the job's requester hashes with
  return isSplitJob(job) ? helpSplitJob(job) : 0;
}
