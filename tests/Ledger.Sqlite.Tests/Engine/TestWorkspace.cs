using Ledger.Execution;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Scoping;
using Ledger.Sqlite.Engine;
using Ledger.Sqlite.Targets;
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
        LoadedLedger loaded = LedgerLoader.Load(ledger, "MIGRATIONS.md", Linting.SqliteLint.Options());
        Assert.IsNotNull(loaded.Set, string.Join("\n", loaded.Diagnostics));
        return loaded.Set;
    }

    public Task<RunResult> ApplyAsync(string ledger, ApplyOptions? options = null, ScopeDefinition? users = null, IDatabaseEngine? engine = null) =>
        ApplyAsync(Load(ledger), options, users, engine);

    public Task<RunResult> ApplyAsync(MigrationSet set, ApplyOptions? options = null, ScopeDefinition? users = null, IDatabaseEngine? engine = null) =>
        new MigrationRunner(Targets(users, engine)).ApplyAsync(set, options ?? new ApplyOptions { Backup = false, CreateMissing = true });

    /// <summary>The default user scope: <c>SELECT username FROM users</c> on the system database, files under users/.</summary>
    public ScopeDefinition Users => QueryUsers("SELECT username FROM users ORDER BY username", UserTemplate);

    /// <summary>A user scope listed by a query on the system database.</summary>
    public static ScopeDefinition QueryUsers(string query, string template) =>
        new(Scopes.User) { From = Scopes.System, Query = query, Database = template };

    /// <summary>A user scope found by a glob.</summary>
    public static ScopeDefinition GlobUsers(string glob) => new(Scopes.User) { Glob = glob };

    /// <summary>The system database (<see cref="SystemPath"/>) then <paramref name="users"/> (default <see cref="Users"/>), on SQLite or <paramref name="engine"/>.</summary>
    public ScopeTargets Targets(ScopeDefinition? users = null, IDatabaseEngine? engine = null) =>
        new(new ScopeLayout([new ScopeDefinition(Scopes.System) { Database = SystemPath }, users ?? Users]),
            new EngineRegistry(engine ?? new SqliteEngine(TimeSpan.FromSeconds(5))));

    public DatabaseTarget User(string name) => new(Scopes.User, name, UserPath(name));

    /// <summary>Every file under the root (relative path → length, last write time, SHA-256), to prove nothing changed.</summary>
    public SortedDictionary<string, string> Snapshot()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            byte[] bytes = File.ReadAllBytes(file);
            files[Path.GetRelativePath(Root, file)] =
                $"{bytes.Length} {File.GetLastWriteTimeUtc(file):O} {Convert.ToHexString(global::System.Security.Cryptography.SHA256.HashData(bytes))}";
        }

        return files;
    }

    /// <summary>Relative paths of every file and folder under the root.</summary>
    public List<string> Entries() =>
        Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(Root, p)).Order(StringComparer.Ordinal).ToList();

    public static string Describe(RunResult result) =>
        string.Join("\n", result.All.Select(r => $"{r.Outcome}: {r.Describe()}" + (r.Warnings.Count == 0 ? "" : " [" + string.Join("; ", r.Warnings) + "]")))
        + (result.UsersNotReached is null ? "" : "\nnot reached: " + result.UsersNotReached);

    public static DatabaseResult Only(RunResult result, string user) => result.Users.Single(r => r.Target.Name == user);

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

    public void Execute(string path, string sql, params (string Name, object? Value)[] parameters)
    {
        using SqliteConnection c = Open(path);
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach ((string name, object? value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
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
