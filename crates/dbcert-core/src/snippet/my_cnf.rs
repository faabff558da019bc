//! Option files (`~/.my.cnf`, `--defaults-extra-file`): the `[client]` group every client tool
//! reads.
//!
//! Sources (shared/research/clients.md §2.3): option names are the long command-line options
//! without `--` (MySQL reference manual "Using Option Files"); MariaDB tools also read `[client]`
//! and `[mysql]` but have no `ssl-mode`, so a file both read must write it as `loose-ssl-mode`,
//! which both turn into a warning when unknown; `database` is a `mysql`-only option, so it goes
//! in `[mysql]` (other tools reading `[client]` would refuse it).
//!
//! The MariaDB form is proved with the mariadb client (`--defaults-file`) by
//! `tests/realserver/`; the MySQL form shares the option logic of `mysql-cli`.

use super::mysql_cli::option_lines;
use super::quote::option_file;
use super::{mariadb_cli, mysql_cli, Ctx, Out, ServerFlavor};
use std::fmt::Write;

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let mariadb = ctx.server_flavor == Some(ServerFlavor::Mariadb);
    let mut code = String::new();
    let body = if mariadb {
        code.push_str("# MariaDB client option file (~/.my.cnf); keep it private: chmod 600.\n");
        let (opts, _) = mariadb_cli::options(ctx, out, "MariaDB tools");
        option_lines(&opts, &[])
    } else {
        code.push_str(
            "# MySQL client option file (~/.my.cnf); keep it private: chmod 600.\n\
             # loose- lets MariaDB tools, which read [client] too but have no ssl-mode, skip the line.\n",
        );
        let opts = mysql_cli::options(ctx, out, "mysql");
        out.note(
            "MariaDB tools reading this file skip loose-ssl-mode and act on the other ssl-* lines \
             alone; generate the MariaDB form (--server-flavor mariadb) for a file they use.",
        );
        option_lines(&opts, &["ssl-mode"])
    };
    code.push_str("[client]\n");
    let _ = writeln!(code, "host={}", option_file(&ctx.host));
    let _ = writeln!(code, "port={}", ctx.port);
    let _ = writeln!(code, "user={}", option_file(&ctx.user));
    let _ = writeln!(code, "password={}", option_file(&ctx.password));
    code.push_str(&body);
    if let Some(db) = &ctx.database {
        let _ = write!(code, "\n[mysql]\ndatabase={}\n", option_file(db));
    }
    out.code = code;
    out.note(
        "Use it with `mysql --defaults-file=FILE` (or `--defaults-extra-file=FILE`, given first).",
    );
}
