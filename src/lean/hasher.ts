/**
 * The SHA-256 hasher behind every hash_tree_root in this process.
 *
 * @chainsafe/persistent-merkle-tree defaults to a pure-JS hasher (noble). The native
 * `hashtree` one (SIMD, hashes many 64-byte blocks a call) merkleizes a 16 MB state several
 * times faster. The choice is module state, and every worker thread loads its own copy of
 * the module, so each thread must install it: every module here that computes roots calls
 * `useFastHasher()` when it loads. It is idempotent and cheap after the first call.
 */
import { hasher as currentHasher, setHasher } from "@chainsafe/persistent-merkle-tree";
import { hasher as hashtreeHasher } from "@chainsafe/persistent-merkle-tree/hasher/hashtree";

let installed = false;

/** Install the native hashtree hasher in this thread (once). */
export function useFastHasher(): void {
  if (installed) return;
  setHasher(hashtreeHasher);
  installed = true;
}

/** The name of the hasher this thread uses now ("hashtree" once installed). */
export function activeHasherName(): string {
  return currentHasher.name;
}
