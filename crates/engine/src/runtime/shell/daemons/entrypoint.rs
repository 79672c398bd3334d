//! The official images' `docker-entrypoint.sh` (docker-library nginx, mysql, postgres, redis):
//! `docker_verify_minimum_env`, the configuration notes, then `exec "$@"`.

use super::{expand_line, version_of};
use crate::runtime::shell::builtins::{Io, Outcome};
use crate::runtime::shell::expand::Vars;
use crate::runtime::shell::Ctx;

/// The official images' `docker-entrypoint.sh`: checks the environment, prints its notes,
/// then `exec "$@"` (prepending the server binary when the first argument is an option).
pub fn entrypoint(args: &[String], vars: &mut Vars, ctx: &mut Ctx<'_, '_>, io: &mut Io) -> Outcome {
    let image = ctx.image;
    let version = version_of(image, ctx.tag);
    let mut argv: Vec<String> = args.to_vec();
    let server = image.cmd.first().copied().unwrap_or("");
    if argv.first().is_none_or(|a| a.starts_with('-')) && !server.is_empty() {
        argv.insert(0, server.to_string());
    }
    let runs_server = argv
        .first()
        .is_some_and(|a| a == server || a == "nginx-debug");
    if runs_server && !image.required_env.is_empty() {
        let satisfied = image
            .required_env
            .iter()
            .any(|k| vars.get(k).is_some_and(|v| !v.is_empty()));
        if !satisfied {
            ctx.out.extend(
                image
                    .missing_env_error
                    .iter()
                    .map(|l| expand_line(l, ctx.now, &version)),
            );
            return Outcome::Exit(1);
        }
    }
    let old_nginx = image.short_name() == "nginx" && version.starts_with("1.1") && version != "1.1";
    if runs_server && image.short_name() == "nginx" && !old_nginx {
        ctx.out.extend(
            image
                .startup_log
                .iter()
                .map(|l| expand_line(l, ctx.now, &version)),
        );
    }
    let outcome = crate::runtime::shell::builtins::dispatch(&argv, io, vars, ctx);
    match outcome {
        Outcome::Status(s) => Outcome::Exit(s),
        other => other,
    }
}
