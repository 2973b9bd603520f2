using Npgsql;

namespace Ledger.Postgres.Targets;

/// <summary>
/// Where a PostgreSQL database of a scope is: a <see cref="Execution.DatabaseTarget"/>'s <c>Location</c> on this engine
/// is an Npgsql connection string, and the schema that holds the journal and the scope's objects (a tenant's schema
/// for a schema-per-tenant set) is its <c>Search Path</c> keyword: one schema, its name as written (never quoted there;
/// Ledger quotes it as an identifier wherever it writes SQL). Without one, the schema is <c>public</c>. Connections are
/// pooled by <see cref="ServerConnectionString"/> (the location without its schema), so every tenant schema of one
/// database shares one pool.
/// </summary>
/// <param name="ServerConnectionString">The connection string without <c>Search Path</c>: one pool per database, shared by its schemas.</param>
/// <param name="Schema">The schema (<c>public</c> when the location names none).</param>
/// <param name="Database">The database's name (<c>Database=</c>; Npgsql's default, the user name, when absent).</param>
/// <param name="Host">The server (<c>Host=</c>: a name, an address, or a Unix socket's folder).</param>
public sealed record PostgresLocation(string ServerConnectionString, string Schema, string Database, string Host)
{
    /// <summary>The default schema.</summary>
    public const string DefaultSchema = "public";

    /// <summary>Reads a target's location.</summary>
    /// <exception cref="ArgumentException">Not a connection string Npgsql accepts.</exception>
    public static PostgresLocation Parse(string location)
    {
        var builder = new NpgsqlConnectionStringBuilder(location);
        string schema = string.IsNullOrEmpty(builder.SearchPath) ? DefaultSchema : builder.SearchPath;
        builder.SearchPath = null;
        string database = builder.Database ?? builder.Username ?? Environment.UserName;
        return new PostgresLocation(builder.ConnectionString, schema, database, builder.Host ?? "");
    }

    /// <summary>The location string of <paramref name="schema"/> in the database of <paramref name="serverConnectionString"/>.</summary>
    public static string Of(string serverConnectionString, string schema)
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString);
        builder.SearchPath = schema == DefaultSchema ? null : schema;
        return builder.ConnectionString;
    }

    /// <summary>How messages show it: host, database and schema, never a password.</summary>
    public string Display => Schema == DefaultSchema ? $"{Host}/{Database}" : $"{Host}/{Database} schema {Schema}";
}
