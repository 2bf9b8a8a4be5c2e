/**
 * `crmload k8s`: a ConfigMap holding the scenario file(s) and a Kubernetes Indexed Job whose pods each
 * run one shard of the plan, all starting at one wall-clock instant, each printing its report as the
 * last line of its log. Pure: the files, the image and the start instant are given; YAML comes out.
 */
import { stringify } from 'yaml';

export interface K8sSpec {
  /** Job name (DNS-1123 label); the ConfigMap is `<name>-scenario`. */
  name: string;
  namespace?: string;
  image: string;
  shards: number;
  /** RFC 3339 instant every shard starts at (`--start-at`). */
  startAt: string;
  /** The scenario files by ConfigMap key (the first is the one run), with their contents. */
  files: ReadonlyArray<{ key: string; content: string }>;
  /** `crmload run` options, validated, passed to every pod as they are. */
  runArgs: readonly string[];
  resources: { cpu: string; memory: string };
}

/** Where the ConfigMap is mounted: inside the app folder, so scenarios resolve `import … from 'crmload'`. */
export const SCENARIO_MOUNT = '/app/k8s-scenario';

/**
 * A shard's own SLA verdict is not the run's (merge judges the merged data): exit 3 counts as done so
 * the Job completes and its reports can be collected; any other failure fails the Job.
 */
const SHARD_WRAPPER = 'node /app/bin/crmload.js run "$@"; code=$?; if [ "$code" -eq 3 ]; then exit 0; fi; exit "$code"';

/** The manifests as one YAML stream (ConfigMap, then Job). */
export function renderK8s(spec: K8sSpec): string {
  const labels = { 'app.kubernetes.io/name': 'crmload', 'app.kubernetes.io/instance': spec.name };
  const meta = (name: string) => ({ name, ...(spec.namespace ? { namespace: spec.namespace } : {}), labels });
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(`${spec.name}-scenario`),
    data: Object.fromEntries(spec.files.map((f) => [f.key, f.content])),
  };
  const args = [
    `${SCENARIO_MOUNT}/${spec.files[0].key}`,
    ...spec.runArgs,
    '--shard', 'auto',
    '--shards', String(spec.shards),
    '--start-at', spec.startAt,
    '--json', '-',
    '--compact-json',
    '--quiet',
  ];
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta(spec.name),
    spec: {
      completionMode: 'Indexed',
      completions: spec.shards,
      parallelism: spec.shards,
      backoffLimit: 0,
      // Keep the finished pods (and their logs) an hour for `kubectl logs`.
      ttlSecondsAfterFinished: 3600,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 },
          containers: [
            {
              name: 'crmload',
              image: spec.image,
              command: ['/bin/sh', '-c', SHARD_WRAPPER, 'crmload'],
              args,
              env: [{ name: 'NO_COLOR', value: '1' }],
              resources: {
                requests: { cpu: spec.resources.cpu, memory: spec.resources.memory },
                limits: { memory: spec.resources.memory },
              },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: false },
              volumeMounts: [{ name: 'scenario', mountPath: SCENARIO_MOUNT, readOnly: true }],
            },
          ],
          volumes: [{ name: 'scenario', configMap: { name: `${spec.name}-scenario` } }],
        },
      },
    },
  };
  const header = `# crmload k8s: ${spec.shards} shards of one plan, starting together at ${spec.startAt}.\n# Apply within the start delay; collect each pod's last log line and run crmload merge (docs/distributed.md).\n`;
  const yaml = (doc: object) => stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
  return `${header}---\n${yaml(configMap)}---\n${yaml(job)}`;
}
