import type { RenderOrigin } from "../render/header.js";
import type { EnvironmentWorkloadModel, WorkloadKind, WorkloadModel } from "./workload-kind.js";

export type { WorkloadKind } from "./workload-kind.js";

/**
 * The model: the config resolved into exactly what the renderers need (defaults applied, names checked,
 * per-environment values merged). Renderers never look at the raw config.
 */

export interface ResourceAmounts {
  cpu?: string;
  memory?: string;
  "ephemeral-storage"?: string;
}

export interface ResourceRequirements {
  requests?: ResourceAmounts;
  limits?: ResourceAmounts;
}

export interface ProbeModel {
  handler:
    | { kind: "httpGet"; path: string; port: number | string }
    | { kind: "tcpSocket"; port: number | string }
    | { kind: "exec"; command: string[] };
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
}

export interface MountModel {
  volume: string;
  mountPath: string;
  readOnly: boolean;
  subPath?: string;
}

export interface ContainerSecurityModel {
  readOnlyRootFilesystem: boolean;
  runAsNonRoot: boolean;
  allowPrivilegeEscalation: boolean;
  capabilities: { drop: string[]; add: string[] };
  runAsUser?: number;
  runAsGroup?: number;
}

export interface PortModel {
  /** IANA service name, unique in the pod. */
  name: string;
  containerPort: number;
}

export interface ContainerModel {
  name: string;
  role: "main" | "sidecar";
  /** The sidecar catalog entry it comes from (sidecars only). */
  sidecarType?: string;
  /** Sidecars: runs in environments that do not say otherwise. */
  enabledByDefault: boolean;
  /** Sidecars: whether an environment may remove it (false when other resources depend on it). */
  optional: boolean;
  image: string;
  tag: string;
  digest?: string;
  imagePullPolicy: string;
  command?: string[];
  args?: string[];
  /** Sorted by name. */
  env: [string, EnvValueModel][];
  /** Secrets and ConfigMaps whose every key becomes a variable (resolved names), in the config's order. */
  envFrom: EnvFromModel[];
  lifecycle?: LifecycleModel;
  resources: ResourceRequirements;
  mounts: MountModel[];
  security: ContainerSecurityModel;
  /** The main container's port (named "http"). */
  port?: number;
  /** Other ports (sidecars). */
  ports: PortModel[];
  probes: { readiness?: ProbeModel; liveness?: ProbeModel; startup?: ProbeModel };
  /** Config data exposed to this container. */
  envFromConfig: boolean;
  /** Environment variables from keys of the app's Secrets (main container only). */
  secretEnv?: { name: string; secret: string; key: string }[];
  /** Secrets whose every key becomes an environment variable (main container only). */
  secretEnvFrom?: string[];
}

/** An environment variable's value: a string, or a value from the downward API. */
export type EnvValueModel =
  | string
  | { fieldRef: string }
  | { resourceFieldRef: { containerName?: string; resource: string; divisor?: string } };

/** One envFrom entry, with the Kubernetes object's name resolved. */
export interface EnvFromModel {
  kind: "secret" | "configMap";
  name: string;
  prefix?: string;
}

export type LifecycleHandlerModel =
  | { exec: { command: string[] } }
  | { httpGet: { path: string; port: number } }
  | { sleep: { seconds: number } };

export interface LifecycleModel {
  postStart?: LifecycleHandlerModel;
  preStop?: LifecycleHandlerModel;
}

/** One file of a downward API volume (or projection). */
export interface DownwardAPIFileModel {
  path: string;
  fieldRef?: string;
  resourceFieldRef?: { containerName: string; resource: string; divisor?: string };
}

export type ProjectedSourceModel =
  | { serviceAccountToken: { audience?: string; expirationSeconds: number; path: string } }
  | { downwardAPI: { items: DownwardAPIFileModel[] } }
  | { secret: { secretName: string } };

/** Pod-level settings the config states (each absent when the config says nothing). */
export interface PodSettingsModel {
  imagePullSecrets?: string[];
  nodeSelector?: Record<string, string>;
  tolerations?: Record<string, unknown>[];
  affinity?: Record<string, unknown>;
  topologySpreadConstraints?: Record<string, unknown>[];
  priorityClassName?: string;
  terminationGracePeriodSeconds?: number;
}

/** How a Deployment replaces its pods. */
export interface RolloutModel {
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  minReadySeconds?: number;
  revisionHistoryLimit: number;
}

export interface VolumeModel {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly: boolean };
  projected?: { sources: ProjectedSourceModel[] };
  downwardAPI?: { items: DownwardAPIFileModel[] };
  emptyDir?: { medium: string; sizeLimit?: string };
  /** A ConfigMap of the app (kustomize rewrites the name to the hash-suffixed one where it has a suffix). */
  configMap?: { name: string };
  /** A Secret of the app, mounted read-only. */
  secret?: { secretName: string };
}

/** A Secret the app reads by reference: the Secret <app>-<name>, filled by External Secrets or Sealed Secrets. */
export interface SecretModel {
  name: string;
  secretName: string;
}

/** Where a Secret's values come from in one environment. */
export type SecretSourceModel =
  | { kind: "externalSecret"; store: string; storeKind: "SecretStore" | "ClusterSecretStore"; refreshInterval: string; data: [string, { remoteKey: string; property?: string }][] }
  | { kind: "sealedSecret"; encryptedData: [string, string][] };

/** A ConfigMap a sidecar needs, with its files rendered. */
export interface ConfigMapModel {
  name: string;
  /** Folder of base/<app>/ that holds the files (hashed ConfigMaps). */
  dir: string;
  /** File name → content, sorted by name. */
  files: [string, string][];
  /**
   * true: configMapGenerator with a hash suffix, so a change rolls the pods (for programs that read their
   * config once). false: a plain ConfigMap updated in place, for a sidecar that reloads the main container.
   */
  hashed: boolean;
}

export interface ServicePortModel {
  name: string;
  port: number;
  targetPort: string;
}

export type SidecarMode = "native" | "classic";

export interface AppModel {
  name: string;
  kind: WorkloadKind;
  /** The kind's own fields (claim templates, schedule, Job settings...), next to the pod fields every kind shares. */
  workload: WorkloadModel;
  /** native: sidecars are init containers with restartPolicy Always; classic: regular containers. */
  sidecarMode: SidecarMode;
  replicas: number;
  /**
   * Recommended labels plus the app's extra labels, sorted by key: every object of the app. No version:
   * a ServiceAccount, Service or ConfigMap does not change with it (README "Labels").
   */
  labels: Record<string, string>;
  /** labels plus app.kubernetes.io/version (the main container's tag): the workload and its pod template only. */
  workloadLabels: Record<string, string>;
  /** The immutable subset used in selectors: never version or environment. */
  selectorLabels: Record<string, string>;
  annotations: Record<string, string>;
  /** Main container first, then sidecars in config order. */
  containers: ContainerModel[];
  /** The user's volumes, then the app config's, then the sidecars' own (config, state, tmp). */
  volumes: VolumeModel[];
  /** ConfigMaps the sidecars need, sorted by name. */
  configMaps: ConfigMapModel[];
  /** Annotations on the pods only (e.g. Prometheus scraping), sorted by key. */
  podAnnotations: Record<string, string>;
  /** Containers see each other's processes (a signal-based config reloader needs it). */
  shareProcessNamespace: boolean;
  service?: { name: string; port: number; type: string; extraPorts: ServicePortModel[] };
  serviceAccount?: { name: string; automountToken: boolean; annotations: Record<string, string> };
  /** Scheduling and pod-level settings. */
  pod: PodSettingsModel;
  /** Deployment only. */
  rollout: RolloutModel;
  config?: { name: string; data: [string, string][]; mountPath?: string; volumeName: string };
  podSecurity: { runAsNonRoot: boolean; runAsUser?: number; runAsGroup?: number; fsGroup?: number };
  /** sha256 of the config the base's pods read once; absent when there is none (see EnvironmentAppModel). */
  configChecksum?: string;
  /** Secrets the app reads, by reference. */
  secrets: SecretModel[];
}

export interface EnvironmentAppModel {
  app: string;
  kind: WorkloadKind;
  /** Deployment and StatefulSet apps only. */
  replicas?: number;
  /** This environment's changes to the kind's own fields (claim sizes, schedule) and a Job's name here. */
  workload: EnvironmentWorkloadModel;
  /** Main container tag in this environment: the app.kubernetes.io/version label. */
  version: string;
  /**
   * Image tag per container, after overrides; the digest is the environment's own, else the container's
   * where the container's own tag runs. `override` is what the environment itself writes (edits start there).
   */
  images: { container: string; image: string; tag: string; digest?: string; override: { tag?: string; digest?: string } }[];
  /** Per-container resource overrides (patched in the overlay); never for disabled sidecars. */
  resources: { container: string; resources: ResourceRequirements }[];
  /** Per-container args replacing the base's in this environment (never for disabled sidecars). */
  args: { container: string; args: string[] }[];
  /** Per-container env merged over the base's by name (never for disabled sidecars). */
  env: { container: string; env: [string, EnvValueModel][] }[];
  /** Per-container envFrom replacing the base's list (never for disabled sidecars). */
  envFrom: { container: string; envFrom: EnvFromModel[] }[];
  /** Pod settings this environment changes (a strategic-merge patch over the base's). */
  pod: PodSettingsModel;
  /** Rollout settings this environment changes (Deployment only). */
  rollout: Partial<RolloutModel>;
  /** ServiceAccount annotations this environment adds or changes. */
  serviceAccountAnnotations: Record<string, string>;
  /** Sidecar mode in this environment; the overlay moves the sidecars when it differs from the app's. */
  sidecarMode: SidecarMode;
  /** Sidecars removed in this environment (by a patch in the overlay). */
  disabledSidecars: string[];
  /** Config keys this environment overrides or adds (sorted); the overlay merges them over the base ConfigMap. */
  configData: [string, string][];
  hasConfig: boolean;
  /**
   * sha256 of the config this environment's pods read once (the app config after the environment's merge,
   * and the sidecars' hashed files): the pod template's `checksum/config` annotation, so a change rolls
   * the pods while the ConfigMap keeps a stable name (see README "Config changes and rollouts").
   */
  configChecksum?: string;
  /** Each Secret's source in this environment, in the app's order. */
  secrets: { name: string; secretName: string; source: SecretSourceModel }[];
  /** sha256 of those sources: the pod template's checksum/secrets, so a change in Git rolls the pods. */
  secretsChecksum?: string;
}

/** A policy rule skipped: in the whole environment (no app) or for one app, with the config's reason. */
export interface PolicyExceptionModel {
  rule: string;
  reason?: string;
  app?: string;
  /** Where the config says it (a JSON pointer), to report an unknown rule id there. */
  pointer: string;
}

/** How Argo CD and Flux sync one environment. */
export interface SyncPolicyModel {
  automated: boolean;
  prune: boolean;
  selfHeal: boolean;
}

export interface ClusterModel {
  name: string;
  /** Argo CD destination: API server URL, or the name the cluster is registered under. */
  destination: { server: string } | { name: string };
  /** The engines whose objects are rendered for its environments: the one it names, else delivery.engines. */
  engines: Engine[];
}

export type Engine = "argocd" | "flux";

export interface DeliveryModel {
  repoURL: string;
  revision: string;
  /**
   * Where the rendered tree sits in the Git repository ("" at the root, else "deploy/gitops" with no
   * slashes at either end): every path a controller reads starts with it.
   */
  repoPath: string;
  argocd?: { namespace: string; retryLimit: number; revisionHistoryLimit: number };
  flux?: { gitRepository: "bootstrap" | "generate"; interval: string; retryInterval: string; timeout: string };
  /** Sorted by name; only clusters some environment runs on are rendered. */
  clusters: ClusterModel[];
}

/** A job of the generated CI (`ci.jobs`). */
export type CiJob = "validate" | "kubeconform" | "diff" | "promote";

/** The generated GitHub Actions workflows (`ci`): absent from the model when `ci.enabled` is false. */
export interface CiModel {
  /** In the order the schema lists them, whatever order the config gives. */
  jobs: CiJob[];
  /** actions/setup-node's node-version. */
  nodeVersion: string;
  /** runs-on: one label, or labels a runner must all carry. */
  runsOn: string | string[];
  /** The branch whose pushes run the checks: the one the controllers follow (delivery.revision), else main. */
  branch: string;
}

export interface EnvironmentModel {
  name: string;
  namespace: string;
  createNamespace: boolean;
  podSecurity: "restricted" | "baseline" | "privileged";
  /**
   * A production environment (environments.<env>.protected; default: named prod or production): image tags
   * that move are refused there unless pinned by digest. Other production defaults may key off it too.
   */
  protected: boolean;
  /** What gen (located in the config) and `npm run validate` (on the built manifests) check beyond the schemas. */
  policy: {
    podSecurity: "restricted" | "baseline" | "privileged";
    requireResources: boolean;
    requirePinnedImages: boolean;
    requireProbes: boolean;
    /** The environment is protected: tags that move (latest, main, …, mutableTags) need a digest. */
    refuseMutableTags: boolean;
    /** The config's own moving tags (globs), beside the built-in ones. */
    mutableTags: string[];
    /** Rule ids skipped for every app of the environment. */
    ignore: string[];
    /** Every skipped rule with its scope and reason: environment-wide, per app, per app in this environment. */
    exceptions: PolicyExceptionModel[];
  };
  /** Includes the `environment` label; sorted. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  apps: EnvironmentAppModel[];
  /** The cluster (delivery.clusters) it runs on; "in-cluster" without a delivery section. */
  cluster: string;
  sync: SyncPolicyModel;
}

export interface Model {
  project: { name: string; kubernetesVersion: string };
  /** The config and output root as the user named them, for generated-file headers. */
  origin: RenderOrigin;
  apps: AppModel[];
  /** Sorted by name. */
  environments: EnvironmentModel[];
  /** Argo CD and Flux objects are rendered only with a delivery section. */
  delivery?: DeliveryModel;
  /** The generated CI workflows; absent with `ci.enabled: false`. */
  ci?: CiModel;
  /** The order environments are promoted in (`npm run promote`); empty when the config gives none. */
  promotion: string[];
  /** The config's `removed:` section: consent to delete these environments' and apps' sync targets. */
  removed: RemovedModel;
}

export interface RemovedModel {
  environments: string[];
  /** Without environments: every environment the tree had the app in. */
  apps: { name: string; environments?: string[] }[];
}

/** The tool's name: the app.kubernetes.io/managed-by label and the header of every generated file. */
export const TOOL_NAME = "sidecar-gitops";
/** The recommended label for the version an object runs: on the workload and its pod template only. */
export const VERSION_LABEL = "app.kubernetes.io/version";
