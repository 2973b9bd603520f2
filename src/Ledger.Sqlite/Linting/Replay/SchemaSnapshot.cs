using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Linting.Replay;

/// <summary>One object of the schema as <c>sqlite_master</c> lists it.</summary>
/// <param name="Type"><c>table</c>, <c>index</c>, <c>trigger</c> or <c>view</c>.</param>
/// <param name="Name">Its name.</param>
/// <param name="Table">The table it belongs to (<c>tbl_name</c>; a table's or view's own name).</param>
/// <param name="Sql">Its SQL, or "" for an index SQLite made for a constraint.</param>
internal sealed record SchemaObject(string Type, string Name, string Table, string Sql);

/// <summary>
/// The schema of a replay database at one moment, as <c>sqlite_master</c> lists it (without SQLite's own objects).
/// Reading it is one query; what a table's columns, keys and indexes are is derived from the SQL when a diff needs it.
/// </summary>
internal sealed class SchemaSnapshot
{
    private SchemaSnapshot(IReadOnlyDictionary<string, SchemaObject> objects)
    {
        Objects = objects;
    }

    /// <summary>Every object, keyed by "type name" with the name as SQLite stores it.</summary>
    public IReadOnlyDictionary<string, SchemaObject> Objects { get; }

    /// <summary>Reads the schema of <paramref name="connection"/>'s main database.</summary>
    public static SchemaSnapshot Read(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT type, name, tbl_name, sql FROM sqlite_master WHERE {SqliteSchema.NotInternal}";
        var objects = new SortedDictionary<string, SchemaObject>(StringComparer.Ordinal);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            var o = new SchemaObject(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? "" : reader.GetString(3));
            objects[$"{o.Type} {o.Name}"] = o;
        }

        return new SchemaSnapshot(objects);
    }

    /// <summary>The schema as the down-block check compares it: "type name" → its SQL.</summary>
    public SortedDictionary<string, string> Definitions() =>
        new(Objects.ToDictionary(o => o.Key, o => o.Value.Sql), StringComparer.Ordinal);
}
