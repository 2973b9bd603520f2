using System.Globalization;
using Ledger.Execution;
using Ledger.Journal;
using Ledger.Postgres.Targets;

namespace Ledger.Postgres.Engine;

/// <summary>
/// The journal's SQL on PostgreSQL. The journal lives in the target's schema (<see cref="PostgresLocation.Schema"/>):
/// every statement names it unqualified, and each connection first sets <c>search_path</c> to that schema followed by
/// <c>pg_temp</c> (<see cref="SessionSetup"/>), so a temporary table of the same name never receives a step's row,
/// and a block's unqualified names are the tenant's. The step lock and the session lock are advisory locks keyed on
/// the target (see <see cref="LockClass"/>).
/// </summary>
public sealed class PostgresJournalDialect : IJournalDialect
{
    /// <summary>
    /// The first half of every advisory lock Ledger takes (the two-integer form): <c>LEDG</c> in ASCII. Locks of the
    /// one-<c>bigint</c> form never collide with these (PostgreSQL keeps the two forms apart); an application that uses
    /// the two-integer form with this same first key could wait for Ledger, never corrupt it.
    /// </summary>
    public const int LockClass = 0x4C454447;

    private const string Table = "ledger_history";

    /// <inheritdoc />
    public string TableName => Table;

    /// <inheritdoc />
    /// <remarks>
    /// <c>applied_at</c> is text (ISO-8601 UTC with milliseconds, as on every engine), so a journal reads the same
    /// wherever it lives; <c>duration_ms</c> is a <c>bigint</c>.
    /// </remarks>
    public string CreateTable =>
        $"""
        CREATE TABLE IF NOT EXISTS {Table} (
            scope        text   NOT NULL,
            from_version text   NOT NULL,
            to_version   text   NOT NULL,
            checksum     text   NOT NULL,
            title        text,
            applied_at   text   NOT NULL,
            duration_ms  bigint NOT NULL,
            kind         text   NOT NULL CHECK (kind IN ('applied', 'empty', 'baselined', 'started')),
            PRIMARY KEY (scope, from_version, to_version)
        )
        """;

    /// <inheritdoc />
    public string SelectAll => SelectColumns + Table;

    /// <summary><see cref="SelectAll"/> of the journal in <paramref name="schema"/> (reading many tenants' journals at once).</summary>
    internal static string SelectAllIn(string schema) => SelectColumns + Identifier(schema) + "." + Table;

    private const string SelectColumns = "SELECT scope, from_version, to_version, checksum, title, applied_at, duration_ms, kind FROM ";

    /// <inheritdoc />
    /// <remarks>
    /// <c>search_path</c> is the target's schema, then <c>pg_temp</c> (named last, so temporary objects never shadow
    /// the tenant's). Nothing else is on it: an extension installed in <c>public</c> is reached as <c>public.name</c>
    /// from a tenant schema. A pooled connection's settings are reset when it goes back to the pool.
    /// </remarks>
    public IReadOnlyList<string> SessionSetup(DatabaseTarget target) => [SearchPath(PostgresLocation.Parse(target.Location).Schema)];

    /// <summary>The <c>SET search_path</c> of a schema.</summary>
    internal static string SearchPath(string schema) => $"SET search_path TO {Identifier(schema)}, pg_temp";

    /// <inheritdoc />
    /// <remarks>
    /// READ COMMITTED whatever the server's or database's <c>default_transaction_isolation</c>: the journal is read
    /// again after the step lock, and must see a step another runner committed while this one waited. Under
    /// REPEATABLE READ or SERIALIZABLE the snapshot would be taken at the lock statement, before that commit.
    /// </remarks>
    public string Begin => "BEGIN ISOLATION LEVEL READ COMMITTED";

    /// <inheritdoc />
    /// <remarks>
    /// A transaction-level advisory lock, tried and not waited for: the connection runs the statement again, backing
    /// off, until it returns true. A blocking wait would hold a snapshot while it waits, and a
    /// <c>CREATE INDEX CONCURRENTLY</c> of a no-transaction block on the same target (which holds the session lock
    /// and waits for every older snapshot) would then deadlock with it.
    /// </remarks>
    public string? StepLock(DatabaseTarget target) => $"SELECT pg_try_advisory_xact_lock({LockArguments(target)})";

    /// <inheritdoc />
    public string SessionLock(DatabaseTarget target) => $"SELECT pg_try_advisory_lock({LockArguments(target)})";

    /// <inheritdoc />
    public string SessionUnlock(DatabaseTarget target) => $"SELECT pg_advisory_unlock({LockArguments(target)})";

    /// <inheritdoc />
    public string Commit => "COMMIT";

    /// <inheritdoc />
    public string Rollback => "ROLLBACK";

    /// <summary>The expression of "now" in <c>applied_at</c>'s format, for a row of a plan that has not run.</summary>
    public const string Now = "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

    /// <inheritdoc />
    public string Insert(JournalEntry e) =>
        $"INSERT INTO {Table} (scope, from_version, to_version, checksum, title, applied_at, duration_ms, kind) VALUES (" +
        $"{Literal(e.Scope)}, {Literal(e.From)}, {Literal(e.To)}, {Literal(e.Checksum)}, {Literal(e.Title)}, {AppliedAt(e)}, " +
        $"{e.DurationMs.ToString(CultureInfo.InvariantCulture)}, {Literal(e.Kind)})";

    /// <summary>The insert with parameters $1…$8 in <see cref="Insert"/>'s order (prepared once per pooled connection).</summary>
    internal const string ParameterizedInsert =
        "INSERT INTO " + Table + " (scope, from_version, to_version, checksum, title, applied_at, duration_ms, kind) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

    /// <inheritdoc />
    public string Update(JournalEntry e) =>
        $"UPDATE {Table} SET checksum = {Literal(e.Checksum)}, title = {Literal(e.Title)}, applied_at = {AppliedAt(e)}, " +
        $"duration_ms = {e.DurationMs.ToString(CultureInfo.InvariantCulture)}, kind = {Literal(e.Kind)} " +
        $"WHERE scope = {Literal(e.Scope)} AND from_version = {Literal(e.From)} AND to_version = {Literal(e.To)}";

    /// <inheritdoc />
    public string Delete(JournalEntry e) =>
        $"DELETE FROM {Table} WHERE scope = {Literal(e.Scope)} AND from_version = {Literal(e.From)} AND to_version = {Literal(e.To)}";

    /// <summary>
    /// The arguments of every advisory lock on <paramref name="target"/>: <see cref="LockClass"/> and the hash of its
    /// schema. Advisory locks belong to the database they are taken in, so the database is part of the key already.
    /// Two schemas whose names hash alike share a lock: their steps wait for each other, nothing more.
    /// </summary>
    internal static string LockArguments(DatabaseTarget target) => LockArguments(PostgresLocation.Parse(target.Location).Schema);

    internal static string LockArguments(string schema) => $"{LockClass.ToString(CultureInfo.InvariantCulture)}, hashtext({Literal(schema)})";

    private static string AppliedAt(JournalEntry e) => e.AppliedAt.Length == 0 ? Now : Literal(e.AppliedAt);

    /// <summary>
    /// A string literal that means the same whatever <c>standard_conforming_strings</c> says: an escape string
    /// (<c>E'…'</c>) with <c>\</c> and <c>'</c> escaped, when the value holds a backslash; a plain <c>'…'</c> with
    /// <c>'</c> doubled otherwise (a plain literal without a backslash reads the same under either setting). NULL for null.
    /// </summary>
    internal static string Literal(string? value) =>
        value is null ? "NULL"
        : value.Contains('\\', StringComparison.Ordinal)
            ? "E'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'"
            : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A quoted identifier: <c>"name"</c>, a <c>"</c> doubled.</summary>
    internal static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
