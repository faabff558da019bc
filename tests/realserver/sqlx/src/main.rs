//! Connects as dbcert's sqlx snippet does (`MySqlConnectOptions::new().host(..).port(..)
//! .username(..).password(..).database(..).ssl_mode(..).ssl_ca(..)` and, with a client
//! certificate, `.ssl_client_cert(..).ssl_client_key(..)`, then `.connect()`), the values given
//! on the command line by tests/realserver/matrix.py and identity_matrix.py from the generated
//! snippet, then prints `CIPHER=` and the session's `Ssl_cipher`, or the error and exit code 3.
//! An empty SSL_CA skips `ssl_ca`.
//!
//! Usage: dbcert-sqlx-runner HOST PORT USER PASSWORD DATABASE SSL_MODE [SSL_CA [CERT KEY]]
use sqlx::mysql::{MySqlConnectOptions, MySqlSslMode};
use sqlx::{ConnectOptions, Row};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let a: Vec<String> = std::env::args().collect();
    if a.len() < 7 {
        eprintln!(
            "usage: dbcert-sqlx-runner HOST PORT USER PASSWORD DATABASE SSL_MODE [SSL_CA [CERT KEY]]"
        );
        std::process::exit(2);
    }
    let mode = match a[6].as_str() {
        "Disabled" => MySqlSslMode::Disabled,
        "Preferred" => MySqlSslMode::Preferred,
        "Required" => MySqlSslMode::Required,
        "VerifyCa" => MySqlSslMode::VerifyCa,
        "VerifyIdentity" => MySqlSslMode::VerifyIdentity,
        other => {
            eprintln!("unknown ssl mode {other}");
            std::process::exit(2);
        }
    };
    let mut o = MySqlConnectOptions::new()
        .host(&a[1])
        .port(a[2].parse().expect("port"))
        .username(&a[3])
        .password(&a[4])
        .database(&a[5])
        .ssl_mode(mode);
    if let Some(ca) = a.get(7).filter(|ca| !ca.is_empty()) {
        o = o.ssl_ca(ca);
    }
    if let (Some(cert), Some(key)) = (a.get(8), a.get(9)) {
        o = o.ssl_client_cert(cert).ssl_client_key(key);
    }
    match o.connect().await {
        Ok(mut conn) => match sqlx::query("SHOW STATUS LIKE 'Ssl_cipher'")
            .fetch_one(&mut conn)
            .await
        {
            Ok(row) => println!("CIPHER={}", row.get::<String, _>(1)),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(3);
            }
        },
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(3);
        }
    }
}
