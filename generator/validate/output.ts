/**
 * kubeconform's output formats (text, json, tap, junit) plus `pretty`, which adds line:col and the JSON path
 * of each problem. Each is a Write(result) / Flush() pair so results stream in order.
 */
import type { Result, Status } from "./validator.js";

export type OutputFormat = "text" | "json" | "tap" | "junit" | "pretty";
export const OUTPUT_FORMATS: OutputFormat[] = ["text", "json", "tap", "junit", "pretty"];

export interface Output {
  write(r: Result): void;
  flush(): void;
}

interface Counts {
  valid: number;
  invalid: number;
  errors: number;
  skipped: number;
}

function counter() {
  const c: Counts = { valid: 0, invalid: 0, errors: 0, skipped: 0 };
  const files = new Set<string>();
  return {
    c,
    files,
    add(r: Result) {
      files.add(r.resource.path);
      if (r.status === "valid") c.valid++;
      else if (r.status === "invalid") c.invalid++;
      else if (r.status === "error") c.errors++;
      else if (r.status === "skipped") c.skipped++;
    },
  };
}

const JSON_STATUS: Record<Status, string> = { valid: "statusValid", invalid: "statusInvalid", error: "statusError", skipped: "statusSkipped", empty: "" };

/** Creates the writer for a format; `w` receives whole lines. */
export function createOutput(format: OutputFormat, w: (s: string) => void, opts: { summary: boolean; verbose: boolean; stdin: boolean }): Output {
  const count = counter();
  const shown = (r: Result) => opts.verbose || (r.status !== "valid" && r.status !== "skipped" && r.status !== "empty");
  switch (format) {
    case "json": {
      const rows: Record<string, unknown>[] = [];
      return {
        write(r) {
          count.add(r);
          if (!shown(r)) return;
          const row: Record<string, unknown> = {
            filename: r.resource.path,
            kind: r.signature.kind,
            name: r.signature.name,
            version: r.signature.version,
            status: JSON_STATUS[r.status],
            msg: r.msg,
          };
          if (r.validationErrors.length > 0) row.validationErrors = r.validationErrors.map((e) => ({ path: e.path, msg: e.msg }));
          rows.push(row);
        },
        flush() {
          const body: Record<string, unknown> = { resources: rows };
          if (opts.summary) body.summary = { ...count.c };
          w(JSON.stringify(body, null, 2) + "\n");
        },
      };
    }
    case "tap": {
      let n = 0;
      w("TAP version 13\n");
      return {
        write(r) {
          count.add(r);
          const id = `${r.resource.path} (${r.signature.version}/${r.signature.kind}/${r.signature.namespace}/${r.signature.name})`;
          if (r.status === "valid") w(`ok ${++n} - ${id}\n`);
          else if (r.status === "skipped") w(`ok ${++n} #skip - ${id}\n`);
          else if (r.status === "invalid" || r.status === "error") w(`not ok ${++n} - ${id} - ${r.msg.replace(/\n/g, " ")}\n`);
        },
        flush() {
          w(`1..${n}\n`);
        },
      };
    }
    case "junit": {
      const byFile = new Map<string, Result[]>();
      return {
        write(r) {
          count.add(r);
          if (r.status === "empty") return;
          const list = byFile.get(r.resource.path) ?? [];
          list.push(r);
          byFile.set(r.resource.path, list);
        },
        flush() {
          const c = count.c;
          const total = c.valid + c.invalid + c.errors + c.skipped;
          let xml = `<testsuites name="kubeconform" time="0" tests="${total}" failures="${c.invalid}" disabled="${c.skipped}" errors="${c.errors}">\n`;
          let id = 0;
          for (const [file, results] of byFile) {
            const f = results.filter((r) => r.status === "invalid").length;
            const e = results.filter((r) => r.status === "error").length;
            const s = results.filter((r) => r.status === "skipped").length;
            xml += `  <testsuite name="${esc(file)}" id="${++id}" tests="${results.length}" failures="${f}" errors="${e}" disabled="${s}" skipped="${s}">\n`;
            xml += `    <properties></properties>\n`;
            for (const r of results) {
              const name = `${r.signature.kind}${r.signature.name ? `/${r.signature.name}` : ""}`;
              xml += `    <testcase name="${esc(name)}" classname="${esc(`${r.signature.kind}@${r.signature.version}`)}" time="0">`;
              if (r.status === "invalid") xml += `\n      <failure message="${esc(r.msg)}" type=""></failure>\n    `;
              else if (r.status === "error") xml += `\n      <error message="${esc(r.msg)}" type=""></error>\n    `;
              else if (r.status === "skipped") xml += `\n      <skipped message="" type=""></skipped>\n    `;
              xml += `</testcase>\n`;
            }
            xml += `  </testsuite>\n`;
          }
          w(xml + "</testsuites>\n");
        },
      };
    }
    case "pretty":
    case "text": {
      const pretty = format === "pretty";
      return {
        write(r) {
          count.add(r);
          const { kind, name } = r.signature;
          const where = pretty && r.line !== undefined ? `${r.resource.path}:${r.line}:${r.col ?? 1}` : r.resource.path;
          const doc = pretty ? ` [document ${r.resource.index}]` : "";
          if (r.status === "valid" && opts.verbose) w(`${where}${doc} - ${kind} ${name} is valid\n`);
          else if (r.status === "skipped" && opts.verbose) w(`${where}${doc} - ${name} ${kind} skipped\n`);
          else if (r.status === "invalid") {
            if (!pretty) w(`${where} - ${kind} ${name} is invalid: ${r.msg}\n`);
            else {
              w(`${where}${doc} - ${kind} ${name} is invalid:\n`);
              for (const e of r.validationErrors) w(`  ${r.resource.path}:${e.line ?? "?"}:${e.col ?? "?"} ${e.path || "/"}: ${e.msg}\n`);
            }
          } else if (r.status === "error") {
            if (kind !== "" && name !== "") w(`${where}${doc} - ${kind} ${name} failed validation: ${r.msg}\n`);
            else w(`${where}${doc} - failed validation: ${r.msg}\n`);
          }
        },
        flush() {
          if (!opts.summary) return;
          const c = count.c;
          const n = c.valid + c.invalid + c.errors + c.skipped;
          const files = count.files.size;
          const counts = `Valid: ${c.valid}, Invalid: ${c.invalid}, Errors: ${c.errors}, Skipped: ${c.skipped}`;
          if (opts.stdin) w(`Summary: ${n} resource${n > 1 ? "s" : ""} found parsing stdin - ${counts}\n`);
          else w(`Summary: ${n} resource${n > 1 ? "s" : ""} found in ${files} file${files > 1 ? "s" : ""} - ${counts}\n`);
        },
      };
    }
  }
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/\n/g, "&#xA;");
}
