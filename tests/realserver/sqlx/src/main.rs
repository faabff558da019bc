//! Connects as dbcert's sqlx snippet does (`MySqlConnectOptions::new().host(..).port(..)
//! .username(..).password(..).database(..).ssl_mode(..).ssl_ca(..).connect()`), the values given
//! on the command line by tests/realserver/matrix.py from the generated snippet, then prints
//! `CIPHER=` and the session's `Ssl_cipher`, or the error and exit code 3.
//!
//! Usage: dbcert-sqlx-runner HOST PORT USER PASSWORD DATABASE SSL_MODE [SSL_CA]
use sqlx::mysql::{MySqlConnectOptions, MySqlSslMode};
use sqlx::{ConnectOptions, Row};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let a: Vec<String> = std::env::args().collect();
    if a.len() < 7 {
        eprintln!("usage: dbcert-sqlx-runner HOST PORT USER PASSWORD DATABASE SSL_MODE [SSL_CA]");
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
    if let Some(ca) = a.get(7) {
        o = o.ssl_ca(ca);
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
