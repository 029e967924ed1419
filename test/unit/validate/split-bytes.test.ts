import { describe, expect, it } from "vitest";
import { splitDocuments, splitFile } from "../../../generator/validate/resource.js";
import { splitPlainAsciiFile } from "../../../generator/validate/split-bytes.js";
import { generateEdgeCases } from "../../oracles/edge-cases.js";

describe("splitPlainAsciiFile: kubeconform's split on a plain-ASCII file's bytes", () => {
  // The string split (splitDocuments) is the reference: the same documents, indexes, texts and start lines.
  const cases = [
    "a: 1\n---\nb: 2\n",
    "---\na: 1\n---\n---\nb: 2\n---",
    "a: 1\n---  \nb: 2",
    "a: 1\n--- # c\nb: 2\n---",
    "a: 1\n---x\nb: 2\n",
    "\n---\n",
    "",
    "---",
    "a: |\n  x\n  ---\n---\nb: 2\n\n\n",
    "a: 1\n\t---\n---\tb\nc: 3\n",
  ];
  it.each(cases)("%j", (text) => {
    expect(splitPlainAsciiFile("f.yaml", Buffer.from(text))).toEqual(splitDocuments("f.yaml", text, true));
  });

  it("every edge case and random concatenations of them: the bytes' split is the text's, or the file is left to splitFile", () => {
    const edge = generateEdgeCases();
    let seed = 7;
    const rnd = () => ((seed = (seed * 48271) % 0x7fffffff) / 0x7fffffff);
    const files = [...edge.map((c) => c.bytes)];
    for (let i = 0; i < 500; i++) {
      const parts = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => edge[Math.floor(rnd() * edge.length)]!.bytes.toString("latin1"));
      const seps = ["\n---\n", "\n---", "\n--- \n", "\n", "---\n"];
      files.push(Buffer.from(parts.join(seps[Math.floor(rnd() * seps.length)]!), "latin1"));
    }
    let split = 0;
    for (const bytes of files) {
      const mine = splitPlainAsciiFile("f.yaml", bytes);
      const text = bytes.toString("utf8");
      if (mine === undefined) {
        // Left to splitFile: the file is not plain ASCII.
        expect(/^[\t\n\x20-\x7e]*$/.test(text)).toBe(false);
        continue;
      }
      split++;
      expect(mine).toEqual(splitDocuments("f.yaml", text, true));
      expect(splitFile("f.yaml", bytes)).toEqual(mine);
    }
    expect(split).toBeGreaterThan(files.length / 2);
  });
});
