//! Pod and node builders for the scheduler's tests.
//!
//! Mirrors `pkg/scheduler/testing/wrappers.go` (`MakePod().Name(..).Req(..).Obj()`,
//! `MakeNode().Name(..).Capacity(..).Obj()`), reduced to the fields the plugins read.

use super::framework::{CycleState, NodeInfo};
use crate::api::node::{ContainerImage, Node, Taint};
use crate::api::pod::{
    Affinity, Container, ContainerPort, NodeAffinity, NodeSelector, NodeSelectorRequirement,
    NodeSelectorTerm, PreferredSchedulingTerm, Toleration,
};
use crate::api::quantity::{Quantity, ResourceList};
use crate::api::{ObjectKey, Pod};

fn list(pairs: &[(&str, &str)]) -> ResourceList {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Quantity::from(*v)))
        .collect()
}

/// `MakePod()`: a pod in `default` with one container `c0` and no requests.
#[derive(Clone, Debug)]
pub struct PodBuilder(pub Pod);

pub fn make_pod(name: &str) -> PodBuilder {
    let mut p = Pod::default();
    p.metadata.name = name.into();
    p.metadata.namespace = "default".into();
    p.metadata.uid = format!("uid-{name}");
    p.spec.scheduler_name = "default-scheduler".into();
    p.spec.containers.push(Container {
        name: "c0".into(),
        image: "nginx:1.27".into(),
        ..Container::default()
    });
    PodBuilder(p)
}

impl PodBuilder {
    /// Requests on the first container, e.g. `&[("cpu", "500m")]`.
    pub fn req(mut self, pairs: &[(&str, &str)]) -> Self {
        if let Some(c) = self.0.spec.containers.first_mut() {
            c.resources.requests = list(pairs);
        }
        self
    }

    /// Another regular container with these requests.
    pub fn container(mut self, pairs: &[(&str, &str)]) -> Self {
        let n = self.0.spec.containers.len();
        self.0.spec.containers.push(Container {
            name: format!("c{n}"),
            image: "busybox:1.36".into(),
            resources: crate::api::pod::ResourceRequirements {
                requests: list(pairs),
                ..Default::default()
            },
            ..Container::default()
        });
        self
    }

    pub fn init_req(mut self, pairs: &[(&str, &str)]) -> Self {
        let n = self.0.spec.init_containers.len();
        self.0.spec.init_containers.push(Container {
            name: format!("init{n}"),
            image: "busybox:1.36".into(),
            resources: crate::api::pod::ResourceRequirements {
                requests: list(pairs),
                ..Default::default()
            },
            ..Container::default()
        });
        self
    }

    pub fn image(mut self, image: &str) -> Self {
        if let Some(c) = self.0.spec.containers.first_mut() {
            c.image = image.into();
        }
        self
    }

    pub fn node(mut self, node: &str) -> Self {
        self.0.spec.node_name = node.into();
        self
    }

    pub fn node_selector(mut self, pairs: &[(&str, &str)]) -> Self {
        for (k, v) in pairs {
            self.0
                .spec
                .node_selector
                .insert(k.to_string(), v.to_string());
        }
        self
    }

    pub fn toleration(mut self, key: &str, op: &str, value: &str, effect: &str) -> Self {
        self.0.spec.tolerations.push(Toleration {
            key: key.into(),
            operator: op.into(),
            value: value.into(),
            effect: effect.into(),
            toleration_seconds: None,
        });
        self
    }

    pub fn host_port(mut self, port: i32, protocol: &str, ip: &str) -> Self {
        if let Some(c) = self.0.spec.containers.first_mut() {
            c.ports.push(ContainerPort {
                host_port: Some(port),
                container_port: port,
                protocol: protocol.into(),
                host_ip: ip.into(),
                ..ContainerPort::default()
            });
        }
        self
    }

    pub fn priority(mut self, p: i32) -> Self {
        self.0.spec.priority = Some(p);
        self
    }

    fn affinity(&mut self) -> &mut NodeAffinity {
        let a = self.0.spec.affinity.get_or_insert_with(Affinity::default);
        a.node_affinity.get_or_insert_with(NodeAffinity::default)
    }

    /// One required term made of `(key, op, values)` expressions and `(key, op, values)` fields.
    pub fn required_term(
        mut self,
        exprs: &[(&str, &str, &[&str])],
        fields: &[(&str, &str, &[&str])],
    ) -> Self {
        let term = term(exprs, fields);
        let req = self
            .affinity()
            .required_during_scheduling_ignored_during_execution
            .get_or_insert_with(NodeSelector::default);
        req.node_selector_terms.push(term);
        self
    }

    pub fn preferred_term(mut self, weight: i32, exprs: &[(&str, &str, &[&str])]) -> Self {
        let preference = term(exprs, &[]);
        self.affinity()
            .preferred_during_scheduling_ignored_during_execution
            .push(PreferredSchedulingTerm { weight, preference });
        self
    }

    pub fn obj(self) -> Pod {
        self.0
    }

    pub fn key(&self) -> ObjectKey {
        ObjectKey::new(crate::api::Kind::Pod, "default", &self.0.metadata.name)
    }
}

fn reqs(items: &[(&str, &str, &[&str])]) -> Vec<NodeSelectorRequirement> {
    items
        .iter()
        .map(|(k, op, vs)| NodeSelectorRequirement {
            key: k.to_string(),
            operator: op.to_string(),
            values: vs.iter().map(|v| v.to_string()).collect(),
        })
        .collect()
}

fn term(exprs: &[(&str, &str, &[&str])], fields: &[(&str, &str, &[&str])]) -> NodeSelectorTerm {
    NodeSelectorTerm {
        match_expressions: reqs(exprs),
        match_fields: reqs(fields),
    }
}

/// `MakeNode()`: a node with 4 CPUs, 8Gi, 110 pods and no taints.
#[derive(Clone, Debug)]
pub struct NodeBuilder(pub Node);

pub fn make_node(name: &str) -> NodeBuilder {
    let mut n = Node::default();
    n.metadata.name = name.into();
    n.metadata
        .labels
        .insert("kubernetes.io/hostname".into(), name.into());
    n.status.allocatable = list(&[("cpu", "4"), ("memory", "8Gi"), ("pods", "110")]);
    n.status.capacity = n.status.allocatable.clone();
    NodeBuilder(n)
}

impl NodeBuilder {
    pub fn capacity(mut self, pairs: &[(&str, &str)]) -> Self {
        self.0.status.allocatable = list(pairs);
        self.0.status.capacity = list(pairs);
        self
    }

    pub fn label(mut self, k: &str, v: &str) -> Self {
        self.0.metadata.labels.insert(k.into(), v.into());
        self
    }

    pub fn taint(mut self, key: &str, value: &str, effect: &str) -> Self {
        self.0.spec.taints.push(Taint {
            key: key.into(),
            value: value.into(),
            effect: effect.into(),
            time_added: None,
        });
        self
    }

    pub fn unschedulable(mut self) -> Self {
        self.0.spec.unschedulable = true;
        self
    }

    pub fn image(mut self, name: &str, size: i64) -> Self {
        self.0.status.images.push(ContainerImage {
            names: vec![name.into()],
            size_bytes: size,
        });
        self
    }

    pub fn obj(self) -> Node {
        self.0
    }

    /// The node as an informer delivers it.
    pub fn shared(self) -> std::sync::Arc<crate::api::Object> {
        std::sync::Arc::new(crate::api::Object::Node(self.0))
    }

    /// The node wrapped as the scheduler's cache sees it, with these pods on it.
    pub fn info(self, pods: &[Pod]) -> NodeInfo {
        let mut ni = NodeInfo::new(&self.0.metadata.name);
        ni.set_node(self.clone().shared());
        for p in pods {
            let key = ObjectKey::new(
                crate::api::Kind::Pod,
                &p.metadata.namespace,
                &p.metadata.name,
            );
            ni.add_pod(key, super::cache::summarize(p));
        }
        ni
    }
}

/// The cycle state the framework would compute for `pod` over a snapshot of `nodes`.
pub fn state_for(pod: &Pod, nodes: &[&NodeInfo]) -> CycleState {
    let count = |img: &str| nodes.iter().filter(|n| n.images.contains_key(img)).count();
    super::cycle::cycle_state(pod, nodes.len(), count)
}
