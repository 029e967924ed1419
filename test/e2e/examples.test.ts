/**
 * Every example config through the real CLI, the way a user runs it: `gen --config examples/<x>.config.yaml
 * --out <dir>` into a temp dir, gen again (nothing to do), `gen --check`, then `validate` (strict schemas,
 * policy, real kustomize). Then each overlay is built with real kustomize and the built manifests are checked
 * for what the example's sidecar pattern must produce: wiring between containers, volumes, ConfigMaps,
 * ports and probes, not just field presence. Finally a misused restartPolicy is shown rejected.
 *
 * The first gen of each example is the real CLI as a child process (node + tsx, as the npm scripts do: main.ts,
 * its exit code); the second gen, --check and validate call the same command functions in-process (what
 * main.ts calls, with the output captured), which keeps the file fast. All examples run concurrently in one
 * beforeAll; the assertions then only read what was produced.
 */
import { spawn } from "node:child_process";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments, parseDocument, stringify } from "yaml";
import { runGen } from "../../generator/cli/gen.js";
import type { CommandIO } from "../../generator/cli/io.js";
import { runKubeconform } from "../../generator/cli/kubeconform.js";
import { runValidate } from "../../generator/cli/validate.js";
import { validateBuiltObjects } from "../../generator/cli/validate-schemas.js";
import { findKustomize, type KustomizeRunner } from "../../generator/tools/kustomize.js";
import { checkPolicy } from "../../generator/validate/policy/check-policy.js";
import { REPO_ROOT, TSX_LOADER, type CliResult } from "../helpers/cli.js";
import { tempDir } from "../helpers/tree.js";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MAIN = join(REPO_ROOT, "generator", "cli", "main.ts");
const EXAMPLES = readdirSync(join(REPO_ROOT, "examples"))
  .filter((f) => f.endsWith(".config.yaml"))
  .sort()
  .map((f) => f.replace(/\.config\.yaml$/, ""));
/** The Pod Security level each example's environments are validated (and enforced) at. */
const LEVEL: Record<string, "restricted" | "baseline"> = Object.fromEntries(EXAMPLES.map((e) => [e, e === "seed-pod" ? "baseline" : "restricted"]));

/** The real CLI as a child process (what runCli does, but async so the examples run side by side). */
function cli(cwd: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", TSX_LOADER, MAIN, ...args], { cwd, env: { ...process.env, GITHUB_ACTIONS: "" } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A command of the CLI in-process, output captured. */
async function command(fn: (argv: string[], io: CommandIO) => Promise<number>, argv: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await fn(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, signal: null, stdout, stderr };
}

interface Run {
  config: Obj;
  configPath: string;
  dir: string;
  envs: string[];
  gen: CliResult;
  again: CliResult;
  check: CliResult;
  validate: CliResult;
  /** The kustomize build of each overlay, raw and parsed. */
  built: Record<string, { text: string; objects: Obj[] }>;
}

let kustomize: KustomizeRunner;
const runs = new Map<string, Run>();

beforeAll(async () => {
  kustomize = await findKustomize();
  await Promise.all(
    EXAMPLES.map(async (name) => {
      const configPath = join(REPO_ROOT, "examples", `${name}.config.yaml`);
      const config = parse(readFileSync(configPath, "utf8")) as Obj;
      const dir = tempDir(`sidecar-gitops-example-${name}-`);
      const args = ["--config", configPath, "--out", dir];
      // From the repository root, as npm run runs it (and as the in-process runs below): headers name paths from there.
      const gen = await cli(REPO_ROOT, ["gen", ...args]);
      const again = await command(runGen, args);
      const check = await command(runGen, ["--check", ...args]);
      const validate = await command(runValidate, args);
      const envs = Object.keys(config.environments as Obj).sort();
      const built: Run["built"] = {};
      if (gen.code === 0) {
        for (const env of envs) {
          const text = await kustomize.build(join(dir, "overlays", env));
          built[env] = { text, objects: parseAllDocuments(text).map((d) => d.toJS() as Obj) };
        }
      }
      runs.set(name, { config, configPath, dir, envs, gen, again, check, validate, built });
    }),
  );
}, 120_000);

const run = (name: string): Run => runs.get(name)!;
const app = (name: string): Obj => (run(name).config.apps as Obj[])[0]!;
const objectsOf = (name: string, env: string): Obj[] => run(name).built[env]!.objects;
const one = (objects: Obj[], kind: string): Obj => {
  const found = objects.filter((o) => o.kind === kind);
  expect(found.map((o) => o.metadata.name), `one ${kind}`).toHaveLength(1);
  return found[0]!;
};
const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"];
const podSpecOf = (objects: Obj[]): Obj => {
  const w = objects.find((o) => WORKLOAD_KINDS.includes(o.kind))!;
  return w.kind === "Pod" ? w.spec : w.kind === "CronJob" ? w.spec.jobTemplate.spec.template.spec : w.spec.template.spec;
};
/** A container by name from either list, with which list it is in. */
function containerOf(spec: Obj, name: string): Obj & { list: "containers" | "initContainers" } {
  for (const list of ["containers", "initContainers"] as const) {
    const c = ((spec[list] ?? []) as Obj[]).find((x) => x.name === name);
    if (c) return { ...c, list };
  }
  throw new Error(`no container ${name}; have ${[...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((c: Obj) => c.name).join(", ")}`);
}
const allNames = (spec: Obj): string[] => [...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((c: Obj) => c.name);
const mountAt = (c: Obj, mountPath: string): Obj => {
  const m = ((c.volumeMounts ?? []) as Obj[]).find((x) => x.mountPath === mountPath);
  if (!m) throw new Error(`container ${c.name} has no mount at ${mountPath}`);
  return m;
};
const volume = (spec: Obj, name: string): Obj => (spec.volumes as Obj[]).find((v) => v.name === name)!;
/** The ConfigMap object behind a mount, through the pod's volume (so the reference is checked, not assumed). */
function configMapBehind(objects: Obj[], spec: Obj, mount: Obj): Obj {
  const ref = volume(spec, mount.name)?.configMap?.name as string | undefined;
  expect(ref, `volume ${mount.name} is a ConfigMap volume`).toBeTruthy();
  const cm = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === ref);
  expect(cm, `ConfigMap ${ref} is in the build`).toBeTruthy();
  return cm!;
}
/** A native sidecar: an init container that restarts, i.e. runs alongside the main container. */
function expectNativeSidecar(c: Obj & { list: string }): void {
  expect(c.list, `${c.name} is an init container`).toBe("initContainers");
  expect(c.restartPolicy, `${c.name} restartPolicy`).toBe("Always");
}

describe.each(EXAMPLES)("examples/%s.config.yaml through the real CLI", (name) => {
  it("gen writes the tree; a second gen has nothing to do; gen --check passes", () => {
    const r = run(name);
    expect(r.gen.code, r.gen.stderr).toBe(0);
    expect(r.gen.stdout).toMatch(/^[1-9]\d* created, 0 updated, 0 deleted, 0 adopted, 0 unchanged \(\d+\.\d s\)$/m);
    expect(r.again.code, r.again.stderr).toBe(0);
    expect(r.again.stdout).toMatch(/^0 created, 0 updated, 0 deleted, 0 adopted, [1-9]\d* unchanged \(\d+\.\d s\)$/m);
    expect(r.check.code, r.check.stdout + r.check.stderr).toBe(0);
    expect(r.check.stdout).toContain("is up to date with");
    expect(readdirSync(join(r.dir, "overlays")).filter((d) => !d.startsWith(".")).sort()).toEqual(r.envs);
  });

  it(`validate passes: strict schemas, policy (${LEVEL[name]}) with no finding in every environment, real kustomize`, () => {
    const r = run(name);
    expect(r.validate.code, r.validate.stdout + r.validate.stderr).toBe(0);
    expect(r.validate.stdout).toMatch(/^tree {7}up to date/m);
    for (const env of r.envs) {
      expect(r.validate.stdout).toMatch(
        new RegExp(`^${env}\\s+2 target\\(s\\), [1-9]\\d* resource\\(s\\); schemas: 0 error\\(s\\); API server: 0 refusal\\(s\\); policy \\(${LEVEL[name]}\\): 0 finding\\(s\\)$`, "m"),
      );
      // The namespace enforces the level the manifests were validated at.
      expect(one(objectsOf(name, env), "Namespace").metadata.labels["pod-security.kubernetes.io/enforce"]).toBe(LEVEL[name]);
    }
    expect(r.validate.stdout).toMatch(/^kustomize\s+\d+ build\(s\), \d+ from the cache \(kustomize v5/m);
    expect(r.validate.stdout).toMatch(/^validate: ok \(\d+\.\d s\)$/m);
  });
});

describe("what each sidecar pattern builds to", () => {
  it("log-shipper: Fluent Bit tails nginx's log files from the shared volume, read-only, through a generated config", () => {
    const { envs, config } = run("log-shipper");
    const shipper = (app("log-shipper").sidecars as Obj[]).find((s) => s.type === "log-shipper")!;
    const paths = (shipper.paths as string[]).map((p) => `${shipper.mountPath}/${p}`).join(",");
    for (const env of envs) {
      const objects = objectsOf("log-shipper", env);
      const spec = podSpecOf(objects);
      const fb = containerOf(spec, "log-shipper");
      expectNativeSidecar(fb);
      expect(fb.image).toMatch(/^cr\.fluentbit\.io\/fluent\/fluent-bit:\d+\.\d+\.\d+$/);
      expect(fb.startupProbe?.httpGet?.port).toBe(fb.ports[0].name);
      expect(fb.livenessProbe).toBeTruthy();
      // The shared volume: nginx writes at /var/log/nginx, Fluent Bit only reads it at the configured path.
      const nginx = containerOf(spec, "nginx");
      expect(nginx.list).toBe("containers");
      const nginxLogs = mountAt(nginx, "/var/log/nginx");
      expect(nginxLogs.name).toBe(shipper.volume);
      expect(nginxLogs.readOnly ?? false).toBe(false);
      expect(mountAt(fb, shipper.mountPath)).toEqual({ name: shipper.volume, mountPath: shipper.mountPath, readOnly: true });
      expect(volume(spec, shipper.volume).emptyDir).toBeTruthy();
      // Its config comes from the generated ConfigMap mounted where --config points; its checksum rolls the pods.
      const confPath = fb.args[fb.args.indexOf("--config") + 1] as string;
      const confMount = mountAt(fb, confPath.slice(0, confPath.lastIndexOf("/")));
      expect(confMount.readOnly).toBe(true);
      const cm = configMapBehind(objects, spec, confMount);
      expect(cm.metadata.name).toBe("web-log-shipper");
      const conf = cm.data[confPath.slice(confPath.lastIndexOf("/") + 1)] as string;
      expect(conf).toBeTruthy();
      const input = conf.slice(conf.indexOf("[INPUT]"));
      expect(input).toMatch(/^\s+Name\s+tail$/m);
      expect(/^\s+Path\s+(\S+)$/m.exec(input)?.[1]).toBe(paths);
      // The tail position DB must be on a writable volume (the root filesystem is read-only).
      const db = /^\s+DB\s+(\S+)$/m.exec(input)![1]!;
      const dbMount = mountAt(fb, db.slice(0, db.lastIndexOf("/")));
      expect(dbMount.readOnly ?? false).toBe(false);
      expect(volume(spec, dbMount.name).emptyDir).toBeTruthy();
      expect(fb.securityContext.readOnlyRootFilesystem).toBe(true);
      // The dev-only debug sidecar.
      if (env === "dev") {
        const debug = containerOf(spec, "debug");
        expectNativeSidecar(debug);
        expect(mountAt(debug, "/var/log/app")).toEqual({ name: "logs", mountPath: "/var/log/app", readOnly: true });
      } else {
        expect(allNames(spec)).not.toContain("debug");
      }
      expect(allNames(spec).sort()).toEqual(env === "dev" ? ["debug", "log-shipper", "nginx"] : ["log-shipper", "nginx"]);
      // prod overrides the shipper's resources; elsewhere the catalog's defaults apply.
      const override = (config.environments.prod.apps.web.containers["log-shipper"] as Obj).resources;
      if (env === "prod") expect(fb.resources).toEqual(override);
      else expect(fb.resources).not.toEqual(override);
    }
    expect(one(objectsOf("log-shipper", "prod"), "Deployment").spec.replicas).toBe(3);
    // Same generated config in every environment: the same name and the same checksum on the pod template.
    const names = envs.map((env) => one(objectsOf("log-shipper", env), "ConfigMap").metadata.name as string);
    expect(new Set(names).size).toBe(1);
    const sums = envs.map((env) => one(objectsOf("log-shipper", env), "Deployment").spec.template.metadata.annotations["checksum/config"] as string);
    expect(sums[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(sums).size).toBe(1);
  });

  it("git-sync: checks the repo out into the shared volume nginx serves read-only, at the link nginx's root names", () => {
    const { envs } = run("git-sync");
    const sync = (app("git-sync").sidecars as Obj[])[0]!;
    for (const env of envs) {
      const objects = objectsOf("git-sync", env);
      const spec = podSpecOf(objects);
      const gs = containerOf(spec, "git-sync");
      expectNativeSidecar(gs);
      const flag = (f: string) => (gs.args as string[]).find((a) => a.startsWith(`--${f}=`))?.slice(f.length + 3);
      expect(flag("repo")).toBe(sync.repo);
      expect(flag("ref")).toBe(sync.ref);
      expect(flag("link")).toBe(sync.link);
      expect(flag("period")).toBe(sync.period);
      const root = flag("root")!;
      expect(root).toMatch(/^\//);
      // --root is the shared volume, writable for git-sync.
      const rootMount = mountAt(gs, root);
      expect(rootMount.name).toBe(sync.volume);
      expect(rootMount.readOnly ?? false).toBe(false);
      // HOME on a private emptyDir (git writes its config there; the root filesystem is read-only).
      expect(gs.env).toContainEqual({ name: "HOME", value: "/tmp" });
      const tmp = mountAt(gs, "/tmp");
      expect(tmp.name).not.toBe(sync.volume);
      expect(volume(spec, tmp.name).emptyDir).toBeTruthy();
      expect(gs.securityContext.readOnlyRootFilesystem).toBe(true);
      // The startup probe holds nginx back until the first sync; it probes git-sync's own HTTP port.
      expect(gs.startupProbe.httpGet.port).toBe("git-sync");
      const port = (gs.ports as Obj[]).find((p) => p.name === "git-sync")!;
      expect(flag("http-bind")).toBe(`:${port.containerPort}`);
      // nginx serves the same volume read-only, and its server block's root is the link inside it.
      const nginx = containerOf(spec, "nginx");
      const html = (nginx.volumeMounts as Obj[]).find((m) => m.name === sync.volume)!;
      expect(html).toEqual({ name: sync.volume, mountPath: "/usr/share/nginx/html", readOnly: true });
      const conf = configMapBehind(objects, spec, mountAt(nginx, "/etc/nginx/conf.d"));
      expect(conf.metadata.name).toBe("site-config");
      expect(conf.data["default.conf"]).toMatch(/^\s*root \/usr\/share\/nginx\/html\/current;$/m);
      expect(`${html.mountPath}/${sync.link}`).toBe("/usr/share/nginx/html/current");
    }
  });

  it("config-reloader: a plain ConfigMap named <app>-config-reloader, mounted in nginx, reloaded with SIGHUP as nginx's user", () => {
    const { envs } = run("config-reloader");
    const reloaderConfig = (app("config-reloader").sidecars as Obj[])[0]!;
    for (const env of envs) {
      const objects = objectsOf("config-reloader", env);
      const spec = podSpecOf(objects);
      const cm = one(objects, "ConfigMap");
      expect(cm.metadata.name).toBe("web-config-reloader"); // no hash: edits reach the mounted files in place
      expect(cm.data).toEqual(reloaderConfig.files);
      const nginx = containerOf(spec, "nginx");
      const conf = mountAt(nginx, "/etc/nginx/conf.d");
      expect(configMapBehind(objects, spec, conf).metadata.name).toBe("web-config-reloader");
      const reloader = containerOf(spec, "config-reloader");
      expectNativeSidecar(reloader);
      // The reloader watches the same volume nginx reads.
      expect((reloader.volumeMounts as Obj[]).some((m) => m.name === conf.name)).toBe(true);
      // Signalling nginx needs its process visible and the same user.
      expect(spec.shareProcessNamespace).toBe(true);
      expect(reloader.securityContext.runAsUser).toBe(101);
      expect(nginx.securityContext.runAsUser ?? spec.securityContext.runAsUser).toBe(101);
      const script = [...(reloader.command ?? []), ...(reloader.args ?? [])].join("\n");
      expect(script).toMatch(/pkill -HUP\b.*\bnginx\b/);
    }
  });

  it("nginx-exporter: a metrics port on the Service, scrape annotations, and a localhost-only stub_status the exporter scrapes", () => {
    const { envs } = run("nginx-exporter");
    for (const env of envs) {
      const objects = objectsOf("nginx-exporter", env);
      const spec = podSpecOf(objects);
      const deployment = one(objects, "Deployment");
      const exporter = containerOf(spec, "nginx-exporter");
      expectNativeSidecar(exporter);
      const metrics = (exporter.ports as Obj[]).find((p) => p.name === "metrics")!;
      expect(metrics.containerPort).toBe(9113);
      const svc = one(objects, "Service");
      expect((svc.spec.ports as Obj[]).map((p) => [p.name, p.targetPort])).toEqual([["http", "http"], ["metrics", "metrics"]]);
      expect(deployment.spec.template.metadata.annotations).toEqual({
        "checksum/config": expect.stringMatching(/^[0-9a-f]{64}$/),
        "prometheus.io/scrape": "true",
        "prometheus.io/port": String(metrics.containerPort),
        "prometheus.io/path": "/metrics",
      });
      expect(exporter.args).toContain("--web.telemetry-path=/metrics");
      // stub_status: one file mounted by subPath into nginx's conf.d, next to the image's default.conf.
      const nginx = containerOf(spec, "nginx");
      const mount = mountAt(nginx, "/etc/nginx/conf.d/stub-status.conf");
      expect(mount.subPath).toBe("stub-status.conf");
      expect(mount.readOnly).toBe(true);
      const cm = configMapBehind(objects, spec, mount);
      expect(cm.metadata.name).toBe("web-nginx-exporter");
      const conf = cm.data["stub-status.conf"] as string;
      expect(conf).toMatch(/^\s*listen 8081;$/m);
      expect(conf).toMatch(/^\s*allow 127\.0\.0\.1;$/m);
      expect(conf).toMatch(/^\s*deny all;$/m);
      const location = /location = (\S+) \{/.exec(conf)![1];
      expect(exporter.args).toContain(`--nginx.scrape-uri=http://127.0.0.1:8081${location}`);
    }
  });

  it("ambassador: HAProxy on 127.0.0.1:9000 forwards to the upstream, health on 8405, and nginx proxies to it", () => {
    const { envs } = run("ambassador");
    for (const env of envs) {
      const objects = objectsOf("ambassador", env);
      const spec = podSpecOf(objects);
      const amb = containerOf(spec, "ambassador");
      expectNativeSidecar(amb);
      const cfgPath = amb.args[amb.args.indexOf("-f") + 1] as string;
      const mount = mountAt(amb, cfgPath.slice(0, cfgPath.lastIndexOf("/")));
      const cm = configMapBehind(objects, spec, mount);
      expect(cm.metadata.name).toBe("frontend-ambassador");
      const cfg = cm.data[cfgPath.slice(cfgPath.lastIndexOf("/") + 1)] as string;
      expect(cfg).toMatch(/^\s*bind 127\.0\.0\.1:9000$/m);
      expect(cfg).toMatch(/^\s*server remote api\.example\.internal:80\b/m);
      // Health: HAProxy's monitor frontend is what every probe asks.
      expect(cfg).toMatch(/^\s*bind :8405$/m);
      const uri = /^\s*monitor-uri (\S+)$/m.exec(cfg)![1];
      const health = (amb.ports as Obj[]).find((p) => p.containerPort === 8405)!;
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        expect(amb[probe]?.httpGet, probe).toEqual({ path: uri, port: health.name });
      }
      // The app only names localhost.
      const nginx = containerOf(spec, "nginx");
      const appConf = configMapBehind(objects, spec, mountAt(nginx, "/etc/nginx/conf.d"));
      expect(appConf.metadata.name).toBe("frontend-config");
      expect(appConf.data["default.conf"]).toMatch(/proxy_pass http:\/\/127\.0\.0\.1:9000;/);
    }
  });

  it("statefulset: a headless Service that governs the pods, a claim per pod mounted by the main container, prod's bigger disks", () => {
    const { envs } = run("statefulset");
    for (const env of envs) {
      const objects = objectsOf("statefulset", env);
      const sts = one(objects, "StatefulSet");
      const headless = objects.find((o) => o.kind === "Service" && o.metadata.name === sts.spec.serviceName)!;
      expect(headless.spec.clusterIP).toBe("None");
      expect(headless.spec.selector).toEqual(sts.spec.selector.matchLabels);
      const [claim] = sts.spec.volumeClaimTemplates as Obj[];
      expect(mountAt(containerOf(sts.spec.template.spec, "valkey"), "/data").name).toBe(claim!.metadata.name);
      expect(claim!.spec.resources.requests.storage).toBe(env === "prod" ? "20Gi" : "1Gi");
      expect(claim!.spec.storageClassName).toBe(env === "prod" ? "fast-ssd" : undefined);
      expect(sts.spec.replicas).toBe(env === "dev" ? 1 : 3);
      expectNativeSidecar(containerOf(sts.spec.template.spec, "exporter"));
      expect(objects.map((o) => o.kind)).not.toContain("PersistentVolumeClaim");
    }
  });

  it("job: named <app>-<hash> per environment, restartPolicy Never (its podFailurePolicy needs it), no Service", () => {
    const names = run("job").envs.map((env) => {
      const objects = objectsOf("job", env);
      const job = one(objects, "Job");
      expect(job.spec.template.spec.restartPolicy).toBe("Never");
      expect(job.spec.podFailurePolicy.rules[0].action).toBe("FailJob");
      expect(objects.map((o) => o.kind)).not.toContain("Service");
      expect(job.metadata.name).toMatch(/^migrate-[0-9a-f]{10}$/);
      return job.metadata.name as string;
    });
    expect(new Set(names).size).toBe(names.length);
  });

  it("cronjob: a nightly schedule (prod's own), suspended in dev, its log shipper a native sidecar so each Job completes", () => {
    for (const env of run("cronjob").envs) {
      const cron = one(objectsOf("cronjob", env), "CronJob");
      expect(cron.spec.schedule).toBe(env === "prod" ? "0 3 * * *" : "30 2 * * *");
      expect(cron.spec.suspend).toBe(env === "dev" ? true : undefined);
      expect(cron.spec.timeZone).toBe("Europe/Berlin");
      const spec = podSpecOf(objectsOf("cronjob", env));
      expect(spec.restartPolicy).toBe("OnFailure");
      expectNativeSidecar(containerOf(spec, "log-shipper"));
      expect(spec.containers.map((c: Obj) => c.name)).toEqual(["report"]);
    }
  });

  it("daemonset: one pod per node, no replicas", () => {
    const ds = one(objectsOf("daemonset", "dev"), "DaemonSet");
    expect(ds.spec.replicas).toBeUndefined();
    expect(ds.spec.updateStrategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 2 } });
  });

  it("seed-pod: the article's Pod, two classic containers and no native sidecar", () => {
    const spec = podSpecOf(objectsOf("seed-pod", "dev"));
    one(objectsOf("seed-pod", "dev"), "Pod");
    expect(spec.containers.map((c: Obj) => c.name)).toEqual(["main-container", "sidecar-container"]);
    expect(spec.initContainers).toBeUndefined();
  });
});

describe("restartPolicy: Always belongs on init containers only", () => {
  const deployment = () => structuredClone(one(objectsOf("log-shipper", "dev"), "Deployment"));

  it("on a regular container: the policy rejects it under any options (the schema cannot: both lists share one Container type)", async () => {
    const bad = deployment();
    bad.spec.template.spec.containers[0].restartPolicy = "Always";
    const lenient = { podSecurity: "privileged" as const, requireResources: false, requirePinnedImages: false, requireProbes: false, ignore: [] };
    for (const options of [undefined, lenient]) {
      expect(checkPolicy(bad, options)).toEqual([
        {
          rule: "sidecar-restart-policy",
          resource: "Deployment/logs-demo-dev/web",
          pointer: "/spec/template/spec/containers/0/restartPolicy",
          message: 'container "nginx" is a regular container: restartPolicy is only allowed on init containers (native sidecars)',
        },
      ]);
    }
    // The strict schemas accept the field on any container (both lists share one Container type); the API
    // server's rules refuse it (validateContainers: "may not be set for non-init containers"), and so does the policy.
    expect((await validateBuiltObjects("bad.yaml", stringify(bad), "1.33")).map((d) => [d.code, d.pointer, d.message])).toEqual([
      ["API021", "/spec/template/spec/containers/0/restartPolicy", "Deployment/web: spec.template.spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"],
    ]);
    // An init container with another restartPolicy is not a sidecar either.
    const onFailure = deployment();
    onFailure.spec.template.spec.initContainers[0].restartPolicy = "OnFailure";
    expect(checkPolicy(onFailure).map((f) => [f.rule, f.pointer])).toEqual([["sidecar-restart-policy", "/spec/template/spec/initContainers/0/restartPolicy"]]);
  });

  it("on a regular container, edited into the tree: `validate` exits 1 with POL001 in every environment", async () => {
    const r = run("log-shipper");
    const dir = tempDir("sidecar-gitops-example-misuse-");
    cpSync(r.dir, dir, { recursive: true });
    const file = join(dir, "base", "web", "deployment.yaml");
    const doc = parseDocument(readFileSync(file, "utf8"));
    expect(doc.getIn(["spec", "template", "spec", "containers", 0, "name"])).toBe("nginx");
    doc.setIn(["spec", "template", "spec", "containers", 0, "restartPolicy"], "Always");
    writeFileSync(file, doc.toString());
    const v = await command(runValidate, ["--config", r.configPath, "--out", dir]);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/base\/web\/deployment\.yaml: error VAL001: generated file was edited by hand since gen wrote it/);
    for (const env of r.envs) {
      expect(v.stderr).toMatch(
        new RegExp(
          `overlays/${env}/web \\(kustomize build\\):\\d+:\\d+: error POL001 /spec/template/spec/containers/0/restartPolicy: sidecar-restart-policy: Deployment/logs-demo-${env}/web: container "nginx" is a regular container`,
        ),
      );
      expect(v.stdout).toMatch(new RegExp(`^${env}\\s+2 target\\(s\\), \\d+ resource\\(s\\); schemas: 0 error\\(s\\); API server: 1 refusal\\(s\\); policy \\(restricted\\): 1 finding\\(s\\)$`, "m"));
      expect(v.stderr).toMatch(new RegExp(`overlays/${env}/web \\(kustomize build\\):\\d+:\\d+: error API021 /spec/template/spec/containers/0/restartPolicy: Deployment/web: spec\\.template\\.spec\\.containers\\[0\\]\\.restartPolicy: Forbidden`));
    }
  });

  it("on an init container (a native sidecar): valid under the strict schemas, kubeconform-compatible CLI included", async () => {
    const text = run("log-shipper").built.dev!.text;
    const spec = podSpecOf(objectsOf("log-shipper", "dev"));
    expect((spec.initContainers as Obj[]).map((c) => [c.name, c.restartPolicy])).toEqual([["log-shipper", "Always"], ["debug", "Always"]]);
    const kubeconform = async (stdin: string) => {
      let stdout = "";
      const code = await runKubeconform(["-strict", "-summary"], { stdin: Readable.from([stdin]), stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true } });
      return { code, stdout };
    };
    const ok = await kubeconform(text);
    const n = run("log-shipper").built.dev!.objects.length;
    expect(ok).toEqual({ code: 0, stdout: `Summary: ${n} resources found parsing stdin - Valid: ${n}, Invalid: 0, Errors: 0, Skipped: 0\n` });
    expect(checkPolicy(one(objectsOf("log-shipper", "dev"), "Deployment"))).toEqual([]);
    // The same check does reject a misspelt field there, so "valid" above means something.
    const typo = await kubeconform(text.replace(/^(\s+)restartPolicy: Always$/m, "$1restartPolicyy: Always"));
    expect(typo.code).toBe(1);
    expect(typo.stdout).toMatch(/initContainers\/0\/restartPolicyy/);
  });
});
