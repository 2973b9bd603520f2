using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Ledger.Documents;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Sql;
using Ledger.Validation;

namespace Ledger.Bench;

/// <summary>Loads a ledger in-process several times and prints the median, so that Core's parsing can be profiled.</summary>
internal static class ParseMeasurement
{
    public static int Run(string path, int iterations, int warmup, bool stages, bool allocations)
    {
        string text = File.ReadAllText(path, Encoding.UTF8);

        // The first load pays for JIT and static initialisation, as a `ledger lint` process does.
        TimeSpan pauseBefore = GC.GetTotalPauseDuration();
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var cold = Stopwatch.StartNew();
        LoadedLedger first = LedgerLoader.Load(text, path);
        cold.Stop();
        TimeSpan coldPause = GC.GetTotalPauseDuration() - pauseBefore;
        long textBytes = (long)text.Length * sizeof(char);
        long retained = GC.GetTotalMemory(forceFullCollection: true) - textBytes;
        int[] coldCollections = [GC.CollectionCount(0) - collectionsBefore[0], GC.CollectionCount(1) - collectionsBefore[1],
            GC.CollectionCount(2) - collectionsBefore[2]];

        for (int i = 0; i < warmup; i++)
        {
            LedgerLoader.Load(text, path);
        }

        iterations = Math.Max(1, iterations);
        var times = new double[iterations];
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < iterations; i++)
        {
            var sw = Stopwatch.StartNew();
            LedgerLoader.Load(text, path);
            times[i] = sw.Elapsed.TotalMilliseconds;
        }

        long allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / iterations;
        Array.Sort(times);
        double median = iterations % 2 == 1 ? times[iterations / 2] : (times[iterations / 2 - 1] + times[iterations / 2]) / 2;

        CultureInfo inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv,
            $"{path}: {first.Document.LineCount} lines, {first.Document.Blocks.Count} blocks, {first.Document.Blocks.Sum(b => b.Statements.Count)} statements, {first.Set?.Steps.Count ?? 0} steps, " +
            $"{first.Diagnostics.Count} diagnostics ({first.Count(Diagnostics.Severity.Error)} errors)"));
        Console.WriteLine(string.Create(inv,
            $"first load {cold.Elapsed.TotalMilliseconds:F1} ms; median {median:F1} ms (min {times[0]:F1}, max {times[^1]:F1}) over {iterations} loads; " +
            $"{allocated / (1024.0 * 1024.0):F1} MiB allocated per load"));
        Console.WriteLine(string.Create(inv,
            $"first load: GC paused {coldPause.TotalMilliseconds:F1} ms in {coldCollections[0]}/{coldCollections[1]}/{coldCollections[2]} gen0/1/2 collections; " +
            $"{retained / (1024.0 * 1024.0):F1} MiB kept by the loaded ledger (besides its text)"));
        if (stages)
        {
            Stage("markdig parse", iterations, () => Markdig.Markdown.Parse(text));
            Stage("document reader", iterations, () => LedgerDocumentReader.Read(text, path));
            LedgerDocument document = LedgerDocumentReader.Read(text, path);
            Stage("validator", iterations, () => LedgerValidator.Validate(document));
            // The tag grammar is internal to Core; reached by reflection so that Core exposes nothing for the bench.
            string[] tagLines = [.. text.Split('\n').Where(l => l.TrimStart().StartsWith("-- [", StringComparison.Ordinal))];
            MethodInfo tryParse = typeof(LedgerDocument).Assembly.GetType("Ledger.Tags.TagGrammar")!
                .GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static)!;
            object?[] arguments = new object?[4];
            Stage($"tag grammar ×{tagLines.Length}", iterations, () =>
            {
                foreach (string line in tagLines)
                {
                    arguments[0] = line;
                    tryParse.Invoke(null, arguments);
                }
            });
            MethodInfo read = typeof(LedgerDocument).Assembly.GetType("Ledger.Tags.TagLineReader")!
                .GetMethod("Read", BindingFlags.Public | BindingFlags.Static)!;
            var sink = new List<Diagnostics.Diagnostic>();
            Stage($"tag line reader", iterations, () =>
            {
                foreach (string line in tagLines)
                {
                    read.Invoke(null, [line, path, 1, 0, sink, null]);
                }
            });
            Stage("sql split", iterations, () =>
            {
                foreach (MigrationBlock b in document.Blocks) SqlScript.Split(b.Body);
            });
        }

        if (allocations)
        {
            using var sampler = new AllocationSampler();
            sampler.Report(() => LedgerLoader.Load(text, path), top: 30);
        }

        return first.HasErrors ? 1 : 0;
    }

    private static void Stage(string name, int iterations, Action action)
    {
        action();
        var times = new double[iterations];
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < iterations; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }

        long allocated = (GC.GetTotalAllocatedBytes(precise: true) - before) / iterations;
        Array.Sort(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  stage {name,-16} median {times[iterations / 2],8:F1} ms  {allocated / (1024.0 * 1024.0),8:F1} MiB"));
    }
}
