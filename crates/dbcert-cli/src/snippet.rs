//! `dbcert snippet`: print the code or settings that make a MySQL client connect with an SSL mode.

use dbcert_core::snippet::{
    self, ClientLibrary, ServerFlavor, SnippetOptions, SslMode, TruststoreType,
};
use dbcert_core::Format;

use crate::exit;

/// Arguments of `dbcert snippet`.
#[derive(clap::Args)]
pub struct Args {
    /// Client id (see --list): mysql-cli, mariadb-cli, my-cnf, jdbc, pymysql, mysql2, …
    #[arg(long, required_unless_present_any = ["list", "css"])]
    client: Option<String>,
    /// disabled, preferred, required, verify_ca or verify_identity.
    #[arg(long, required_unless_present_any = ["list", "css"])]
    mode: Option<String>,
    /// Server host name or IP address.
    #[arg(long)]
    host: Option<String>,
    /// Server port (3306 when absent).
    #[arg(long)]
    port: Option<u16>,
    /// User name.
    #[arg(long)]
    user: Option<String>,
    /// Default database.
    #[arg(long)]
    database: Option<String>,
    /// CA bundle path; read (when it exists) to warn about a format the client cannot use.
    #[arg(long)]
    ca: Option<String>,
    /// Java truststore path (JKS or PKCS#12) for Java clients.
    #[arg(long)]
    truststore: Option<String>,
    /// jks or pkcs12 (detected from the file when it exists).
    #[arg(long)]
    truststore_type: Option<String>,
    /// Truststore password.
    #[arg(long)]
    truststore_password: Option<String>,
    /// Client (driver, connector, tool) version; latest when absent.
    #[arg(long)]
    client_version: Option<String>,
    /// mysql or mariadb: the C library a C-based client (mysqlclient) is built against.
    #[arg(long)]
    client_library: Option<String>,
    /// Server version, as SELECT VERSION() reports it.
    #[arg(long)]
    server_version: Option<String>,
    /// mysql or mariadb.
    #[arg(long)]
    server_flavor: Option<String>,
    /// Comma-separated TLS versions to allow (TLSv1.2,TLSv1.3).
    #[arg(long)]
    tls_versions: Option<String>,
    /// Cipher list to require.
    #[arg(long)]
    cipher: Option<String>,
    /// Certificate revocation list file (PEM) the client checks the server's chain against;
    /// clients that cannot check one say so.
    #[arg(long, value_name = "FILE")]
    crl: Option<String>,
    /// Directory of CRLs named by issuer hash (openssl rehash), for the clients that take one.
    #[arg(long, value_name = "DIR")]
    crl_path: Option<String>,
    /// Client certificate (PEM) to present to a server that asks for one (REQUIRE X509); a Java
    /// client is told how to make a keystore of it.
    #[arg(long, value_name = "FILE")]
    cert: Option<String>,
    /// Private key (PEM) of --cert.
    #[arg(long, value_name = "FILE")]
    key: Option<String>,
    /// Client keystore (PKCS#12 or JKS) holding the certificate and its key, for the Java
    /// clients and Prisma; PEM clients are told how to convert it.
    #[arg(long, value_name = "FILE")]
    keystore: Option<String>,
    /// jks or pkcs12 (detected from the file when it exists).
    #[arg(long)]
    keystore_type: Option<String>,
    /// Client keystore password (a placeholder when absent).
    #[arg(long)]
    keystore_password: Option<String>,
    /// What to write for the password (default <password>).
    #[arg(long)]
    password_placeholder: Option<String>,
    /// Print JSON ({client, mode, language, code, supported, alternative, warnings, notes,
    /// placeholders}); the same as --format json.
    #[arg(long)]
    json: bool,
    /// text (the code; warnings and notes on stderr), json, html (<dbcert-snippet> with its
    /// markup pre-rendered: static HTML for docs generators) or markdown (fenced code, notes and
    /// warnings as text). html and markdown exit 0 even when a client cannot express the mode:
    /// the output says so.
    #[arg(long, default_value = "text")]
    format: String,
    /// html, markdown: more clients, as tabs (comma-separated ids; --client is the one selected).
    #[arg(long)]
    clients: Option<String>,
    /// html, markdown: a mode switcher with these modes (comma-separated, or `all`).
    #[arg(long)]
    modes: Option<String>,
    /// html: auto (the reader's prefers-color-scheme), light or dark.
    #[arg(long)]
    theme: Option<String>,
    /// html: URL of dbcert-snippet.css (see --css), linked so a page without script is styled.
    #[arg(long)]
    stylesheet: Option<String>,
    /// Print the stylesheet the html output and the <dbcert-snippet> element use.
    #[arg(long)]
    css: bool,
    /// List the client ids.
    #[arg(long)]
    list: bool,
}

/// How the snippet is printed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    Text,
    Json,
    Html,
    Markdown,
}

fn output(args: &Args) -> Result<Output, String> {
    if args.json {
        return Ok(Output::Json);
    }
    match args.format.trim().to_ascii_lowercase().as_str() {
        "text" => Ok(Output::Text),
        "json" => Ok(Output::Json),
        "html" => Ok(Output::Html),
        "markdown" | "md" => Ok(Output::Markdown),
        other => Err(format!(
            "[invalid_option] --format {other:?}: expected text, json, html or markdown"
        )),
    }
}

fn list_arg(v: &Option<String>) -> Vec<String> {
    v.as_deref()
        .map(|v| {
            v.split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn pick<T: Copy>(
    what: &str,
    value: &Option<String>,
    choices: &[(&str, T)],
) -> Result<Option<T>, String> {
    let Some(v) = value else { return Ok(None) };
    let lower = v.trim().to_ascii_lowercase();
    match choices.iter().find(|(name, _)| *name == lower) {
        Some((_, t)) => Ok(Some(*t)),
        None => {
            let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
            Err(format!(
                "[invalid_option] --{what} {v:?}: expected {}",
                names.join(" or ")
            ))
        }
    }
}

/// The format of a file that exists and is readable (None otherwise: the snippet may be for
/// another machine).
fn detect(path: &Option<String>) -> Option<Format> {
    let path = path.as_deref()?;
    if !std::path::Path::new(path).is_file() {
        return None;
    }
    let input = crate::input::read(path).ok()?;
    dbcert_core::detect_format(&input.bytes).ok()
}

/// Runs the command: 0 when the client expresses the mode, 1 when it cannot.
pub fn run(args: &Args) -> Result<u8, String> {
    if args.css {
        print!("{}", snippet::html::stylesheet());
        return Ok(exit::OK);
    }
    let format = output(args)?;
    if args.list {
        let clients = snippet::clients();
        if format == Output::Json {
            println!(
                "{}",
                serde_json::to_string_pretty(&clients).map_err(|e| e.to_string())?
            );
        } else {
            let width = clients.iter().map(|c| c.id.len()).max().unwrap_or(0);
            for c in clients {
                println!("{:width$}  {}", c.id, c.description);
            }
        }
        return Ok(exit::OK);
    }
    let (Some(client), Some(mode)) = (&args.client, &args.mode) else {
        return Err("--client and --mode are required (or --list, --css)".to_owned());
    };
    let mode: SslMode = mode
        .parse()
        .map_err(|e: dbcert_core::Error| format!("[{}] {e}", e.code()))?;
    let mut options = SnippetOptions::new(client.clone(), mode);
    options.host = args.host.clone();
    options.port = args.port;
    options.user = args.user.clone();
    options.database = args.database.clone();
    options.password_placeholder = args.password_placeholder.clone();
    options.ca = args.ca.clone();
    options.ca_format = detect(&args.ca).map(|f| f.as_str().to_owned());
    options.truststore = args.truststore.clone();
    options.truststore_type = pick(
        "truststore-type",
        &args.truststore_type,
        &[
            ("jks", TruststoreType::Jks),
            ("pkcs12", TruststoreType::Pkcs12),
            ("p12", TruststoreType::Pkcs12),
        ],
    )?;
    if options.truststore_type.is_none() {
        options.truststore_type = match detect(&args.truststore) {
            Some(Format::Jks) => Some(TruststoreType::Jks),
            Some(Format::Pkcs12) => Some(TruststoreType::Pkcs12),
            _ => None,
        };
    }
    options.truststore_password = args.truststore_password.clone();
    options.crl = args.crl.clone();
    options.crl_path = args.crl_path.clone();
    options.cert = args.cert.clone();
    options.key = args.key.clone();
    options.keystore = args.keystore.clone();
    options.keystore_type = pick(
        "keystore-type",
        &args.keystore_type,
        &[
            ("jks", TruststoreType::Jks),
            ("pkcs12", TruststoreType::Pkcs12),
            ("p12", TruststoreType::Pkcs12),
        ],
    )?;
    if options.keystore_type.is_none() {
        options.keystore_type = match detect(&args.keystore) {
            Some(Format::Jks) => Some(TruststoreType::Jks),
            Some(Format::Pkcs12) => Some(TruststoreType::Pkcs12),
            _ => None,
        };
    }
    options.keystore_password = args.keystore_password.clone();
    options.client_version = args.client_version.clone();
    options.client_library = pick(
        "client-library",
        &args.client_library,
        &[
            ("mysql", ClientLibrary::Mysql),
            ("mariadb", ClientLibrary::Mariadb),
        ],
    )?;
    options.server_version = args.server_version.clone();
    options.server_flavor = pick(
        "server-flavor",
        &args.server_flavor,
        &[
            ("mysql", ServerFlavor::Mysql),
            ("mariadb", ServerFlavor::Mariadb),
        ],
    )?;
    options.tls_versions = args.tls_versions.as_ref().map(|t| vec![t.clone()]);
    options.cipher = args.cipher.clone();
    let coded = |e: dbcert_core::Error| format!("[{}] {e}", e.code());
    if matches!(format, Output::Html | Output::Markdown) {
        let view = snippet::View {
            clients: list_arg(&args.clients),
            modes: list_arg(&args.modes),
            theme: args.theme.clone(),
            stylesheet: args.stylesheet.clone(),
        };
        let out = if format == Output::Html {
            let mut html = snippet::html::element(&options, &view).map_err(coded)?;
            html.push('\n');
            html
        } else {
            snippet::markdown::render(&options, &view).map_err(coded)?
        };
        print!("{out}");
        return Ok(exit::OK);
    }
    let s = snippet::generate(&options).map_err(coded)?;
    if format == Output::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&s).map_err(|e| e.to_string())?
        );
    } else {
        print!("{}", s.code);
        for w in &s.warnings {
            eprintln!("warning[{}]: {}", w.code, w.message);
        }
        for n in &s.notes {
            eprintln!("note: {n}");
        }
    }
    Ok(if s.supported {
        exit::OK
    } else {
        exit::CHECK_FAILED
    })
}
