using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Ledger.Cli.Tests;

/// <summary>Plain SQL on the databases the tool left behind.</summary>
public static class Sql
{
    public static List<string> Column(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.IsDBNull(0) ? "NULL" : Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        return values;
    }

    public static string Scalar(string path, string sql) => Column(path, sql).Single();

    public static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static List<string> Columns(string path, string table) => Column(path, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid");

    public static List<string> Journal(string path) =>
        Column(path, "SELECT from_version || '->' || to_version || ' ' || kind FROM ledger_history ORDER BY rowid");
}
