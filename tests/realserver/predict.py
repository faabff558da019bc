"""The predicted side of the real-client matrix (issue 23): which client and version of the core's
table (`crates/dbcert-core/src/verify/clients/table.rs`) each harness row is, from what is
actually installed here, and dbcert's verdict for it (`dbcert verify CHAIN --ca CA --host HOST
--json --client ID@VERSION ...`), to set beside the observed outcome.

Stdlib only; used by matrix.py.
"""

import json
import os
import re
import subprocess

import harness

# Which core-table client each harness row runs (harness.clients() and matrix.py's sqlx rows), and
# which of its table versions: a key of `installed()`, or a fixed table version where the table
# names the build rather than a version number.
ROWS = {
    "mariadb-cli": ("mariadb-cli", "mariadb"),
    "my-cnf (mariadb)": ("my-cnf", "=mariadb"),
    "pymysql": ("pymysql", "python"),
    "pymysql 1.1.2": ("pymysql", "python"),
    "mysql-connector-python": ("mysql-connector-python", "python"),
    "mysqlclient (MariaDB C)": ("mysqlclient", "=mariadb"),
    "sqlalchemy": ("sqlalchemy", "python"),
    "mysql2": ("mysql2", "mysql2"),
    "go-sql-driver": ("go-sql-driver", "go"),
    "php-pdo": ("php-pdo", "php"),
    "jdbc (JKS)": ("jdbc", "connectorj"),
    "jdbc (PKCS#12)": ("jdbc", "connectorj"),
    "jdbc-datasource": ("jdbc-datasource", "connectorj"),
    "spring-boot": ("spring-boot", "connectorj"),
    "mariadb-jdbc": ("mariadb-jdbc", "mariadbj"),
    "sqlx (rustls)": ("sqlx", "sqlx-rustls"),
    "sqlx (native-tls)": ("sqlx", "sqlx-native-tls"),
}


def _out(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120, **kw).stdout.strip()


def _major_minor(v):
    return ".".join(v.split(".")[:2])


def installed(work, root):
    """The versions that decide each row's profile, as the core's table names them: the Python of
    the venvs (the `ssl` module's flags change with it), the Go toolchain, the MariaDB client
    (its Connector/C), PHP's major version, and the drivers' major versions."""
    py = _out([os.path.join(work, "venv", "bin", "python"), "-c",
               "import sys; print('%d.%d' % sys.version_info[:2])"])
    py_old = _out([os.path.join(work, "venv-pymysql11", "bin", "python"), "-c",
                   "import sys; print('%d.%d' % sys.version_info[:2])"])
    if py != py_old:
        raise RuntimeError(f"the two venvs run different Pythons ({py}, {py_old})")
    go = _out(["go", "env", "GOVERSION"]).removeprefix("go")
    # "Ver 15.1 Distrib 10.11.19-MariaDB" (10.x) or "from 11.4.2-MariaDB" (11.x).
    m = re.search(r"(?:Distrib|from) (\d+\.\d+)", _out(["mariadb", "--version"]))
    if not m:
        raise RuntimeError("mariadb --version does not name its version")
    php = _out(["php", "-r", "echo PHP_MAJOR_VERSION;"])
    cargo = open(os.path.join(root, "tests", "realserver", "sqlx", "Cargo.toml")).read()
    sqlx = re.search(r'sqlx = \{ version = "=?([0-9.]+)"', cargo).group(1)
    return {
        "python": py,
        "go": _major_minor(go),
        "mariadb": m.group(1),
        "php": php,
        "mysql2": harness.MYSQL2.split(".")[0],
        "connectorj": harness.CONNECTOR_J.split(".")[0],
        "mariadbj": harness.MARIADB_J.split(".")[0],
        "sqlx-rustls": _major_minor(sqlx) + "-rustls",
        "sqlx-native-tls": _major_minor(sqlx) + "-native-tls",
    }


def ref(label, versions):
    """`ID@VERSION` of the core's table for the harness row `label`."""
    if label not in ROWS:
        raise RuntimeError(f"predict.ROWS does not say which client row {label!r} is")
    client, key = ROWS[label]
    version = key[1:] if key.startswith("=") else versions[key]
    return f"{client}@{version}"


def predict(dbcert, chain, ca, host, refs, extra=()):
    """dbcert's verdicts for `refs` (`ID@VERSION`) on one chain, with `extra` arguments (e.g.
    `--crl FILE`): {(ref, mode): verdict}."""
    cmd = [dbcert, "verify", chain, "--ca", ca, "--host", host, "--json", *extra]
    for r in sorted(set(refs)):
        cmd += ["--client", r]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if p.returncode not in (0, 1, 3):
        raise RuntimeError(f"dbcert verify failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr.strip()}")
    report = json.loads(p.stdout)
    out = {}
    for v in report.get("clients", []):
        out[(f"{v['client']}@{v['version']}", v["mode"])] = v
    missing = [r for r in refs if (r, "VERIFY_CA") not in out]
    if missing:
        raise RuntimeError(f"dbcert verify gave no verdict for {missing}: {' '.join(cmd)}")
    return out


def cell(pred, obs):
    """A matrix cell: `ok` or `x` when prediction and observation agree, else `PRED/OBS!`
    (`?` for an unknown prediction, `-` for a mode the snippet cannot run)."""
    p = {"connects": "ok", "refuses": "x"}.get(pred["verdict"], "?")
    o = {True: "ok", False: "x"}.get(obs["connected"], "-")
    return p if p == o else f"{p}/{o}!"


def agrees(pred, obs):
    """Prediction equals observation: connects = connected, refuses = the client's own error;
    an `unknown` prediction or a cell that did not run never agrees."""
    want = {"connects": True, "refuses": False}.get(pred["verdict"])
    return want is not None and obs["connected"] is want
