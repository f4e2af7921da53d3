//! Staff accounts and their sessions. Passwords arrive already hashed (argon2, in `app`); session
//! tokens are stored only as hashes, so a copy of the database cannot be used to log in.

use crate::tx::with_tx;
use crate::{Store, StoreError, Tx, with_pool};
use chrono::{DateTime, Duration, Utc};
use familiehus_domain::{Actor, Role};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<i64>,
    #[serde(skip)]
    pub password_hash: String,
    pub failed_logins: i64,
    pub locked_until: Option<DateTime<Utc>>,
    pub active: bool,
}

impl User {
    pub fn actor(&self) -> Actor {
        Actor { user_id: self.id, role: self.role, unit_id: self.unit_id }
    }
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<i64>,
    pub password_hash: String,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    unit_id: Option<i64>,
    password_hash: String,
    failed_logins: i64,
    locked_until: Option<String>,
    active: bool,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(r: UserRow) -> Result<Self, StoreError> {
        let role = Role::from_code(&r.role).ok_or_else(|| StoreError::Corrupt(format!("user {}: role", r.id)))?;
        let locked_until = r.locked_until.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.with_timezone(&Utc));
        Ok(User {
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            role,
            unit_id: r.unit_id,
            password_hash: r.password_hash,
            failed_logins: r.failed_logins,
            locked_until,
            active: r.active,
        })
    }
}

/// A `UserRow`'s columns, for `SELECT` and for `RETURNING`.
macro_rules! columns {
    () => {
        "id, username, display_name, role, unit_id, password_hash, failed_logins, locked_until, active"
    };
}
const SELECT: &str = concat!("SELECT ", columns!(), " FROM users");

impl Store {
    /// Creates an account in its own transaction (the CLI's seeding and tests); use cases
    /// create through `Tx::create_user`, with their log entry.
    pub async fn create_user(&self, new: &NewUser) -> Result<User, StoreError> {
        let mut tx = self.begin().await?;
        let user = tx.create_user(new).await?;
        tx.commit().await?;
        Ok(user)
    }

    pub async fn user(&self, id: i64) -> Result<User, StoreError> {
        let sql = format!("{SELECT} WHERE id = $1");
        let row: Option<UserRow> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(pool).await)?;
        row.ok_or(StoreError::NotFound { entity: crate::Entity::User, id })?.try_into()
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<User>, StoreError> {
        let sql = format!("{SELECT} WHERE username = $1");
        let row: Option<UserRow> =
            with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(username.trim().to_lowercase()).fetch_optional(pool).await)?;
        row.map(TryInto::try_into).transpose()
    }

    pub async fn list_users(&self) -> Result<Vec<User>, StoreError> {
        let sql = format!("{SELECT} ORDER BY username");
        let rows: Vec<UserRow> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(pool).await)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    /// Changes an account's name, role and unit, and its password when one is given (which
    /// also lifts a lockout); one transaction (`Tx::update_user`).
    pub async fn update_user(&self, id: i64, display_name: &str, role: Role, unit_id: Option<i64>, password_hash: Option<&str>) -> Result<User, StoreError> {
        let mut tx = self.begin().await?;
        let user = tx.update_user(id, display_name, role, unit_id, password_hash).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// Deactivates (or reactivates) an account; one transaction (`Tx::set_user_active`).
    pub async fn set_user_active(&self, id: i64, active: bool) -> Result<User, StoreError> {
        let mut tx = self.begin().await?;
        let user = tx.set_user_active(id, active).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// Counts a failed login (for monitoring: the administrator's user list shows it) and
    /// returns the count. Nothing locks: guessing is slowed by the login throttle
    /// (`domain::login_throttle`), which a stranger cannot turn against the account's owner. One
    /// statement, so parallel failures each count exactly once.
    pub async fn count_failed_login(&self, user_id: i64) -> Result<i64, StoreError> {
        let sql = "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins";
        let count: Option<i64> = crate::with_writer!(self, pool => sqlx::query_scalar(sql).bind(user_id).fetch_optional(pool).await)?;
        count.ok_or(StoreError::NotFound { entity: crate::Entity::User, id: user_id })
    }

    /// Clears the failure count (and any lock a version before the throttle set) after a
    /// correct password. Skips the write when there is nothing to clear, so a sign-in costs no
    /// write in the common case.
    pub async fn record_successful_login(&self, user_id: i64) -> Result<(), StoreError> {
        let sql = "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)";
        crate::with_writer!(self, pool => sqlx::query(sql).bind(user_id).execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    pub async fn create_session(&self, token_hash: &str, user_id: i64, csrf_token: &str, expires_at: DateTime<Utc>) -> Result<(), StoreError> {
        let sql = "INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)";
        crate::with_writer!(self, pool => sqlx::query(sql).bind(token_hash).bind(user_id).bind(csrf_token).bind(expires_at.to_rfc3339()).execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// The user and CSRF token of a live session; expired sessions are deleted on sight.
    pub async fn session(&self, token_hash: &str, now: DateTime<Utc>, idle_limit: Duration) -> Result<Option<(User, String)>, StoreError> {
        let sql = "SELECT user_id, csrf_token, expires_at, last_seen_at FROM sessions WHERE token_hash = $1";
        let row: Option<(i64, String, String, Option<String>)> = with_pool!(self, pool => sqlx::query_as(sql).bind(token_hash).fetch_optional(pool).await)?;
        let Some((user_id, csrf, expires_at, last_seen_at)) = row else { return Ok(None) };
        let parse = |text: &str| DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc));
        let live = parse(&expires_at).is_some_and(|t| t > now);
        let last_seen = last_seen_at.as_deref().and_then(parse);
        let idle = last_seen.is_some_and(|seen| now - seen > idle_limit);
        if !live || idle {
            self.delete_session(token_hash).await?;
            return Ok(None);
        }
        // Touch at most once a minute: the idle limit is minutes long, and a write per request
        // would put every page view through the single writer.
        if last_seen.is_none_or(|seen| now - seen > Duration::minutes(1)) {
            let sql = "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2";
            crate::with_writer!(self, pool => sqlx::query(sql).bind(now.to_rfc3339()).bind(token_hash).execute(pool).await.map(|_| ()))?;
        }
        let user = self.user(user_id).await?;
        Ok(user.active.then_some((user, csrf)))
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let sql = "DELETE FROM sessions WHERE token_hash = $1";
        crate::with_writer!(self, pool => sqlx::query(sql).bind(token_hash).execute(pool).await.map(|_| ()))?;
        Ok(())
    }
}

impl Tx {
    pub async fn create_user(&mut self, new: &NewUser) -> Result<User, StoreError> {
        let username = new.username.trim().to_lowercase();
        if username.is_empty() || username.contains(char::is_whitespace) {
            return Err(StoreError::invalid("username", "Brugernavnet skal være ét ord uden mellemrum.", "invalid username"));
        }
        let sql = "INSERT INTO users (username, display_name, role, unit_id, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let id: i64 = with_tx!(self, conn => sqlx::query_scalar(sql)
            .bind(&username)
            .bind(new.display_name.trim())
            .bind(new.role.code())
            .bind(new.unit_id)
            .bind(&new.password_hash)
            .fetch_one(conn)
            .await)
        .map_err(|e| StoreError::unique_as_field(e, "username", "Brugernavnet er optaget.", "username taken"))?;
        self.user(id).await
    }

    /// The account as this transaction sees it (for a check before a change).
    pub async fn user(&mut self, id: i64) -> Result<User, StoreError> {
        let sql = format!("{SELECT} WHERE id = $1");
        let row: Option<UserRow> = with_tx!(self, conn => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(conn).await)?;
        row.ok_or(StoreError::NotFound { entity: crate::Entity::User, id })?.try_into()
    }

    /// Changes an account's name, role and unit, and its password when one is given (which
    /// also lifts a lockout). The user's sessions end, so the new role applies at once. One
    /// transaction: a failure leaves neither a half-changed account nor live old sessions.
    pub async fn update_user(
        &mut self,
        id: i64,
        display_name: &str,
        role: Role,
        unit_id: Option<i64>,
        password_hash: Option<&str>,
    ) -> Result<User, StoreError> {
        if display_name.trim().is_empty() {
            return Err(StoreError::invalid("display_name", "Skriv brugerens navn.", "display name is empty"));
        }
        let sql = "UPDATE users SET display_name = $1, role = $2, unit_id = $3 WHERE id = $4";
        let n = with_tx!(self, conn => sqlx::query(sql).bind(display_name.trim()).bind(role.code()).bind(unit_id).bind(id).execute(conn).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(StoreError::NotFound { entity: crate::Entity::User, id });
        }
        if let Some(hash) = password_hash {
            let sql = "UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL WHERE id = $2";
            with_tx!(self, conn => sqlx::query(sql).bind(hash).bind(id).execute(conn).await.map(|_| ()))?;
        }
        self.end_sessions(id).await?;
        self.user(id).await
    }

    /// Deactivates (or reactivates) an account. A deactivated user cannot sign in, and their
    /// open sessions end in the same transaction; the account stays, because the access log
    /// refers to it.
    pub async fn set_user_active(&mut self, id: i64, active: bool) -> Result<User, StoreError> {
        let sql = "UPDATE users SET active = $1 WHERE id = $2";
        let n = with_tx!(self, conn => sqlx::query(sql).bind(active).bind(id).execute(conn).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(StoreError::NotFound { entity: crate::Entity::User, id });
        }
        if !active {
            self.end_sessions(id).await?;
        }
        self.user(id).await
    }

    async fn end_sessions(&mut self, user_id: i64) -> Result<(), StoreError> {
        let sql = "DELETE FROM sessions WHERE user_id = $1";
        with_tx!(self, conn => sqlx::query(sql).bind(user_id).execute(conn).await.map(|_| ()))?;
        Ok(())
    }
}
