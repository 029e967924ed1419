// Verdict parity with the upstream schemas vendored in test/fixtures/upstream-schemas (Kubernetes master from
// yannh/kubernetes-json-schema, CRDs from datreeio/CRDs-catalog). Samples avoid fields whose schema
// differs between Kubernetes 1.33 and master (see schemas/README.md, "Known differences").
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CRDS_DIR, DELETE, KUBERNETES_DIR, setPath, UPSTREAM_CRDS_DIR, UPSTREAM_DIR, UPSTREAM_KUBERNETES_DIR, verdict } from "./helpers.js";

type Mutation = [title: string, path: string, value: unknown, valid: boolean];
interface Table {
  file: string; // relative to kubernetes/<folder>/ or crds/
  crd: boolean;
  base: Record<string, unknown>;
  cases: Mutation[];
}

const meta = { name: "web", namespace: "default", labels: { app: "web" } };
const k8sCommon: Mutation[] = [
  ["unknown top-level field", "extra", 1, false],
  ["unknown metadata field", "metadata.labelz", { a: "b" }, false],
  ["metadata.name not a string", "metadata.name", 5, false],
  ["wrong apiVersion", "apiVersion", "v2", false],
  ["annotations map", "metadata.annotations", { "example.com/x": "y" }, true],
  ["annotation value not a string", "metadata.annotations", { a: 1 }, false],
  ["labels null", "metadata.labels", null, true],
];
const crdCommon: Mutation[] = [
  ["unknown top-level field (CRD roots are open)", "extra", 1, true],
  ["metadata is a bare object", "metadata.labelz", { a: "b" }, true],
  ["spec not an object", "spec", "x", false],
];

const container = { name: "app", image: "nginx:1.27", ports: [{ containerPort: 8080, name: "http" }] };
const podSpec = { containers: [container] };
const C = "spec.template.spec.containers.0";

const tables: Table[] = [
  {
    file: "configmap-v1.json",
    crd: false,
    base: { apiVersion: "v1", kind: "ConfigMap", metadata: meta, data: { a: "b" } },
    cases: [
      ["data value a number", "data.a", 1, false],
      ["binaryData", "binaryData", { x: "aGVsbG8=" }, true],
      ["data null", "data", null, true],
      ["immutable not a boolean", "immutable", "yes", false],
    ],
  },
  {
    file: "namespace-v1.json",
    crd: false,
    base: { apiVersion: "v1", kind: "Namespace", metadata: { name: "web" } },
    cases: [
      ["finalizers", "spec.finalizers", ["kubernetes"], true],
      ["typo in spec", "spec.finalizer", ["kubernetes"], false],
      ["status.phase a number", "status.phase", 1, false],
    ],
  },
  {
    file: "serviceaccount-v1.json",
    crd: false,
    base: { apiVersion: "v1", kind: "ServiceAccount", metadata: meta },
    cases: [
      ["imagePullSecrets", "imagePullSecrets", [{ name: "registry" }], true],
      ["imagePullSecrets typo", "imagePullSecrets", [{ nam: "registry" }], false],
      ["automount as a string", "automountServiceAccountToken", "true", false],
      ["automount", "automountServiceAccountToken", false, true],
    ],
  },
  {
    file: "service-v1.json",
    crd: false,
    base: { apiVersion: "v1", kind: "Service", metadata: meta, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] } },
    cases: [
      ["targetPort name", "spec.ports.0.targetPort", "http", true],
      ["targetPort fraction", "spec.ports.0.targetPort", 8080.5, false],
      ["port as a string", "spec.ports.0.port", "80", false],
      ["port missing", "spec.ports.0", { targetPort: 80 }, false],
      ["type LoadBalancer", "spec.type", "LoadBalancer", true],
      ["selector null", "spec.selector", null, true],
      ["typo in a port", "spec.ports.0.protocl", "TCP", false],
    ],
  },
  {
    file: "deployment-apps-v1.json",
    crd: false,
    base: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta,
      spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: podSpec } },
    },
    cases: [
      ["typo in spec", "spec.replica", 2, false],
      ["typo in a container", `${C}.imagePullPolicyy`, "Always", false],
      ["replicas as a string", "spec.replicas", "2", false],
      ["replicas fraction", "spec.replicas", 1.5, false],
      ["replicas null", "spec.replicas", null, true],
      ["selector missing", "spec.selector", DELETE, false],
      ["template missing", "spec.template", DELETE, false],
      ["container without name", `${C}.name`, DELETE, false],
      ["container name null", `${C}.name`, null, false],
      ["containerPort as a string", `${C}.ports.0.containerPort`, "8080", false],
      ["quantities", `${C}.resources`, { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: 1, memory: "1Gi" } }, true],
      ["quantity object", `${C}.resources`, { limits: { cpu: { v: 1 } } }, false],
      ["native sidecar", "spec.template.spec.initContainers", [{ name: "proxy", image: "envoy", restartPolicy: "Always" }], true],
      ["maxSurge percent", "spec.strategy", { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } }, true],
      ["maxSurge fraction", "spec.strategy", { rollingUpdate: { maxSurge: 0.5 } }, false],
      ["probe on a named port", `${C}.readinessProbe`, { httpGet: { path: "/", port: "http" }, periodSeconds: 5 }, true],
      ["probe without port", `${C}.readinessProbe`, { httpGet: { path: "/" } }, false],
      ["env from a secret", `${C}.env`, [{ name: "A", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }], true],
      ["env without name", `${C}.env`, [{ value: "x" }], false],
      ["runAsNonRoot as a string", `${C}.securityContext`, { runAsNonRoot: "true" }, false],
      ["securityContext", `${C}.securityContext`, { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } }, true],
    ],
  },
  {
    file: "pod-v1.json",
    crd: false,
    base: { apiVersion: "v1", kind: "Pod", metadata: meta, spec: podSpec },
    cases: [
      ["native sidecar", "spec.initContainers", [{ name: "proxy", image: "envoy", restartPolicy: "Always" }], true],
      ["emptyDir sizeLimit", "spec.volumes", [{ name: "tmp", emptyDir: { sizeLimit: "1Gi" } }], true],
      ["volume without name", "spec.volumes", [{ emptyDir: {} }], false],
      ["nodeSelector value a number", "spec.nodeSelector", { a: 1 }, false],
      ["tolerations", "spec.tolerations", [{ operator: "Exists" }], true],
      ["containers missing", "spec.containers", DELETE, false],
      ["typo in a volume", "spec.volumes", [{ name: "tmp", emptyDirr: {} }], false],
      ["spec null", "spec", null, true],
    ],
  },
  {
    file: "horizontalpodautoscaler-autoscaling-v2.json",
    crd: false,
    base: {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: meta,
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
        minReplicas: 1,
        maxReplicas: 3,
        metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }],
      },
    },
    cases: [
      ["maxReplicas missing", "spec.maxReplicas", DELETE, false],
      ["averageValue quantity", "spec.metrics.0.resource.target", { type: "AverageValue", averageValue: "500m" }, true],
      ["target type missing", "spec.metrics.0.resource.target", { averageUtilization: 80 }, false],
      ["scaleTargetRef name missing", "spec.scaleTargetRef.name", DELETE, false],
      ["behavior", "spec.behavior", { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] } }, true],
      ["typo in behavior", "spec.behavior", { scaleDwn: {} }, false],
    ],
  },
  {
    file: "argoproj.io/application_v1alpha1.json",
    crd: true,
    base: {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: { name: "web", namespace: "argocd" },
      spec: {
        project: "default",
        source: { repoURL: "https://example.com/repo.git", path: "overlays/dev", targetRevision: "HEAD" },
        destination: { server: "https://kubernetes.default.svc", namespace: "web" },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ["CreateNamespace=true"] },
      },
    },
    cases: [
      ["typo in spec", "spec.sourc", {}, false],
      ["typo in source", "spec.source.repoUrl", "x", false],
      ["destination missing", "spec.destination", DELETE, false],
      ["project missing", "spec.project", DELETE, false],
      ["helm valuesObject is free-form", "spec.source.helm", { valuesObject: { any: { nested: [1, "x"] } } }, true],
      ["prune as a string", "spec.syncPolicy.automated.prune", "true", false],
      ["multiple sources", "spec.sources", [{ repoURL: "https://example.com/a.git", path: "a" }], true],
      ["retry backoff", "spec.syncPolicy.retry", { limit: 5, backoff: { duration: "5s", factor: 2, maxDuration: "3m" } }, true],
    ],
  },
  {
    file: "argoproj.io/applicationset_v1alpha1.json",
    crd: true,
    base: {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "ApplicationSet",
      metadata: { name: "web", namespace: "argocd" },
      spec: {
        generators: [{ list: { elements: [{ cluster: "dev" }] } }],
        template: {
          metadata: { name: "web-{{cluster}}" },
          spec: { project: "default", source: { repoURL: "https://example.com/repo.git", path: "overlays/{{cluster}}" }, destination: { server: "https://kubernetes.default.svc", namespace: "web" } },
        },
      },
    },
    cases: [
      ["typo in a generator", "spec.generators.0.lst", {}, false],
      ["template missing", "spec.template", DELETE, false],
      ["goTemplate as a string", "spec.goTemplate", "true", false],
      ["git generator", "spec.generators.0", { git: { repoURL: "https://example.com/repo.git", revision: "HEAD", directories: [{ path: "apps/*" }] } }, true],
    ],
  },
  {
    file: "argoproj.io/appproject_v1alpha1.json",
    crd: true,
    base: {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AppProject",
      metadata: { name: "web", namespace: "argocd" },
      spec: { sourceRepos: ["*"], destinations: [{ namespace: "*", server: "*" }] },
    },
    cases: [
      ["typo in spec", "spec.sourceRepo", ["*"], false],
      ["destination namespace a number", "spec.destinations.0.namespace", 1, false],
      ["cluster resource whitelist", "spec.clusterResourceWhitelist", [{ group: "*", kind: "*" }], true],
    ],
  },
  {
    file: "source.toolkit.fluxcd.io/gitrepository_v1.json",
    crd: true,
    base: {
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "GitRepository",
      metadata: { name: "web", namespace: "flux-system" },
      spec: { interval: "1m", url: "https://example.com/repo.git", ref: { branch: "main" } },
    },
    cases: [
      ["ftp url", "spec.url", "ftp://example.com/repo", false],
      ["unknown provider", "spec.provider", "gitlab", false],
      ["typo in ref", "spec.ref.brnch", "main", false],
      ["url missing", "spec.url", DELETE, false],
      ["secretRef", "spec.secretRef", { name: "git" }, true],
      ["secretRef without name", "spec.secretRef", {}, false],
      ["suspend as a string", "spec.suspend", "no", false],
    ],
  },
  ...["v1", "v1beta2"].map(
    (v): Table => ({
      file: `source.toolkit.fluxcd.io/ocirepository_${v}.json`,
      crd: true,
      base: {
        apiVersion: `source.toolkit.fluxcd.io/${v}`,
        kind: "OCIRepository",
        metadata: { name: "web", namespace: "flux-system" },
        spec: { interval: "5m", url: "oci://ghcr.io/example/manifests", ref: { tag: "1.0.0" } },
      },
      cases: [
        ["https url", "spec.url", "https://ghcr.io/example", false],
        ["typo in ref", "spec.ref.tagg", "1", false],
        ["layerSelector", "spec.layerSelector", { mediaType: "application/vnd.cncf.flux.content.v1.tar+gzip", operation: "copy" }, true],
        ["unknown layer operation", "spec.layerSelector", { operation: "move" }, false],
        ["insecure as a string", "spec.insecure", "yes", false],
      ],
    }),
  ),
  {
    file: "kustomize.toolkit.fluxcd.io/kustomization_v1.json",
    crd: true,
    base: {
      apiVersion: "kustomize.toolkit.fluxcd.io/v1",
      kind: "Kustomization",
      metadata: { name: "web", namespace: "flux-system" },
      spec: { interval: "5m", path: "./overlays/dev", prune: true, sourceRef: { kind: "GitRepository", name: "web" } },
    },
    cases: [
      ["sourceRef kind not allowed", "spec.sourceRef.kind", "HelmRepository", false],
      ["prune as a string", "spec.prune", "yes", false],
      ["prune missing", "spec.prune", DELETE, false],
      ["sourceRef missing", "spec.sourceRef", DELETE, false],
      ["patches", "spec.patches", [{ patch: "- op: remove\n  path: /x", target: { kind: "Deployment" } }], true],
      ["postBuild substitute", "spec.postBuild", { substitute: { cluster: "dev" } }, true],
      ["healthChecks", "spec.healthChecks", [{ apiVersion: "apps/v1", kind: "Deployment", name: "web" }], true],
      ["typo in spec", "spec.prun", true, false],
    ],
  },
];

describe(`verdicts match the upstream schemas in ${UPSTREAM_DIR}`, () => {
  for (const t of tables) {
    const ours = t.crd ? join(CRDS_DIR, t.file) : join(KUBERNETES_DIR, t.file);
    const theirs = t.crd ? join(UPSTREAM_CRDS_DIR, t.file) : join(UPSTREAM_KUBERNETES_DIR, t.file);
    const cases: Mutation[] = [["base manifest", "", undefined, true], ...(t.crd ? crdCommon : k8sCommon), ...t.cases];
    describe(t.file, () => {
      for (const [title, path, value, expected] of cases) {
        it(`${title}: ${expected ? "valid" : "invalid"}`, () => {
          expect(existsSync(theirs), `no vendored upstream copy of ${t.file}`).toBe(true);
          const doc = path === "" ? t.base : setPath(t.base, path, value);
          const a = verdict(ours, doc);
          const b = verdict(theirs, doc);
          expect({ ours: a.valid, upstream: b.valid }, `ours: ${a.errors} upstream: ${b.errors}`).toEqual({ ours: expected, upstream: expected });
        }, 60_000);
      }
    });
  }
});
