using System.Text.RegularExpressions;
using Ledger.Diagnostics;
using Ledger.Linting;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Linting;

/// <summary>
/// After a replay: <c>PRAGMA foreign_key_check</c> table by table. A "foreign key mismatch" (the referenced
/// columns are not a primary key or unique) is a schema defect SQLite only reports when the key is used; apply
/// warns about it, so lint does too, at the statement that created the child table.
/// </summary>
internal static partial class ForeignKeyCheck
{
    public static void Report(SqliteCommand command, string scope, TableCreators creators, SourceLocation fallback, LintContext context)
    {
        foreach (string table in SqliteSchema.UserTables(command.Connection!))
        {
            command.CommandText = $"PRAGMA foreign_key_check({SqliteSchema.Quote(table)})";
            try
            {
                using SqliteDataReader reader = command.ExecuteReader();
                while (reader.Read())
                {
                    // Rows that violate a key come from the ledger's own INSERTs; apply judges those per step.
                }
            }
            catch (SqliteException ex) when (Mismatch().Match(SqliteMessage.Of(ex)) is { Success: true } m)
            {
                string child = m.Groups["child"].Value, parent = m.Groups["parent"].Value;
                string reference = DescribeReference(command, child, parent) ?? $"\"{parent}\"";
                context.Report(RuleCatalog.ForeignKeyMismatch.Create(creators.Find(child) ?? fallback,
                    $"foreign key mismatch in the {scope} schema: \"{child}\" references {reference}, which is not the primary key " +
                    $"nor UNIQUE in \"{parent}\"; SQLite cannot enforce this key and fails deletes and updates on \"{parent}\" while foreign keys are on. " +
                    "Reference a unique column, or add a UNIQUE index on the referenced columns"));
            }
        }
    }

    /// <summary>The first key of <paramref name="child"/> to <paramref name="parent"/> whose target is not unique, as <c>"parent"(col, …)</c>.</summary>
    private static string? DescribeReference(SqliteCommand command, string child, string parent)
    {
        var keys = new SortedDictionary<long, List<string?>>();
        command.CommandText = $"PRAGMA foreign_key_list({SqliteSchema.Quote(child)})";
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                // id, seq, table, from, to, on_update, on_delete, match
                if (!string.Equals(reader.GetString(2), parent, StringComparison.OrdinalIgnoreCase)) continue;
                long id = reader.GetInt64(0);
                if (!keys.TryGetValue(id, out List<string?>? columns)) keys[id] = columns = [];
                columns.Add(reader.IsDBNull(4) ? null : reader.GetString(4));
            }
        }

        foreach (List<string?> columns in keys.Values)
        {
            if (columns.Any(c => c is null)) continue; // references the parent's primary key implicitly
            if (!SqliteSchema.IsUniqueKey(command.Connection!, parent, columns!)) return $"\"{parent}\"({string.Join(", ", columns)})";
        }

        return null;
    }

    [GeneratedRegex("^foreign key mismatch - \"(?<child>.*)\" referencing \"(?<parent>.*)\"$")]
    private static partial Regex Mismatch();
}
