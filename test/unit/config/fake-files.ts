/** An in-memory `ReadFile` for config tests: known paths answer, others fail like ENOENT. */
import type { ReadFile } from "../../../src/config/index.js";

export function fakeFiles(files: Record<string, string | object>): ReadFile {
  return (file) => {
    const content = files[file];
    if (content === undefined) {
      const e = new Error(`ENOENT: no such file or directory, open '${file}'`) as NodeJS.ErrnoException;
      e.code = "ENOENT";
      throw e;
    }
    return typeof content === "string" ? content : JSON.stringify(content);
  };
}
