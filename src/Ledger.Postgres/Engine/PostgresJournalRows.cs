using Ledger.Journal;
using Npgsql;

namespace Ledger.Postgres.Engine;

/// <summary>
/// Reads the journal's rows from a result (the columns of <see cref="PostgresJournalDialect.SelectAll"/>), checking each
/// value is of the type Ledger writes, so that a table someone changed by hand is reported, never misread.
/// </summary>
internal static class PostgresJournalRows
{
    private const int Title = 4;
    private const int Duration = 6;

    /// <summary>The rows of the current result.</summary>
    /// <exception cref="JournalFormatException">A row Ledger cannot have written.</exception>
    public static async Task<JournalState> ReadAsync(NpgsqlDataReader reader, string table, CancellationToken cancellationToken)
    {
        for (int i = 0; i < reader.FieldCount; i++)
        {
            Type expected = i == Duration ? typeof(long) : typeof(string);
            Type type = reader.GetFieldType(i);
            if (type != expected)
            {
                throw new JournalFormatException(table, 1, $"has the column {reader.GetName(i)} of type {reader.GetDataTypeName(i)}, where Ledger writes {(i == Duration ? "bigint" : "text")}");
            }
        }

        var entries = new List<JournalEntry>();
        int row = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            row++;
            for (int i = 0; i < reader.FieldCount; i++)
            {
                if (i != Title && reader.IsDBNull(i)) throw new JournalFormatException(table, row, $"has NULL in {reader.GetName(i)}");
            }

            var entry = new JournalEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(Title) ? null : reader.GetString(Title), reader.GetString(5), reader.GetInt64(Duration), reader.GetString(7));
            if (entry.Problem() is string problem) throw new JournalFormatException(table, row, problem);
            entries.Add(entry);
        }

        return new JournalState(entries);
    }
}
