using Ledger.Execution;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Sqlite.Engine;
using Ledger.Targets;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>A temporary folder with a system database and user databases, and helpers to run and inspect them.</summary>
internal sealed class TestWorkspace : IDisposable
{
    public TestWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "ledger-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string SystemPath => Path.Combine(Root, "system.db");

    public string UserTemplate => Path.Combine(Root, "users", "{user}.db");

    public string UserPath(string user) => Path.Combine(Root, "users", user + ".db");

    public DatabaseTarget System => new(Scopes.System, "system", SystemPath);

    public static MigrationSet Load(string ledger)
    {
        LoadedLedger loaded = LedgerLoader.Load(ledger, "MIGRATIONS.md");
        Assert.IsNotNull(loaded.Set, string.Join("\n", loaded.Diagnostics));
        return loaded.Set;
    }

    public Task<RunResult> ApplyAsync(string ledger, ApplyOptions? options = null, IUserSource? users = null, SqliteEngine? engine = null) =>
        new MigrationRunner(engine ?? new SqliteEngine(TimeSpan.FromSeconds(5)))
            .ApplyAsync(Load(ledger), System, users ?? new QueryUserSource("SELECT username FROM users", UserTemplate),
                options ?? new ApplyOptions { Backup = false, CreateMissing = true });

    public SqliteConnection Open(string path)
    {
        var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        return c;
    }

    public object? Scalar(string path, string sql)
    {
        using SqliteConnection c = Open(path);
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    public void Execute(string path, string sql)
    {
        using SqliteConnection c = Open(path);
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public List<string> Column(string path, string sql)
    {
        using SqliteConnection c = Open(path);
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using SqliteDataReader r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add(r.IsDBNull(0) ? "NULL" : Convert.ToString(r.GetValue(0), global::System.Globalization.CultureInfo.InvariantCulture)!);
        return list;
    }

    public List<string> Tables(string path) =>
        Column(path, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> 'ledger_history' ORDER BY name");

    public List<string> Columns(string path, string table) => Column(path, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid");

    public List<string> Journal(string path) =>
        Column(path, "SELECT scope || ' ' || from_version || '->' || to_version || ' ' || kind FROM ledger_history ORDER BY rowid");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
