import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { cmp, DiagnosticError, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { parseConfigText, type LoadedConfig } from "./load.js";
import { locate, toPointer, type YamlSource } from "./source.js";

/**
 * A config split per team (issue 24): the root config names app files with `appFiles: [apps/*.yaml]`, each
 * holding some apps, optionally their team, and their per-environment overrides. They are merged into one
 * config before schema validation, so every stage sees one config; every pointer into a merged app keeps
 * pointing into the file that wrote it (YamlSource.redirect), so errors are located there.
 */

/** The kind an app file may declare (beside the root config's GitOpsConfig). */
export const APP_FILE_KIND = "GitOpsApps";
/** What an app file may hold: the rest (environments' own settings, delivery, policy) belongs to the root. */
const APP_FILE_KEYS = ["apiVersion", "kind", "metadata", "team", "apps", "environments"];
/** A fleet of 1,000 teams' files is fine; past this a pattern is almost certainly wrong (a generated tree). */
export const MAX_APP_FILES = 10_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The root config with its app files merged in (the root itself when it names none). */
export function includeAppFiles(configPath: string, root: LoadedConfig): LoadedConfig {
  const data = root.data;
  // Already merged (a caller passing the result again) or nothing to merge.
  if (root.source.redirect !== undefined) return root;
  if (!isObj(data) || !Array.isArray(data.appFiles) || !data.appFiles.every((p) => typeof p === "string")) return root;
  const problems: Diagnostic[] = [];
  const at = (src: YamlSource, tokens: (string | number)[], code: string, message: string, hint: string, key = false) =>
    problems.push({ ...locate(src, toPointer(tokens), key), code, severity: "error", message, hint });

  const files = matchAppFiles(configPath, data.appFiles as string[], root.source, at);
  if (files.length > MAX_APP_FILES) {
    at(root.source, ["appFiles"], "CFG042", `appFiles match ${files.length} files; the limit is ${MAX_APP_FILES}`, "point appFiles at the folder of app files only (e.g. apps/*.yaml)");
  }
  if (problems.length > 0) throw new DiagnosticError(sortDiagnostics(problems));

  const merged: Obj = { ...data, apps: [...(Array.isArray(data.apps) ? data.apps : [])] };
  const mergedApps = merged.apps as unknown[];
  const rootEnvs = isObj(data.environments) ? data.environments : {};
  const envs: Obj = {};
  for (const [name, env] of Object.entries(rootEnvs)) envs[name] = isObj(env) ? { ...env, apps: isObj(env.apps) ? { ...env.apps } : env.apps } : env;
  if (Object.keys(envs).length > 0) merged.environments = envs;

  /** Merged app index → its file and index there; "env\0app" → the file whose override it is. */
  const appAt = new Map<number, { source: YamlSource; index: number }>();
  const overrideAt = new Map<string, YamlSource>();
  const appFileOf = new Map<string, string>();
  (Array.isArray(data.apps) ? data.apps : []).forEach((a) => isObj(a) && typeof a.name === "string" && appFileOf.set(a.name, root.source.file));

  for (const file of files) {
    let loaded: LoadedConfig;
    try {
      loaded = parseConfigText(file, readFileSync(file));
    } catch (err) {
      if (err instanceof DiagnosticError) {
        problems.push(...err.diagnostics);
        continue;
      }
      throw err;
    }
    const src = loaded.source;
    const d = loaded.data;
    if (!isObj(d)) {
      at(src, [], "CFG040", "an app file must be a mapping with an apps list", "write `apps:` followed by a list of apps, as under apps: in the root config");
      continue;
    }
    for (const key of Object.keys(d)) {
      if (!APP_FILE_KEYS.includes(key)) {
        at(src, [key], "CFG040", `an app file holds only its apps, their team and their per-environment overrides; "${key}" belongs in the root config`, `move ${key} to ${root.source.file}, or remove it`, true);
      }
    }
    if (d.kind !== undefined && d.kind !== APP_FILE_KIND) {
      at(src, ["kind"], "CFG040", `an app file's kind is ${APP_FILE_KIND}, not ${JSON.stringify(d.kind)}`, `write kind: ${APP_FILE_KIND}`);
    }
    if (d.team !== undefined && typeof d.team !== "string") at(src, ["team"], "CFG040", "team must be a string", "write the team's name, e.g. team: payments");
    if (!Array.isArray(d.apps)) {
      at(src, d.apps === undefined ? [] : ["apps"], "CFG040", "an app file needs an apps list", "write `apps:` followed by a list of apps, as under apps: in the root config", d.apps === undefined);
      continue;
    }
    const own = new Set<string>();
    d.apps.forEach((app, j) => {
      const name = isObj(app) && typeof app.name === "string" ? app.name : undefined;
      if (name !== undefined) {
        const other = appFileOf.get(name);
        if (other !== undefined) {
          at(src, ["apps", j, "name"], "CFG041", `app "${name}" is also defined in ${other}`, `give one of the two apps another name, or remove it from ${other === src.file ? "this file" : other}`);
        }
        appFileOf.set(name, src.file);
        own.add(name);
      }
      let entry = app;
      if (isObj(app) && typeof d.team === "string") {
        if (app.team !== undefined && app.team !== d.team) {
          at(src, ["apps", j, "team"], "CFG040", `app "${name ?? j}" says team "${String(app.team)}" in a file of team "${d.team}"`, `remove apps[${j}].team (the file's team applies), or move the app to its team's file`);
        }
        entry = { ...app, team: d.team };
      }
      appAt.set(mergedApps.length, { source: src, index: j });
      mergedApps.push(entry);
    });
    if (d.environments !== undefined) {
      if (!isObj(d.environments)) {
        at(src, ["environments"], "CFG040", "environments in an app file must be a mapping of environment names", "write environments: { <env>: { apps: { <app>: ... } } }");
        continue;
      }
      for (const [envName, env] of Object.entries(d.environments)) {
        if (!(envName in envs)) {
          at(src, ["environments", envName], "CFG040", `environment "${envName}" is not declared in ${root.source.file}`, `use one of: ${Object.keys(envs).sort(cmp).join(", ") || "(none yet)"}; environments are declared in the root config`, true);
          continue;
        }
        const overrides = env === null ? {} : env;
        if (!isObj(overrides)) {
          at(src, ["environments", envName], "CFG040", `environments.${envName} must be a mapping with apps`, `write environments: { ${envName}: { apps: { <app>: ... } } }`);
          continue;
        }
        for (const key of Object.keys(overrides)) {
          if (key !== "apps") {
            at(src, ["environments", envName, key], "CFG040", `an app file overrides only its apps per environment; environments.${envName}.${key} belongs in the root config`, `move it to ${root.source.file}, or remove it`, true);
          }
        }
        if (overrides.apps === undefined || overrides.apps === null) continue;
        if (!isObj(overrides.apps)) {
          at(src, ["environments", envName, "apps"], "CFG040", "apps must be a mapping of app names to overrides", "write apps: { <app>: { replicas: 2 } }");
          continue;
        }
        const target = envs[envName] === null || envs[envName] === undefined ? {} : (envs[envName] as Obj);
        envs[envName] = target;
        const targetApps: Obj = isObj(target.apps) ? target.apps : {};
        target.apps = targetApps;
        for (const [appName, override] of Object.entries(overrides.apps)) {
          if (!own.has(appName)) {
            at(src, ["environments", envName, "apps", appName], "CFG040", `app "${appName}" is not defined in this file`, "override only the apps this file defines; another file's apps are overridden there", true);
            continue;
          }
          if (appName in targetApps) {
            const other = overrideAt.get(`${envName}\0${appName}`)?.file ?? root.source.file;
            at(src, ["environments", envName, "apps", appName], "CFG041", `environments.${envName}.apps.${appName} is also set in ${other}`, `keep the override in one file: remove it from ${other}`, true);
            continue;
          }
          targetApps[appName] = override;
          overrideAt.set(`${envName}\0${appName}`, src);
        }
      }
    }
  }
  if (problems.length > 0) throw new DiagnosticError(sortDiagnostics(problems));

  const rootSource = root.source;
  const redirect = (tokens: string[]): { source: YamlSource; tokens: (string | number)[] } | undefined => {
    if (tokens[0] === "apps" && tokens.length > 1) {
      const hit = appAt.get(Number(tokens[1]));
      if (hit) return { source: hit.source, tokens: ["apps", hit.index, ...tokens.slice(2)] };
    }
    if (tokens[0] === "environments" && tokens[2] === "apps" && tokens.length > 3) {
      const src = overrideAt.get(`${tokens[1]}\0${tokens[3]}`);
      if (src) return { source: src, tokens };
    }
    return undefined;
  };
  return {
    source: { file: rootSource.file, get doc() { return rootSource.doc; }, get lines() { return rootSource.lines; }, redirect },
    data: merged,
  };
}

/**
 * The files the patterns name, relative to the root config's folder, sorted and without repeats. A pattern is a
 * relative path whose segments may hold `*` and `?` (within one segment; no `**`), e.g. apps/*.yaml or
 * teams/*\/apps.yaml. Hidden files match only a segment that starts with a dot.
 */
function matchAppFiles(
  configPath: string,
  patterns: string[],
  rootSource: YamlSource,
  at: (src: YamlSource, tokens: (string | number)[], code: string, message: string, hint: string) => void,
): string[] {
  const base = dirname(configPath);
  const found = new Set<string>();
  patterns.forEach((pattern, i) => {
    const segments = pattern.split("/");
    if (pattern.startsWith("/") || segments.some((s) => s === "" || s === "." || s === ".." || s.includes("**"))) {
      at(rootSource, ["appFiles", i], "CFG042", `appFiles pattern "${pattern}" must be a relative path inside the repository, without "..", "." or "**"`, "write a pattern like apps/*.yaml");
      return;
    }
    const matches = expand(base, segments).filter((rel) => /\.ya?ml$/.test(rel));
    if (matches.length === 0) {
      at(rootSource, ["appFiles", i], "CFG042", `appFiles pattern "${pattern}" matches no .yaml file`, "fix the pattern, or remove it until the first app file exists");
    }
    for (const m of matches) found.add(m);
  });
  return [...found].sort(cmp).map((rel) => (base === "." ? rel : posix.join(base.split("\\").join("/"), rel)));
}

function expand(base: string, segments: string[]): string[] {
  let paths = [""];
  for (const [k, segment] of segments.entries()) {
    const last = k === segments.length - 1;
    const next: string[] = [];
    for (const p of paths) {
      const dir = join(base, p);
      if (!/[*?]/.test(segment)) {
        const candidate = p === "" ? segment : `${p}/${segment}`;
        if (isKind(join(base, candidate), last)) next.push(candidate);
        continue;
      }
      const re = new RegExp(`^${segment.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")}$`);
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names.sort(cmp)) {
        if (name.startsWith(".") && !segment.startsWith(".")) continue;
        const candidate = p === "" ? name : `${p}/${name}`;
        if (re.test(name) && isKind(join(base, candidate), last)) next.push(candidate);
      }
    }
    paths = next;
  }
  return paths;
}

/** A file for the last segment, a directory before it (symlinks followed, as git checkouts have them). */
function isKind(path: string, file: boolean): boolean {
  try {
    const s = statSync(path);
    return file ? s.isFile() : s.isDirectory();
  } catch {
    return false;
  }
}
