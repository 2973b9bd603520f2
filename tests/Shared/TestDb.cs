using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Ledger.Testing;

/// <summary>Plain SQL on the databases the tool left behind (CLI tests and the reliability suite).</summary>
public static class TestDb
{
    public static SqliteConnection Open(string path, bool readOnly = true)
    {
        var connection = new SqliteConnection($"Data Source={path};Mode={(readOnly ? "ReadOnly" : "ReadWrite")};Pooling=False;Default Timeout=60");
        connection.Open();
        return connection;
    }

    public static List<string> Column(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.IsDBNull(0) ? "NULL" : Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        return values;
    }

    public static List<string> Column(string path, string sql)
    {
        using SqliteConnection connection = Open(path);
        return Column(connection, sql);
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

    /// <summary>
    /// A copy of a database as a crash left it (file and journals), opened once read-write so SQLite rolls a hot journal
    /// back, as the next run would. The original is left as it is.
    /// </summary>
    public static string RecoveredCopy(string path, string scratch)
    {
        Directory.CreateDirectory(scratch);
        string copy = Path.Combine(scratch, Path.GetFileName(path));
        foreach (string suffix in new[] { "", "-journal", "-wal", "-shm" })
        {
            File.Delete(copy + suffix);
            if (File.Exists(path + suffix)) File.Copy(path + suffix, copy + suffix);
        }

        using (SqliteConnection recover = Open(copy, readOnly: false))
        {
            Column(recover, "SELECT count(*) FROM sqlite_master");
        }

        return copy;
    }

    public static List<string> Columns(string path, string table) => Column(path, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid");

    public static List<string> Journal(string path) =>
        Column(path, "SELECT from_version || '->' || to_version || ' ' || kind FROM ledger_history ORDER BY rowid");

    /// <summary>Content hash and write time of every file under a folder: proof that nothing was touched.</summary>
    public static SortedDictionary<string, string> Fingerprint(string folder)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            result[Path.GetRelativePath(folder, file)] =
                $"{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)))} {File.GetLastWriteTimeUtc(file):O}";
        }

        return result;
    }
}
