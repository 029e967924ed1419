/**
 * The `removed:` section: consent, in the commit a reviewer reads, to the deletions a gen makes (the guard
 * stage, generator/guard/destructive.ts, refuses them otherwise). Naming an environment or app the config
 * still has is a contradiction, reported where the entry is written (DEL002).
 */
import type { SidecarGitopsConfiguration as GitopsConfig } from "../config/config-types.gen.js";
import { positionOf, toPointer, type YamlSource } from "../config/source.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { RemovedModel } from "./types.js";

export function buildRemoved(config: GitopsConfig, source: YamlSource, environments: readonly string[], problems: Diagnostic[]): RemovedModel {
  const removed = config.removed ?? {};
  const problem = (at: (string | number)[], message: string, hint: string) => {
    const pointer = toPointer(at);
    problems.push({ file: source.file, ...positionOf(source, pointer), pointer, code: "DEL002", severity: "error", message, hint });
  };
  const envs = removed.environments ?? [];
  envs.forEach((env, i) => {
    if (environments.includes(env)) {
      problem(["removed", "environments", i], `environment "${env}" is marked removed but is still under environments`, `keep one: delete "${env}" from removed.environments to keep the environment, or delete environments.${env} to remove it`);
    }
  });
  const apps = (removed.apps ?? []).map((a, i) => {
    if (config.apps.some((x) => x.name === a.name)) {
      problem(["removed", "apps", i, "name"], `app "${a.name}" is marked removed but is still under apps`, `keep one: delete this entry from removed.apps to keep the app, or delete the app from apps to remove it`);
    }
    (a.environments ?? []).forEach((env, j) => {
      if (envs.includes(env)) problem(["removed", "apps", i, "environments", j], `environment "${env}" is removed as a whole already`, `delete "${env}" here: removed.environments covers every app in it`);
    });
    return { name: a.name, ...(a.environments ? { environments: [...a.environments] } : {}) };
  });
  return { environments: [...envs], apps };
}
