using Ledger.Execution;
using Ledger.Journal;
using Ledger.Postgres.Targets;
using Npgsql;

namespace Ledger.Postgres.Engine;

/// <summary>
/// Reads the journals of many tenants in a few round trips (<see cref="IJournalBatchReader"/>): the targets are grouped
/// by database (<see cref="PostgresLocation.ServerConnectionString"/>), and on one pooled connection per database, for
/// each slice of <see cref="SchemasPerRoundTrip"/> schemas, one query finds which schemas exist and hold a journal
/// table (<c>pg_namespace</c>, <c>pg_class</c>), and one batch reads every such journal (one <c>SELECT</c> per schema,
/// sent together, each schema's rows its own result). A no-op over a thousand tenant schemas is then some ten round
/// trips instead of a connection per tenant. A database with one member in the request (a database per tenant) is
/// not read: that member has no snapshot and is opened as usual, in parallel with the others, instead of costing a
/// connection of its own here, one database after another. A database that does not exist is reported missing; a journal Ledger cannot read gets no snapshot, so the tenant is opened as usual and
/// reports it.
/// </summary>
/// <param name="pools">The engine's pools.</param>
/// <param name="table">The journal table's name.</param>
internal sealed class PostgresJournalBatchReader(PostgresPools pools, string table) : IJournalBatchReader
{
    /// <summary>How many schemas one round trip reads.</summary>
    public const int SchemasPerRoundTrip = 250;

    /// <summary>
    /// Which of <paramref name="count"/> schemas exist and hold the journal table: <c>$1</c> is the table's name,
    /// <c>$2</c>… the schemas', one parameter each in a <c>VALUES</c> list. Not one <c>text[]</c> parameter: array
    /// support is the largest part of Npgsql's type handling (600 KB of the native executable, docs/performance.md), and
    /// this query was its only user.
    /// </summary>
    internal static string Present(int count)
    {
        var sql = new System.Text.StringBuilder("SELECT s.name, n.oid IS NOT NULL, c.oid IS NOT NULL FROM (VALUES ");
        for (int i = 0; i < count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append("($").Append(i + 2).Append("::text)");
        }

        return sql.Append(") AS s(name) ")
            .Append("LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = s.name ")
            .Append("LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = $1 AND c.relkind IN ('r', 'p')")
            .ToString();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JournalSnapshot?>> ReadManyAsync(IReadOnlyList<DatabaseTarget> targets, CancellationToken cancellationToken)
    {
        var snapshots = new JournalSnapshot?[targets.Count];
        var databases = new Dictionary<string, List<(int At, string Schema)>>(StringComparer.Ordinal);
        for (int i = 0; i < targets.Count; i++)
        {
            PostgresLocation location = PostgresLocation.Parse(targets[i].Location);
            if (!databases.TryGetValue(location.ServerConnectionString, out List<(int, string)>? members))
            {
                databases[location.ServerConnectionString] = members = [];
            }

            members.Add((i, location.Schema));
        }

        foreach ((string database, List<(int At, string Schema)> members) in databases)
        {
            // One schema in its own database (a database per tenant): a connection here would save none later, and
            // the batch runs before the fan-out, one database after another. Left unknown, the member is opened the
            // usual way, in parallel with the others.
            if (members.Count == 1) continue;

            NpgsqlConnection connection;
            try
            {
                connection = await pools.OpenAsync(database, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                foreach ((int at, _) in members) snapshots[at] = new JournalSnapshot(false, JournalState.Empty);
                continue;
            }

            await using (connection)
            {
                for (int from = 0; from < members.Count; from += SchemasPerRoundTrip)
                {
                    await ReadSliceAsync(connection, members.GetRange(from, Math.Min(SchemasPerRoundTrip, members.Count - from)), snapshots, cancellationToken);
                }
            }
        }

        return snapshots;
    }

    private async Task ReadSliceAsync(NpgsqlConnection connection, List<(int At, string Schema)> members, JournalSnapshot?[] snapshots,
        CancellationToken cancellationToken)
    {
        string[] schemas = members.Select(m => m.Schema).Distinct(StringComparer.Ordinal).ToArray();
        var exists = new Dictionary<string, bool>(StringComparer.Ordinal);
        var withJournal = new List<string>();
        await using var present = new NpgsqlCommand(Present(schemas.Length), connection) { Parameters = { new NpgsqlParameter<string> { TypedValue = table } } };
        foreach (string schema in schemas) present.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
        await using (NpgsqlDataReader reader = await present.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                string schema = reader.GetString(0);
                exists[schema] = reader.GetBoolean(1);
                if (reader.GetBoolean(2)) withJournal.Add(schema);
            }
        }

        var journals = new Dictionary<string, JournalState>(StringComparer.Ordinal);
        if (withJournal.Count > 0)
        {
            await using var batch = new NpgsqlBatch(connection);
            foreach (string schema in withJournal)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(PostgresJournalDialect.SelectAllIn(schema)));
            }

            try
            {
                await using NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken);
                foreach (string schema in withJournal)
                {
                    try
                    {
                        journals[schema] = await PostgresJournalRows.ReadAsync(reader, table, cancellationToken);
                    }
                    catch (JournalFormatException)
                    {
                        // Left without a snapshot: opened on its own, it reports what is wrong with its journal.
                        while (await reader.ReadAsync(cancellationToken))
                        {
                        }
                    }

                    await reader.NextResultAsync(cancellationToken);
                }
            }
            catch (PostgresException)
            {
                // A journal dropped or changed between the two round trips: those tenants are opened on their own.
            }
        }

        foreach ((int at, string schema) in members)
        {
            bool schemaExists = exists.GetValueOrDefault(schema);
            snapshots[at] = !schemaExists ? new JournalSnapshot(false, JournalState.Empty)
                : journals.TryGetValue(schema, out JournalState? journal) ? new JournalSnapshot(true, journal)
                : withJournal.Contains(schema) ? null
                : new JournalSnapshot(true, JournalState.Empty);
        }
    }
}
