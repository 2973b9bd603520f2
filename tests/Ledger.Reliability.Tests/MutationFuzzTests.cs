using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Reporting;
using Ledger.Sqlite.Linting;

namespace Ledger.Reliability.Tests;

/// <summary>
/// A mutation fuzzer for the parser and the linter, in-process: seeded mutants of real ledgers go through
/// <see cref="LedgerLoader.Load"/> and every lint format (and, for a sample, the SQL check). No exception escapes; an
/// input gets a set exactly when it has no error, and that set is a chain on its version line; diagnostics point
/// inside the file; no input hangs. Then a sample of erroneous mutants is given to the built <c>ledger apply</c>,
/// which must refuse them without creating a database.
/// </summary>
[TestClass]
public sealed class MutationFuzzTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(5);
    private static readonly ToolInfo Tool = new("ledger", "0.1.0", null, null);

    [TestMethod]
    public void MutatedLedgersNeverThrowNeverHangAndGetASetExactlyWhenTheyHaveNoError()
    {
        int inputs = Reliability.Count(ci: 10_000, @long: 1_000_000);
        int seed = Reliability.Seed(nameof(MutatedLedgersNeverThrowNeverHangAndGetASetExactlyWhenTheyHaveNoError));
        string? only = Environment.GetEnvironmentVariable("LEDGER_RELIABILITY_FUZZ_INDEX");
        List<string> corpus = Corpus();
        int applySamples = Reliability.Count(ci: 5, @long: 50);

        var ticks = new long[inputs];
        int current = -1, valid = 0, withErrors = 0, sqlChecked = 0, failedAt = -1;
        long currentStarted = 0;
        string? currentInput = null;
        Exception? failure = null;
        var erroneous = new List<(int Index, string Text)>();

        var worker = new Thread(() =>
        {
            for (int i = only is null ? 0 : int.Parse(only, CultureInfo.InvariantCulture); i < inputs; i++)
            {
                string input = Input(seed, i, corpus);
                bool sql = i % 25 == 0 && !input.Contains("RECURSIVE", StringComparison.OrdinalIgnoreCase);
                currentInput = input;
                Volatile.Write(ref currentStarted, Stopwatch.GetTimestamp());
                Volatile.Write(ref current, i);
                try
                {
                    bool ok = Check(input, sql);
                    if (ok) valid++;
                    else
                    {
                        withErrors++;
                        if (erroneous.Count < applySamples && i % 7 == 0) erroneous.Add((i, input));
                    }

                    if (sql) sqlChecked++;
                }
                catch (Exception e)
                {
                    failure = e;
                    failedAt = i;
                    return;
                }

                ticks[i] = Stopwatch.GetTimestamp() - currentStarted;
                if (only is not null)
                {
                    Console.WriteLine($"input {i}: {ticks[i] * 1000.0 / Stopwatch.Frequency:F1} ms, saved to {Save(seed, i, input, "replay")}");
                    break;
                }
            }

            Volatile.Write(ref current, int.MaxValue);
        }) { IsBackground = true, Name = "fuzz" };
        var clock = Stopwatch.StartNew();
        worker.Start();
        while (!worker.Join(100))
        {
            int at = Volatile.Read(ref current);
            if (at >= 0 && at != int.MaxValue && Stopwatch.GetElapsedTime(Volatile.Read(ref currentStarted)) > HangGuard && Volatile.Read(ref current) == at)
            {
                string file = Save(seed, at, currentInput!, "hang");
                Assert.Fail($"HANG: input {at} (seed {seed}) took more than {HangGuard.TotalSeconds} s; saved to {file}. " +
                            $"Replay: LEDGER_RELIABILITY_SEED={seed} LEDGER_RELIABILITY_FUZZ_INDEX={at}");
            }
        }

        if (failure is not null)
        {
            string file = Save(seed, failedAt, Input(seed, failedAt, corpus), "failure");
            Assert.Fail($"input {failedAt} (seed {seed}) failed: {failure}\nsaved to {file}. Replay: LEDGER_RELIABILITY_SEED={seed} LEDGER_RELIABILITY_FUZZ_INDEX={failedAt}");
        }

        int ran = valid + withErrors;
        long[] done = ticks.Where(t => t > 0).Order().ToArray();
        int slowest = Array.IndexOf(ticks, ticks.Max());
        double Ms(long t) => t * 1000.0 / Stopwatch.Frequency;

        Reliability.Figure("fuzz", string.Create(CultureInfo.InvariantCulture,
            $"seed {seed}: {ran} mutated ledgers from a corpus of {corpus.Count} in {clock.Elapsed.TotalSeconds:F0} s: 0 exceptions, 0 hangs (guard {HangGuard.TotalSeconds} s); " +
            $"{valid} gave a valid set, {withErrors} gave errors and no set; {sqlChecked} also went through the SQL check; " +
            $"time per input median {Ms(done[done.Length / 2]):F2} ms, p99 {Ms(done[(int)(done.Length * 0.99)]):F1} ms, max {Ms(done[^1]):F0} ms (input {slowest}); " +
            $"replay one input: LEDGER_RELIABILITY_SEED={seed} LEDGER_RELIABILITY_FUZZ_INDEX=<index>"));

        int refused = ApplyRefuses(erroneous);
        Reliability.Figure("fuzz/apply", $"{refused} erroneous mutants given to the built 'ledger apply': all refused (exit 1), no database created");
    }

    /// <summary>Mutant <paramref name="index"/> of a seed: the same everywhere, so a failure can be replayed alone.</summary>
    private static string Input(int seed, int index, List<string> corpus)
    {
        var random = new Random(unchecked((seed * 1_000_003) + index));
        return Mutator.Mutate(corpus[random.Next(corpus.Count)], corpus, random);
    }

    /// <summary>The properties; returns true when the input gave a set.</summary>
    private static bool Check(string input, bool sql)
    {
        LoadedLedger ledger = LedgerLoader.Load(input, "MIGRATIONS.md", new LintOptions { EngineRules = [SqliteLintRules.Instance], ExtraRules = sql ? [new SqlReplayRule()] : [] });
        bool hasError = ledger.Diagnostics.Any(d => d.Severity == Severity.Error);
        if ((ledger.Set is null) != hasError)
        {
            throw new InvalidOperationException($"a set must be given exactly when there is no error: set {(ledger.Set is null ? "null" : "present")}, {ledger.Count(Severity.Error)} error(s)");
        }

        if (ledger.Set is MigrationSet set)
        {
            if (set.VersionLine.Count != set.Steps.Count + 1 || set.VersionLine[0].Normalized != "baseline") throw new InvalidOperationException("the version line does not match the steps");
            for (int i = 0; i < set.Steps.Count; i++)
            {
                if (set.Steps[i].From.Normalized != set.VersionLine[i].Normalized || set.Steps[i].To.Normalized != set.VersionLine[i + 1].Normalized
                    || set.VersionLine[i].CompareTo(set.VersionLine[i + 1]) >= 0)
                {
                    throw new InvalidOperationException($"step {i} ({set.Steps[i].From}→{set.Steps[i].To}) is not a link of the version line");
                }
            }

            if (!set.Contains(set.DefaultTarget)) throw new InvalidOperationException("the default target is not on the line");
        }

        // Lines as CommonMark (and editors) count them: \r\n, \n and a lone \r each end one.
        int lines = 1 + input.Replace("\r\n", "\n", StringComparison.Ordinal).Count(c => c is '\n' or '\r');
        foreach (Diagnostic d in ledger.Diagnostics)
        {
            if (d.Location.Line < 1 || d.Location.Line > lines || d.Location.Column < 1 || string.IsNullOrEmpty(d.Code) || string.IsNullOrEmpty(d.Message))
            {
                throw new InvalidOperationException($"diagnostic outside the file ({lines} lines) or empty: {d}");
            }
        }

        foreach (string format in DiagnosticFormatters.Names)
        {
            using var output = new StringWriter();
            DiagnosticFormatters.Create(format, Tool)!.Write(output, ledger.Diagnostics);
        }

        return ledger.Set is not null;
    }

    /// <summary>Gives erroneous mutants, written as files, to the built tool: exit 1 and no database created.</summary>
    private static int ApplyRefuses(List<(int Index, string Text)> erroneous)
    {
        int refused = 0;
        foreach ((int index, string text) in erroneous)
        {
            using var dir = new TempDirectory();
            string path = dir.Write("MIGRATIONS.md", text);
            if (LedgerLoader.LoadFile(path, new LintOptions { EngineRules = [SqliteLintRules.Instance] }).Set is not null) continue; // writing it as UTF-8 repaired it (lone surrogates)
            dir.Write("ledger.json", """{ "system": "data/system.db", "users": { "glob": "data/users/*.db", "createMissing": true } }""");

            ProcessResult run = LedgerProcess.Run(dir.Path, "apply", "--create-missing");

            Assert.AreEqual(1, run.ExitCode, $"mutant {index}: {run}");
            StringAssert.Contains(run.Error, "nothing was changed", $"mutant {index}");
            CollectionAssert.AreEquivalent(new[] { "work", Path.Combine("work", "MIGRATIONS.md"), Path.Combine("work", "ledger.json") }, dir.Entries(), $"mutant {index}: a file was created");
            refused++;
        }

        return refused;
    }

    private static string Save(int seed, int index, string input, string kind)
    {
        string file = Path.Combine(Path.GetTempPath(), $"ledger-fuzz-{kind}-seed{seed}-input{index}.md");
        File.WriteAllText(file, input, new UTF8Encoding(false));
        return file;
    }

    /// <summary>The repository's ledgers, the samples, every test ledger, generated ones, and the tatlock ledger read from ../shared when present.</summary>
    private static List<string> Corpus()
    {
        string root = LedgerProcess.RepositoryRoot();
        var files = new List<string> { Path.Combine(root, "MIGRATIONS.md") };
        files.AddRange(Directory.GetFiles(Path.Combine(root, "samples"), "MIGRATIONS.md", SearchOption.AllDirectories));
        files.AddRange(Directory.GetFiles(Path.Combine(root, "tests"), "*.md", SearchOption.AllDirectories)
            .Where(f => f.Contains($"{Path.DirectorySeparatorChar}TestData{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)));
        string tatlock = Path.GetFullPath(Path.Combine(root, "..", "shared", "ledgers", "tatlock-MIGRATIONS.md"));
        if (File.Exists(tatlock)) files.Add(tatlock);
        else Console.WriteLine($"the corpus has no real-world ledger: {tatlock} is absent (it is not part of the repository; put it there to fuzz it too)");
        var corpus = files.Select(File.ReadAllText).ToList();
        corpus.Add(new SlowLedger(users: 3, userSteps: 6, rows: 10).Text());
        corpus.Add(new SlowLedger(users: 2, userSteps: 2, rows: 1).Text().Replace("\n", "\r\n", StringComparison.Ordinal));
        corpus.Add("");
        Assert.IsGreaterThan(10, corpus.Count, "the corpus was not found");
        return corpus;
    }
}
