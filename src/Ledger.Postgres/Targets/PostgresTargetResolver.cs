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
/// as an identifier anyway. A database-per-tenant member's connections are not pooled (unless the template says
/// <c>Pooling=</c> itself): thousands of tenant databases must not each keep idle connections on the server.
/// </summary>
public sealed class PostgresTargetResolver : ITargetResolver
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
        private readonly bool _unpooled = template.UserInDatabase > 0 && !template.SetsPooling;

        public IReadOnlyList<string> Placeholders { get; } = template.Placeholders
            .Concat(set.Schema is null ? [] : ConnectionTemplate.PlaceholdersIn(set.Schema))
            .Where(p => p != User).Distinct(StringComparer.Ordinal).ToArray();

        public IReadOnlyList<string> Discover(CancellationToken cancellationToken) => [];

        public UserDatabase Resolve(string key, IReadOnlyDictionary<string, string>? placeholders)
        {
            string Value(string placeholder) => placeholder == User ? key
                : placeholders?.GetValueOrDefault(placeholder) ?? throw new ArgumentException($"no value for {{{placeholder}}}", nameof(placeholders));

            var builder = new NpgsqlConnectionStringBuilder(template.Fill(Value));
            string? schema = set.Schema is null ? null : ConnectionTemplate.Substitute(set.Schema, Value);
            string? problem = (schema is null ? null : PostgresIdentifier.Problem(schema, "schema"))
                              ?? (builder.Database is null ? null : PostgresIdentifier.Problem(builder.Database, "database"));
            if (problem is not null)
            {
                return new UserDatabase(key, null, $"{MemberNames.Noun(set.Name)} '{MemberNames.Printable(key)}' is rejected: {problem}");
            }

            if (_unpooled) builder.Pooling = false;
            return new UserDatabase(key, Target(new DatabaseTarget(set.Name, key, ""), builder, schema), null);
        }
    }
}
