//! `kubectl get` columns for Services, Endpoints and EndpointSlices.
//!
//! Mirrors `pkg/printers/internalversion/printers.go` (`printService`, `makePortString`,
//! `formatEndpoints`, `printEndpointSlice`).

use super::columns::{field, text};
use serde_json::Value;

/// Mirrors `printService` and `makePortString`.
pub fn service_row(name: String, v: &Value, age: String) -> Vec<String> {
    let type_ = text(v, "spec.type");
    let type_ = if type_.is_empty() {
        "ClusterIP".to_string()
    } else {
        type_
    };
    let cluster_ip = text(v, "spec.clusterIP");
    let cluster_ip = if cluster_ip.is_empty() {
        "<none>".to_string()
    } else {
        cluster_ip
    };
    let ingress = field(v, "status.loadBalancer.ingress")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let external = match type_.as_str() {
        "LoadBalancer" if ingress.is_empty() => "<pending>".to_string(),
        "LoadBalancer" => ingress
            .iter()
            .filter_map(|i| i["ip"].as_str())
            .collect::<Vec<_>>()
            .join(","),
        "ExternalName" => text(v, "spec.externalName"),
        _ => "<none>".to_string(),
    };
    let ports: Vec<String> = field(v, "spec.ports")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .map(|p| {
                    let proto = p["protocol"].as_str().unwrap_or("TCP");
                    match p.get("nodePort").and_then(Value::as_i64) {
                        Some(np) if np != 0 => format!("{}:{np}/{proto}", p["port"]),
                        _ => format!("{}/{proto}", p["port"]),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let ports = if ports.is_empty() {
        "<none>".to_string()
    } else {
        ports.join(",")
    };
    vec![name, type_, cluster_ip, external, ports, age]
}

/// Mirrors `formatEndpoints` (at most three shown, then `+ N more...`).
pub fn endpoints(v: &Value) -> String {
    let mut list = Vec::new();
    for s in v
        .get("subsets")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let ports: Vec<i64> = s
            .get("ports")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|p| p["port"].as_i64())
            .collect();
        for a in s
            .get("addresses")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let ip = a["ip"].as_str().unwrap_or("");
            if ports.is_empty() {
                list.push(ip.to_string());
            }
            for p in &ports {
                list.push(format!("{ip}:{p}"));
            }
        }
    }
    if list.is_empty() {
        return "<none>".into();
    }
    let more = list.len().saturating_sub(3);
    let shown = list[..list.len().min(3)].join(",");
    if more > 0 {
        format!("{shown} + {more} more...")
    } else {
        shown
    }
}

/// Mirrors `printEndpointSlice` (`formatPorts`, `formatEndpointSlice`: at most three
/// addresses, then `+ N more...`).
pub fn endpoint_slice_row(name: String, v: &Value, age: String) -> Vec<String> {
    let ports: Vec<String> = v["ports"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            p["port"]
                .as_i64()
                .map_or("<unset>".to_string(), |n| n.to_string())
        })
        .collect();
    let ports = if ports.is_empty() {
        "<unset>".to_string()
    } else {
        ports.join(",")
    };
    let addrs: Vec<String> = v["endpoints"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|e| e["addresses"].as_array().cloned().unwrap_or_default())
        .filter_map(|a| a.as_str().map(String::from))
        .collect();
    let eps = if addrs.is_empty() {
        "<none>".to_string()
    } else if addrs.len() > 3 {
        format!("{} + {} more...", addrs[..3].join(","), addrs.len() - 3)
    } else {
        addrs.join(",")
    };
    vec![name, text(v, "addressType"), ports, eps, age]
}
