using Npgsql;

namespace Ledger.Postgres.Linting;

/// <summary>
/// A database's schema as its catalog describes it, for the replay's down-block check: "kind name" → definition, for
/// every relation, column, index, constraint, routine, trigger, type, schema and extension outside PostgreSQL's own schemas.
/// </summary>
internal static class PostgresSchema
{
    private const string UserSchemas = "n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'";

    private const string Query = $"""
        SELECT 'relation ' || n.nspname || '.' || c.relname, c.relkind::text || coalesce(' ' || pg_get_viewdef(c.oid), '')
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE {UserSchemas} AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        UNION ALL
        SELECT 'column ' || n.nspname || '.' || c.relname || '.' || a.attname,
               format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                 || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE {UserSchemas} AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        UNION ALL
        SELECT 'index ' || n.nspname || '.' || c.relname, pg_get_indexdef(c.oid)
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE {UserSchemas} AND c.relkind IN ('i', 'I')
        UNION ALL
        SELECT 'constraint ' || n.nspname || '.' || coalesce(c.relname || '.', '') || con.conname, pg_get_constraintdef(con.oid)
          FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace LEFT JOIN pg_class c ON c.oid = con.conrelid
         WHERE {UserSchemas}
        UNION ALL
        SELECT 'routine ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', pg_get_functiondef(p.oid)
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE {UserSchemas} AND p.prokind IN ('f', 'p')
        UNION ALL
        SELECT 'trigger ' || n.nspname || '.' || c.relname || '.' || t.tgname, pg_get_triggerdef(t.oid)
          FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE {UserSchemas} AND NOT t.tgisinternal
        UNION ALL
        SELECT 'type ' || n.nspname || '.' || t.typname,
               t.typtype::text || coalesce(' ' || (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), '')
          FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_class c ON c.oid = t.typrelid
         WHERE {UserSchemas} AND (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND c.relkind = 'c'))
        UNION ALL
        SELECT 'schema ' || n.nspname, '' FROM pg_namespace n WHERE {UserSchemas}
        UNION ALL
        SELECT 'extension ' || extname, extversion FROM pg_extension WHERE extname <> 'plpgsql'
        """;

    /// <summary>The schema of the database <paramref name="connection"/> is open on.</summary>
    public static SortedDictionary<string, string> Read(NpgsqlConnection connection)
    {
        var schema = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var command = new NpgsqlCommand(Query, connection);
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            schema[reader.GetString(0)] = reader.IsDBNull(1) ? "" : reader.GetString(1);
        }

        return schema;
    }
}
