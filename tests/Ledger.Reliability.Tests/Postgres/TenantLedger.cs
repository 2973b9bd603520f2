using System.Globalization;
using System.Text;
using Npgsql;

namespace Ledger.Reliability.Tests.Postgres;

/// <summary>
/// A schema-per-tenant ledger for the PostgreSQL reliability tests. The system scope (the database's <c>public</c>
/// schema) creates and fills <c>tenants</c>; each tenant is the schema <c>tenant_{name}</c> (created when missing).
/// Tenant step k (1-based) creates the marker table <c>m{k}</c> with <see cref="Rows"/> rows (a second run of the step
/// fails: the table exists) and records k in <c>marks</c> (primary key: a second row fails too), so the schema says
/// exactly which steps ran, and how often. Versions: step k reaches <c>1.{k-1}.0</c>, as <see cref="SlowLedger"/>.
/// </summary>
public sealed class TenantLedger
{
    public TenantLedger(int tenants, int steps, int rows)
    {
        Tenants = tenants;
        Steps = steps;
        Rows = rows;
    }

    public int Tenants { get; }

    public int Steps { get; }

    public int Rows { get; }

    public static string Name(int i) => $"t{i:D4}";

    public static string Schema(string name) => "tenant_" + name;

    /// <summary>The tenant edges in order, as journal rows read them: "baseline->1.0.0 applied".</summary>
    public IReadOnlyList<string> Edges => Enumerable.Range(0, Steps).Select(k => $"{SlowLedger.AtSteps(k)}->{SlowLedger.Version(k)} applied").ToList();

    public string Text(string? extraStep = null)
    {
        var sb = new StringBuilder("# PostgreSQL reliability ledger\n");
        for (int k = 0; k < Steps; k++)
        {
            string from = SlowLedger.AtSteps(k), to = SlowLedger.Version(k);
            sb.Append(CultureInfo.InvariantCulture, $"\n### Migration: {from} → {to}\n\n");
            if (k == 0)
            {
                sb.Append("```sql\n-- [system:baseline→1.0.0:start]\nCREATE TABLE tenants (name text PRIMARY KEY);\n");
                sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO tenants SELECT 't' || lpad(i::text, 4, '0') FROM generate_series(1, {Tenants}) i;\n");
                sb.Append("-- [system:baseline→1.0.0:end]\n```\n\n");
            }

            sb.Append(CultureInfo.InvariantCulture, $"```sql\n-- [tenant:{from}→{to}:start]\n");
            if (k == 0) sb.Append("CREATE TABLE marks (step integer PRIMARY KEY);\n");
            sb.Append(CultureInfo.InvariantCulture, $"CREATE TABLE m{k + 1} (i integer PRIMARY KEY, pad text NOT NULL);\n");
            sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO m{k + 1} SELECT g, md5(g::text) FROM generate_series(1, {Rows}) g;\n");
            sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO marks VALUES ({k + 1});\n");
            sb.Append(CultureInfo.InvariantCulture, $"-- [tenant:{from}→{to}:end]\n```\n");
        }

        if (extraStep is not null) sb.Append(extraStep);
        return sb.ToString();
    }

    /// <summary>ledger.json: the system scope and the schema-per-tenant set, on the database of <paramref name="connectionString"/>.</summary>
    public static string Config(string connectionString) => $$"""
        {
          "ledger": "MIGRATIONS.md",
          "scopes": {
            "system": { "engine": "postgres", "database": "{{connectionString}}" },
            "tenant": { "engine": "postgres", "from": "system", "query": "SELECT name FROM tenants ORDER BY name",
                        "database": "{{connectionString}}", "schema": "tenant_{user}", "createMissing": true }
          }
        }
        """;

    /// <summary>
    /// Every tenant schema as it is now: how many steps its journal records, or a problem — a journal that is not a
    /// prefix of the edges (in order, each once, all 'applied'), or a schema that does not match it (marker tables,
    /// their row counts, <c>marks</c>). A schema that does not exist yet, or has no journal, is at no step and must hold
    /// no marker.
    /// </summary>
    public Dictionary<string, (int Steps, string? Problem)> Audit(string connectionString)
    {
        using NpgsqlConnection connection = PgServer.Open(connectionString);
        var result = new Dictionary<string, (int, string?)>(StringComparer.Ordinal);
        for (int i = 1; i <= Tenants; i++)
        {
            string schema = Schema(Name(i));
            result[schema] = AuditOne(connection, schema);
        }

        return result;
    }

    private (int, string?) AuditOne(NpgsqlConnection connection, string schema)
    {
        List<string> tables = Column(connection, $"SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{schema}' AND c.relkind = 'r' ORDER BY 1");
        List<string> journal = tables.Contains("ledger_history")
            ? Column(connection, $"SELECT from_version || '->' || to_version || ' ' || kind FROM \"{schema}\".ledger_history WHERE scope = 'tenant'")
            : [];
        int steps = journal.Count;
        IReadOnlyList<string> edges = Edges;
        if (steps > Steps || !journal.Order(StringComparer.Ordinal).SequenceEqual(edges.Take(steps).Order(StringComparer.Ordinal)))
        {
            return (steps, $"journal [{string.Join(", ", journal)}] is not the first {steps} edge(s) of the line, each once");
        }

        var markers = tables.Where(t => t.Length > 1 && t[0] == 'm' && t[1..].All(char.IsAsciiDigit)).Order(StringComparer.Ordinal).ToList();
        var expected = Enumerable.Range(1, steps).Select(k => $"m{k}").Order(StringComparer.Ordinal).ToList();
        if (!markers.SequenceEqual(expected)) return (steps, $"{steps} step(s) in the journal, marker tables [{string.Join(", ", markers)}]");
        if (steps == 0) return (0, tables.Contains("marks") ? "no step in the journal, but a marks table" : null);
        List<string> marks = Column(connection, $"SELECT step::text FROM \"{schema}\".marks ORDER BY step");
        if (!marks.SequenceEqual(Enumerable.Range(1, steps).Select(k => k.ToString(CultureInfo.InvariantCulture))))
        {
            return (steps, $"{steps} step(s) in the journal, marks [{string.Join(", ", marks)}]");
        }

        foreach (string marker in markers)
        {
            string count = Column(connection, $"SELECT count(*)::text FROM \"{schema}\".{marker}")[0];
            if (count != Rows.ToString(CultureInfo.InvariantCulture)) return (steps, $"{marker} holds {count} rows, not {Rows}");
        }

        return (steps, null);
    }

    /// <summary>How many rows the tenant journals hold in all, in one query (each schema's table counted through query_to_xml).</summary>
    public static long JournalRows(string connectionString)
    {
        using NpgsqlConnection connection = PgServer.Open(connectionString);
        using var command = new NpgsqlCommand("""
            SELECT coalesce(sum((xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.ledger_history', n.nspname), false, true, '')))[1]::text::bigint), 0)::bigint
            FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid
            WHERE c.relname = 'ledger_history' AND c.relkind = 'r' AND n.nspname LIKE 'tenant\_%'
            """, connection);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The system scope's journal rows: each edge once (the first applied, the others empty).</summary>
    public static List<string> SystemJournal(string connectionString)
    {
        using NpgsqlConnection connection = PgServer.Open(connectionString);
        return Column(connection, "SELECT from_version || '->' || to_version || ' ' || kind FROM public.ledger_history WHERE scope = 'system' ORDER BY to_version");
    }

    internal static List<string> Column(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        using NpgsqlDataReader reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }
}
