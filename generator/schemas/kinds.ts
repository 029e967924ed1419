// What `npm run schemas` produces, and from which pinned packages.

export interface PinnedPackage {
  name: string;
  version: string;
}

export interface KubernetesSourcePin {
  /** Folder name part: schemas/kubernetes/<folderVersion>-standalone-strict/ */
  folderVersion: string;
  /** The "OpenAPI spec version" the client-node models were generated from. */
  specVersion: string;
  clientNode: PinnedPackage;
  /** Descriptions of apimachinery primitives (Time, MicroTime, FieldsV1). */
  apimachinery: PinnedPackage;
  /** Which fields are resource.Quantity (client-node flattens them to string). */
  quantities: PinnedPackage;
}

/** Kubernetes minor version -> pinned sources. Add a row (and the devDependency) to support another release. */
export const KUBERNETES_SOURCES: Record<string, KubernetesSourcePin> = {
  "1.33": {
    folderVersion: "v1.33.0",
    specVersion: "v1.33.0",
    clientNode: { name: "@kubernetes/client-node", version: "1.3.0" },
    apimachinery: { name: "@kubernetes-models/apimachinery", version: "3.0.2" },
    quantities: { name: "kubernetes-models", version: "5.1.0" },
  },
};

export const DEFAULT_KUBERNETES_VERSION = "1.33";

export interface KubernetesKind {
  kind: string;
  group: string;
  version: string;
  /** client-node model class */
  model: string;
}

export const KUBERNETES_KINDS: KubernetesKind[] = [
  { kind: "ConfigMap", group: "", version: "v1", model: "V1ConfigMap" },
  { kind: "CronJob", group: "batch", version: "v1", model: "V1CronJob" },
  { kind: "DaemonSet", group: "apps", version: "v1", model: "V1DaemonSet" },
  { kind: "Deployment", group: "apps", version: "v1", model: "V1Deployment" },
  { kind: "HorizontalPodAutoscaler", group: "autoscaling", version: "v2", model: "V2HorizontalPodAutoscaler" },
  { kind: "Ingress", group: "networking.k8s.io", version: "v1", model: "V1Ingress" },
  { kind: "Job", group: "batch", version: "v1", model: "V1Job" },
  { kind: "Namespace", group: "", version: "v1", model: "V1Namespace" },
  { kind: "NetworkPolicy", group: "networking.k8s.io", version: "v1", model: "V1NetworkPolicy" },
  { kind: "Pod", group: "", version: "v1", model: "V1Pod" },
  { kind: "PodDisruptionBudget", group: "policy", version: "v1", model: "V1PodDisruptionBudget" },
  { kind: "Secret", group: "", version: "v1", model: "V1Secret" },
  { kind: "Service", group: "", version: "v1", model: "V1Service" },
  { kind: "ServiceAccount", group: "", version: "v1", model: "V1ServiceAccount" },
  { kind: "StatefulSet", group: "apps", version: "v1", model: "V1StatefulSet" },
];

/** kubeconform's {{.ResourceKind}}{{.KindSuffix}}: kind lower-cased, then -<first group segment>-<version>. */
export function kubernetesFileName(k: Pick<KubernetesKind, "kind" | "group" | "version">): string {
  const group = k.group.split(".")[0] ?? "";
  return `${k.kind.toLowerCase()}${group ? `-${group}` : ""}-${k.version}.json`.toLowerCase();
}

export function kubernetesFolder(folderVersion: string): string {
  return `${folderVersion}-standalone-strict`;
}

export interface CrdKind {
  kind: string;
  group: string;
  version: string;
  package: PinnedPackage;
  /** Definition file in the package's _schemas/ folder (without .js). */
  definition: string;
  /** Argo CD publishes the ApplicationSet CRD without descriptions (it would be too large otherwise). */
  descriptions?: false;
}

const ARGO: PinnedPackage = { name: "@kubernetes-models/argo-cd", version: "4.0.0" };
const FLUX: PinnedPackage = { name: "@kubernetes-models/flux-cd", version: "4.0.0" };
const EXTERNAL_SECRETS: PinnedPackage = { name: "@kubernetes-models/external-secrets", version: "2.0.0" };
const SEALED_SECRETS: PinnedPackage = { name: "@kubernetes-models/sealed-secrets", version: "6.0.0" };

export const CRD_KINDS: CrdKind[] = [
  { kind: "Application", group: "argoproj.io", version: "v1alpha1", package: ARGO, definition: "ComGithubArgoprojArgoCdV3PkgApisApplicationV1alpha1Application" },
  { kind: "ApplicationSet", group: "argoproj.io", version: "v1alpha1", package: ARGO, definition: "ComGithubArgoprojArgoCdV3PkgApisApplicationV1alpha1ApplicationSet", descriptions: false },
  { kind: "AppProject", group: "argoproj.io", version: "v1alpha1", package: ARGO, definition: "ComGithubArgoprojArgoCdV3PkgApisApplicationV1alpha1AppProject" },
  { kind: "GitRepository", group: "source.toolkit.fluxcd.io", version: "v1", package: FLUX, definition: "ComGithubFluxcdSourceControllerApiV1GitRepository" },
  { kind: "OCIRepository", group: "source.toolkit.fluxcd.io", version: "v1", package: FLUX, definition: "ComGithubFluxcdSourceControllerApiV1OCIRepository" },
  { kind: "OCIRepository", group: "source.toolkit.fluxcd.io", version: "v1beta2", package: FLUX, definition: "ComGithubFluxcdSourceControllerApiV1beta2OCIRepository" },
  { kind: "Kustomization", group: "kustomize.toolkit.fluxcd.io", version: "v1", package: FLUX, definition: "ComGithubFluxcdKustomizeControllerApiV1Kustomization" },
  { kind: "ExternalSecret", group: "external-secrets.io", version: "v1", package: EXTERNAL_SECRETS, definition: "ComGithubExternalSecretsExternalSecretsApisExternalsecretsV1ExternalSecret" },
  { kind: "SealedSecret", group: "bitnami.com", version: "v1alpha1", package: SEALED_SECRETS, definition: "ComGithubBitnamiLabsSealedSecretsPkgApisSealedsecretsV1alpha1SealedSecret" },
];

/** datreeio/CRDs-catalog naming: <group>/<kind lower-cased>_<version>.json */
export function crdFileName(k: Pick<CrdKind, "kind" | "group" | "version">): string {
  return `${k.group}/${k.kind.toLowerCase()}_${k.version}.json`;
}
