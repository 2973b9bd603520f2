using System.Globalization;

namespace Ledger.Bench;

/// <summary>The verbs of the bench tool, with their options read from <c>--name value</c> pairs.</summary>
internal static class BenchCommand
{
    private const string Usage = """
        usage:
          generate      --versions N --out FILE [--seed S] [--newest-first]
          measure-parse --ledger FILE [--iterations N] [--warmup W] [--stages] [--allocations]
          diagnostics   --ledger FILE
          export-sql    --ledger FILE --scope system|user [--target V|latest]
          fanout        --ledger-dll FILE [--tenants N[,N…]] [--steps M] [--runs R] [--out FILE.json] [--only NAME,NAME] [--previous-dll FILE]
                        [--ledger-exe FILE]   (the native build: 'ledger (native) …' contenders beside the JIT ones)
                        [--sqlite3 PATH] [--dbmate PATH] [--sqitch PATH] [--sqitch-tenants K]
                        (several N: each round runs every N; --out needs {n} in its name; growth.json/.md beside it)
          chart         --out FILE.svg --results DIR   (every fanout-*.json in DIR: time against tenants, one line per contender)
          floor         --dir DIR --steps M [--checks]   (the hand-written loop fanout measures against; --checks adds
                        the required history re-read, foreign_key_check and quick_check)
          inprocess     [--dir DIR] [--tenants 1500] [--steps 5] [--warmup 300]   (one process, databases in turn: the floor,
                        the floor with the required checks, Ledger's per-database path; time per database; DIR: /dev/shm)
          history       --ledger-dll FILE [--steps 50000] [--first 1000] [--from 40000] [--dir DIR] [--out FILE.md]
                        (one database through a long ledger, a transaction per step and per database: time per step
                        over the first steps against the last ones, from the journal's applied_at; DIR: /dev/shm)
          pg-fanout     --ledger-dll FILE [--tenants 1000] [--steps 5] [--runs 3] [--noop-tenants 10000] [--dbmate PATH] [--dbmate-tenants 200]
                        [--large-journals-only]
                        [--only NAME,NAME] [--out FILE.json]   (PostgreSQL: a private durable server, N tenant schemas; the
                        floor, Ledger and a dbmate loop, dbmate measured on --dbmate-tenants and scaled; the no-op also over
                        --noop-tenants schemas, 0 leaves that out; that database set up in SQL, with --large-journals-only
                        its schemas hold only the journals)
          pg-floor      --connection CONN --steps M   (the hand-written Npgsql loop pg-fanout measures against)
          scenario      --out DIR [--tenants N] [--steps M]   (fanout's files, to run or profile one contender by hand:
                        DIR/MIGRATIONS.md, DIR/all-steps.sql and N empty DIR/tenants/tenantNNNNN.db)
        """;

    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        try
        {
            var options = Options.Parse(args.Skip(1));
            return args[0] switch
            {
                "generate" => Generate(options),
                "measure-parse" => ParseMeasurement.Run(options.Required("ledger"), options.Int("iterations", 20), options.Int("warmup", 3), options.Flag("stages"), options.Flag("allocations")),
                "diagnostics" => DiagnosticsDump.Run(options.Required("ledger")),
                "export-sql" => SqlExport.Run(options.Required("ledger"), options.Required("scope"), options.Get("target")),
                "fanout" => FanOut.FanOutBenchmark.Run(options.Required("ledger-dll"), typeof(BenchCommand).Assembly.Location,
                    options.Ints("tenants", 1000), options.Int("steps", 5), options.Int("runs", 3), options.Get("out"),
                    options.Get("only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
                    new FanOut.Peers(options.Get("sqlite3"), options.Get("dbmate"), options.Get("sqitch"), options.Int("sqitch-tenants", 50), options.Get("previous-dll"), options.Get("ledger-exe"))),
                "chart" => FanOut.FanOutChart.Run(options.Required("out"),
                    Directory.GetFiles(options.Required("results"), "fanout-*.json").Order(StringComparer.Ordinal).ToList()),
                "floor" => FanOut.FloorLoop.Run(options.Required("dir"), options.Int("steps", 5), options.Flag("checks")),
                "inprocess" => FanOut.InProcessComparison.Run(options.Get("dir") ?? (Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath()),
                    options.Int("tenants", 1500), options.Int("steps", 5), options.Int("warmup", 300)),
                "history" => History.HistoryBenchmark.Run(options.Required("ledger-dll"), options.Get("dir") ?? (Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath()),
                    options.Int("steps", 50_000), options.Int("first", 1_000), options.Int("from", 40_000), options.Get("out")),
                "pg-fanout" => PgFanOut.PgFanOutBenchmark.Run(options.Required("ledger-dll"), typeof(BenchCommand).Assembly.Location,
                    options.Int("tenants", 1000), options.Int("steps", 5), options.Int("runs", 3), options.Int("noop-tenants", 10_000), options.Get("dbmate"), options.Int("dbmate-tenants", 200), options.Flag("large-journals-only"),
                    options.Get("only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [], options.Get("out")),
                "pg-floor" => PgFanOut.PgFloorLoop.Run(options.Required("connection"), options.Int("steps", 5)),
                "scenario" => FanOut.FanOutBenchmark.WriteScenario(options.Required("out"), options.Int("tenants", 1000), options.Int("steps", 5)),
                _ => Fail($"unknown command '{args[0]}'"),
            };
        }
        catch (ArgumentException e)
        {
            return Fail(e.Message);
        }
    }

    private static int Generate(Options options)
    {
        int versions = options.Int("versions", 1000);
        string output = options.Required("out");
        var generator = new LedgerGenerator(options.Int("seed", 42));
        string text = generator.Generate(versions, options.Flag("newest-first"));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, text);
        Console.WriteLine($"wrote {output}: {versions} versions, {generator.Blocks} blocks, {text.Length / 1024} KiB");
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"ledger-bench: {message}");
        Console.Error.WriteLine(Usage);
        return 2;
    }

    /// <summary><c>--name value</c> and <c>--flag</c> options.</summary>
    private sealed class Options
    {
        private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

        public static Options Parse(IEnumerable<string> args)
        {
            var options = new Options();
            string? pending = null;
            foreach (string arg in args)
            {
                if (arg.StartsWith("--", StringComparison.Ordinal))
                {
                    if (pending is not null) options._values[pending] = null;
                    pending = arg[2..];
                }
                else if (pending is not null)
                {
                    options._values[pending] = arg;
                    pending = null;
                }
                else
                {
                    throw new ArgumentException($"unexpected argument '{arg}'");
                }
            }

            if (pending is not null) options._values[pending] = null;
            return options;
        }

        public string? Get(string name) => _values.GetValueOrDefault(name);

        public bool Flag(string name) => _values.ContainsKey(name);

        public string Required(string name) =>
            Get(name) ?? throw new ArgumentException($"--{name} is required");

        /// <summary>A comma-separated list of whole numbers (<c>--tenants 1000,10000</c>).</summary>
        public IReadOnlyList<int> Ints(string name, int fallback) =>
            Get(name) is string s
                ? s.Split(',', StringSplitOptions.TrimEntries).Select(x =>
                    int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : throw new ArgumentException($"--{name} must be whole numbers, separated by commas")).ToList()
                : [fallback];

        public int Int(string name, int fallback) =>
            Get(name) is string s
                ? int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : throw new ArgumentException($"--{name} must be a whole number")
                : fallback;
    }
}
