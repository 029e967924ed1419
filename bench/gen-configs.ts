import { stringifyYaml } from "../generator/serialize/yaml.js";

/**
 * A config with `apps` copies of the reference sidecar app and the three default environments on two clusters,
 * with delivery on (Argo CD and Flux), as the default config has it.
 */
export function benchConfig(apps: number): string {
  const app = (i: number) => ({
    name: `app-${String(i).padStart(4, "0")}`,
    main: {
      name: "nginx",
      image: "nginxinc/nginx-unprivileged",
      tag: "1.27.4-alpine",
      port: 8080,
      resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "128Mi" } },
      mounts: [
        { volume: "html", mountPath: "/usr/share/nginx/html", readOnly: true },
        { volume: "tmp", mountPath: "/tmp" },
      ],
      probes: { readiness: { httpGet: { path: "/" } }, liveness: { httpGet: { path: "/" } } },
    },
    sidecars: [
      { type: "date-logger", volume: "html", mountPath: "/var/log" },
    ],
    volumes: [
      { name: "html", emptyDir: { sizeLimit: "16Mi" } },
      { name: "tmp", emptyDir: { sizeLimit: "16Mi" } },
    ],
    securityContext: { runAsUser: 101, runAsGroup: 101, fsGroup: 101 },
    config: { data: { LOG_LEVEL: "info" }, envFrom: true },
  });
  return stringifyYaml({
    project: { name: "bench" },
    apps: Array.from({ length: apps }, (_, i) => app(i)),
    environments: {
      dev: { cluster: "nonprod", replicas: 1, apps: { "app-0000": { config: { data: { LOG_LEVEL: "debug" } } } } },
      staging: { cluster: "nonprod", replicas: 2 },
      prod: { cluster: "prod", replicas: 3, sync: { selfHeal: false } },
    },
    delivery: {
      repoURL: "https://github.com/example/bench.git",
      clusters: { nonprod: { server: "https://kubernetes.default.svc" }, prod: { server: "https://prod.k8s.example.com" } },
    },
  });
}
