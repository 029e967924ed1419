import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CRDS_DIR, KUBERNETES_DIR, setPath, verdict } from "./helpers.js";

const DEPLOYMENT = join(KUBERNETES_DIR, "deployment-apps-v1.json");
const POD = join(KUBERNETES_DIR, "pod-v1.json");
const SERVICE = join(KUBERNETES_DIR, "service-v1.json");

const container = { name: "app", image: "nginx:1.27", ports: [{ containerPort: 8080, name: "http" }] };
const podSpec = { containers: [container] };
const deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", labels: { app: "web" } },
  spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: podSpec } },
};
const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: podSpec };
const service = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web" },
  spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] },
};

const valid = (file: string, doc: unknown): void => {
  const v = verdict(file, doc);
  expect(v.valid, v.errors).toBe(true);
};
const invalid = (file: string, doc: unknown): void => {
  expect(verdict(file, doc).valid).toBe(false);
};

describe("strict: unknown fields are rejected", () => {
  it("the base Deployment is valid", () => valid(DEPLOYMENT, deployment));
  it("at the top level", () => invalid(DEPLOYMENT, setPath(deployment, "extra", 1)));
  it("in spec", () => invalid(DEPLOYMENT, setPath(deployment, "spec.replica", 1)));
  it("inside a container", () => invalid(DEPLOYMENT, setPath(deployment, "spec.template.spec.containers.0.imagePullPolicyy", "Always")));
  it("inside metadata", () => invalid(DEPLOYMENT, setPath(deployment, "metadata.label", { a: "b" })));
  it("but label and annotation maps take any key", () =>
    valid(DEPLOYMENT, setPath(deployment, "metadata.annotations", { "example.com/anything": "x" })));
  it("apiVersion and kind are pinned", () => {
    invalid(DEPLOYMENT, setPath(deployment, "apiVersion", "apps/v1beta1"));
    invalid(DEPLOYMENT, setPath(deployment, "kind", "StatefulSet"));
  });
});

describe("types, required and nullable", () => {
  it("wrong scalar types are rejected", () => {
    invalid(DEPLOYMENT, setPath(deployment, "spec.replicas", "2"));
    invalid(DEPLOYMENT, setPath(deployment, "spec.replicas", 1.5));
    invalid(DEPLOYMENT, setPath(deployment, "spec.template.spec.containers.0.ports.0.containerPort", "8080"));
  });
  it("required fields are enforced", () => {
    invalid(DEPLOYMENT, setPath(deployment, "spec.template.spec.containers.0", { image: "x" }));
    invalid(DEPLOYMENT, setPath(deployment, "spec.selector", undefined));
  });
  it("optional fields accept null, required scalars do not", () => {
    valid(DEPLOYMENT, setPath(deployment, "spec.replicas", null));
    valid(DEPLOYMENT, setPath(deployment, "metadata.labels", null));
    invalid(DEPLOYMENT, setPath(deployment, "spec.template.spec.containers.0.name", null));
  });
});

describe("int-or-string", () => {
  it("Service targetPort: a name or a number, not a fraction", () => {
    valid(SERVICE, service);
    valid(SERVICE, setPath(service, "spec.ports.0.targetPort", "http"));
    valid(SERVICE, setPath(service, "spec.ports.0.targetPort", 8080));
    invalid(SERVICE, setPath(service, "spec.ports.0.targetPort", 8080.5));
    invalid(SERVICE, setPath(service, "spec.ports.0.targetPort", true));
  });
  it("rollingUpdate maxSurge / maxUnavailable", () => {
    valid(DEPLOYMENT, setPath(deployment, "spec.strategy", { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } }));
    invalid(DEPLOYMENT, setPath(deployment, "spec.strategy", { rollingUpdate: { maxSurge: 0.5 } }));
  });
});

describe("quantities", () => {
  for (const q of ["100m", 1, "1Gi", 0.5, "128Mi"]) {
    it(`resources ${JSON.stringify(q)} is valid`, () => {
      valid(DEPLOYMENT, setPath(deployment, "spec.template.spec.containers.0.resources", { requests: { cpu: q, memory: q }, limits: { cpu: q } }));
    });
  }
  it("a non-scalar quantity is rejected", () => {
    invalid(DEPLOYMENT, setPath(deployment, "spec.template.spec.containers.0.resources", { limits: { cpu: { value: 1 } } }));
    invalid(DEPLOYMENT, setPath(deployment, "spec.template.spec.containers.0.resources", { limits: { cpu: true } }));
  });
  it("emptyDir sizeLimit is a quantity", () => {
    valid(POD, setPath(pod, "spec.volumes", [{ name: "tmp", emptyDir: { sizeLimit: "1Gi" } }]));
    valid(POD, setPath(pod, "spec.volumes", [{ name: "tmp", emptyDir: { sizeLimit: 1024 } }]));
  });
});

describe("native sidecars (Kubernetes 1.33)", () => {
  const sidecar = { name: "proxy", image: "envoy:1.31", restartPolicy: "Always" };
  it("initContainers[].restartPolicy: Always is valid in a Pod", () => valid(POD, setPath(pod, "spec.initContainers", [sidecar])));
  it("initContainers[].restartPolicy: Always is valid in a Deployment", () =>
    valid(DEPLOYMENT, setPath(deployment, "spec.template.spec.initContainers", [sidecar])));
  it("restartPolicy must be a string", () => invalid(POD, setPath(pod, "spec.initContainers", [{ ...sidecar, restartPolicy: 1 }])));
  it("1.34+ fields are not in the 1.33 schema", () =>
    invalid(POD, setPath(pod, "spec.initContainers", [{ ...sidecar, restartPolicyRules: [] }])));
});

describe("CRDs", () => {
  const APP = join(CRDS_DIR, "argoproj.io", "application_v1alpha1.json");
  const GIT = join(CRDS_DIR, "source.toolkit.fluxcd.io", "gitrepository_v1.json");
  const KS = join(CRDS_DIR, "kustomize.toolkit.fluxcd.io", "kustomization_v1.json");
  const application = {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: "web", namespace: "argocd" },
    spec: {
      project: "default",
      source: { repoURL: "https://example.com/repo.git", path: "overlays/dev", targetRevision: "HEAD" },
      destination: { server: "https://kubernetes.default.svc", namespace: "web" },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ["CreateNamespace=true"] },
    },
  };
  const gitRepository = {
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "GitRepository",
    metadata: { name: "web", namespace: "flux-system" },
    spec: { interval: "1m", url: "https://example.com/repo.git", ref: { branch: "main" } },
  };
  const kustomization = {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: { name: "web", namespace: "flux-system" },
    spec: { interval: "5m", path: "./overlays/dev", prune: true, sourceRef: { kind: "GitRepository", name: "web" } },
  };
  it("Application: valid, unknown spec field and missing destination rejected", () => {
    valid(APP, application);
    invalid(APP, setPath(application, "spec.sourc", {}));
    invalid(APP, setPath(application, "spec.source.repoUrl", "x"));
    invalid(APP, setPath(application, "spec", { project: "default", source: application.spec.source }));
  });
  it("Application: helm valuesObject is free-form", () =>
    valid(APP, setPath(application, "spec.source.helm", { valuesObject: { any: { nested: [1, "x"] } } })));
  it("GitRepository: valid, bad url scheme and unknown provider rejected", () => {
    valid(GIT, gitRepository);
    invalid(GIT, setPath(gitRepository, "spec.url", "ftp://example.com/repo"));
    invalid(GIT, setPath(gitRepository, "spec.provider", "gitlab"));
    invalid(GIT, setPath(gitRepository, "spec.ref.brnch", "main"));
  });
  it("Kustomization: valid, bad sourceRef kind and a wrong type rejected", () => {
    valid(KS, kustomization);
    invalid(KS, setPath(kustomization, "spec.sourceRef.kind", "HelmRepository"));
    invalid(KS, setPath(kustomization, "spec.prune", "yes"));
  });
});
