//! API errors shaped like `metav1.Status`, with the field paths the client maps to YAML lines.
//!
//! Mirrors `staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go` (NewNotFound,
//! NewAlreadyExists, NewConflict, NewInvalid, NewBadRequest) and how kubectl prints them
//! (`Error from server (NotFound): pods "x" not found`).

use crate::api::Kind;
use serde::Serialize;

/// `metav1.StatusReason` values the engine produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Reason {
    BadRequest,
    NotFound,
    AlreadyExists,
    Conflict,
    Invalid,
    Forbidden,
}

impl Reason {
    pub fn code(self) -> u16 {
        match self {
            Reason::BadRequest => 400,
            Reason::Forbidden => 403,
            Reason::NotFound => 404,
            Reason::AlreadyExists | Reason::Conflict => 409,
            Reason::Invalid => 422,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::BadRequest => "BadRequest",
            Reason::NotFound => "NotFound",
            Reason::AlreadyExists => "AlreadyExists",
            Reason::Conflict => "Conflict",
            Reason::Invalid => "Invalid",
            Reason::Forbidden => "Forbidden",
        }
    }
}

/// One field error of an Invalid status: `spec.containers[0].image: Required value`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cause {
    /// The field path, e.g. `spec.containers[0].image`; empty when the error is not about a field.
    pub field: String,
    /// The text after the path, e.g. `Required value`.
    pub message: String,
}

impl Cause {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Cause {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiError {
    pub reason: Reason,
    /// The whole message as the server returns it.
    pub message: String,
    /// Field errors (Invalid) or unknown fields (strict decoding), for pointing at lines.
    pub causes: Vec<Cause>,
}

impl ApiError {
    pub fn not_found(kind: Kind, name: &str) -> Self {
        let resource = crate::api::registry::info(kind).resource;
        ApiError {
            reason: Reason::NotFound,
            message: format!("{resource} \"{name}\" not found"),
            causes: vec![],
        }
    }

    pub fn already_exists(kind: Kind, name: &str) -> Self {
        let resource = crate::api::registry::info(kind).resource;
        ApiError {
            reason: Reason::AlreadyExists,
            message: format!("{resource} \"{name}\" already exists"),
            causes: vec![],
        }
    }

    pub fn conflict(kind: Kind, name: &str) -> Self {
        let info = crate::api::registry::info(kind);
        let gr = if info.group.is_empty() {
            info.resource.to_string()
        } else {
            format!("{}.{}", info.resource, info.group)
        };
        ApiError {
            reason: Reason::Conflict,
            message: format!(
                "Operation cannot be fulfilled on {gr} \"{name}\": the object has been modified; please apply your changes to the latest version and try again"
            ),
            causes: vec![],
        }
    }

    /// `The Pod "x" is invalid: <cause>` or, for several, `... is invalid: [<c1>, <c2>]`.
    pub fn invalid(kind: Kind, name: &str, causes: Vec<Cause>) -> Self {
        let texts: Vec<String> = causes.iter().map(Cause::to_string).collect();
        let body = if texts.len() == 1 {
            texts[0].clone()
        } else {
            format!("[{}]", texts.join(", "))
        };
        ApiError {
            reason: Reason::Invalid,
            message: format!("{kind} \"{name}\" is invalid: {body}"),
            causes,
        }
    }

    pub fn bad_request(message: impl Into<String>, causes: Vec<Cause>) -> Self {
        ApiError {
            reason: Reason::BadRequest,
            message: message.into(),
            causes,
        }
    }

    /// What kubectl prints for this error. An Invalid status has its own first line
    /// (`The Pod "x" is invalid: ...`), the others `Error from server (Reason): message`.
    pub fn kubectl_text(&self) -> String {
        match self.reason {
            Reason::Invalid => format!("The {}", self.message),
            r => format!("Error from server ({}): {}", r.as_str(), self.message),
        }
    }
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.kubectl_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubectl_prints_statuses_as_upstream() {
        assert_eq!(
            ApiError::not_found(Kind::Pod, "x").kubectl_text(),
            "Error from server (NotFound): pods \"x\" not found"
        );
        let e = ApiError::invalid(
            Kind::Pod,
            "nginx",
            vec![Cause::new("spec.containers[0].image", "Required value")],
        );
        assert_eq!(
            e.kubectl_text(),
            "The Pod \"nginx\" is invalid: spec.containers[0].image: Required value"
        );
    }
}
