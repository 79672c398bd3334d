//! File utilities: `cat`, `touch`, `rm`, `mkdir`, `rmdir`, `ls`, `cp`, `mv`, with busybox's
//! or GNU's error wording. Leaves out permissions, globbing and most options; `ls -l` shows
//! byte counts of the text and the simulation start as the time.

use super::{each_path, Io};
use crate::runtime::images::Userland;
use crate::runtime::shell::Ctx;

/// Runs `name` if it is a file utility.
pub fn run(name: &str, args: &[String], io: &mut Io, ctx: &mut Ctx<'_, '_>) -> Option<i32> {
    let gnu = ctx.image.userland == Userland::Gnu;
    Some(match name {
        "cat" => cat(args, io, ctx, gnu),
        "touch" => each_path(args, io, |p| touch(p, ctx, gnu)),
        "rm" => rm(args, io, ctx, gnu),
        "mkdir" => mkdir(args, io, ctx, gnu),
        "rmdir" => each_path(args, io, |p| {
            ctx.fs
                .remove(p, false)
                .map_err(|e| format!("rmdir: '{p}': {}", e.text()))
        }),
        "ls" => ls(args, io, ctx, gnu),
        "cp" | "mv" => copy(name, args, io, ctx),
        _ => return None,
    })
}

fn cat(args: &[String], io: &mut Io, ctx: &mut Ctx<'_, '_>, gnu: bool) -> i32 {
    let files: Vec<&String> = args
        .iter()
        .filter(|a| !a.starts_with('-') || *a == "-")
        .collect();
    if files.is_empty() {
        let text = io.stdin.clone().unwrap_or_default();
        io.stdout.push_str(&text);
        return 0;
    }
    let mut code = 0;
    for f in files {
        match ctx.fs.read(f) {
            Ok(text) => io.stdout.push_str(&text),
            Err(e) => {
                code = 1;
                let msg = if gnu {
                    format!("cat: {f}: {}\n", e.text())
                } else {
                    format!("cat: can't open '{f}': {}\n", e.text())
                };
                io.stderr.push_str(&msg);
            }
        }
    }
    code
}

fn touch(p: &str, ctx: &mut Ctx<'_, '_>, gnu: bool) -> Result<(), String> {
    if ctx.fs.exists(p) {
        return Ok(());
    }
    ctx.fs.write(p, "", true).map_err(|e| {
        if gnu {
            format!("touch: cannot touch '{p}': {}", e.text())
        } else {
            format!("touch: {p}: {}", e.text())
        }
    })
}

fn rm(args: &[String], io: &mut Io, ctx: &mut Ctx<'_, '_>, gnu: bool) -> i32 {
    let flags: String = args
        .iter()
        .filter(|a| a.starts_with('-'))
        .map(|a| a.as_str())
        .collect();
    let (force, recursive) = (
        flags.contains('f'),
        flags.contains('r') || flags.contains('R'),
    );
    each_path(args, io, |p| match ctx.fs.remove(p, recursive) {
        Ok(()) => Ok(()),
        Err(crate::runtime::shell::FsError::NotFound) if force => Ok(()),
        Err(e) if gnu => Err(format!("rm: cannot remove '{p}': {}", e.text())),
        Err(e) => Err(format!("rm: can't remove '{p}': {}", e.text())),
    })
}

fn mkdir(args: &[String], io: &mut Io, ctx: &mut Ctx<'_, '_>, gnu: bool) -> i32 {
    let parents = args.iter().any(|a| a.starts_with('-') && a.contains('p'));
    let verb = if gnu {
        "cannot create directory"
    } else {
        "can't create directory"
    };
    each_path(args, io, |p| {
        if ctx.fs.is_dir(p) {
            return if parents {
                Ok(())
            } else {
                Err(format!("mkdir: {verb} '{p}': File exists"))
            };
        }
        if parents {
            let full = crate::runtime::shell::fs::normalize(p);
            let mut cur = String::new();
            for part in full.split('/').filter(|s| !s.is_empty()) {
                cur.push('/');
                cur.push_str(part);
                if !ctx.fs.is_dir(&cur) {
                    ctx.fs
                        .mkdir(&cur)
                        .map_err(|e| format!("mkdir: {verb} '{p}': {}", e.text()))?;
                }
            }
            return Ok(());
        }
        ctx.fs
            .mkdir(p)
            .map_err(|e| format!("mkdir: {verb} '{p}': {}", e.text()))
    })
}

fn ls(args: &[String], io: &mut Io, ctx: &mut Ctx<'_, '_>, gnu: bool) -> i32 {
    let long = args.iter().any(|a| a.starts_with('-') && a.contains('l'));
    let mut paths: Vec<&str> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .map(String::as_str)
        .collect();
    if paths.is_empty() {
        paths.push("/");
    }
    let mut code = 0;
    for p in &paths {
        match ctx.fs.list(p) {
            Ok(names) => {
                if paths.len() > 1 {
                    io.stdout.push_str(&format!("{p}:\n"));
                }
                for n in names {
                    let full = if ctx.fs.is_dir(p) {
                        format!("{}/{n}", p.trim_end_matches('/'))
                    } else {
                        n.clone()
                    };
                    let shown = if ctx.fs.is_dir(p) { n.as_str() } else { p };
                    if long {
                        let dir = ctx.fs.is_dir(&full);
                        let size = ctx.fs.read(&full).map_or(4096, |t| t.len());
                        let mode = if dir { "drwxr-xr-x" } else { "-rw-r--r--" };
                        io.stdout.push_str(&format!(
                            "{mode}    1 root     root     {size:>8} Dec  1 09:00 {shown}\n"
                        ));
                    } else {
                        io.stdout.push_str(&format!("{shown}\n"));
                    }
                }
            }
            Err(e) => {
                code = if gnu { 2 } else { 1 };
                let msg = if gnu {
                    format!("ls: cannot access '{p}': {}\n", e.text())
                } else {
                    format!("ls: {p}: {}\n", e.text())
                };
                io.stderr.push_str(&msg);
            }
        }
    }
    code
}

fn copy(name: &str, args: &[String], io: &mut Io, ctx: &mut Ctx<'_, '_>) -> i32 {
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let [from, to] = paths.as_slice() else {
        io.stderr
            .push_str(&format!("{name}: missing file operand\n"));
        return 1;
    };
    match ctx.fs.read(from) {
        Ok(text) => {
            let dest = if ctx.fs.is_dir(to) {
                format!(
                    "{}/{}",
                    to.trim_end_matches('/'),
                    from.rsplit('/').next().unwrap_or(from)
                )
            } else {
                to.to_string()
            };
            let ok = ctx.fs.write(&dest, &text, false).is_ok();
            if ok && name == "mv" {
                let _ = ctx.fs.remove(from, false);
            }
            i32::from(!ok)
        }
        Err(e) => {
            io.stderr
                .push_str(&format!("{name}: can't stat '{from}': {}\n", e.text()));
            1
        }
    }
}
