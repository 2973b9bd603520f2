using System.Diagnostics;

namespace Ledger.Testing;

/// <summary>
/// A private PostgreSQL server for one test run: Debian's server binaries (<c>/usr/lib/postgresql/&lt;major&gt;/bin</c>,
/// kept off PATH), a cluster made by <c>initdb</c> in a fresh folder under the system's temp folder, listening only on
/// a Unix socket in that folder (no port to clash with, no password: trust for the local socket only), stopped and
/// removed by <see cref="Dispose"/>. <c>initdb</c> refuses to run as root, so as root every server command runs as the
/// <c>postgres</c> user (<c>runuser</c>). A server left behind by a run that crashed is stopped by the next start.
/// Where the binaries are missing, <see cref="Start"/> fails with one line saying what to install: never a silent skip.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string Prefix = "ledger-pg-";
    private const string OwnerFile = "owner.pid";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);

    private PostgresServer(string directory, string bin, bool durable)
    {
        Directory = directory;
        Bin = bin;
        Durable = durable;
    }

    /// <summary>The server's folder: its socket is here, its cluster in <c>data</c>, its log in <c>server.log</c>.</summary>
    public string Directory { get; }

    /// <summary>The folder of the server binaries (<c>pg_ctl</c>, <c>initdb</c>, <c>psql</c>).</summary>
    public string Bin { get; }

    /// <summary>True when started with PostgreSQL's default durability (fsync on), as the benchmark needs.</summary>
    public bool Durable { get; }

    /// <summary>The cluster's data folder.</summary>
    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>An Npgsql connection string to <paramref name="database"/> as the superuser <c>postgres</c>.</summary>
    public string ConnectionString(string database = "postgres") => $"Host={Directory};Username=postgres;Database={database}";

    /// <summary>
    /// Starts a server. <paramref name="durable"/> false (tests) turns off fsync and synchronous commit, which changes
    /// nothing a test can observe short of a power cut; true keeps PostgreSQL's defaults (the benchmark).
    /// </summary>
    /// <exception cref="InvalidOperationException">The binaries are missing, or the server did not start (its log attached).</exception>
    public static PostgresServer Start(bool durable = false)
    {
        string bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL's server binaries were not found (looked for /usr/lib/postgresql/<major>/bin/initdb and initdb on PATH): " +
            "install Debian's postgresql package (apt-get install -y postgresql) to run these tests.");
        RemoveLeftovers(bin);

        string directory = Path.Combine(Path.GetTempPath(), Prefix + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var server = new PostgresServer(directory, bin, durable);
        try
        {
            if (IsRoot) Run("chown", ["-R", "postgres:postgres", directory]);
            server.RunServerCommand("initdb", ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
            string settings = $"-c listen_addresses='' -c unix_socket_directories='{directory}' -c max_connections=300";
            if (!durable) settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            server.RunServerCommand("pg_ctl", ["-D", server.DataDirectory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "-o", settings, "start"]);
            return server;
        }
        catch (Exception e)
        {
            string log = Path.Combine(directory, "server.log");
            string tail = File.Exists(log) ? string.Join("\n", File.ReadAllLines(log).TakeLast(20)) : "(no server log)";
            server.Dispose();
            throw new InvalidOperationException($"the private PostgreSQL server did not start: {e.Message}\n{tail}", e);
        }
    }

    /// <summary>Runs <c>psql</c> on <paramref name="database"/> with <paramref name="sql"/> and returns its output (unaligned, tuples only).</summary>
    public string Psql(string sql, string database = "postgres") =>
        RunServerCommand("psql", ["-h", Directory, "-U", "postgres", "-d", database, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql]);

    /// <summary>Stops the server (fast shutdown: open sessions are ended) and removes its folder.</summary>
    public void Dispose()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                RunServerCommand("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"]);
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped, or beyond saving: the folder goes anyway, and the next start removes what is left.
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private string RunServerCommand(string tool, IReadOnlyList<string> arguments)
    {
        string path = Path.Combine(Bin, tool);
        return IsRoot ? Run("runuser", ["-u", "postgres", "--", path, .. arguments]) : Run(path, arguments);
    }

    private static string? FindBin()
    {
        const string debian = "/usr/lib/postgresql";
        if (System.IO.Directory.Exists(debian))
        {
            string? newest = System.IO.Directory.GetDirectories(debian)
                .Where(d => File.Exists(Path.Combine(d, "bin", "initdb")) && int.TryParse(Path.GetFileName(d), out _))
                .OrderByDescending(d => int.Parse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture))
                .FirstOrDefault();
            if (newest is not null) return Path.Combine(newest, "bin");
        }

        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))) return dir;
        }

        return null;
    }

    /// <summary>Stops and removes the servers of earlier runs whose test process is gone (a crash, a killed run).</summary>
    private static void RemoveLeftovers(string bin)
    {
        foreach (string dir in System.IO.Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            string owner = Path.Combine(dir, OwnerFile);
            if (File.Exists(owner) && int.TryParse(File.ReadAllText(owner).Trim(), out int pid) && IsAlive(pid)) continue;
            var leftover = new PostgresServer(dir, bin, durable: false);
            try
            {
                if (File.Exists(Path.Combine(leftover.DataDirectory, "postmaster.pid")))
                {
                    leftover.RunServerCommand("pg_ctl", ["-D", leftover.DataDirectory, "-m", "immediate", "-w", "stop"]);
                }
            }
            catch (InvalidOperationException)
            {
            }

            try
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using Process p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Run(string file, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (string a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)}: no answer after {CommandTimeout.TotalSeconds} s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result.Trim()} {stdout.Result.Trim()}");
        }

        return stdout.Result;
    }
}
