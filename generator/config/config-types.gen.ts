/* Generated from schemas/gitops.config.schema.json by `npm run schema:types`. Do not edit. */

/**
 * Image repository without tag or digest, e.g. nginxinc/nginx-unprivileged or ghcr.io/org/app.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "imageName".
 */
export type ImageName = string;
/**
 * A pinned image tag such as 1.27.4-alpine (never "latest", in any case).
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "imageTag".
 */
export type ImageTag = string;
/**
 * Optional image digest (sha256:...); when set, the image is pinned by digest as well as tag.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "imageDigest".
 */
export type ImageDigest = string;
/**
 * Overrides the image's entrypoint.
 */
export type Command = string[];
/**
 * Arguments to the entrypoint.
 */
export type Args = string[];
/**
 * A pod field, as the downward API names it: metadata.name, metadata.namespace, metadata.uid, metadata.labels['key'], metadata.annotations['key'], spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP (status.podIPs, status.hostIPs).
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "fieldPath".
 */
export type FieldPath = string;
/**
 * Volumes this container mounts.
 */
export type Mounts = Mount[];
/**
 * Every key of a Secret of the app (apps[].secrets) or of a configMap volume of the app becomes an environment variable, optionally prefixed.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "envFrom".
 */
export type EnvFrom = {
  /**
   * A secret of apps[].secrets, by name.
   */
  secret?: string;
  /**
   * A configMap volume of apps[].volumes, by volume name.
   */
  configMap?: string;
  /**
   * Prepended to every variable name.
   */
  prefix?: string;
}[];
/**
 * A helper container that shares the pod's lifecycle and volumes. `type` picks a catalog entry (custom, date-logger, log-shipper, git-sync, config-reloader, nginx-exporter, ambassador); each brings a pinned image, safe defaults and the config it needs.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "sidecar".
 */
export type Sidecar =
  | SidecarCustom
  | SidecarDateLogger
  | SidecarLogShipper
  | SidecarGitSync
  | SidecarConfigReloader
  | SidecarNginxExporter
  | SidecarAmbassador;
/**
 * Overrides the image's entrypoint.
 */
export type Command1 = string[];
/**
 * Arguments to the entrypoint.
 */
export type Args1 = string[];
/**
 * Volumes this container mounts.
 */
export type Mounts1 = Mount[];
/**
 * Volumes this container mounts.
 */
export type Mounts2 = Mount[];
/**
 * Volumes this container mounts.
 */
export type Mounts3 = Mount[];
/**
 * Volumes this container mounts.
 */
export type Mounts4 = Mount[];
/**
 * Volumes this container mounts.
 */
export type Mounts5 = Mount[];
/**
 * Volumes this container mounts.
 */
export type Mounts6 = Mount[];
/**
 * A DNS name or IPv4 address, e.g. db.example.internal or 10.0.0.5.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "hostName".
 */
export type HostName = string;
/**
 * Volumes this container mounts.
 */
export type Mounts7 = Mount[];
/**
 * A file of the repository, as a path relative to the folder of the config that names it (no .. segments, no absolute path).
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "repoFile".
 */
export type RepoFile = string;
/**
 * A label value: at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit (or empty).
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "labelValue".
 */
export type LabelValue = string;
/**
 * A key of the Secret (letters, digits, '-', '_', '.').
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "secretKey".
 */
export type SecretKey = string;
/**
 * A DNS-1123 subdomain: lowercase letters, digits, '-' and '.'.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "dnsSubdomain".
 */
export type DnsSubdomain = string;
/**
 * Arguments to the entrypoint.
 */
export type Args2 = string[];
/**
 * Every key of a Secret of the app (apps[].secrets) or of a configMap volume of the app becomes an environment variable, optionally prefixed.
 */
export type EnvFrom1 = {
  /**
   * A secret of apps[].secrets, by name.
   */
  secret?: string;
  /**
   * A configMap volume of apps[].volumes, by volume name.
   */
  configMap?: string;
  /**
   * Prepended to every variable name.
   */
  prefix?: string;
}[];
/**
 * A DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "dnsLabel".
 */
export type DnsLabel = string;
/**
 * A runner label, e.g. ubuntu-24.04, ubuntu-24.04-arm or self-hosted.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "runnerLabel".
 */
export type RunnerLabel = string;
/**
 * A label key of your own, such as team or example.com/team. app.kubernetes.io/* and environment are set by the generator (the selector and the recommended labels) and cannot be overridden. The name part is at most 63 characters, an optional DNS prefix at most 253 (the API server's qualified-name rule).
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "labelKey".
 */
export type LabelKey = string;
/**
 * An annotation key of your own, such as example.com/owner. app.kubernetes.io/* and checksum/config (the config checksum that rolls the pods) are reserved for the generator.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "annotationKey".
 */
export type AnnotationKey = string;
/**
 * A Kubernetes quantity such as 100m, 0.5, 64Mi or 1Gi; a plain number (cpu: 2, memory: 1e9) is accepted and rendered as the canonical string ("2", "1G").
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "quantity".
 */
export type Quantity = string | number;
/**
 * An absolute path of letters, digits and ._/- (it is written into generated config files, so nothing else is allowed).
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "safePath".
 */
export type SafePath = string;
/**
 * A file name: letters, digits and ._- (not . or ..).
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "fileName".
 */
export type FileName = string;
/**
 * A Go duration, e.g. 30s, 5m, 1h30m.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "duration".
 */
export type Duration = string;
/**
 * A count or a percentage such as 25%.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "intOrPercent".
 */
export type IntOrPercent = number | string;

/**
 * Describes sidecar-pattern apps once; `npm run gen` renders them into Kustomize base/ and overlays/<env>/ for Argo CD or Flux.
 */
export interface SidecarGitopsConfiguration {
  /**
   * The config format's version: sidecar-gitops.dev/v1alpha1. Optional for now: a config without the header is read as v1alpha1, with a warning that `sidecar-gitops migrate` adds it. A generator reads every version up to the one it was released with; a newer one asks for an upgrade of the generator.
   */
  apiVersion?: "sidecar-gitops.dev/v1alpha1";
  /**
   * Always GitOpsConfig. With apiVersion it makes the file a Kubernetes-style document (Flux's image automation edits only such files).
   */
  kind?: "GitOpsConfig";
  /**
   * The config's own name (not a Kubernetes object of the cluster).
   */
  metadata?: {
    /**
     * A name for this config, usually the project's name.
     */
    name: string;
  };
  /**
   * The project every app belongs to (app.kubernetes.io/part-of).
   */
  project: {
    /**
     * Project name: the app.kubernetes.io/part-of label and the default namespace prefix (<project>-<env>).
     */
    name: string;
    /**
     * Kubernetes minor version the clusters run (e.g. "1.33"). Picks the validation schemas and whether native sidecars are available (1.29+).
     */
    kubernetesVersion?: string;
  };
  /**
   * The apps to render: each becomes base/<name>/.
   *
   * @minItems 1
   */
  apps: [App, ...App[]];
  /**
   * More apps, from files (paths relative to this config; `*` and `?` match within one path segment), e.g. [apps/*.yaml]: one file per app or team, each with `apps:` (as here), optionally `team:` and `environments.<env>.apps.<app>` overrides of its own apps. Environments, delivery and policy stay in this file. Errors are located in the file that wrote them.
   *
   * @minItems 1
   */
  appFiles?: [string, ...string[]];
  /**
   * Environments by name (DNS-1123 labels); each becomes overlays/<name>/. Defaults to dev, staging and prod.
   */
  environments?: {
    [k: string]: Environment | undefined;
  };
  delivery?: Delivery;
  /**
   * The order environments are promoted in, e.g. [dev, staging, prod]: `npm run promote` refuses to skip a step (dev → prod) unless --force.
   *
   * @minItems 2
   */
  promotion?: [DnsLabel, DnsLabel, ...DnsLabel[]];
  removed?: Removed;
  ci?: Ci;
}
/**
 * One sidecar-pattern app: a workload with a main container, its sidecars and the volumes they share.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "app".
 */
export interface App {
  /**
   * App name: resource names, base/<name>/ and app.kubernetes.io/name.
   */
  name: string;
  /**
   * The team that owns the app (set for every app of an app file by its `team:`).
   */
  team?: string;
  /**
   * Workload kind. Deployment: a replicated service. StatefulSet: stable pod names and a volume per pod (statefulSet). DaemonSet: one pod per node (daemonSet). Job: runs to completion once per change of its spec (job). CronJob: a Job on a schedule (cronJob, job). Pod: a bare Pod (no replicas), as in the classic sidecar example. Sidecars of Job and CronJob pods are always native.
   */
  kind?: "Deployment" | "Pod" | "StatefulSet" | "DaemonSet" | "Job" | "CronJob";
  /**
   * Default replica count (Deployment and StatefulSet only); environments override it.
   */
  replicas?: number;
  main: MainContainer;
  /**
   * Helper containers.
   */
  sidecars?: Sidecar[];
  /**
   * Volumes shared by the containers.
   */
  volumes?: Volume[];
  /**
   * A Service for the main container's port (rendered when main.port is set).
   */
  service?: {
    /**
     * Render the Service. Default: true, except for Job and CronJob (no Service unless enabled: true).
     */
    enabled?: boolean;
    /**
     * The Service port; it targets the main container's port.
     */
    port?: number;
    /**
     * Service type.
     */
    type?: "ClusterIP" | "NodePort" | "LoadBalancer";
  };
  /**
   * The app's own ServiceAccount.
   */
  serviceAccount?: {
    /**
     * Render a ServiceAccount named after the app and run the pod as it.
     */
    enabled?: boolean;
    /**
     * Mount the API token into pods (off: the app does not call the Kubernetes API).
     */
    automountToken?: boolean;
    /**
     * Annotations on the ServiceAccount: GKE Workload Identity (iam.gke.io/gcp-service-account), EKS IRSA (eks.amazonaws.com/role-arn), Azure Workload Identity.
     */
    annotations?: {
      [k: string]: string | undefined;
    };
  };
  /**
   * Config data rendered into a ConfigMap <app>-config by Kustomize's configMapGenerator, under that stable name (no hash suffix): the pod template's checksum/config annotation (a sha256 of the data) changes with the data, so a change rolls the pods (README "Config changes and rollouts").
   */
  config?: {
    /**
     * Keys and string values.
     */
    data?: {
      [k: string]: string | undefined;
    };
    /**
     * Mount the ConfigMap as files here in the main container.
     */
    mountPath?: string;
    /**
     * Expose every key as an environment variable of the main container.
     */
    envFrom?: boolean;
  };
  /**
   * Pod-level security settings shared by all containers.
   */
  securityContext?: {
    /**
     * UID all containers run as unless they override it.
     */
    runAsUser?: number;
    /**
     * Primary GID of all containers.
     */
    runAsGroup?: number;
    /**
     * GID that owns shared volumes.
     */
    fsGroup?: number;
    /**
     * Refuse to start containers as UID 0.
     */
    runAsNonRoot?: boolean;
  };
  /**
   * Extra labels on every resource of the app (not selectors). Keys of your own: app.kubernetes.io/* and environment are the generator's and refused.
   */
  labels?: {
    [k: string]: LabelValue | undefined;
  };
  /**
   * Extra annotations on every resource of the app. Keys of your own: app.kubernetes.io/* is the generator's and refused.
   */
  annotations?: {
    [k: string]: string | undefined;
  };
  /**
   * How the app's sidecars run. native: as init containers with restartPolicy Always (Kubernetes 1.29+), so they start before the main container, stay up beside it and stop after it (a log shipper catches the last lines; a Job with sidecars completes). classic: as regular containers. Default: native when project.kubernetesVersion is 1.29 or newer, else classic.
   */
  sidecarMode?: "native" | "classic";
  /**
   * Secrets the app reads, by reference (External Secrets or Sealed Secrets).
   */
  secrets?: Secret[];
  policy?: AppPolicy;
  /**
   * kind: StatefulSet only: its governing headless Service, claim templates and rollout.
   */
  statefulSet?: {
    /**
     * The headless Service that gives each pod a stable DNS name (<pod>.<serviceName>); rendered by the generator. Default: <app>-headless.
     */
    serviceName?: string;
    /**
     * OrderedReady (default): pods start and stop one at a time, in order. Parallel: all at once.
     */
    podManagementPolicy?: "OrderedReady" | "Parallel";
    /**
     * How a changed template reaches the pods.
     */
    updateStrategy?: {
      /**
       * RollingUpdate (default): pods are replaced from the highest ordinal down. OnDelete: only pods you delete are replaced.
       */
      type?: "RollingUpdate" | "OnDelete";
      /**
       * RollingUpdate: only pods with an ordinal at or above it are updated (a staged rollout).
       */
      partition?: number;
    };
    /**
     * What happens to the claims when the StatefulSet is deleted or scaled down (default: Retain both).
     */
    persistentVolumeClaimRetentionPolicy?: {
      /**
       * Claims of a deleted StatefulSet.
       */
      whenDeleted?: "Retain" | "Delete";
      /**
       * Claims of pods removed by a scale-down.
       */
      whenScaled?: "Retain" | "Delete";
    };
    /**
     * A volume per pod, kept across restarts and rescheduling.
     */
    volumeClaimTemplates?: ClaimTemplate[];
  };
  /**
   * kind: Job or CronJob: how the Job's pods run to completion.
   */
  job?: {
    /**
     * Retries before the Job is marked failed (Kubernetes' default: 6).
     */
    backoffLimit?: number;
    /**
     * The Job fails when it runs longer than this.
     */
    activeDeadlineSeconds?: number;
    /**
     * Delete the finished Job after this many seconds. CronJob only: a Job synced from Git that the TTL controller deletes is re-created by Argo CD or Flux and runs again.
     */
    ttlSecondsAfterFinished?: number;
    /**
     * Successful pods needed (default 1).
     */
    completions?: number;
    /**
     * Pods running at once (default 1).
     */
    parallelism?: number;
    /**
     * The pod's restartPolicy. Default: Never with a podFailurePolicy (which requires it), else OnFailure.
     */
    restartPolicy?: "OnFailure" | "Never";
    /**
     * How a failed pod counts: fail the Job at once, ignore the failure, or count it against backoffLimit. Needs restartPolicy: Never.
     */
    podFailurePolicy?: {
      /**
       * Checked in order; the first match decides.
       *
       * @minItems 1
       */
      rules: [
        {
          /**
           * FailJob: fail the Job. Ignore: do not count the failure. Count: count it (the default).
           */
          action: "FailJob" | "Ignore" | "Count";
          /**
           * Matches a container's exit code.
           */
          onExitCodes?: {
            /**
             * Only this container's exit code (default: any container).
             */
            containerName?: string;
            /**
             * In: the code is one of values. NotIn: it is none of them.
             */
            operator: "In" | "NotIn";
            /**
             * Exit codes.
             *
             * @minItems 1
             */
            values: [number, ...number[]];
          };
          /**
           * Matches a pod condition.
           *
           * @minItems 1
           */
          onPodConditions?: [
            {
              /**
               * A pod condition type, e.g. DisruptionTarget.
               */
              type: string;
              /**
               * The condition's status.
               */
              status?: "True" | "False" | "Unknown";
            },
            ...{
              /**
               * A pod condition type, e.g. DisruptionTarget.
               */
              type: string;
              /**
               * The condition's status.
               */
              status?: "True" | "False" | "Unknown";
            }[]
          ];
        },
        ...{
          /**
           * FailJob: fail the Job. Ignore: do not count the failure. Count: count it (the default).
           */
          action: "FailJob" | "Ignore" | "Count";
          /**
           * Matches a container's exit code.
           */
          onExitCodes?: {
            /**
             * Only this container's exit code (default: any container).
             */
            containerName?: string;
            /**
             * In: the code is one of values. NotIn: it is none of them.
             */
            operator: "In" | "NotIn";
            /**
             * Exit codes.
             *
             * @minItems 1
             */
            values: [number, ...number[]];
          };
          /**
           * Matches a pod condition.
           *
           * @minItems 1
           */
          onPodConditions?: [
            {
              /**
               * A pod condition type, e.g. DisruptionTarget.
               */
              type: string;
              /**
               * The condition's status.
               */
              status?: "True" | "False" | "Unknown";
            },
            ...{
              /**
               * A pod condition type, e.g. DisruptionTarget.
               */
              type: string;
              /**
               * The condition's status.
               */
              status?: "True" | "False" | "Unknown";
            }[]
          ];
        }[]
      ];
    };
  };
  /**
   * kind: CronJob only: when its Jobs run (each Job as apps[].job says).
   */
  cronJob?: {
    /**
     * Cron schedule (5 fields, e.g. "0 3 * * *"); environments override it.
     */
    schedule: string;
    /**
     * IANA time zone of the schedule, e.g. Europe/Berlin (default: the controller manager's).
     */
    timeZone?: string;
    /**
     * A run still going when the next is due: Allow (default) both, Forbid skips the new one, Replace stops the old one.
     */
    concurrencyPolicy?: "Allow" | "Forbid" | "Replace";
    /**
     * A run missed by more than this is skipped.
     */
    startingDeadlineSeconds?: number;
    /**
     * Finished Jobs kept (default 3).
     */
    successfulJobsHistoryLimit?: number;
    /**
     * Failed Jobs kept (default 1).
     */
    failedJobsHistoryLimit?: number;
    /**
     * Stop scheduling new runs; environments override it.
     */
    suspend?: boolean;
  };
  /**
   * kind: DaemonSet only: a pod on every node (node agents).
   */
  daemonSet?: {
    /**
     * How a changed template reaches the nodes.
     */
    updateStrategy?: {
      /**
       * RollingUpdate (default) or OnDelete.
       */
      type?: "RollingUpdate" | "OnDelete";
      /**
       * RollingUpdate: nodes whose pod may be down at once (default 1).
       */
      maxUnavailable?: number;
    };
  };
  pod?: PodSettings;
  rollout?: Rollout;
}
/**
 * The app's main container.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "mainContainer".
 */
export interface MainContainer {
  /**
   * Container name, unique within the app.
   */
  name: string;
  image: ImageName;
  tag: ImageTag;
  digest?: ImageDigest;
  /**
   * When the kubelet pulls the image.
   */
  imagePullPolicy?: "IfNotPresent" | "Always" | "Never";
  command?: Command;
  args?: Args;
  env?: EnvVars;
  resources: Resources;
  mounts?: Mounts;
  securityContext?: ContainerSecurity;
  /**
   * The port the main container listens on (named "http"); the Service targets it. Omit for a container that serves nothing.
   */
  port?: number;
  probes?: Probes;
  envFrom?: EnvFrom;
  lifecycle?: Lifecycle;
}
/**
 * Environment variables by name: a string (quote numbers and booleans), or a value from the downward API: { fieldRef: metadata.name } (the pod's name) or { resourceFieldRef: { resource: limits.memory } }.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "envVars".
 */
export interface EnvVars {
  [k: string]:
    | string
    | {
        fieldRef: FieldPath;
      }
    | {
        resourceFieldRef: ResourceFieldRef;
      }
    | undefined;
}
/**
 * A container's request or limit (downward API).
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "resourceFieldRef".
 */
export interface ResourceFieldRef {
  /**
   * The container whose resources are read (default: this one; required in a volume).
   */
  containerName?: string;
  /**
   * Which request or limit.
   */
  resource:
    | "limits.cpu"
    | "limits.memory"
    | "limits.ephemeral-storage"
    | "requests.cpu"
    | "requests.memory"
    | "requests.ephemeral-storage";
  /**
   * Unit the value is expressed in, e.g. 1Mi (default 1).
   */
  divisor?: string | number;
}
/**
 * Compute requests and limits.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "resources".
 */
export interface Resources {
  requests?: ResourceList;
  limits?: ResourceList1;
}
/**
 * What the scheduler reserves.
 */
export interface ResourceList {
  /**
   * CPU, e.g. 50m.
   */
  cpu?: string | number;
  /**
   * Memory, e.g. 64Mi.
   */
  memory?: string | number;
  /**
   * Local ephemeral storage, e.g. 100Mi.
   */
  "ephemeral-storage"?: string | number;
}
/**
 * The most the container may use.
 */
export interface ResourceList1 {
  /**
   * CPU, e.g. 50m.
   */
  cpu?: string | number;
  /**
   * Memory, e.g. 64Mi.
   */
  memory?: string | number;
  /**
   * Local ephemeral storage, e.g. 100Mi.
   */
  "ephemeral-storage"?: string | number;
}
/**
 * Mounts one of the app's volumes into this container.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "mount".
 */
export interface Mount {
  /**
   * Name of a volume declared under the app's volumes.
   */
  volume: string;
  /**
   * Absolute path inside the container.
   */
  mountPath: string;
  /**
   * Mount read-only.
   */
  readOnly?: boolean;
  /**
   * Optional sub-path of the volume to mount (relative).
   */
  subPath?: string;
}
/**
 * Container security settings. Defaults are Pod Security Standards "restricted": non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "containerSecurity".
 */
export interface ContainerSecurity {
  /**
   * Mount the image's root filesystem read-only; give writable paths an emptyDir volume.
   */
  readOnlyRootFilesystem?: boolean;
  /**
   * UID for this container (overrides the app's).
   */
  runAsUser?: number;
  /**
   * GID for this container (overrides the app's).
   */
  runAsGroup?: number;
  /**
   * Refuse to start as UID 0. Set false only for images that need root (not "restricted").
   */
  runAsNonRoot?: boolean;
  /**
   * Allow setuid binaries to gain privileges (not "restricted").
   */
  allowPrivilegeEscalation?: boolean;
  /**
   * Linux capabilities. Default: drop ALL (Pod Security "restricted"); "restricted" allows adding back only NET_BIND_SERVICE.
   */
  capabilities?: {
    /**
     * Capabilities to drop.
     */
    drop?: string[];
    /**
     * Capabilities to add back.
     */
    add?: string[];
  };
}
/**
 * Readiness, liveness and optional startup probes. Default when none are given and `port` is set: readiness and liveness TCP checks (tcpSocket) on the port named "http" (every 10 s, 1 s timeout, 3 failures); without a port, no probes. Giving any probe replaces the defaults.
 */
export interface Probes {
  readiness?: Probe;
  liveness?: Probe1;
  startup?: Probe2;
}
/**
 * Gates traffic from the Service.
 */
export interface Probe {
  /**
   * HTTP GET on the container's port.
   */
  httpGet?: {
    /**
     * Request path.
     */
    path: string;
    /**
     * Port; defaults to the container's port.
     */
    port?: number;
  };
  /**
   * TCP connect.
   */
  tcpSocket?: {
    /**
     * Port; defaults to the container's port.
     */
    port?: number;
  };
  exec?: Exec;
  /**
   * Seconds before the first probe.
   */
  initialDelaySeconds?: number;
  /**
   * Seconds between probes.
   */
  periodSeconds?: number;
  /**
   * Seconds before a probe times out.
   */
  timeoutSeconds?: number;
  /**
   * Consecutive failures before the probe fails.
   */
  failureThreshold?: number;
}
/**
 * Run a command in the container.
 */
export interface Exec {
  /**
   * Command and arguments.
   *
   * @minItems 1
   */
  command: [string, ...string[]];
}
/**
 * Restarts the container when it fails.
 */
export interface Probe1 {
  /**
   * HTTP GET on the container's port.
   */
  httpGet?: {
    /**
     * Request path.
     */
    path: string;
    /**
     * Port; defaults to the container's port.
     */
    port?: number;
  };
  /**
   * TCP connect.
   */
  tcpSocket?: {
    /**
     * Port; defaults to the container's port.
     */
    port?: number;
  };
  exec?: Exec;
  /**
   * Seconds before the first probe.
   */
  initialDelaySeconds?: number;
  /**
   * Seconds between probes.
   */
  periodSeconds?: number;
  /**
   * Seconds before a probe times out.
   */
  timeoutSeconds?: number;
  /**
   * Consecutive failures before the probe fails.
   */
  failureThreshold?: number;
}
/**
 * Holds the other probes until the container has started.
 */
export interface Probe2 {
  /**
   * HTTP GET on the container's port.
   */
  httpGet?: {
    /**
     * Request path.
     */
    path: string;
    /**
     * Port; defaults to the container's port.
     */
    port?: number;
  };
  /**
   * TCP connect.
   */
  tcpSocket?: {
    /**
     * Port; defaults to the container's port.
     */
    port?: number;
  };
  exec?: Exec;
  /**
   * Seconds before the first probe.
   */
  initialDelaySeconds?: number;
  /**
   * Seconds between probes.
   */
  periodSeconds?: number;
  /**
   * Seconds before a probe times out.
   */
  timeoutSeconds?: number;
  /**
   * Consecutive failures before the probe fails.
   */
  failureThreshold?: number;
}
/**
 * Container lifecycle hooks.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "lifecycle".
 */
export interface Lifecycle {
  postStart?: LifecycleHandler;
  preStop?: LifecycleHandler1;
}
/**
 * Runs right after the container starts.
 */
export interface LifecycleHandler {
  exec?: Exec;
  /**
   * HTTP GET on a port of the container.
   */
  httpGet?: {
    /**
     * Request path.
     */
    path: string;
    /**
     * A port of the container.
     */
    port: number;
  };
  /**
   * Pause (Kubernetes 1.30+), e.g. to let endpoints drain before the process stops.
   */
  sleep?: {
    /**
     * Seconds to pause.
     */
    seconds: number;
  };
}
/**
 * Runs before the container is stopped (within terminationGracePeriodSeconds).
 */
export interface LifecycleHandler1 {
  exec?: Exec;
  /**
   * HTTP GET on a port of the container.
   */
  httpGet?: {
    /**
     * Request path.
     */
    path: string;
    /**
     * A port of the container.
     */
    port: number;
  };
  /**
   * Pause (Kubernetes 1.30+), e.g. to let endpoints drain before the process stops.
   */
  sleep?: {
    /**
     * Seconds to pause.
     */
    seconds: number;
  };
}
/**
 * Any other image, configured here.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "sidecarCustom".
 */
export interface SidecarCustom {
  /**
   * Sidecar type: custom.
   */
  type: "custom";
  /**
   * Container name, unique within the app.
   */
  name: string;
  /**
   * Run this sidecar in every environment. false: only in environments that set apps.<app>.containers.<name>.enabled: true (the overlays of the others remove it with a patch).
   */
  enabled?: boolean;
  /**
   * Image repository without tag or digest, e.g. nginxinc/nginx-unprivileged or ghcr.io/org/app.
   */
  image: string;
  /**
   * A pinned image tag such as 1.27.4-alpine (never "latest", in any case).
   */
  tag: string;
  digest?: ImageDigest;
  /**
   * When the kubelet pulls the image.
   */
  imagePullPolicy?: "IfNotPresent" | "Always" | "Never";
  env?: EnvVars;
  resources: Resources1;
  securityContext?: ContainerSecurity;
  command?: Command1;
  args?: Args1;
  mounts?: Mounts1;
  /**
   * Ports the sidecar listens on (checked for clashes with the other containers).
   */
  ports?: ContainerPort[];
  envFrom?: EnvFrom;
  probes?: Probes1;
  lifecycle?: Lifecycle;
}
/**
 * Compute requests and limits.
 */
export interface Resources1 {
  requests?: ResourceList;
  limits?: ResourceList1;
}
/**
 * A port the container listens on.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "containerPort".
 */
export interface ContainerPort {
  /**
   * Port name (IANA service name: at most 15 lower-case letters, digits and '-'), unique in the pod.
   */
  name: string;
  /**
   * Port number, unique in the pod.
   */
  containerPort: number;
}
/**
 * Readiness, liveness and startup probes (httpGet and tcpSocket need a port: one of its ports, by number). A native sidecar's startup probe holds the main container until it succeeds; its readiness counts for the pod's.
 */
export interface Probes1 {
  readiness?: Probe;
  liveness?: Probe1;
  startup?: Probe2;
}
/**
 * The classic example's sidecar: busybox appending `date` to a file in a shared volume every few seconds.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "sidecarDateLogger".
 */
export interface SidecarDateLogger {
  /**
   * Sidecar type: date-logger.
   */
  type: "date-logger";
  /**
   * Container name, unique within the app (default: date-logger).
   */
  name?: string;
  /**
   * Run this sidecar in every environment. false: only in environments that set apps.<app>.containers.<name>.enabled: true (the overlays of the others remove it with a patch).
   */
  enabled?: boolean;
  /**
   * Image repository without tag or digest, e.g. nginxinc/nginx-unprivileged or ghcr.io/org/app.
   */
  image?: string;
  /**
   * A pinned image tag such as 1.27.4-alpine (never "latest", in any case).
   */
  tag?: string;
  digest?: ImageDigest;
  /**
   * When the kubelet pulls the image.
   */
  imagePullPolicy?: "IfNotPresent" | "Always" | "Never";
  env?: EnvVars;
  resources?: Resources2;
  securityContext?: ContainerSecurity;
  /**
   * The app volume it writes into.
   */
  volume: string;
  /**
   * Where the volume is mounted in the sidecar.
   */
  mountPath?: string;
  /**
   * The file it appends to, in the volume.
   */
  file?: string;
  /**
   * Seconds between two lines.
   */
  intervalSeconds?: number;
  mounts?: Mounts2;
}
/**
 * Compute requests and limits.
 */
export interface Resources2 {
  requests?: ResourceList;
  limits?: ResourceList1;
}
/**
 * Fluent Bit tailing the log files the main container writes into a shared volume and shipping them (stdout by default). Its configuration is generated into a ConfigMap; a change rolls the pods.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "sidecarLogShipper".
 */
export interface SidecarLogShipper {
  /**
   * Sidecar type: log-shipper.
   */
  type: "log-shipper";
  /**
   * Container name, unique within the app (default: log-shipper).
   */
  name?: string;
  /**
   * Run this sidecar in every environment. false: only in environments that set apps.<app>.containers.<name>.enabled: true (the overlays of the others remove it with a patch).
   */
  enabled?: boolean;
  /**
   * Image repository without tag or digest, e.g. nginxinc/nginx-unprivileged or ghcr.io/org/app.
   */
  image?: string;
  /**
   * A pinned image tag such as 1.27.4-alpine (never "latest", in any case).
   */
  tag?: string;
  digest?: ImageDigest;
  /**
   * When the kubelet pulls the image.
   */
  imagePullPolicy?: "IfNotPresent" | "Always" | "Never";
  env?: EnvVars;
  resources?: Resources3;
  securityContext?: ContainerSecurity;
  /**
   * The app volume the main container writes its log files into (mount it in the main container too).
   */
  volume: string;
  /**
   * Where the volume is mounted (read-only) in the sidecar.
   */
  mountPath?: string;
  /**
   * Files to tail, as globs relative to mountPath.
   *
   * @minItems 1
   *
   * Items: A glob relative to mountPath.
   */
  paths?: [string, ...string[]];
  /**
   * Fluent Bit's HTTP server (health checks, metrics).
   */
  httpPort?: number;
  /**
   * Where the logs go.
   */
  output?: {
    /**
     * stdout: the sidecar's own log (kubectl logs); forward: a Fluentd/Fluent Bit aggregator; http: JSON over HTTP; loki: Grafana Loki.
     */
    type?: "stdout" | "forward" | "http" | "loki";
    /**
     * Destination host (required unless type is stdout).
     */
    host?: string;
    /**
     * Destination port (default: 24224 forward, 80 http, 3100 loki; 443 with tls).
     */
    port?: number;
    /**
     * Request path (http: default /; loki: default /loki/api/v1/push).
     */
    uri?: string;
    /**
     * Use TLS to the destination.
     */
    tls?: boolean;
  };
  mounts?: Mounts3;
}
/**
 * Compute requests and limits.
 */
export interface Resources3 {
  requests?: ResourceList;
  limits?: ResourceList1;
}
/**
 * git-sync v4 keeping a shared volume in step with a Git repository (the content the main container serves). The checkout appears as <mountPath>/<link> in the sidecar, i.e. <link>/ inside the volume.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "sidecarGitSync".
 */
export interface SidecarGitSync {
  /**
   * Sidecar type: git-sync.
   */
  type: "git-sync";
  /**
   * Container name, unique within the app (default: git-sync).
   */
  name?: string;
  /**
   * Run this sidecar in every environment. false: only in environments that set apps.<app>.containers.<name>.enabled: true (the overlays of the others remove it with a patch).
   */
  enabled?: boolean;
  /**
   * Image repository without tag or digest, e.g. nginxinc/nginx-unprivileged or ghcr.io/org/app.
   */
  image?: string;
  /**
   * A pinned image tag such as 1.27.4-alpine (never "latest", in any case).
   */
  tag?: string;
  digest?: ImageDigest;
  /**
   * When the kubelet pulls the image.
   */
  imagePullPolicy?: "IfNotPresent" | "Always" | "Never";
  env?: EnvVars;
  resources?: Resources4;
  securityContext?: ContainerSecurity;
  /**
   * The app volume it syncs into (mount it in the main container, read-only).
   */
  volume: string;
  /**
   * Where the volume is mounted in the sidecar (git-sync's --root).
   */
  mountPath?: string;
  /**
   * The repository to sync (https://, ssh:// or git@host:path).
   */
  repo: string;
  /**
   * Branch, tag or commit to sync.
   */
  ref?: string;
  /**
   * Time between syncs (a Go duration such as 30s or 5m).
   */
  period?: string;
  /**
   * Shallow-clone depth (0: full history).
   */
  depth?: number;
  /**
   * Name of the symlink git-sync points at the current checkout, in the volume.
   */
  link?: string;
  /**
   * git-sync's HTTP endpoint: 200 once the first sync is done (its startup and liveness probes).
   */
  httpPort?: number;
  mounts?: Mounts4;
}
/**
 * Compute requests and limits.
 */
export interface Resources4 {
  requests?: ResourceList;
  limits?: ResourceList1;
}
/**
 * Config files in a ConfigMap (no hash suffix: edits are applied in place) mounted into the main container, and a sidecar that watches them and tells the main process to reload: by a signal through a shared process namespace (default: SIGHUP to nginx) or by a webhook (configmap-reload).
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "sidecarConfigReloader".
 */
export interface SidecarConfigReloader {
  /**
   * Sidecar type: config-reloader.
   */
  type: "config-reloader";
  /**
   * Container name, unique within the app (default: config-reloader).
   */
  name?: string;
  /**
   * Run this sidecar in every environment. false: only in environments that set apps.<app>.containers.<name>.enabled: true (the overlays of the others remove it with a patch).
   */
  enabled?: boolean;
  /**
   * Image repository without tag or digest, e.g. nginxinc/nginx-unprivileged or ghcr.io/org/app.
   */
  image?: string;
  /**
   * A pinned image tag such as 1.27.4-alpine (never "latest", in any case).
   */
  tag?: string;
  digest?: ImageDigest;
  /**
   * When the kubelet pulls the image.
   */
  imagePullPolicy?: "IfNotPresent" | "Always" | "Never";
  env?: EnvVars;
  resources?: Resources5;
  securityContext?: ContainerSecurity;
  /**
   * File name → content, e.g. default.conf for nginx.
   */
  files: {
    [k: string]: string | undefined;
  };
  /**
   * Where the main container sees the files, e.g. /etc/nginx/conf.d.
   */
  mountPath: string;
  /**
   * How the main container is told to reload: signal (the default) or webhook.
   */
  reload?: {
    /**
     * Send a signal to the main container's process through a shared process namespace. The sidecar runs as the main container's user, which must be set (apps[].securityContext.runAsUser or main.securityContext.runAsUser).
     */
    signal?: {
      /**
       * Process name to signal (its oldest instance: nginx's master).
       */
      process?: string;
      /**
       * The signal (nginx reloads on HUP).
       */
      signal?: "HUP" | "USR1" | "USR2" | "QUIT";
    };
    /**
     * Call an HTTP endpoint of the main container (e.g. http://127.0.0.1:9090/-/reload) with configmap-reload.
     */
    webhook?: {
      /**
       * The reload URL.
       */
      url: string;
      /**
       * HTTP method.
       */
      method?: "GET" | "POST";
    };
  };
  /**
   * Signal mode: seconds between two checks of the files.
   */
  intervalSeconds?: number;
  /**
   * Webhook mode: configmap-reload's metrics port.
   */
  metricsPort?: number;
  mounts?: Mounts5;
}
/**
 * Compute requests and limits.
 */
export interface Resources5 {
  requests?: ResourceList;
  limits?: ResourceList1;
}
/**
 * The adapter pattern: nginx-prometheus-exporter turning nginx's stub_status into Prometheus metrics. Generates the nginx server block for stub_status (localhost only) into the main container's conf.d, exposes the metrics port on the Service and annotates the pods for scraping.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "sidecarNginxExporter".
 */
export interface SidecarNginxExporter {
  /**
   * Sidecar type: nginx-exporter.
   */
  type: "nginx-exporter";
  /**
   * Container name, unique within the app (default: nginx-exporter).
   */
  name?: string;
  /**
   * Run this sidecar in every environment. false: only in environments that set apps.<app>.containers.<name>.enabled: true (the overlays of the others remove it with a patch).
   */
  enabled?: boolean;
  /**
   * Image repository without tag or digest, e.g. nginxinc/nginx-unprivileged or ghcr.io/org/app.
   */
  image?: string;
  /**
   * A pinned image tag such as 1.27.4-alpine (never "latest", in any case).
   */
  tag?: string;
  digest?: ImageDigest;
  /**
   * When the kubelet pulls the image.
   */
  imagePullPolicy?: "IfNotPresent" | "Always" | "Never";
  env?: EnvVars;
  resources?: Resources6;
  securityContext?: ContainerSecurity;
  /**
   * Port of the generated stub_status server block in nginx (reachable from localhost only).
   */
  statusPort?: number;
  /**
   * Port the exporter serves /metrics on (named "metrics", also on the Service).
   */
  metricsPort?: number;
  /**
   * nginx's include directory in the main container; the server block is mounted there as stub-status.conf.
   */
  confDir?: string;
  /**
   * Add prometheus.io/scrape, port and path annotations to the pods.
   */
  annotations?: boolean;
  mounts?: Mounts6;
}
/**
 * Compute requests and limits.
 */
export interface Resources6 {
  requests?: ResourceList;
  limits?: ResourceList1;
}
/**
 * The ambassador pattern: HAProxy listening on localhost in the pod and proxying to a remote service, so the main container connects to 127.0.0.1:<listenPort>. Its configuration is generated into a ConfigMap; a change rolls the pods.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "sidecarAmbassador".
 */
export interface SidecarAmbassador {
  /**
   * Sidecar type: ambassador.
   */
  type: "ambassador";
  /**
   * Container name, unique within the app (default: ambassador).
   */
  name?: string;
  /**
   * Run this sidecar in every environment. false: only in environments that set apps.<app>.containers.<name>.enabled: true (the overlays of the others remove it with a patch).
   */
  enabled?: boolean;
  /**
   * Image repository without tag or digest, e.g. nginxinc/nginx-unprivileged or ghcr.io/org/app.
   */
  image?: string;
  /**
   * A pinned image tag such as 1.27.4-alpine (never "latest", in any case).
   */
  tag?: string;
  digest?: ImageDigest;
  /**
   * When the kubelet pulls the image.
   */
  imagePullPolicy?: "IfNotPresent" | "Always" | "Never";
  env?: EnvVars;
  resources?: Resources7;
  securityContext?: ContainerSecurity;
  /**
   * Port on 127.0.0.1 the main container connects to.
   */
  listenPort: number;
  /**
   * The remote service.
   */
  upstream: {
    host: HostName;
    /**
     * Remote port.
     */
    port: number;
  };
  /**
   * tcp: any protocol (databases, caches); http: HTTP/1.1 with request logging.
   */
  mode?: "tcp" | "http";
  /**
   * HAProxy's health endpoint (/healthz) for the sidecar's probes.
   */
  healthPort?: number;
  /**
   * Idle timeout of client and server connections.
   */
  timeoutSeconds?: number;
  mounts?: Mounts7;
}
/**
 * Compute requests and limits.
 */
export interface Resources7 {
  requests?: ResourceList;
  limits?: ResourceList1;
}
/**
 * A volume the app's containers mount (main and sidecars, custom or catalog). One source: emptyDir (the default), configMap, secret, persistentVolumeClaim, projected or downwardAPI.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "volume".
 */
export interface Volume {
  /**
   * Volume name, referenced by mounts.
   */
  name: string;
  /**
   * An emptyDir volume: its lifetime is the pod's.
   */
  emptyDir?: {
    /**
     * "" for node disk, "Memory" for tmpfs (counts against memory limits).
     */
    medium?: "" | "Memory";
    /**
     * Eviction threshold for the volume, e.g. 64Mi.
     */
    sizeLimit?: string | number;
  };
  /**
   * A ConfigMap <app>-<volume> of files from the repository (and inline data), rendered by Kustomize's configMapGenerator under a stable name; the pod template's checksum/config annotation changes with the content, so a change rolls the pods.
   */
  configMap?: {
    /**
     * Files of the repository, relative to this config's folder; each becomes a key named after the file (copied into base/<app>/<volume>/).
     */
    files?: RepoFile[];
    /**
     * More keys, inline.
     */
    data?: {
      [k: string]: string | undefined;
    };
  };
  /**
   * A Secret of the app (apps[].secrets), a file per key, read-only.
   */
  secret?: {
    /**
     * The secret's name under apps[].secrets (the Secret <app>-<name>).
     */
    secret: string;
  };
  /**
   * An existing PersistentVolumeClaim in the environment's namespace.
   */
  persistentVolumeClaim?: {
    /**
     * The claim's name.
     */
    claimName: string;
    /**
     * Mount it read-only in every container.
     */
    readOnly?: boolean;
  };
  /**
   * Several sources in one folder: service account tokens for an audience (Workload Identity, Vault, SPIFFE), downward API files, Secrets of the app.
   */
  projected?: {
    /**
     * The sources, each one of serviceAccountToken, downwardAPI or secret.
     *
     * @minItems 1
     */
    sources: [ProjectedSource, ...ProjectedSource[]];
  };
  /**
   * Pod fields and container resources as files.
   */
  downwardAPI?: {
    /**
     * The files.
     *
     * @minItems 1
     */
    items: [DownwardAPIFile, ...DownwardAPIFile[]];
  };
}
/**
 * One source of a projected volume.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "projectedSource".
 */
export interface ProjectedSource {
  /**
   * A token of the pod's service account for one audience, rotated by the kubelet.
   */
  serviceAccountToken?: {
    /**
     * Who the token is for (default: the API server).
     */
    audience?: string;
    /**
     * Requested lifetime (at least 600 s); the kubelet renews it at 80 %.
     */
    expirationSeconds?: number;
    /**
     * File name of the token.
     */
    path: string;
  };
  /**
   * Pod fields and container resources as files.
   */
  downwardAPI?: {
    /**
     * The files.
     *
     * @minItems 1
     */
    items: [DownwardAPIFile, ...DownwardAPIFile[]];
  };
  /**
   * A Secret of the app, a file per key.
   */
  secret?: {
    /**
     * A secret of apps[].secrets.
     */
    secret: string;
  };
}
/**
 * One file of a downward API volume: a pod field or a container's resource.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "downwardAPIFile".
 */
export interface DownwardAPIFile {
  /**
   * File path inside the volume.
   */
  path: string;
  fieldRef?: FieldPath;
  resourceFieldRef?: ResourceFieldRef;
}
/**
 * A Secret the app reads, by reference: its values come from External Secrets or Sealed Secrets, never from this file.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "secret".
 */
export interface Secret {
  /**
   * The Secret is <app>-<name>.
   */
  name: string;
  /**
   * Environment variables of the main container, each from a key of the Secret (VAR: key).
   */
  env?: {
    [k: string]: SecretKey | undefined;
  };
  /**
   * Every key of the Secret becomes an environment variable of the main container.
   */
  envFrom?: boolean;
  /**
   * Mount the Secret read-only in the main container here, a file per key.
   */
  mountPath?: string;
  externalSecret?: ExternalSecretSource;
  sealedSecret?: SealedSecretSource;
}
/**
 * Renders an external-secrets.io/v1 ExternalSecret whose target Secret the app consumes.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "externalSecretSource".
 */
export interface ExternalSecretSource {
  /**
   * The SecretStore (or ClusterSecretStore) to read from.
   */
  store: string;
  /**
   * The store's kind.
   */
  storeKind?: "SecretStore" | "ClusterSecretStore";
  /**
   * How often the operator re-reads the remote values.
   */
  refreshInterval?: string;
  /**
   * Secret key → where its value is in the store.
   */
  data: {
    [k: string]: AdditionalProperties | undefined;
  };
}
/**
 * Where one key's value is in the store: remoteKey, and property for a field of a structured remote secret.
 */
export interface AdditionalProperties {
  /**
   * The secret's name or path in the store.
   */
  remoteKey: string;
  /**
   * A field of the remote secret (JSON key).
   */
  property?: string;
}
/**
 * Renders a bitnami.com/v1alpha1 SealedSecret: values encrypted by `kubeseal` for the environment's namespace (or cluster-wide).
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "sealedSecretSource".
 */
export interface SealedSecretSource {
  encryptedData: EncryptedData;
}
/**
 * Secret key → its ciphertext from `kubeseal --raw` (or a sealed manifest's spec.encryptedData).
 */
export interface EncryptedData {
  /**
   * The base64 ciphertext kubeseal printed.
   */
  [k: string]: string | undefined;
}
/**
 * Policy rules skipped for this app in every environment, each with a reason: policy: { ignore: [{ rule: probes, reason: ... }] }.
 */
export interface AppPolicy {
  /**
   * Rules skipped for this app, each with a reason.
   */
  ignore?: PolicyException[];
}
/**
 * A policy rule skipped, with the reason (printed by gen and validate).
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "policyException".
 */
export interface PolicyException {
  /**
   * The rule id (docs/policy.md).
   */
  rule: string;
  /**
   * Why the rule does not apply here, for reviewers (printed in the gen and validate summaries).
   */
  reason: string;
}
/**
 * A PersistentVolumeClaim template of a StatefulSet: each pod gets its own claim <name>-<app>-<ordinal>, created by the StatefulSet controller (not synced by Argo CD or Flux). Mount it by name like any volume.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "claimTemplate".
 */
export interface ClaimTemplate {
  /**
   * Claim template name, referenced by mounts as a volume.
   */
  name: string;
  /**
   * Requested storage, e.g. 10Gi; environments override it.
   */
  size: string | number;
  /**
   * Storage class (default: the cluster's default class); environments override it.
   */
  storageClassName?: string;
  /**
   * Access modes of each claim.
   *
   * @minItems 1
   */
  accessModes?: [
    "ReadWriteOnce" | "ReadOnlyMany" | "ReadWriteMany" | "ReadWriteOncePod",
    ...("ReadWriteOnce" | "ReadOnlyMany" | "ReadWriteMany" | "ReadWriteOncePod")[]
  ];
}
/**
 * Scheduling and pod-level settings of the app's pods, whatever the workload kind.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "podSettings".
 */
export interface PodSettings {
  /**
   * Secrets (in the namespace) the kubelet pulls private images with, by name.
   */
  imagePullSecrets?: DnsSubdomain[];
  /**
   * Node labels the pods must land on.
   */
  nodeSelector?: {
    [k: string]: string | undefined;
  };
  /**
   * Taints the pods tolerate.
   */
  tolerations?: Toleration[];
  /**
   * Kubernetes affinity, as in a pod spec (checked by the strict schemas at gen).
   */
  affinity?: {
    /**
     * Kubernetes NodeAffinity.
     */
    nodeAffinity?: {};
    /**
     * Kubernetes PodAffinity.
     */
    podAffinity?: {};
    /**
     * Kubernetes PodAntiAffinity.
     */
    podAntiAffinity?: {};
  };
  /**
   * Kubernetes topologySpreadConstraints, as in a pod spec (checked by the strict schemas at gen).
   */
  topologySpreadConstraints?: {}[];
  /**
   * A DNS-1123 subdomain: lowercase letters, digits, '-' and '.'.
   */
  priorityClassName?: string;
  /**
   * Seconds between SIGTERM and SIGKILL (default 30).
   */
  terminationGracePeriodSeconds?: number;
}
/**
 * A toleration.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "toleration".
 */
export interface Toleration {
  /**
   * The taint key (empty with operator Exists: every taint).
   */
  key?: string;
  /**
   * Exists or Equal (default Equal).
   */
  operator?: "Exists" | "Equal";
  /**
   * The taint value (with Equal).
   */
  value?: string;
  /**
   * The taint effect matched (empty: all).
   */
  effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  /**
   * With NoExecute: how long the pod stays after the taint appears.
   */
  tolerationSeconds?: number;
}
/**
 * How a Deployment replaces its pods.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "rollout".
 */
export interface Rollout {
  /**
   * Pods above replicas during a rollout (default 25%).
   */
  maxSurge?: number | string;
  /**
   * Pods below replicas during a rollout (default 25%).
   */
  maxUnavailable?: number | string;
  /**
   * Seconds a new pod must be ready before it counts as available.
   */
  minReadySeconds?: number;
  /**
   * Old ReplicaSets kept for rollback (default 5).
   */
  revisionHistoryLimit?: number;
}
/**
 * One environment: overlays/<name>/.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "environment".
 */
export interface Environment {
  /**
   * A DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters.
   */
  namespace?: string;
  /**
   * Render the Namespace itself (with Pod Security Admission labels) in the overlay.
   */
  createNamespace?: boolean;
  /**
   * Pod Security Admission level enforced on the namespace.
   */
  podSecurity?: "restricted" | "baseline" | "privileged";
  /**
   * A protected (production) environment: an image tag that moves (latest, main, master, stable, edge, policy.mutableTags) is refused unless pinned by digest. Default: true for an environment named prod or production, false otherwise.
   */
  protected?: boolean;
  /**
   * Replica count for every Deployment app in this environment (apps.<app>.replicas wins).
   */
  replicas?: number;
  /**
   * Labels added to every resource and pod template of this environment (never to selectors). Keys of your own: app.kubernetes.io/* and environment are the generator's and refused.
   */
  labels?: {
    [k: string]: LabelValue | undefined;
  };
  /**
   * Annotations added to every resource of this environment. Keys of your own: app.kubernetes.io/* is the generator's and refused.
   */
  annotations?: {
    [k: string]: string | undefined;
  };
  /**
   * Overrides by app name.
   */
  apps?: {
    [k: string]: AppOverride | undefined;
  };
  policy?: Policy;
  /**
   * A DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters.
   */
  cluster?: string;
  /**
   * How the controllers sync this environment.
   */
  sync?: {
    /**
     * Sync every commit. false: Argo CD waits for a manual sync; Flux Kustomizations are suspended (`flux resume` to deploy).
     */
    automated?: boolean;
    /**
     * Delete resources removed from Git.
     */
    prune?: boolean;
    /**
     * Argo CD reverts changes made in the cluster (Flux always corrects drift on each interval).
     */
    selfHeal?: boolean;
  };
}
/**
 * Per-environment overrides for one app.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "appOverride".
 */
export interface AppOverride {
  /**
   * Replica count in this environment (Deployment and StatefulSet only).
   */
  replicas?: number;
  /**
   * Overrides by container name.
   */
  containers?: {
    [k: string]: ContainerOverride | undefined;
  };
  /**
   * Config data merged over the app's in this environment.
   */
  config?: {
    /**
     * Keys and values merged over the base data.
     */
    data?: {
      [k: string]: string | undefined;
    };
  };
  /**
   * Sidecar mode in this environment (default: the app's). The overlay moves the sidecars with a JSON patch; the base stays as it is.
   */
  sidecarMode?: "native" | "classic";
  /**
   * Per secret name, where its values come from in this environment, merged over the app's source (externalSecret: { store: vault-prod } changes only the store).
   */
  secrets?: {
    [k: string]: SecretSourceOverride | undefined;
  };
  policy?: AppPolicy1;
  /**
   * StatefulSet only: per claim template name, its size or storage class in this environment (a patch in the overlay).
   */
  volumeClaimTemplates?: {
    /**
     * One claim template's size or storage class in this environment.
     */
    [k: string]:
      | {
          /**
           * Requested storage in this environment.
           */
          size?: string | number;
          /**
           * A DNS-1123 subdomain: lowercase letters, digits, '-' and '.'.
           */
          storageClassName?: string;
        }
      | undefined;
  };
  /**
   * CronJob only: its schedule in this environment.
   */
  cronJob?: {
    /**
     * Cron schedule in this environment.
     */
    schedule?: string;
    /**
     * Stop scheduling runs in this environment (e.g. true in dev).
     */
    suspend?: boolean;
  };
  pod?: PodSettings1;
  rollout?: Rollout1;
  /**
   * The ServiceAccount in this environment.
   */
  serviceAccount?: {
    annotations?: Annotations;
  };
}
/**
 * Per-environment overrides for one container.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "containerOverride".
 */
export interface ContainerOverride {
  /**
   * A pinned image tag such as 1.27.4-alpine (never "latest", in any case).
   */
  tag?: string;
  /**
   * Optional image digest (sha256:...); when set, the image is pinned by digest as well as tag.
   */
  digest?: string;
  resources?: Resources8;
  env?: EnvVars1;
  /**
   * Run this sidecar in this environment (default: the sidecar's own enabled). false removes it through a patch in the overlay; the main container cannot be disabled.
   */
  enabled?: boolean;
  args?: Args2;
  envFrom?: EnvFrom1;
}
/**
 * Compute requests and limits.
 */
export interface Resources8 {
  requests?: ResourceList;
  limits?: ResourceList1;
}
/**
 * Environment variables by name: a string (quote numbers and booleans), or a value from the downward API: { fieldRef: metadata.name } (the pod's name) or { resourceFieldRef: { resource: limits.memory } }.
 */
export interface EnvVars1 {
  [k: string]:
    | string
    | {
        fieldRef: FieldPath;
      }
    | {
        resourceFieldRef: ResourceFieldRef;
      }
    | undefined;
}
/**
 * Where the Secret's values come from in this environment: merged over the app's source of the same provider (e.g. only store), or a whole source of the other provider.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "secretSourceOverride".
 */
export interface SecretSourceOverride {
  externalSecret?: ExternalSecretOverride;
  sealedSecret?: SealedSecretOverride;
}
/**
 * Fields of the app's externalSecret changed in this environment (merged over it: data key by key); complete (store and data) when the app's source is not an externalSecret.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "externalSecretOverride".
 */
export interface ExternalSecretOverride {
  /**
   * The SecretStore (or ClusterSecretStore) to read from.
   */
  store?: string;
  /**
   * The store's kind.
   */
  storeKind?: "SecretStore" | "ClusterSecretStore";
  /**
   * How often the operator re-reads the remote values.
   */
  refreshInterval?: string;
  /**
   * Keys whose place in the store differs in this environment (the others keep the app's).
   */
  data?: {
    [k: string]: AdditionalProperties | undefined;
  };
}
/**
 * Ciphertexts for this environment, merged over the app's sealedSecret key by key (kubeseal encrypts per namespace: usually every key).
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "sealedSecretOverride".
 */
export interface SealedSecretOverride {
  encryptedData: EncryptedData;
}
/**
 * Policy rules skipped for this app in this environment, each with a reason.
 */
export interface AppPolicy1 {
  /**
   * Rules skipped for this app, each with a reason.
   */
  ignore?: PolicyException[];
}
/**
 * Scheduling and pod-level settings of the app's pods, whatever the workload kind.
 */
export interface PodSettings1 {
  /**
   * Secrets (in the namespace) the kubelet pulls private images with, by name.
   */
  imagePullSecrets?: DnsSubdomain[];
  /**
   * Node labels the pods must land on.
   */
  nodeSelector?: {
    [k: string]: string | undefined;
  };
  /**
   * Taints the pods tolerate.
   */
  tolerations?: Toleration[];
  /**
   * Kubernetes affinity, as in a pod spec (checked by the strict schemas at gen).
   */
  affinity?: {
    /**
     * Kubernetes NodeAffinity.
     */
    nodeAffinity?: {};
    /**
     * Kubernetes PodAffinity.
     */
    podAffinity?: {};
    /**
     * Kubernetes PodAntiAffinity.
     */
    podAntiAffinity?: {};
  };
  /**
   * Kubernetes topologySpreadConstraints, as in a pod spec (checked by the strict schemas at gen).
   */
  topologySpreadConstraints?: {}[];
  /**
   * A DNS-1123 subdomain: lowercase letters, digits, '-' and '.'.
   */
  priorityClassName?: string;
  /**
   * Seconds between SIGTERM and SIGKILL (default 30).
   */
  terminationGracePeriodSeconds?: number;
}
/**
 * How a Deployment replaces its pods.
 */
export interface Rollout1 {
  /**
   * Pods above replicas during a rollout (default 25%).
   */
  maxSurge?: number | string;
  /**
   * Pods below replicas during a rollout (default 25%).
   */
  maxUnavailable?: number | string;
  /**
   * Seconds a new pod must be ready before it counts as available.
   */
  minReadySeconds?: number;
  /**
   * Old ReplicaSets kept for rollback (default 5).
   */
  revisionHistoryLimit?: number;
}
/**
 * Annotations merged over the app's (e.g. another cloud service account per environment).
 */
export interface Annotations {
  [k: string]: string | undefined;
}
/**
 * Policy checks gen (located in this file) and `npm run validate` (on the built manifests) run on this environment's workloads, beyond schema validation.
 */
export interface Policy {
  /**
   * Pod Security Standards profile every container (sidecars and init containers included) must meet. Default: the environment's podSecurity.
   */
  podSecurity?: "restricted" | "baseline" | "privileged";
  /**
   * Every container sets CPU and memory requests and limits.
   */
  requireResources?: boolean;
  /**
   * Every image is pinned to a tag other than latest, or to a digest.
   */
  requirePinnedImages?: boolean;
  /**
   * The main container of a serving workload has readiness and liveness probes.
   */
  requireProbes?: boolean;
  /**
   * Policy rule ids skipped in this environment (docs/policy.md): a rule id, or { rule, reason } to print why. Per app: apps[].policy.ignore or environments.<env>.apps.<app>.policy.ignore.
   */
  ignore?: (string | PolicyException)[];
  /**
   * More image tags that move (globs, * for any characters, e.g. nightly-*), refused in a protected environment unless pinned by digest; latest, main, master, stable and edge always are.
   */
  mutableTags?: string[];
}
/**
 * How Argo CD and Flux sync the rendered tree: the Git repository, the engines, the clusters. Without this section no Argo CD or Flux object is rendered (only base/, overlays/, docs/environments.md and the CI workflows).
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "delivery".
 */
export interface Delivery {
  /**
   * The Git repository Argo CD and Flux read this tree from, e.g. https://github.com/example/sidecar-demo.git.
   */
  repoURL: string;
  /**
   * The branch (or tag) the controllers follow.
   */
  revision?: string;
  /**
   * Where the rendered tree sits in the Git repository, as a path from the repository root (e.g. deploy/gitops), when it is not the root. Every path a controller reads (Flux `path`, Argo CD `source.path` and `manifest-generate-paths`) starts with it. Default: found from --out: the output folder's path from the nearest enclosing Git repository root (none outside a Git repository).
   */
  path?: string;
  /**
   * The default engines of a cluster that names none (delivery.clusters.<name>.engine): argocd (argocd/: an AppProject and an ApplicationSet per environment) and flux (clusters/<cluster>/<project>/: Flux Kustomizations). With both and no cluster naming an engine, both are rendered as alternatives: apply one of them per cluster.
   *
   * @minItems 1
   */
  engines?: ["argocd" | "flux", ...("argocd" | "flux")[]];
  /**
   * Clusters by name; each environment runs on one (environments.<env>.cluster). Flux: clusters/<name>/ is what `flux bootstrap --path` points at.
   */
  clusters?: {
    [k: string]: Cluster | undefined;
  };
  /**
   * Argo CD settings.
   */
  argocd?: {
    /**
     * A DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters.
     */
    namespace?: string;
    /**
     * How often a failed sync is retried (with exponential backoff from 10s to 5m).
     */
    retryLimit?: number;
    /**
     * Sync history kept per Application.
     */
    revisionHistoryLimit?: number;
  };
  /**
   * Flux settings.
   */
  flux?: {
    /**
     * bootstrap: refer to the flux-system GitRepository that `flux bootstrap` creates. generate: render a GitRepository for repoURL and a root Kustomization, applied once with `kubectl apply -k`.
     */
    gitRepository?: "bootstrap" | "generate";
    /**
     * How often each Kustomization reconciles.
     */
    interval?: string;
    /**
     * Retry interval after a failed reconciliation.
     */
    retryInterval?: string;
    /**
     * Timeout for apply and health checks (wait).
     */
    timeout?: string;
  };
}
/**
 * A cluster. Argo CD reaches it by API server URL (server) or by the name it is registered under (name); with neither, the cluster Argo CD runs in.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "cluster".
 */
export interface Cluster {
  /**
   * API server URL, e.g. https://prod.k8s.example.com.
   */
  server?: string;
  /**
   * Name of a cluster registered in Argo CD (`argocd cluster add`).
   */
  name?: string;
  /**
   * The engine that syncs this cluster's environments: Argo CD objects (argocd/) are rendered only for environments on Argo CD clusters, Flux objects (clusters/<name>/) only for Flux clusters. Default: delivery.engines. Once one cluster names its engine, every cluster does, so no cluster is synced by both.
   */
  engine?: "argocd" | "flux";
}
/**
 * Consent, in a reviewable commit, to the deletions a gen makes: the environments and apps named here may lose their sync targets (overlays/<env>/<app>/), whose objects Argo CD and Flux then delete from the cluster. Without it gen refuses such a run unless --allow-delete (DEL001). Remove the entry once the change is merged; naming something the config still has is an error (DEL002).
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "removed".
 */
export interface Removed {
  /**
   * Environments removed from the config: every app's workloads in them are deleted (their Namespace stays, protected).
   */
  environments?: DnsLabel[];
  /**
   * Apps removed from the config: consent in every environment the tree had them in, or in the ones an entry lists.
   */
  apps?: RemovedApp[];
}
/**
 * An app whose sync targets may be deleted.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "removedApp".
 */
export interface RemovedApp {
  /**
   * A DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters.
   */
  name: string;
  /**
   * Consent only in these environments (default: every environment the tree had the app in); the app's targets in any other environment are still refused.
   *
   * @minItems 1
   */
  environments?: [DnsLabel, ...DnsLabel[]];
}
/**
 * The GitHub Actions workflows gen writes into .github/workflows/: gitops.yml checks this repository on every pull request and push (the tree is up to date, validate, the real kubeconform per environment, the rendered diff), promote.yml promotes image tags when run by hand. They never run the generator's own tests.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "ci".
 */
export interface Ci {
  /**
   * false: no workflow is generated (for teams on another CI), and gen deletes the ones it wrote before.
   */
  enabled?: boolean;
  /**
   * Which jobs to generate: validate (`gen --check`, then `validate` with a JUnit check and the job summary), kubeconform (the real kubeconform on each environment's built manifests, one job per environment), diff (on pull requests, the rendered diff per environment as a comment), promote (promote.yml, run by hand: `promote`, then a pull request).
   *
   * @minItems 1
   */
  jobs?: ["validate" | "kubeconform" | "diff" | "promote", ...("validate" | "kubeconform" | "diff" | "promote")[]];
  /**
   * The Node.js version the jobs run (actions/setup-node's node-version): a major version, 20 or later, e.g. "24", or an exact release such as "22.11.0".
   */
  nodeVersion?: string;
  /**
   * The runner every job runs on (runs-on): one label, e.g. ubuntu-24.04, or a list a self-hosted runner must all carry, e.g. [self-hosted, linux, x64]. The jobs run bash scripts: Linux or macOS runners.
   *
   * @minItems 1
   */
  runsOn?: string | [RunnerLabel, ...RunnerLabel[]];
}
/**
 * Amounts per resource name.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "resourceList".
 */
export interface ResourceList2 {
  /**
   * CPU, e.g. 50m.
   */
  cpu?: string | number;
  /**
   * Memory, e.g. 64Mi.
   */
  memory?: string | number;
  /**
   * Local ephemeral storage, e.g. 100Mi.
   */
  "ephemeral-storage"?: string | number;
}
/**
 * A probe: exactly one of httpGet, tcpSocket or exec, plus timings.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "probe".
 */
export interface Probe3 {
  /**
   * HTTP GET on the container's port.
   */
  httpGet?: {
    /**
     * Request path.
     */
    path: string;
    /**
     * Port; defaults to the container's port.
     */
    port?: number;
  };
  /**
   * TCP connect.
   */
  tcpSocket?: {
    /**
     * Port; defaults to the container's port.
     */
    port?: number;
  };
  exec?: Exec;
  /**
   * Seconds before the first probe.
   */
  initialDelaySeconds?: number;
  /**
   * Seconds between probes.
   */
  periodSeconds?: number;
  /**
   * Seconds before a probe times out.
   */
  timeoutSeconds?: number;
  /**
   * Consecutive failures before the probe fails.
   */
  failureThreshold?: number;
}
/**
 * Readiness, liveness and optional startup probes.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "probes".
 */
export interface Probes2 {
  readiness?: Probe;
  liveness?: Probe1;
  startup?: Probe2;
}
/**
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "containerCommon".
 */
export interface ContainerCommon {
  /**
   * A DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters.
   */
  name?: string;
  image?: ImageName;
  tag?: ImageTag;
  digest?: ImageDigest;
  /**
   * When the kubelet pulls the image.
   */
  imagePullPolicy?: "IfNotPresent" | "Always" | "Never";
  command?: Command;
  args?: Args;
  env?: EnvVars;
  resources?: Resources;
  mounts?: Mounts;
  securityContext?: ContainerSecurity;
  envFrom?: EnvFrom;
  lifecycle?: Lifecycle;
}
/**
 * Policy checks gen (located in this file) and `npm run validate` (on the built manifests) run on this environment's workloads, beyond schema validation.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "policy".
 */
export interface Policy1 {
  /**
   * Pod Security Standards profile every container (sidecars and init containers included) must meet. Default: the environment's podSecurity.
   */
  podSecurity?: "restricted" | "baseline" | "privileged";
  /**
   * Every container sets CPU and memory requests and limits.
   */
  requireResources?: boolean;
  /**
   * Every image is pinned to a tag other than latest, or to a digest.
   */
  requirePinnedImages?: boolean;
  /**
   * The main container of a serving workload has readiness and liveness probes.
   */
  requireProbes?: boolean;
  /**
   * Policy rule ids skipped in this environment (docs/policy.md): a rule id, or { rule, reason } to print why. Per app: apps[].policy.ignore or environments.<env>.apps.<app>.policy.ignore.
   */
  ignore?: (string | PolicyException)[];
  /**
   * More image tags that move (globs, * for any characters, e.g. nightly-*), refused in a protected environment unless pinned by digest; latest, main, master, stable and edge always are.
   */
  mutableTags?: string[];
}
/**
 * Where the Secret's values come from: one of externalSecret (External Secrets Operator) or sealedSecret (Sealed Secrets). There is no field for a plain value: the tree never holds one.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "secretSource".
 */
export interface SecretSource {
  externalSecret?: ExternalSecretSource;
  sealedSecret?: SealedSecretSource;
}
/**
 * Policy exceptions for this app.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "appPolicy".
 */
export interface AppPolicy2 {
  /**
   * Rules skipped for this app, each with a reason.
   */
  ignore?: PolicyException[];
}
/**
 * What runs: exec (a command in the container), httpGet, or sleep.
 *
 * This interface was referenced by `SidecarGitopsConfiguration`'s JSON-Schema
 * via the `definition` "lifecycleHandler".
 */
export interface LifecycleHandler2 {
  exec?: Exec;
  /**
   * HTTP GET on a port of the container.
   */
  httpGet?: {
    /**
     * Request path.
     */
    path: string;
    /**
     * A port of the container.
     */
    port: number;
  };
  /**
   * Pause (Kubernetes 1.30+), e.g. to let endpoints drain before the process stops.
   */
  sleep?: {
    /**
     * Seconds to pause.
     */
    seconds: number;
  };
}
