using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ledger.Bench.FanOut;
using Ledger.Testing;
using Npgsql;

namespace Ledger.Bench.PgFanOut;

/// <summary>A tool under test on PostgreSQL.</summary>
/// <param name="Name">Shown in the table.</param>
/// <param name="Command">Program and arguments, given the measured database's name.</param>
/// <param name="Journal">The table in each tenant schema where the tool records its steps.</param>
/// <param name="MaxTenants">Measured on at most this many tenants, then scaled to N (null: all N).</param>
internal sealed record PgContender(string Name, Func<string, (string File, string[] Args)> Command, string Journal, int? MaxTenants = null);

/// <summary>One contender's run: apply from empty and the no-op after it, whole process, with peak memory.</summary>
internal sealed record PgSample(double ApplyMs, double NoopMs, long PeakBytes);

/// <summary>Medians of one contender at one tenant count, and the medians of its per-round ratios to the floor.</summary>
internal sealed record PgResult(string Name, int Tenants, int Measured, int Steps, double ApplyMs, double NoopMs, long PeakBytes,
    double ApplyRatio, double NoopRatio, IReadOnlyList<double> ApplyRatios, IReadOnlyList<double> NoopRatios, int Runs);

/// <summary>
/// The PostgreSQL fan-out: a private durable server (PostgreSQL's defaults: fsync and synchronous commit on) started
/// for the run, N tenants as N empty schemas of one database listed by a <c>tenants</c> table in its <c>public</c>
/// schema, M steps. In every round each contender gets a fresh database, applies from empty and runs again as a
/// no-op, each a whole process timed from start to exit; every tenant's schema and journal are then checked. With
/// <c>--noop-tenants</c>, the no-op is also measured over a larger database (brought up once by Ledger itself, its
/// apply timed once), side by side with the N-tenant no-op of the same round.
/// </summary>
internal static class PgFanOutBenchmark
{
    /// <summary>
    /// Each tenant schema's signature: its relations with their columns, functions and triggers, leaving out each
    /// tool's journal. Grouped by schema in one pass over the catalogs (a query per schema would scan pg_class once per
    /// schema: minutes at 10,000).
    /// </summary>
    private const string SignatureSql = """
        WITH cols AS (
            SELECT a.attrelid, string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN '!' ELSE '' END, ',' ORDER BY a.attnum) s
            FROM pg_attribute a WHERE a.attnum > 0 AND NOT a.attisdropped GROUP BY a.attrelid),
        rels AS (
            SELECT c.relnamespace ns, string_agg(c.relkind::text || ' ' || c.relname || ' ' || coalesce(cols.s, ''), E'\n' ORDER BY c.relkind, c.relname) s
            FROM pg_class c LEFT JOIN cols ON cols.attrelid = c.oid
            WHERE c.relname !~ '^(floor_journal|ledger_|schema_migrations)' GROUP BY c.relnamespace),
        procs AS (SELECT p.pronamespace ns, string_agg(p.proname, ',' ORDER BY p.proname) s FROM pg_proc p GROUP BY p.pronamespace),
        trigs AS (
            SELECT c.relnamespace ns, string_agg(t.tgname, ',' ORDER BY t.tgname) s
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal GROUP BY c.relnamespace)
        SELECT n.nspname, md5(coalesce(rels.s, '') || '|' || coalesce(procs.s, '') || '|' || coalesce(trigs.s, ''))
        FROM pg_namespace n LEFT JOIN rels ON rels.ns = n.oid LEFT JOIN procs ON procs.ns = n.oid LEFT JOIN trigs ON trigs.ns = n.oid
        WHERE n.nspname LIKE 'tenant\_%'
        """;


    public static int Run(string ledgerDll, string benchDll, int tenants, int steps, int runs, int noopTenants, string? dbmate,
        int dbmateTenants, bool largeJournalsOnly, IReadOnlyList<string> only, string? output)
    {
        if (tenants < 1 || runs < 1) throw new ArgumentException("--tenants and --runs: at least 1");
        var scenario = new PgScenario(steps);
        // Not under a "ledger-pg-…" name: PostgresServer.Start removes such folders when no live process owns them.
        string root = Path.Combine(Path.GetTempPath(), "ledger-bench-pgfanout", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "MIGRATIONS.md"), scenario.Ledger());
        scenario.WriteDbmate(Path.Combine(root, "dbmate"));

        Console.Error.WriteLine("starting a private durable PostgreSQL server…");
        using PostgresServer server = PostgresServer.Start(durable: true);
        string version = Scalar(server.ConnectionString(), "SHOW server_version");
        Console.Error.WriteLine($"PostgreSQL {version} in {server.Directory}");
        try
        {
            string expected = ExpectedSignature(server, scenario);
            var contenders = Contenders(server, root, ledgerDll, benchDll, steps, dbmate, dbmateTenants)
                .Where(c => only.Count == 0 || only.Contains(c.Name)).ToList();
            if (contenders.Count == 0) throw new ArgumentException("--only names no contender (floor, ledger, dbmate loop)");

            string? big = null;
            PgContender? ledger = contenders.FirstOrDefault(c => c.Name == "ledger");
            PgContender? floor = contenders.FirstOrDefault(c => c.Name == "floor");
            if (noopTenants > 0 && ledger is not null)
            {
                var setUp = Stopwatch.StartNew();
                big = SetUpLarge(server, root, ledger, scenario, noopTenants, expected, withFloor: floor is not null, largeJournalsOnly);
                Console.Error.WriteLine($"N={noopTenants}: set up in {setUp.Elapsed.TotalSeconds:0} s");
            }

            var samples = contenders.ToDictionary(c => c.Name, _ => new List<PgSample>());
            var bigSamples = new Dictionary<string, List<(double Ms, long Peak)>>();
            for (int run = 1; run <= runs; run++)
            {
                int shift = (run - 1) % contenders.Count;
                foreach (PgContender c in contenders.Skip(shift).Concat(contenders.Take(shift)))
                {
                    int n = Math.Min(tenants, c.MaxTenants ?? tenants);
                    string db = NewDatabase(server, $"r{run}_{Slug(c.Name)}", n);
                    WriteLedgerConfig(server, root, db);
                    (string f, string[] a) = c.Command(db);
                    Settle(server);
                    ProcessMeasure apply = Check(c, ProcessMeter.Run(f, a, root), "apply", n);
                    Verify(server, db, c, expected, n, steps);
                    Settle(server);
                    ProcessMeasure noop = Check(c, ProcessMeter.Run(f, a, root), "no-op", n);
                    double scale = (double)tenants / n;
                    samples[c.Name].Add(new PgSample(apply.Milliseconds * scale, noop.Milliseconds * scale, Math.Max(apply.PeakBytes, noop.PeakBytes)));
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"N={n} run {run}/{runs} {c.Name}: apply {apply.Milliseconds:0} ms, no-op {noop.Milliseconds:0} ms, peak {Math.Max(apply.PeakBytes, noop.PeakBytes) / 1048576.0:0.0} MiB"));
                }

                if (big is null) continue;
                foreach (PgContender c in new[] { ledger, floor }.OfType<PgContender>().Skip(run % 2).Concat(new[] { ledger, floor }.OfType<PgContender>().Take(run % 2)))
                {
                    WriteLedgerConfig(server, root, big);
                    (string f, string[] a) = c.Command(big);
                    Settle(server);
                    ProcessMeasure noop = Check(c, ProcessMeter.Run(f, a, root), "no-op", noopTenants);
                    (bigSamples.TryGetValue(c.Name, out var list) ? list : bigSamples[c.Name] = []).Add((noop.Milliseconds, noop.PeakBytes));
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"N={noopTenants} run {run}/{runs} {c.Name}: no-op {noop.Milliseconds:0} ms, peak {noop.PeakBytes / 1048576.0:0.0} MiB"));
                }
            }

            var results = Results(contenders, samples, tenants, steps, runs);
            var report = new StringBuilder();
            string journalsOnlyNote = big is not null && largeJournalsOnly ? $"; the {noopTenants}-schema database holds the journals only (--large-journals-only)" : "";
            report.AppendLine(CultureInfo.InvariantCulture, $"PostgreSQL {version} (private server, durable), {tenants} tenant schemas x {steps} steps, {runs} round(s){journalsOnlyNote}");
            report.AppendLine();
            report.Append(Table(results));
            if (big is not null)
            {
                report.AppendLine();
                report.Append(BigTable(samples, bigSamples, tenants, noopTenants));
            }

            Console.WriteLine(report);
            if (output is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
                File.WriteAllText(output, JsonSerializer.Serialize(new
                {
                    server = version, tenants, steps, runs, results,
                    large = big is null ? null : new
                    {
                        tenants = noopTenants, journalsOnly = largeJournalsOnly,
                        noop = bigSamples.ToDictionary(kv => kv.Key, kv => kv.Value.Select(x => new { ms = x.Ms, peakBytes = x.Peak }).ToList()),
                    },
                }, FanOutBenchmark.Json));
                File.WriteAllText(Path.ChangeExtension(output, ".md"), report.ToString());
            }

            return 0;
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static IEnumerable<PgContender> Contenders(PostgresServer server, string root, string ledgerDll, string benchDll, int steps, string? dbmate, int dbmateTenants)
    {
        string m = steps.ToString(CultureInfo.InvariantCulture);
        yield return new PgContender("floor", db => ("dotnet", [benchDll, "pg-floor", "--connection", server.ConnectionString(db), "--steps", m]), "floor_journal");
        yield return new PgContender("ledger", db => ("dotnet", [ledgerDll, "apply", "--config", ConfigPath(root, db)]), "ledger_history");
        if (dbmate is null) yield break;

        // A process per tenant, the tenants listed by psql like the others list them; dbmate's URL names the socket's
        // folder (?socket=) and the tenant's schema (search_path, where dbmate also keeps its schema_migrations).
        string script = Path.Combine(root, "dbmate-loop.sh");
        File.WriteAllText(script, $$"""
            set -e
            for t in $({{Path.Combine(server.Bin, "psql")}} -h "{{server.Directory}}" -U postgres -d "$1" -X -A -t -c "SELECT name FROM public.tenants ORDER BY name"); do
              {{dbmate}} --url "postgres://postgres@/$1?socket={{server.Directory}}&search_path=tenant_$t&sslmode=disable" --migrations-dir "{{Path.Combine(root, "dbmate")}}" --no-dump-schema up >/dev/null
            done
            """);
        yield return new PgContender("dbmate loop", db => ("bash", [script, db]), "schema_migrations", dbmateTenants);
    }

    private static string ConfigPath(string root, string db) => Path.Combine(root, $"ledger-{db}.json");

    /// <summary>
    /// Ledger's configuration for one measured database: the system scope is the database's <c>public</c> schema, the
    /// tenants a schema-per-tenant set listed by a query on it.
    /// </summary>
    private static void WriteLedgerConfig(PostgresServer server, string root, string db)
    {
        string connection = server.ConnectionString(db);
        File.WriteAllText(ConfigPath(root, db), $$"""
            {
              "ledger": "MIGRATIONS.md",
              "scopes": {
                "system": { "engine": "postgres", "database": "{{connection}}" },
                "tenant": { "engine": "postgres", "from": "system", "query": "SELECT name FROM tenants ORDER BY name",
                            "database": "{{connection}}", "schema": "tenant_{user}" }
              }
            }
            """);
    }

    /// <summary>A fresh database: a <c>tenants</c> table listing <paramref name="tenants"/> names, and their empty schemas.</summary>
    private static string NewDatabase(PostgresServer server, string name, int tenants)
    {
        string db = "bench_" + name;
        Execute(server.ConnectionString(), $"CREATE DATABASE \"{db}\"");
        Execute(server.ConnectionString(db), $"""
            CREATE TABLE public.tenants (name text PRIMARY KEY);
            INSERT INTO public.tenants SELECT 'u' || lpad(i::text, 5, '0') FROM generate_series(1, {tenants}) i;
            DO $$ DECLARE t text; BEGIN
              FOR t IN SELECT name FROM public.tenants LOOP EXECUTE format('CREATE SCHEMA %I', 'tenant_' || t); END LOOP;
            END $$;
            """);
        return db;
    }

    /// <summary>
    /// The large database for the no-op, set up in SQL on the server rather than by running a tool over it (which would
    /// take longer than the rest of the benchmark on 2 cores): its first tenant is migrated by Ledger; every other
    /// tenant's schema gets the steps' SQL and a copy of that first tenant's journal tables (Ledger's own rows), in
    /// transactions of 100 tenants; with the floor, every schema also gets the floor's journal. The result is checked
    /// like any contender's, and a first untimed no-op confirms that nothing is left to do. With
    /// <paramref name="journalsOnly"/>, the other schemas get the journals without the application's tables (a machine
    /// too busy to create 10,000 × 45 relations in the time: the no-op reads journals, not tables, but the catalog is
    /// smaller than a real one's, which the result must say).
    /// </summary>
    private static string SetUpLarge(PostgresServer server, string root, PgContender ledger, PgScenario scenario, int tenants, string expected, bool withFloor,
        bool journalsOnly)
    {
        string db = NewDatabase(server, "large", 1);
        WriteLedgerConfig(server, root, db);
        (string f, string[] a) = ledger.Command(db);
        Check(ledger, ProcessMeter.Run(f, a, root), "apply", 1);
        string cs = server.ConnectionString(db);
        string template = PgScenario.Schema(PgScenario.Tenant(1));
        List<string> journals = Column(cs, $"SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{template}' AND c.relkind = 'r' AND c.relname LIKE 'ledger\\_%' ORDER BY 1");
        if (journals.Count == 0) throw new InvalidOperationException($"ledger left no journal table in {template}");
        string steps = string.Join("\n", scenario.Steps);
        for (int from = 2; from <= tenants; from += 100)
        {
            int to = Math.Min(tenants, from + 99);
            var sql = new StringBuilder();
            sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO public.tenants SELECT 'u' || lpad(i::text, 5, '0') FROM generate_series({from}, {to}) i;\n");
            sql.Append(CultureInfo.InvariantCulture, $"DO $large$ DECLARE s text; BEGIN FOR i IN {from}..{to} LOOP\n");
            sql.Append("  s := 'tenant_u' || lpad(i::text, 5, '0');\n");
            sql.Append("  EXECUTE format('CREATE SCHEMA %I', s);\n");
            sql.Append("  PERFORM set_config('search_path', quote_ident(s), true);\n");
            if (!journalsOnly) sql.Append("  EXECUTE $steps$").Append(steps).Append("$steps$;\n");
            foreach (string journal in journals)
            {
                sql.Append(CultureInfo.InvariantCulture, $"  EXECUTE format('CREATE TABLE %I.{journal} (LIKE {template}.{journal} INCLUDING ALL)', s);\n");
                sql.Append(CultureInfo.InvariantCulture, $"  EXECUTE format('INSERT INTO %I.{journal} OVERRIDING SYSTEM VALUE SELECT * FROM {template}.{journal}', s);\n");
            }

            sql.Append("END LOOP; END $large$;");
            Execute(cs, sql.ToString());
        }

        Execute(cs, "SET search_path TO public");
        Verify(server, db, ledger, journalsOnly ? null : expected, tenants, scenario.Steps.Count);
        if (withFloor) WriteFloorJournals(server, db, scenario.Steps.Count);
        Check(ledger, ProcessMeter.Run(f, a, root), "first no-op", tenants);
        return db;
    }

    /// <summary>The floor's journal in every schema of a database another tool migrated: the same 'applied' state, written in one statement.</summary>
    private static void WriteFloorJournals(PostgresServer server, string db, int steps)
    {
        string versions = string.Join(", ", Enumerable.Range(0, steps).Select(i => $"('{PgScenario.Version(i)}')"));
        // In transactions of 500 tenants: one for all would need more locks than the server has slots for.
        int tenants = int.Parse(Scalar(server.ConnectionString(db), "SELECT count(*) FROM public.tenants"), CultureInfo.InvariantCulture);
        for (int offset = 0; offset < tenants; offset += 500)
        {
            Execute(server.ConnectionString(db), $"""
                DO $$ DECLARE t text; BEGIN
                  FOR t IN SELECT name FROM public.tenants ORDER BY name OFFSET {offset} LIMIT 500 LOOP
                    EXECUTE format('CREATE TABLE %I.floor_journal (version text PRIMARY KEY, applied_at timestamptz NOT NULL)', 'tenant_' || t);
                    EXECUTE format('INSERT INTO %I.floor_journal SELECT v, now() FROM (VALUES {versions.Replace("'", "''", StringComparison.Ordinal)}) s(v)', 'tenant_' || t);
                  END LOOP;
                END $$;
                """);
        }
    }

    /// <summary>Every dirty buffer written and the disk flushed before a timed command, so that no contender pays for the one before.</summary>
    private static void Settle(PostgresServer server)
    {
        Execute(server.ConnectionString(), "CHECKPOINT");
        using var sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false });
        sync?.WaitForExit();
    }

    private static string ExpectedSignature(PostgresServer server, PgScenario scenario)
    {
        NewDatabase(server, "expected", 0);
        string cs = server.ConnectionString("bench_expected");
        Execute(cs, "CREATE SCHEMA tenant_expected; SET search_path TO tenant_expected;\n" + string.Join("\n", scenario.Steps));
        return Signatures(cs).Single().Value;
    }

    private static Dictionary<string, string> Signatures(string connectionString)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(SignatureSql, connection) { CommandTimeout = 600 };
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read()) result[reader.GetString(0)] = reader.GetString(1);
        return result;
    }

    /// <summary>Every tenant has exactly the expected schema and one journal row per step.</summary>
    private static void Verify(PostgresServer server, string db, PgContender contender, string? expected, int tenants, int steps)
    {
        string cs = server.ConnectionString(db);
        Dictionary<string, string> signatures = Signatures(cs);
        if (signatures.Count != tenants) throw new InvalidOperationException($"{contender.Name}: {signatures.Count} tenant schemas in {db}, not {tenants}");
        string? wrong = expected is null ? null : signatures.FirstOrDefault(kv => kv.Value != expected).Key;
        if (wrong is not null) throw new InvalidOperationException($"{contender.Name}: {wrong} in {db} has the wrong schema");

        using var connection = new NpgsqlConnection(cs);
        connection.Open();
        foreach (string schema in signatures.Keys)
        {
            using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{schema}\".{contender.Journal}", connection);
            long rows = (long)command.ExecuteScalar()!;
            if (rows != steps) throw new InvalidOperationException($"{contender.Name}: {schema} in {db} records {rows} steps, not {steps}");
        }
    }

    private static ProcessMeasure Check(PgContender contender, ProcessMeasure measure, string what, int tenants) =>
        measure.ExitCode == 0 ? measure
            : throw new InvalidOperationException($"{contender.Name} {what} on {tenants} tenants exited {measure.ExitCode}:\n{measure.Output}");

    private static List<PgResult> Results(IReadOnlyList<PgContender> contenders, Dictionary<string, List<PgSample>> samples, int tenants, int steps, int runs)
    {
        List<PgSample>? floor = samples.GetValueOrDefault("floor");
        return contenders.Select(c =>
        {
            List<PgSample> s = samples[c.Name];
            double[] applyRatios = floor is null ? [] : s.Select((x, r) => x.ApplyMs / floor[r].ApplyMs).ToArray();
            double[] noopRatios = floor is null ? [] : s.Select((x, r) => x.NoopMs / floor[r].NoopMs).ToArray();
            return new PgResult(c.Name, tenants, Math.Min(tenants, c.MaxTenants ?? tenants), steps, FanOutBenchmark.Median(s.Select(x => x.ApplyMs)), FanOutBenchmark.Median(s.Select(x => x.NoopMs)),
                s.Max(x => x.PeakBytes), FanOutBenchmark.Median(applyRatios), FanOutBenchmark.Median(noopRatios), applyRatios, noopRatios, runs);
        }).ToList();
    }

    private static string Table(IReadOnlyList<PgResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| contender | N | M | apply (ms) | no-op (ms) | apply ÷ floor | no-op ÷ floor | peak memory (MiB) | apply ÷ floor, each round | no-op ÷ floor, each round |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (PgResult r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name}{(r.Measured < r.Tenants ? $" (measured on {r.Measured}, scaled)" : "")} | {r.Tenants} | {r.Steps} | {r.ApplyMs:0} | {r.NoopMs:0} | {r.ApplyRatio:0.00} | {r.NoopRatio:0.00} | {r.PeakBytes / 1048576.0:0.0} | {Rounds(r.ApplyRatios)} | {Rounds(r.NoopRatios)} |");
        }

        return sb.ToString();
    }

    /// <summary>The no-op over the large database against the no-op over N tenants in the same round.</summary>
    private static string BigTable(Dictionary<string, List<PgSample>> samples, Dictionary<string, List<(double Ms, long Peak)>> big, int tenants, int bigTenants)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"| contender | no-op over {bigTenants} (ms) | no-op over {tenants} (ms) | {bigTenants} ÷ {tenants}, median of rounds | each round | peak memory over {bigTenants} (MiB) |");
        sb.AppendLine("|---|---:|---:|---:|---|---:|");
        foreach ((string name, List<(double Ms, long Peak)> runs) in big)
        {
            List<PgSample> small = samples[name];
            double[] ratios = runs.Select((x, r) => x.Ms / small[r].NoopMs).ToArray();
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {FanOutBenchmark.Median(runs.Select(x => x.Ms)):0} | {FanOutBenchmark.Median(small.Select(x => x.NoopMs)):0} | {FanOutBenchmark.Median(ratios):0.0} | {Rounds(ratios)} | {runs.Max(x => x.Peak) / 1048576.0:0.0} |");
        }

        return sb.ToString();
    }

    private static string Rounds(IEnumerable<double> values) => string.Join(" / ", values.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)));

    private static string Slug(string name) => new(name.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '_').ToArray());

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 1800 };
        command.ExecuteNonQuery();
    }

    private static List<string> Column(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using NpgsqlDataReader reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }

    private static string Scalar(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture)!;
    }
}
