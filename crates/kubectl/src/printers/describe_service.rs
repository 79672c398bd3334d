//! `kubectl describe service`.
//!
//! Mirrors `describe.go` `describeService`. The `Endpoints:` line is read from the Endpoints
//! object (upstream reads EndpointSlices; the addresses are the same).

use super::columns::field;
use super::describe::Describe;
use super::describe_workload::{header, kind_named, map, text};
use podflow_engine::api::Object;
use podflow_engine::Cluster;
use serde_json::Value;

// Mirrors describe.go describeService.
pub fn service(d: &mut Describe, o: &Object, v: &Value, cluster: &Cluster) {
    header(d, o);
    d.labels("Labels", &o.meta().labels);
    d.annotations(&o.meta().annotations);
    let sel = map(field(v, "spec.selector"));
    let sel_text = if sel.is_empty() {
        "<none>".to_string()
    } else {
        crate::printers::table::format_labels(&sel)
    };
    d.w(0, &format!("Selector:\t{sel_text}\n"));
    d.w(0, &format!("Type:\t{}\n", text(v, "spec.type")));
    let policy = text(v, "spec.ipFamilyPolicy");
    if !policy.is_empty() {
        d.w(0, &format!("IP Family Policy:\t{policy}\n"));
    }
    let fams: Vec<String> = field(v, "spec.ipFamilies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str().map(String::from))
        .collect();
    d.w(
        0,
        &format!(
            "IP Families:\t{}\n",
            if fams.is_empty() {
                "<none>".into()
            } else {
                fams.join(",")
            }
        ),
    );
    d.w(0, &format!("IP:\t{}\n", text(v, "spec.clusterIP")));
    let ips: Vec<String> = field(v, "spec.clusterIPs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str().map(String::from))
        .collect();
    d.w(
        0,
        &format!(
            "IPs:\t{}\n",
            if ips.is_empty() {
                "<none>".into()
            } else {
                ips.join(",")
            }
        ),
    );
    ports(d, o, v, cluster);
    d.w(
        0,
        &format!("Session Affinity:\t{}\n", text(v, "spec.sessionAffinity")),
    );
    let etp = text(v, "spec.externalTrafficPolicy");
    if !etp.is_empty() {
        d.w(0, &format!("External Traffic Policy:\t{etp}\n"));
    }
    let itp = text(v, "spec.internalTrafficPolicy");
    if !itp.is_empty() {
        d.w(0, &format!("Internal Traffic Policy:\t{itp}\n"));
    }
}

/// The `Port`/`TargetPort`/`NodePort`/`Endpoints` lines of each service port.
fn ports(d: &mut Describe, o: &Object, v: &Value, cluster: &Cluster) {
    let eps = kind_named("endpoints")
        .and_then(|k| {
            cluster
                .store()
                .get_by(k, &o.meta().namespace, &o.meta().name)
        })
        .map(|e| serde_json::to_value(&**e).unwrap_or(Value::Null));
    for p in field(v, "spec.ports")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = p["name"]
            .as_str()
            .filter(|n| !n.is_empty())
            .unwrap_or("<unset>");
        let proto = p["protocol"].as_str().unwrap_or("TCP");
        d.w(0, &format!("Port:\t{name}\t{}/{proto}\n", p["port"]));
        let target = match &p["targetPort"] {
            Value::String(s) => s.clone(),
            Value::Null => p["port"].to_string(),
            other => other.to_string(),
        };
        d.w(0, &format!("TargetPort:\t{target}/{proto}\n"));
        if let Some(np) = p["nodePort"].as_i64().filter(|n| *n != 0) {
            d.w(0, &format!("NodePort:\t{name}\t{np}/{proto}\n"));
        }
        d.w(
            0,
            &format!("Endpoints:\t{}\n", endpoints_for(eps.as_ref(), p)),
        );
    }
}

/// Ready addresses of the port, `ip:port` joined by commas (at most three, then `+ N more...`).
fn endpoints_for(eps: Option<&Value>, port: &Value) -> String {
    let mut list = Vec::new();
    for s in eps
        .and_then(|e| e.get("subsets"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let ports: Vec<i64> = s["ports"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["name"] == port["name"] || port["name"].is_null())
            .filter_map(|p| p["port"].as_i64())
            .collect();
        for a in s["addresses"].as_array().into_iter().flatten() {
            for p in &ports {
                list.push(format!("{}:{p}", a["ip"].as_str().unwrap_or("")));
            }
        }
    }
    if list.is_empty() {
        return String::new();
    }
    let more = list.len().saturating_sub(3);
    let shown = list[..list.len().min(3)].join(",");
    if more > 0 {
        format!("{shown} + {more} more...")
    } else {
        shown
    }
}
