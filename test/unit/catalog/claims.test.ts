import { describe, expect, it } from "vitest";
import { diagnosticsOf, MINIMAL_CONFIG, modelFromText } from "../../helpers/config.js";
import { appOf, withAppUser, withMainMounts } from "./helpers.js";

const PORT_HINT = "  hint: give each listener its own port (containers of a pod share one network namespace), or enable the two in different environments";
const WRITER_HINT = "  hint: give each writing sidecar its own volume (or its own file)";

/** Main mounts logs and html; sidecars start at line 16. */
const MAIN = withMainMounts("{ volume: logs, mountPath: /var/log/nginx }", "{ volume: html, mountPath: /usr/share/nginx/html, readOnly: true }");
const VOLUMES = `    volumes:
      - name: logs
      - name: html
`;

describe("sidecar claims", () => {
  it.each([
    [
      "a sidecar port on the main container's port",
      MAIN + "    sidecars:\n      - type: log-shipper\n        volume: logs\n        httpPort: 8080\n" + VOLUMES,
      [`gitops.config.yaml:19:19: error MDL001 /apps/0/sidecars/0/httpPort: port 8080 is already used by the main container "app"\n${PORT_HINT}`],
    ],
    [
      "two sidecars on one port",
      MAIN +
        "    sidecars:\n      - type: log-shipper\n        volume: logs\n      - type: git-sync\n        volume: html\n        repo: https://example.com/site.git\n        httpPort: 2020\n" +
        VOLUMES,
      [`gitops.config.yaml:22:19: error MDL001 /apps/0/sidecars/1/httpPort: port 2020 is already used by sidecar "log-shipper"\n${PORT_HINT}`],
    ],
    [
      "an ambassador listening on another sidecar's port",
      MINIMAL_CONFIG + "    sidecars:\n      - type: nginx-exporter\n      - type: ambassador\n        listenPort: 9113\n        upstream: { host: db.internal, port: 5432 }\n",
      [`gitops.config.yaml:16:21: error MDL001 /apps/0/sidecars/1/listenPort: port 9113 is already used by sidecar "nginx-exporter"\n${PORT_HINT}`],
    ],
    [
      "a custom sidecar's port on a catalog sidecar's port",
      MINIMAL_CONFIG +
        "    sidecars:\n      - type: nginx-exporter\n      - type: custom\n        name: side\n        image: busybox\n        tag: \"1.37.0\"\n        resources: {}\n        ports: [{ name: side, containerPort: 8081 }]\n",
      [`gitops.config.yaml:20:46: error MDL001 /apps/0/sidecars/1/ports/0/containerPort: port 8081 is already used by sidecar "nginx-exporter"\n${PORT_HINT}`],
    ],
    [
      "two log-shippers (one port name)",
      MAIN + "    sidecars:\n      - type: log-shipper\n        volume: logs\n      - type: log-shipper\n        name: audit\n        volume: logs\n        httpPort: 2030\n" + VOLUMES,
      [
        'gitops.config.yaml:19:9: error MDL001 /apps/0/sidecars/1: port name "fluent-bit" is already used by container "log-shipper"\n' +
          "  hint: keep one sidecar of this type per app, or use a custom sidecar (port names are unique in a pod)",
      ],
    ],
    [
      "a custom sidecar port named like the main container's",
      MINIMAL_CONFIG +
        "    sidecars:\n      - type: custom\n        name: side\n        image: busybox\n        tag: \"1.37.0\"\n        resources: {}\n        ports: [{ name: http, containerPort: 9000 }]\n",
      [
        'gitops.config.yaml:14:9: error MDL001 /apps/0/sidecars/0: port name "http" is already used by container "app"\n' +
          "  hint: keep one sidecar of this type per app, or use a custom sidecar (port names are unique in a pod)",
      ],
    ],
    [
      "git-sync and a date-logger writing one volume",
      MAIN + "    sidecars:\n      - type: git-sync\n        volume: html\n        repo: https://example.com/site.git\n      - type: date-logger\n        volume: html\n" + VOLUMES,
      [`gitops.config.yaml:21:17: error MDL001 /apps/0/sidecars/1/volume: volume "html" is already written by sidecar "git-sync"\n${WRITER_HINT}`],
    ],
    [
      "a date-logger and then git-sync writing one volume",
      MAIN + "    sidecars:\n      - type: date-logger\n        volume: html\n      - type: git-sync\n        volume: html\n        repo: https://example.com/site.git\n" + VOLUMES,
      [`gitops.config.yaml:20:17: error MDL001 /apps/0/sidecars/1/volume: volume "html" is already written by sidecar "date-logger"\n${WRITER_HINT}`],
    ],
    [
      "two git-syncs on one volume",
      MAIN +
        "    sidecars:\n      - type: git-sync\n        volume: html\n        repo: https://example.com/a.git\n      - type: git-sync\n        name: second\n        volume: html\n        repo: https://example.com/b.git\n        httpPort: 2022\n" +
        VOLUMES,
      [
        'gitops.config.yaml:20:9: error MDL001 /apps/0/sidecars/1: port name "git-sync" is already used by container "git-sync"\n' +
          "  hint: keep one sidecar of this type per app, or use a custom sidecar (port names are unique in a pod)",
        `gitops.config.yaml:22:17: error MDL001 /apps/0/sidecars/1/volume: volume "html" is already written by sidecar "git-sync"\n${WRITER_HINT}`,
      ],
    ],
    [
      "two date-loggers on one file",
      MAIN + "    sidecars:\n      - type: date-logger\n        volume: html\n      - type: date-logger\n        name: second\n        volume: html\n        mountPath: /data\n" + VOLUMES,
      [`gitops.config.yaml:21:17: error MDL001 /apps/0/sidecars/1/volume: volume "html" is already written by sidecar "date-logger" (file index.html)\n${WRITER_HINT}`],
    ],
    [
      "a shared volume the main container does not mount",
      MINIMAL_CONFIG + "    sidecars:\n      - type: log-shipper\n        volume: logs\n    volumes:\n      - name: logs\n",
      [
        'gitops.config.yaml:15:17: error MDL001 /apps/0/sidecars/0/volume: sidecar "log-shipper" shares volume "logs" with the main container, which does not mount it\n' +
          "  hint: add { volume: logs, mountPath: ... } to apps[0].main.mounts",
      ],
    ],
    [
      "a config-reloader in signal mode without any runAsUser",
      MINIMAL_CONFIG + "    sidecars:\n      - type: config-reloader\n        mountPath: /etc/nginx/conf.d\n        files: { a.conf: x }\n",
      [
        "gitops.config.yaml:14:9: error MDL001 /apps/0/sidecars/0/reload: a signal reload needs the main container's user: a process may only signal processes of its own user\n" +
          "  hint: set apps[].securityContext.runAsUser (or main.securityContext.runAsUser) to the main image's user, e.g. 101 for nginx-unprivileged; or use reload.webhook",
      ],
    ],
    [
      "a sidecar whose ConfigMap takes <app>-config",
      MINIMAL_CONFIG + '    config:\n      data: { A: "1" }\n    sidecars:\n      - type: ambassador\n        name: config\n        listenPort: 6379\n        upstream: { host: redis.internal, port: 6379 }\n',
      ['gitops.config.yaml:17:15: error MDL001 /apps/0/sidecars/0/name: ConfigMap name "web-config" of sidecar "config" is already taken\n  hint: rename the sidecar'],
    ],
    [
      "a sidecar whose own volume takes the app config's volume",
      MINIMAL_CONFIG +
        '    config:\n      mountPath: /etc/app\n      data: { A: "1" }\n    sidecars:\n      - type: ambassador\n        name: web\n        listenPort: 6379\n        upstream: { host: redis.internal, port: 6379 }\n',
      [
        'gitops.config.yaml:18:15: error MDL001 /apps/0/sidecars/0/name: volume name "web-config" of sidecar "web" is already used by the app\'s config\n' +
          "  hint: rename the sidecar: its own volumes are named after it",
      ],
    ],
    [
      "a sidecar name so long that its own volumes, cut to 63 characters, meet",
      MAIN + `    sidecars:\n      - type: log-shipper\n        name: ${"l".repeat(62)}\n        volume: logs\n` + VOLUMES,
      [
        `gitops.config.yaml:18:15: error MDL001 /apps/0/sidecars/0/name: volume name "${"l".repeat(62)}" of sidecar "${"l".repeat(62)}" is already used by sidecar "${"l".repeat(62)}"\n` +
          "  hint: rename the sidecar: its own volumes are named after it",
      ],
    ],
    [
      "a catalog sidecar mounting an undeclared volume",
      withMainMounts("{ volume: logs, mountPath: /var/log/nginx }") + "    sidecars:\n      - type: log-shipper\n        volume: logz\n    volumes:\n      - name: logs\n",
      [
        // Once: not also as a volume the main container does not mount.
        'gitops.config.yaml:17:17: error MDL001 /apps/0/sidecars/0/volume: mount refers to unknown volume "logz"\n  hint: declare it under apps[0].volumes, e.g. { name: logz, configMap: { files: [...] } } (a volume takes one of: emptyDir, configMap, secret, persistentVolumeClaim, projected, downwardAPI), or use one of: logs',
      ],
    ],
    [
      "a user volume named like a sidecar's own volume",
      MAIN + "    sidecars:\n      - type: log-shipper\n        volume: logs\n" + VOLUMES + "      - name: log-shipper-state\n",
      [
        'gitops.config.yaml:22:15: error MDL001 /apps/0/volumes/2/name: volume name "log-shipper-state" is reserved for a sidecar\'s own volume\n' +
          "  hint: rename the volume, or rename the sidecar",
      ],
    ],
  ])("reports %s, located", (_name, text, expected) => {
    expect(diagnosticsOf(() => modelFromText(text))).toEqual(expected);
  });

  it("reports every problem at once, sorted by position", () => {
    const text =
      MINIMAL_CONFIG +
      "    sidecars:\n      - type: log-shipper\n        volume: logs\n        httpPort: 8080\n      - type: date-logger\n        volume: logs\n      - type: date-logger\n        name: second\n        volume: logs\n    volumes:\n      - name: logs\n";
    const out = diagnosticsOf(() => modelFromText(text)).map((d) => d.split("\n")[0]);
    expect(out).toEqual([
      'gitops.config.yaml:15:17: error MDL001 /apps/0/sidecars/0/volume: sidecar "log-shipper" shares volume "logs" with the main container, which does not mount it',
      'gitops.config.yaml:16:19: error MDL001 /apps/0/sidecars/0/httpPort: port 8080 is already used by the main container "app"',
      'gitops.config.yaml:18:17: error MDL001 /apps/0/sidecars/1/volume: sidecar "date-logger" shares volume "logs" with the main container, which does not mount it',
      'gitops.config.yaml:21:17: error MDL001 /apps/0/sidecars/2/volume: volume "logs" is already written by sidecar "date-logger" (file index.html)',
      'gitops.config.yaml:21:17: error MDL001 /apps/0/sidecars/2/volume: sidecar "second" shares volume "logs" with the main container, which does not mount it',
    ]);
  });

  it("reports disabling the main container once, not also as a non-removable sidecar", () => {
    const text = MINIMAL_CONFIG + "    sidecars:\n      - type: nginx-exporter\nenvironments:\n  dev:\n    apps:\n      web:\n        containers:\n          app: { enabled: false }\n";
    expect(diagnosticsOf(() => modelFromText(text))).toEqual([
      'gitops.config.yaml:20:27: error MDL001 /environments/dev/apps/web/containers/app/enabled: the main container "app" cannot be disabled\n' +
        "  hint: remove enabled: false (only sidecars can be disabled); to stop the app, remove it from the config",
    ]);
  });

  it("accepts every catalog entry in one app when nothing clashes, and readers of a written volume", () => {
    const text =
      withAppUser(
        withMainMounts(
          "{ volume: logs, mountPath: /var/log/nginx }",
          "{ volume: html, mountPath: /usr/share/nginx/html, readOnly: true }",
          "{ volume: stamps, mountPath: /usr/share/nginx/stamps, readOnly: true }",
        ),
      ) +
      `    sidecars:
      - type: log-shipper
        volume: logs
      - type: git-sync
        volume: html
        repo: https://example.com/site.git
      - type: date-logger
        volume: stamps
        file: a.txt
      - type: date-logger
        name: second-clock
        volume: stamps
        file: b.txt
      - type: config-reloader
        mountPath: /etc/nginx/conf.d
        files: { default.conf: "server {}" }
      - type: nginx-exporter
        confDir: /etc/nginx/extra.d
      - type: ambassador
        listenPort: 6379
        upstream: { host: redis.internal, port: 6379 }
      - type: custom
        name: reader
        image: busybox
        tag: "1.37.0"
        resources: {}
        mounts: [{ volume: html, mountPath: /html, readOnly: true }]
    volumes:
      - name: logs
      - name: html
      - name: stamps
`;
    const app = appOf(text);
    expect(app.containers.map((c) => c.name)).toEqual(["app", "log-shipper", "git-sync", "date-logger", "second-clock", "config-reloader", "nginx-exporter", "ambassador", "reader"]);
    expect(app.volumes.map((v) => v.name)).toEqual([
      "logs",
      "html",
      "stamps",
      "log-shipper-config",
      "log-shipper-state",
      "git-sync-tmp",
      "config-reloader-files",
      "nginx-exporter-nginx",
      "ambassador-config",
    ]);
    expect(new Set(app.volumes.map((v) => v.name)).size).toBe(app.volumes.length);
    expect(app.configMaps.map((c) => [c.name, c.hashed])).toEqual([
      ["web-ambassador", true],
      ["web-config-reloader", false],
      ["web-log-shipper", true],
      ["web-nginx-exporter", true],
    ]);
    const ports = app.containers.flatMap((c) => [...(c.port !== undefined ? [{ name: "http", containerPort: c.port }] : []), ...c.ports]);
    expect(new Set(ports.map((p) => p.name)).size).toBe(ports.length);
    expect(new Set(ports.map((p) => p.containerPort)).size).toBe(ports.length);
    expect(app.shareProcessNamespace).toBe(true);
  });
});

describe("mounts nested in a ConfigMap mount", () => {
  it("refuses nginx-exporter's stub-status.conf inside a config-reloader's conf.d, with a way out", () => {
    const text = `project: { name: demo }
apps:
  - name: web
    main: { name: app, image: nginx, tag: "1.0", port: 8080, resources: {}, securityContext: { runAsUser: 101 } }
    sidecars:
      - type: config-reloader
        mountPath: /etc/nginx/conf.d
        files: { default.conf: "include /etc/nginx/stub-status/*.conf;\\n" }
      - type: nginx-exporter
`;
    expect(diagnosticsOf(() => modelFromText(text))).toEqual([
      'gitops.config.yaml:9:9: error MDL001 /apps/0/sidecars/1/confDir: /etc/nginx/conf.d/stub-status.conf is inside /etc/nginx/conf.d, a ConfigMap mount of container "app" (read-only: the kubelet cannot create the mount point)\n  hint: set confDir to a folder of its own (e.g. /etc/nginx/stub-status) and add "include /etc/nginx/stub-status/*.conf;" to a file of /etc/nginx/conf.d',
    ]);
    const fixed = text.replace("      - type: nginx-exporter\n", "      - type: nginx-exporter\n        confDir: /etc/nginx/stub-status\n");
    const main = modelFromText(fixed).apps[0]!.containers[0]!;
    expect(main.mounts.map((m) => m.mountPath)).toEqual(["/etc/nginx/conf.d", "/etc/nginx/stub-status/stub-status.conf"]);
  });
});
