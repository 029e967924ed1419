import { afterEach, describe, expect, it } from "vitest";
import { printDiagnostics } from "../../../generator/cli/io.js";
import { formatGithubAnnotation, type Diagnostic } from "../../../generator/diagnostics/diagnostic.js";

const base: Diagnostic = { file: "gitops.config.yaml", line: 3, col: 5, pointer: "/apps/0/name", code: "CFG010", severity: "error", message: "must match pattern", hint: "use lower case" };

describe("GitHub Actions annotations", () => {
  it("is a workflow command with file, line and col, the code, pointer, message and hint", () => {
    expect(formatGithubAnnotation(base)).toBe("::error file=gitops.config.yaml,line=3,col=5::CFG010 /apps/0/name: must match pattern (hint: use lower case)");
  });

  it("is a warning for a warning, and leaves out line and col when there is no line", () => {
    expect(formatGithubAnnotation({ ...base, severity: "warning", line: undefined, col: undefined, pointer: "", hint: "" })).toBe(
      "::warning file=gitops.config.yaml::CFG010: must match pattern",
    );
  });

  it("escapes %, CR and LF in the message, so a multi-line message stays one annotation", () => {
    const out = formatGithubAnnotation({ ...base, message: "100% broken\r\nline 2\nline 3", hint: "" });
    expect(out).toBe("::error file=gitops.config.yaml,line=3,col=5::CFG010 /apps/0/name: 100%25 broken%0D%0Aline 2%0Aline 3");
    expect(out.split("\n")).toHaveLength(1);
  });

  it("escapes , and : (and %, CR, LF) in the file property, where they would end the value", () => {
    const out = formatGithubAnnotation({ ...base, file: "overlays/dev (kustomize build):a,b%\nc" });
    expect(out.startsWith("::error file=overlays/dev (kustomize build)%3Aa%2Cb%25%0Ac,line=3,col=5::")).toBe(true);
  });

  describe("printDiagnostics", () => {
    const saved = process.env.GITHUB_ACTIONS;
    afterEach(() => {
      if (saved === undefined) delete process.env.GITHUB_ACTIONS;
      else process.env.GITHUB_ACTIONS = saved;
    });
    const capture = () => {
      const io = { out: "", err: "", stdout: { write: (s: string) => (io.out += s) }, stderr: { write: (s: string) => (io.err += s) } };
      return io;
    };

    it("prints annotations on stdout only under GITHUB_ACTIONS=true, the readable lines on stderr always", () => {
      process.env.GITHUB_ACTIONS = "true";
      const gh = capture();
      printDiagnostics(gh, [base, { ...base, line: 9 }]);
      expect(gh.out).toBe(`${formatGithubAnnotation(base)}\n${formatGithubAnnotation({ ...base, line: 9 })}\n`);
      expect(gh.err).toContain("gitops.config.yaml:3:5: error CFG010 /apps/0/name: must match pattern");
      process.env.GITHUB_ACTIONS = "";
      const local = capture();
      printDiagnostics(local, [base]);
      expect(local.out).toBe("");
      expect(local.err).toBe(gh.err.split("\n").slice(0, 2).join("\n") + "\n");
    });
  });
});
