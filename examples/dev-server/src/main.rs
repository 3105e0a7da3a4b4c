//! `nango-dev-server [--port N] [--db FILE] [--config FILE] [--secret-key K] [--public-key K] [--root DIR]`

use std::path::PathBuf;

use nango_dev_server::{start, ServerConfig};

const USAGE: &str =
    "usage: nango-dev-server [--port N (default 3003)] [--db FILE] [--config integrations.json] \
[--secret-key KEY] [--public-key UUID] [--root DIR (serves DIR/pkg and DIR/examples)]";

fn parse_args() -> Result<ServerConfig, String> {
    let mut config = ServerConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--port" => {
                config.port = value
                    .parse()
                    .map_err(|_| format!("invalid port {value:?}"))?
            }
            "--db" => config.db_path = PathBuf::from(value),
            "--config" => config.integrations_path = Some(PathBuf::from(value)),
            "--secret-key" => config.secret_key = value,
            "--public-key" => config.public_key = value,
            "--root" => config.static_root = PathBuf::from(value),
            _ => return Err(format!("unknown flag {flag}\n{USAGE}")),
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() {
    let config = match parse_args() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let (secret, public, db) = (
        config.secret_key.clone(),
        config.public_key.clone(),
        config.db_path.clone(),
    );
    let (addr, task) = match start(config).await {
        Ok(started) => started,
        Err(e) => {
            eprintln!("nango-dev-server: {e}");
            std::process::exit(1);
        }
    };
    println!("nango-dev-server listening on http://{addr}");
    println!("  secret key (app backend): {secret}");
    println!("  public key (legacy):      {public}");
    println!("  database:                 {}", db.display());
    println!("  example page:             http://{addr}/examples/custom-ui/");
    tokio::select! {
        _ = task => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
