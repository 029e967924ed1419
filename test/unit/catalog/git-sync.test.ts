import { describe, expect, it } from "vitest";
import { CATALOG_IMAGES } from "../../../generator/catalog/images.js";
import { diagnosticsOf, MINIMAL_CONFIG, modelFromText } from "../../helpers/config.js";
import { appOf, classic, containerOf, podSpecOf, renderedContainer, withMainMounts, restrictedAs } from "./helpers.js";

const MAIN = withMainMounts("{ volume: html, mountPath: /usr/share/nginx/html, readOnly: true }");
const VOLUMES = `    volumes:
      - name: html
`;
/** Lines 15-18: sidecars, the item, volume, repo. */
const DEFAULT = MAIN + `    sidecars:
      - type: git-sync
        volume: html
        repo: https://github.com/example/site.git
` + VOLUMES;

function withRepo(repo: string): string {
  return DEFAULT.replace("        repo: https://github.com/example/site.git\n", `        repo: ${repo}\n`);
}

describe("git-sync", () => {
  it("adds git-sync v4 syncing into the shared volume, with its HTTP port, probes and non-root user", () => {
    const c = containerOf(DEFAULT, "git-sync");
    expect(c).toMatchObject({
      role: "sidecar",
      sidecarType: "git-sync",
      image: CATALOG_IMAGES.gitSync.image,
      tag: CATALOG_IMAGES.gitSync.tag,
      args: [
        "--repo=https://github.com/example/site.git",
        "--ref=HEAD",
        "--root=/git",
        "--link=current",
        "--period=60s",
        "--depth=1",
        "--http-bind=:2021",
      ],
      env: [["HOME", "/tmp"]],
      ports: [{ name: "git-sync", containerPort: 2021 }],
      resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
      optional: true,
      enabledByDefault: true,
    });
    expect(c.command).toBeUndefined();
    expect(c.mounts).toEqual([
      { volume: "html", mountPath: "/git", readOnly: false },
      { volume: "git-sync-tmp", mountPath: "/tmp", readOnly: false },
    ]);
    expect(c.probes).toEqual({
      startup: { handler: { kind: "httpGet", path: "/", port: "git-sync" }, initialDelaySeconds: 0, periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 150 },
      liveness: { handler: { kind: "httpGet", path: "/", port: "git-sync" }, initialDelaySeconds: 0, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 },
    });
    expect(c.security).toEqual(restrictedAs(65533, 65533));
  });

  it("adds a size-limited emptyDir for HOME and no ConfigMap, main mount or Service port", () => {
    const app = appOf(DEFAULT);
    expect(app.volumes).toEqual([
      { name: "html", emptyDir: { medium: "" } },
      { name: "git-sync-tmp", emptyDir: { medium: "", sizeLimit: "64Mi" } },
    ]);
    expect(app.configMaps).toEqual([]);
    expect(app.containers[0]!.mounts).toEqual([{ volume: "html", mountPath: "/usr/share/nginx/html", readOnly: true }]);
    expect(app.service!.extraPorts).toEqual([]);
    expect(app.podAnnotations).toEqual({});
  });

  it("takes ref, period, depth, link, root and HTTP port from the config, and names its volume after itself", () => {
    const text = MAIN + `    sidecars:
      - type: git-sync
        name: content
        volume: html
        repo: git@github.com:example/site.git
        ref: release/v2
        period: 5m
        depth: 0
        link: live
        mountPath: /srv/git
        httpPort: 3000
` + VOLUMES;
    const c = containerOf(text, "content");
    expect(c.args).toEqual([
      "--repo=git@github.com:example/site.git",
      "--ref=release/v2",
      "--root=/srv/git",
      "--link=live",
      "--period=5m",
      "--depth=0",
      "--http-bind=:3000",
    ]);
    expect(c.ports).toEqual([{ name: "git-sync", containerPort: 3000 }]);
    expect(c.mounts.map((m) => [m.volume, m.mountPath])).toEqual([["html", "/srv/git"], ["content-tmp", "/tmp"]]);
    expect(appOf(text).volumes.map((v) => v.name)).toEqual(["html", "content-tmp"]);
  });

  it("applies overrides: env (over its own HOME), resources, image, tag, securityContext", () => {
    const text = DEFAULT.replace(
      "        volume: html\n",
      `        volume: html
        image: example.com/git-sync
        tag: v4.5.0
        env: { HOME: /home/git, GITSYNC_VERBOSE: "2" }
        resources:
          requests: { cpu: 50m, memory: 64Mi }
        securityContext: { runAsUser: 1001 }
`,
    );
    const c = containerOf(text, "git-sync");
    expect(c).toMatchObject({ image: "example.com/git-sync", tag: "v4.5.0" });
    expect(c.env).toEqual([["GITSYNC_VERBOSE", "2"], ["HOME", "/home/git"]]);
    expect(c.resources).toEqual({ requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } });
    expect(c.security).toMatchObject({ runAsUser: 1001, runAsGroup: 65533 });
  });

  it("renders as a native sidecar, so the main container starts after the first sync; classic on request", () => {
    const spec = podSpecOf(DEFAULT);
    const native = renderedContainer(spec, "git-sync");
    expect(native.list).toBe("initContainers");
    expect(native.container).toMatchObject({
      restartPolicy: "Always",
      env: [{ name: "HOME", value: "/tmp" }],
      startupProbe: { httpGet: { path: "/", port: "git-sync" }, periodSeconds: 2, failureThreshold: 150 },
      securityContext: { runAsUser: 65533, runAsGroup: 65533, readOnlyRootFilesystem: true },
    });
    const old = renderedContainer(podSpecOf(classic(DEFAULT)), "git-sync");
    expect(old.list).toBe("containers");
    expect(old.container.restartPolicy).toBeUndefined();
  });

  it.each([
    ["https", "https://example.com/org/repo.git"],
    ["ssh://", "ssh://git@example.com:2222/org/repo.git"],
    ["scp-like", "git@example.com:org/repo.git"],
  ])("accepts a %s repository", (_name, repo) => {
    expect(containerOf(withRepo(repo), "git-sync").args![0]).toBe(`--repo=${repo}`);
  });

  it.each([
    ["a space", '"https://example.com/a b.git"'],
    ["a single quote", `"https://example.com/a'b.git"`],
    ["a double quote", `'https://example.com/a"b.git'`],
    ["a newline", '"https://example.com/a\\n--exechook-command=/bin/sh"'],
    ["a backslash", '"https://example.com/a\\\\b.git"'],
    ["another scheme", "file:///etc"],
    ["an option instead of a URL", '"--exechook-command=/bin/sh"'],
  ])("rejects a repository with %s, at repo (CFG016)", (_name, repo) => {
    expect(diagnosticsOf(() => modelFromText(withRepo(repo)))).toEqual([
      expect.stringMatching(
        /^gitops\.config\.yaml:18:15: error CFG016 \/apps\/0\/sidecars\/0\/repo: .* is not in the expected form\n  hint: write it in this form: The repository to sync \(https:\/\/, ssh:\/\/ or git@host:path\)\.$/,
      ),
    ]);
  });

  it("rejects a ref that could carry an option or a shell word (CFG016)", () => {
    const text = DEFAULT.replace("        volume: html\n", '        volume: html\n        ref: "main --depth=0"\n');
    expect(diagnosticsOf(() => modelFromText(text))[0]).toMatch(/^gitops\.config\.yaml:18:14: error CFG016 \/apps\/0\/sidecars\/0\/ref: /);
  });

  it("requires repo and volume (CFG012)", () => {
    const text = MINIMAL_CONFIG + "    sidecars:\n      - type: git-sync\n";
    expect(diagnosticsOf(() => modelFromText(text))).toEqual([
      'gitops.config.yaml:14:9: error CFG012 /apps/0/sidecars/0: missing required key "volume"\n  hint: add "volume": The app volume it syncs into (mount it in the main container, read-only).',
      'gitops.config.yaml:14:9: error CFG012 /apps/0/sidecars/0: missing required key "repo"\n  hint: add "repo": The repository to sync (https://, ssh:// or git@host:path).',
    ]);
  });

  it("reports a volume the main container does not mount, and its HTTP port on the main port", () => {
    const text = MINIMAL_CONFIG + `    sidecars:
      - type: git-sync
        volume: html
        repo: https://github.com/example/site.git
        httpPort: 8080
` + VOLUMES;
    expect(diagnosticsOf(() => modelFromText(text))).toEqual([
      'gitops.config.yaml:15:17: error MDL001 /apps/0/sidecars/0/volume: sidecar "git-sync" shares volume "html" with the main container, which does not mount it\n' +
        "  hint: add { volume: html, mountPath: ... } to apps[0].main.mounts",
      'gitops.config.yaml:17:19: error MDL001 /apps/0/sidecars/0/httpPort: port 8080 is already used by the main container "app"\n' +
        "  hint: give each listener its own port (containers of a pod share one network namespace), or enable the two in different environments",
    ]);
  });
});
