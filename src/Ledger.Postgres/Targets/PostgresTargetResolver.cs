using Ledger.Execution;
using Ledger.Scoping;
using Ledger.Targets;
using Npgsql;

namespace Ledger.Postgres.Targets;

/// <summary>
/// Where PostgreSQL databases are. A scope's <c>database</c> is an Npgsql connection string and its <c>schema</c> the
/// schema holding the journal and the scope's objects (<c>public</c> when absent). A set named by a query is either a
/// <b>schema per tenant</b> (<c>"schema": "tenant_{user}"</c>: every tenant in one database, sharing its pool) or a
/// <b>database per tenant</b> (<c>{user}</c> in <c>Database=</c>), on one server or several (a query's further column in
/// <c>Host=</c>, <c>{shard}</c>). Each member's location is a connection string whose <c>Search Path</c> is its schema
/// (<see cref="PostgresLocation"/>). Names and values arrive checked (<see cref="MemberNames"/>); the resolver refuses a
/// schema or database name PostgreSQL would cut (63 bytes) or reserves (<c>pg_</c>), and the engine quotes every name
/// as an identifier anyway. A database-per-tenant member's connections are never pooled (a template's
/// <c>Pooling=true</c> included): thousands of tenant databases must not each keep idle connections on the server.
/// </summary>
public sealed partial class PostgresTargetResolver : ITargetResolver
{
    private const string User = "user";

    /// <inheritdoc />
    /// <remarks>A connection string is not a path: the scope is returned as it is.</remarks>
    public ScopeDefinition Anchored(ScopeDefinition scope, string directory) => scope;

    /// <inheritdoc />
    public IReadOnlyList<LocationProblem> Problems(ScopeDefinition scope)
    {
        var problems = new List<LocationProblem>();
        if (scope.Glob is not null)
        {
            problems.Add(new LocationProblem("glob",
                "PostgreSQL scopes have no glob: list a set's members with 'query' and 'from', and place them with 'schema' or Database= (docs/postgres.md)"));
        }

        if (scope.Database is not string database) return problems;
        (ConnectionTemplate? template, string? unreadable) = ConnectionTemplate.Read(database);
        if (template is null)
        {
            problems.Add(new LocationProblem("database", unreadable!));
            return problems;
        }

        problems.AddRange(template.Problems().Select(p => new LocationProblem("database", p)));
        string[] inSchema = scope.Schema is null ? [] : ConnectionTemplate.PlaceholdersIn(scope.Schema).ToArray();
        if (!scope.IsSet)
        {
            if (template.Placeholders.Count > 0)
            {
                problems.Add(new LocationProblem("database",
                    $"holds a placeholder ({{{template.Placeholders[0]}}}), but scope {scope.Name} is one database (a set needs 'query' and 'from')"));
            }

            if (inSchema.Length > 0)
            {
                problems.Add(new LocationProblem("schema",
                    $"'{scope.Schema}' holds a placeholder ({{{inSchema[0]}}}), but scope {scope.Name} is one database (a set needs 'query' and 'from')"));
            }
        }
        else if (scope.Query is not null)
        {
            int users = template.UserInDatabase + inSchema.Count(p => p == User);
            if (users != 1)
            {
                problems.Add(new LocationProblem(inSchema.Count(p => p == User) > 1 ? "schema" : "database",
                    users == 0
                        ? "names no place for each member: put {user} in 'schema' (a schema per tenant: \"schema\": \"tenant_{user}\") or in Database= (a database per tenant)"
                        : "holds {user} more than once: a member is either a schema ('schema') or a database (Database=), named once"));
            }
        }

        if (problems.Count > 0) return problems;

        // Fixed names are checked now; names with a placeholder when each member is resolved.
        if (scope.Schema is string schema && inSchema.Length == 0 && PostgresIdentifier.Problem(schema, "schema") is string badSchema)
        {
            problems.Add(new LocationProblem("schema", badSchema));
        }

        string? fixedDatabase = new NpgsqlConnectionStringBuilder(template.Fill(p => "{" + p + "}", port: "5432")).Database;
        if (fixedDatabase is not null && !fixedDatabase.Contains('{', StringComparison.Ordinal)
            && PostgresIdentifier.Problem(fixedDatabase, "database") is string badDatabase)
        {
            problems.Add(new LocationProblem("database", badDatabase));
        }

        return problems;
    }

    /// <inheritdoc />
    /// <remarks>Backups are the server's job on PostgreSQL: no folder of them can be taken for members.</remarks>
    public BackupClash? BackupClash(ScopeDefinition set, string? backupDirectory) => null;

    /// <inheritdoc />
    public DatabaseTarget One(ScopeDefinition scope)
    {
        string database = scope.Database ?? throw new ArgumentException($"scope {scope.Name} has no database", nameof(scope));
        return Target(DatabaseTarget.Single(scope.Name, ""), new NpgsqlConnectionStringBuilder(database), scope.Schema);
    }

    /// <inheritdoc />
    public IMemberResolver Members(ScopeDefinition set, string? backupDirectory)
    {
        if (set.Database is null || set.Query is null) throw new ArgumentException($"scope {set.Name} is not a set named by a query", nameof(set));
        ConnectionTemplate template = ConnectionTemplate.Read(set.Database).Template
            ?? throw new ArgumentException($"scope {set.Name}: database is not a connection string", nameof(set));
        return new TemplateMembers(set, template);
    }

    /// <summary>The target with its location (the connection string with the schema as <c>Search Path</c>) and how it is shown.</summary>
    private static DatabaseTarget Target(DatabaseTarget target, NpgsqlConnectionStringBuilder builder, string? schema)
    {
        builder.SearchPath = schema is null or PostgresLocation.DefaultSchema ? null : schema;
        string location = builder.ConnectionString;
        return target with { Location = location, Display = PostgresLocation.Parse(location).Display };
    }

    /// <summary>The members of a set named by a query: each placed by the set's templates.</summary>
    private sealed class TemplateMembers(ScopeDefinition set, ConnectionTemplate template) : IMemberResolver
    {
        // A database per tenant is never pooled, even when the template says Pooling=true: a pool per tenant database
        // would keep idle connections on the server for every tenant the run touched.
        private readonly bool _unpooled = template.UserInDatabase > 0;

        public IReadOnlyList<string> Placeholders { get; } = template.Placeholders
            .Concat(set.Schema is null ? [] : ConnectionTemplate.PlaceholdersIn(set.Schema))
            .Where(p => p != User).Distinct(StringComparer.Ordinal).ToArray();

        // A schema per tenant of one fixed database (the common layout): the database's part of every location, read once,
        // so that resolving each of thousands of tenants costs no connection-string parsing.
        private readonly PostgresLocation? _fixed = template.Placeholders.Count == 0
            ? PostgresLocation.Parse(new NpgsqlConnectionStringBuilder(template.Fill(p => p)).ConnectionString)
            : null;

        public IReadOnlyList<string> Discover(CancellationToken cancellationToken) => [];

        public UserDatabase Resolve(string key, IReadOnlyDictionary<string, string>? placeholders)
        {
            string Value(string placeholder) => placeholder == User ? key
                : placeholders?.GetValueOrDefault(placeholder) ?? throw new ArgumentException($"no value for {{{placeholder}}}", nameof(placeholders));

            string? schema = set.Schema is null ? null : ConnectionTemplate.Substitute(set.Schema, Value);
            if (_fixed is not null && schema is not null && PlainName().IsMatch(schema))
            {
                return PostgresIdentifier.Problem(schema, "schema") is string refused
                    ? Rejected(key, refused)
                    : new UserDatabase(key, new DatabaseTarget(set.Name, key, _fixed.ServerConnectionString + ";Search Path=" + schema)
                    {
                        Display = (_fixed with { Schema = schema }).Display,
                    }, null);
            }

            NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = new NpgsqlConnectionStringBuilder(template.Fill(Value));
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                // A query column's value passed the name check but is no value for its keyword (Port=abc): this member
                // alone is refused. The connection string is not repeated (it may hold a password); the values are.
                string values = string.Join(", ", Placeholders.Select(p => $"{{{p}}} = '{MemberNames.Printable(Value(p))}'"));
                return Rejected(key, $"its connection string is not valid with {values} ({e.Message})");
            }

            string? problem = (schema is null ? null : PostgresIdentifier.Problem(schema, "schema"))
                              ?? (builder.Database is null ? null : PostgresIdentifier.Problem(builder.Database, "database"));
            if (problem is not null) return Rejected(key, problem);
            if (_unpooled) builder.Pooling = false;
            return new UserDatabase(key, Target(new DatabaseTarget(set.Name, key, ""), builder, schema), null);
        }

        private UserDatabase Rejected(string key, string problem) =>
            new(key, null, $"{MemberNames.Noun(set.Name)} '{MemberNames.Printable(key)}' is rejected: {problem}");
    }

    /// <summary>A schema name a connection string holds as it is, unquoted (letters, digits, <c>_</c>, <c>.</c>, <c>-</c>).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9_.-]+\z")]
    private static partial System.Text.RegularExpressions.Regex PlainName();
}
