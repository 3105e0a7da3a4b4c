//! Connect sessions and connections, kept in SQLite so that a restart of the
//! server loses nothing.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

/// How long a connect session token is valid (as on Nango Cloud).
pub const SESSION_TTL_SECS: i64 = 30 * 60;

/// A connect session made by the app's backend.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub end_user: Value,
    pub organization: Option<Value>,
    /// `None`: every integration is allowed.
    pub allowed_integrations: Option<Vec<String>>,
    pub integrations_config_defaults: Option<Value>,
    /// Set for reconnect sessions: the connection that may be re-authorized.
    pub reconnect_connection_id: Option<String>,
    pub expires_at: i64,
}

/// A stored connection.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredConnection {
    pub connection_id: String,
    pub provider_config_key: String,
    pub provider: String,
    pub credentials: Value,
    pub connection_config: Value,
    pub end_user: Option<Value>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The database.
pub struct Store {
    db: Mutex<Connection>,
}

/// Seconds since the epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Store {
    /// Opens (or creates) the database file; `:memory:` for a throwaway one.
    pub fn open(path: &Path) -> rusqlite::Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(dir);
        }
        let db = Connection::open(path)?;
        db.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE IF NOT EXISTS connect_sessions (
                token TEXT PRIMARY KEY,
                end_user TEXT NOT NULL,
                organization TEXT,
                allowed_integrations TEXT,
                integrations_config_defaults TEXT,
                reconnect_connection_id TEXT,
                expires_at INTEGER NOT NULL
             );
             CREATE TABLE IF NOT EXISTS connections (
                connection_id TEXT NOT NULL,
                provider_config_key TEXT NOT NULL,
                provider TEXT NOT NULL,
                credentials TEXT NOT NULL,
                connection_config TEXT NOT NULL,
                end_user TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (connection_id, provider_config_key)
             );",
        )?;
        Ok(Store { db: Mutex::new(db) })
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn insert_session(&self, s: &Session) -> rusqlite::Result<()> {
        let json = |v: &Option<Value>| v.as_ref().map(Value::to_string);
        let allowed = s
            .allowed_integrations
            .as_ref()
            .map(|a| Value::from(a.clone()).to_string());
        self.db().execute(
            "INSERT INTO connect_sessions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                s.token,
                s.end_user.to_string(),
                json(&s.organization),
                allowed,
                json(&s.integrations_config_defaults),
                s.reconnect_connection_id,
                s.expires_at
            ],
        )?;
        Ok(())
    }

    /// The session of `token`, if it exists and has not expired.
    pub fn session(&self, token: &str) -> rusqlite::Result<Option<Session>> {
        let parse = |t: Option<String>| t.and_then(|t| serde_json::from_str::<Value>(&t).ok());
        self.db()
            .query_row(
                "SELECT token, end_user, organization, allowed_integrations, integrations_config_defaults,
                        reconnect_connection_id, expires_at
                 FROM connect_sessions WHERE token = ?1 AND expires_at > ?2",
                params![token, now()],
                |row| {
                    Ok(Session {
                        token: row.get(0)?,
                        end_user: parse(row.get(1)?).unwrap_or(Value::Null),
                        organization: parse(row.get(2)?),
                        allowed_integrations: parse(row.get(3)?).and_then(|v| serde_json::from_value(v).ok()),
                        integrations_config_defaults: parse(row.get(4)?),
                        reconnect_connection_id: row.get(5)?,
                        expires_at: row.get(6)?,
                    })
                },
            )
            .optional()
    }

    /// Creates or updates a connection; returns whether it was created.
    pub fn upsert_connection(&self, c: &StoredConnection) -> rusqlite::Result<bool> {
        let db = self.db();
        let existed: bool = db
            .query_row(
                "SELECT 1 FROM connections WHERE connection_id = ?1 AND provider_config_key = ?2",
                params![c.connection_id, c.provider_config_key],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        db.execute(
            "INSERT INTO connections VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (connection_id, provider_config_key) DO UPDATE SET
                credentials = excluded.credentials,
                connection_config = excluded.connection_config,
                end_user = COALESCE(excluded.end_user, connections.end_user),
                updated_at = excluded.updated_at",
            params![
                c.connection_id,
                c.provider_config_key,
                c.provider,
                c.credentials.to_string(),
                c.connection_config.to_string(),
                c.end_user.as_ref().map(Value::to_string),
                c.created_at,
                c.updated_at
            ],
        )?;
        Ok(!existed)
    }

    /// A connection by its id, optionally of one integration.
    pub fn connection(
        &self,
        connection_id: &str,
        provider_config_key: Option<&str>,
    ) -> rusqlite::Result<Option<StoredConnection>> {
        let parse = |t: String| serde_json::from_str::<Value>(&t).unwrap_or(Value::Null);
        self.db()
            .query_row(
                "SELECT connection_id, provider_config_key, provider, credentials, connection_config, end_user, created_at, updated_at
                 FROM connections WHERE connection_id = ?1 AND (?2 IS NULL OR provider_config_key = ?2)
                 ORDER BY updated_at DESC LIMIT 1",
                params![connection_id, provider_config_key],
                |row| {
                    Ok(StoredConnection {
                        connection_id: row.get(0)?,
                        provider_config_key: row.get(1)?,
                        provider: row.get(2)?,
                        credentials: parse(row.get(3)?),
                        connection_config: parse(row.get(4)?),
                        end_user: row.get::<_, Option<String>>(5)?.map(parse),
                        created_at: row.get(6)?,
                        updated_at: row.get(7)?,
                    })
                },
            )
            .optional()
    }

    /// Every connection, newest first.
    pub fn connections(&self) -> rusqlite::Result<Vec<(String, String, String, i64)>> {
        let db = self.db();
        let mut stmt = db.prepare(
            "SELECT connection_id, provider_config_key, provider, updated_at FROM connections ORDER BY updated_at DESC",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?;
        rows.collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn connections_survive_a_reopen() {
        let dir = std::env::temp_dir().join(format!("nango-store-{}", uuid::Uuid::new_v4()));
        let path = dir.join("dev.db");
        let conn = StoredConnection {
            connection_id: "c1".into(),
            provider_config_key: "zendesk".into(),
            provider: "zendesk".into(),
            credentials: json!({"type": "API_KEY", "apiKey": "k"}),
            connection_config: json!({"subdomain": "acme"}),
            end_user: Some(json!({"id": "u1"})),
            created_at: 1,
            updated_at: 1,
        };
        {
            let store = Store::open(&path).unwrap();
            assert!(store.upsert_connection(&conn).unwrap());
            assert!(!store.upsert_connection(&conn).unwrap());
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.connection("c1", Some("zendesk")).unwrap(), Some(conn));
        assert_eq!(store.connection("c1", Some("other")).unwrap(), None);
        let _ = std::fs::remove_dir_all(dir);
    }
}
