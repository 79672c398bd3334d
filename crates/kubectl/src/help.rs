//! Help texts: `kubectl`, `kubectl help VERB`, `kubectl VERB --help`.
//!
//! The root text mirrors `kubectl/pkg/cmd/cmd.go`'s command groups, listing the commands
//! Podflow simulates; per-verb texts give the usage line and examples from each upstream
//! command's `Example` field, shortened.

use crate::Output;

pub fn root() -> String {
    "kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\nBasic Commands (Beginner):\n  create          Create a resource from a file or from stdin\n  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service\n  run             Run a particular image on the cluster\n  set             Set specific features on objects\n\nBasic Commands (Intermediate):\n  explain         Get documentation for a resource\n  get             Display one or many resources\n  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector\n\nDeploy Commands:\n  rollout         Manage the rollout of a resource\n  scale           Set a new size for a deployment, replica set, or replication controller\n\nCluster Management Commands:\n  cluster-info    Display cluster information\n  top             Display resource (CPU/memory) usage\n  cordon          Mark node as unschedulable\n  uncordon        Mark node as schedulable\n  drain           Drain node in preparation for maintenance\n  taint           Update the taints on one or more nodes\n\nTroubleshooting and Debugging Commands:\n  describe        Show details of a specific resource or group of resources\n  logs            Print the logs for a container in a pod\n  exec            Execute a command in a container\n  events          List events\n\nAdvanced Commands:\n  apply           Apply a configuration to a resource by file name or stdin\n  patch           Update fields of a resource\n  wait            Experimental: Wait for a specific condition on one or many resources\n\nSettings Commands:\n  label           Update the labels on a resource\n  annotate        Update the annotations on a resource\n\nOther Commands:\n  api-resources   Print the supported API resources on the server\n  version         Print the client and server version information\n\nUsage:\n  kubectl [flags] [options]\n\nUse \"kubectl <command> --help\" for more information about a given command.\n".to_string()
}

const USAGES: &[(&str, &str, &str)] = &[
    ("events", "Display events.", "kubectl events [(-o|--output=)json|yaml] [--for TYPE/NAME] [--watch] [--types=Normal,Warning] [options]"),
    ("exec", "Execute a command in a container.", "kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]"),
    ("expose", "Expose a resource as a new Kubernetes service.", "kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]"),
    ("logs", "Print the logs for a container in a pod or specified resource.", "kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]"),
    ("rollout", "Manage the rollout of one or many resources.", "kubectl rollout SUBCOMMAND [options]\n\nAvailable Commands:\n  history       View rollout history\n  restart       Restart a resource\n  status        Show the status of the rollout\n  undo          Undo a previous rollout"),
    ("patch", "Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.", "kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]"),
    ("run", "Create and run a particular image in a pod.", "kubectl run NAME --image=image [--env=\"key=value\"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]"),
    ("set", "Configure application resources.", "kubectl set SUBCOMMAND [options]\n\nAvailable Commands:\n  image         Update the image of a pod template"),
    ("top", "Display resource (CPU/memory) usage.", "kubectl top [flags] [options]\n\nAvailable Commands:\n  node          Display resource (CPU/memory) usage of nodes\n  pod           Display resource (CPU/memory) usage of pods"),
    ("apply", "Apply a configuration to a resource by file name or stdin.", "kubectl apply (-f FILENAME | -k DIRECTORY) [options]"),
    ("annotate", "Update the annotations on one or more resources.", "kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]"),
    ("api-resources", "Print the supported API resources on the server.", "kubectl api-resources [flags] [options]"),
    ("cluster-info", "Display addresses of the control plane and services with label kubernetes.io/cluster-service=true.", "kubectl cluster-info [flags] [options]"),
    ("cordon", "Mark node as unschedulable.", "kubectl cordon NODE [options]"),
    ("create", "Create a resource from a file or from stdin.", "kubectl create -f FILENAME [options]"),
    ("delete", "Delete resources by file names, stdin, resources and names, or by resources and label selector.", "kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]"),
    ("describe", "Show details of a specific resource or group of resources.", "kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]"),
    ("drain", "Drain node in preparation for maintenance.", "kubectl drain NODE [options]"),
    ("explain", "Describe fields and structure of various resources.", "kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]"),
    ("get", "Display one or many resources.", "kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]"),
    ("label", "Update the labels on a resource.", "kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]"),
    ("scale", "Set a new size for a deployment, replica set, replication controller, or stateful set.", "kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]"),
    ("taint", "Update the taints on one or more nodes.", "kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]"),
    ("uncordon", "Mark node as schedulable.", "kubectl uncordon NODE [options]"),
    ("wait", "Experimental: Wait for a specific condition on one or many resources.", "kubectl wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]"),
    ("version", "Print the client and server version information for the current context.", "kubectl version [flags] [options]"),
];

pub fn for_verb(verb: &str) -> Output {
    match USAGES.iter().find(|u| u.0 == verb) {
        Some((_, short, usage)) => Output::ok(format!(
            "{short}\n\nUsage:\n  {usage}\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n"
        )),
        None => Output::error(format!("podflow has no help for \"kubectl {verb}\"")),
    }
}
